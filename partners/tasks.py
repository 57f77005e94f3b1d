"""Celery wrappers: ids in, services do the work."""
from celery import shared_task

from partners.models import NationalImport

# a national extract takes up to a minute to import: well above the default limits
NATIONAL_TIME_LIMIT = 1800


@shared_task(time_limit=NATIONAL_TIME_LIMIT, soft_time_limit=NATIONAL_TIME_LIMIT - 60)
def national_import_check_task(run_id):
    from partners.services import national_import_check

    run = NationalImport.objects.filter(pk=run_id).first()
    if run is None:
        return None  # removed after it was queued
    return national_import_check(run=run).status


@shared_task(time_limit=NATIONAL_TIME_LIMIT, soft_time_limit=NATIONAL_TIME_LIMIT - 60)
def national_import_apply_task(run_id):
    from partners.services import national_import_apply

    run = NationalImport.objects.filter(pk=run_id).first()
    if run is None:
        return None
    return national_import_apply(run=run).status
