"""The project's URLs (notices' included) plus a test-only page that sends a reminder now,
as a feature page will."""
from datetime import date

from django.http import HttpResponse
from django.urls import path

from trusts.notices.registry import Due, Recipient
from trusts.notices.services import reminder_send_now
from trusts.urls import handler403, handler404, handler500  # noqa: F401
from trusts.urls import urlpatterns as root


def trigger(request):
    user = request.user
    reminder_send_now(due=Due(
        kind="agreement_outstanding", recipient=Recipient.of(user), subject_key="agreement:test",
        deadline=date(2010, 3, 1), offset="now", title="Please agree the plan",
    ))
    return HttpResponse("Your request has been sent")


urlpatterns = [
    *root,
    path("test-trigger/", trigger, name="test-trigger"),
]
