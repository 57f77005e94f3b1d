"""Sending one reminder: once however often the task runs; retries when the mail server refuses."""
import smtplib
from datetime import date

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from trusts.notices.models import Notification, ReminderLog
from trusts.notices.registry import Due, Recipient
from trusts.notices.services import reminder_send, reminders_claim
from trusts.notices.tasks import reminder_send_task


class RefusingBackend(EmailBackend):
    """A mail server that refuses every message (421: try again later)."""

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(421, b"4.3.2 Service not available, closing transmission channel")


class RefusingTwiceBackend(EmailBackend):
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= 2:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(messages)


@pytest.fixture
def log(officer):
    due = Due(kind="plan_review_due", recipient=Recipient.of(officer), subject_key="plan:1",
              deadline=date(2010, 4, 1), offset="10 working days before", title="The plan review is due",
              area_id=officer.memberships.get().area_id, context={"lines": ["Line one"]}, link="/areas/801/")
    _, _, _, ids = reminders_claim([due])
    return ReminderLog.objects.get(pk=ids[0])


def test_send_task_run_twice_sends_one_email(log):
    assert reminder_send_task.delay(log.pk).get() is True
    assert reminder_send_task.delay(log.pk).get() is False
    assert len(mail.outbox) == 1
    log.refresh_from_db()
    assert (log.status, log.attempts) == ("sent", 1) and log.sent_at
    assert Notification.objects.filter(user=log.recipient).count() == 1


def test_send_of_a_deleted_reminder_does_nothing(log):
    pk = log.pk
    log.delete()
    assert reminder_send(log_id=pk) is False
    assert mail.outbox == []


def test_mail_server_refusing_retries_then_fails_and_the_log_shows_it(log, settings, worker_like_retries):
    settings.EMAIL_BACKEND = "trusts.notices.tests.test_send.RefusingBackend"
    result = reminder_send_task.apply(args=[log.pk], throw=False)  # as a worker runs it, retries at once
    assert result.failed() and isinstance(result.result, smtplib.SMTPDataError)
    log.refresh_from_db()
    assert log.status == "failed"
    assert log.attempts == reminder_send_task.max_retries + 1 == 6
    assert "SMTPDataError" in log.last_error and "Service not available" in log.last_error
    assert mail.outbox == []
    # the user is still told in the service, once
    assert Notification.objects.filter(reminder=log).count() == 1
    # a stray retry after the final failure sends nothing
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminder_send_task.delay(log.pk).get() is False
    assert mail.outbox == []


def test_mail_server_refusing_then_accepting_sends_once(log, settings, worker_like_retries):
    RefusingTwiceBackend.calls = 0
    settings.EMAIL_BACKEND = "trusts.notices.tests.test_send.RefusingTwiceBackend"
    assert reminder_send_task.apply(args=[log.pk], throw=False).get() is True
    log.refresh_from_db()
    assert (log.status, log.attempts) == ("sent", 3)
    assert "ConnectionRefusedError" in log.last_error  # the earlier refusals stay visible
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(reminder=log).count() == 1


def test_send_task_retry_settings_stay_below_the_broker_limit(settings):
    assert reminder_send_task.acks_late is True
    assert reminder_send_task.retry_backoff_max < settings.CELERY_MAX_COUNTDOWN
    assert 0 < reminder_send_task.max_retries <= 10
    assert smtplib.SMTPException in reminder_send_task.autoretry_for


def test_a_template_error_is_not_retried_and_marks_failed(log, worker_like_retries):
    ReminderLog.objects.filter(pk=log.pk).update(template="notices/email/missing")
    assert reminder_send_task.apply(args=[log.pk], throw=False).failed()
    log.refresh_from_db()
    assert (log.status, log.attempts) == ("failed", 1)
    assert "TemplateDoesNotExist" in log.last_error


def test_recipient_without_an_account_gets_email_only(db):
    due = Due(kind="plan_review_overdue", recipient=Recipient(email="DCS@Example.org", name="Dee Director"),
              subject_key="plan:2", deadline=date(2010, 4, 1), offset="1 working day after", title="Overdue")
    _, _, _, ids = reminders_claim([due])
    assert reminder_send(log_id=ids[0]) is True
    assert mail.outbox[0].to == ["Dee Director <dcs@example.org>"]
    assert Notification.objects.count() == 0
