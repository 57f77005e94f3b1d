"""Celery wrappers: ids in, services do the work."""
from celery import shared_task

from plans.models import AgreementRequest


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def agreement_request_send_task(request_id, site_url):
    # kept for messages queued before the request e-mails went through the notices log:
    # the service now logs them there, so a retry or a rerun mails nobody twice
    from plans.services import agreement_request_send

    request = AgreementRequest.objects.filter(pk=request_id).first()
    if request is None:
        return 0  # removed after it was queued
    return agreement_request_send(request=request, site_url=site_url)
