"""``{% agreement_answer_link request_id user_id site_url %}``: the signed answer link, made at send time.

The link is a credential (it records an answer without signing in), so the reminder log
stores only the request and contact ids; the worker signs the link, with the request's
current nonce, when it renders the e-mail.
"""
from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def agreement_answer_link(request_id, user_id, site_url):
    from plans.models import AgreementRequest
    from plans.tokens import agreement_token_make
    from trusts.errors import TransitionError

    request = AgreementRequest.objects.filter(pk=request_id).first()
    if request is None:
        raise TransitionError("The agreement request was removed after the e-mail was queued")
    token = agreement_token_make(request=request, user_id=user_id)
    return site_url.rstrip("/") + reverse("plans:agreement-answer", kwargs={"answer_token": token})
