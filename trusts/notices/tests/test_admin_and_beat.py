"""Stewards edit the rules and the beat schedule in the admin; the log is read there too."""
from datetime import date

from django.core import mail
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from trusts.celery import app
from trusts.notices.models import ChaseRule, ReminderLog
from trusts.notices.registry import Due, Recipient
from trusts.notices.services import reminders_claim


def test_daily_sweep_is_a_database_beat_task_at_0630_london(db, settings):
    task = PeriodicTask.objects.get(name="Daily reminder sweep")
    assert task.task == "notices.tasks.sweep_task" and task.enabled
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == ("30", "6", "Europe/London")
    app.loader.import_default_modules()  # what a worker does at start: autodiscovers tasks.py
    assert "notices.tasks.sweep_task" in app.tasks and "notices.tasks.reminder_send_task" in app.tasks
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"


def test_steward_edits_a_rule_in_the_admin_with_history(client, steward):
    rule = ChaseRule.objects.get(kind="plan_review_due")
    client.force_login(steward)
    url = reverse("admin:notices_chaserule_change", args=[rule.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"description": rule.description, "direction": "before", "offsets": "20,5",
                                 "unit": "working", "repeat_every": "", "enabled": "on"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.offset_list() == [20, 5]
    latest = rule.history.latest()
    assert (latest.offsets, latest.history_user) == ("20,5", steward)
    bad = client.post(url, {"description": "x", "direction": "before", "offsets": "soon", "unit": "working"})
    assert "Enter whole numbers of days" in bad.content.decode()


def test_reminder_log_admin_lists_filters_and_retries_failed(client, steward, area,
                                                             django_capture_on_commit_callbacks):
    _, _, _, ids = reminders_claim([Due(kind="board_papers", recipient=Recipient(email="b@example.org"),
                                        subject_key="meeting:1", deadline=date(2010, 4, 8), offset="5 working days before",
                                        title="Board papers", area_id=area.pk)])
    ReminderLog.objects.filter(pk__in=ids).update(status="failed", last_error="421")
    client.force_login(steward)
    url = reverse("admin:notices_reminderlog_changelist")
    page = client.get(url, {"status__exact": "failed", "kind": "board_papers", "area__id__exact": area.pk})
    assert page.status_code == 200 and "b@example.org" in page.content.decode()
    assert client.get(url, {"q": "meeting:1"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "retry_failed", "_selected_action": ids})
    assert response.status_code == 302
    assert ReminderLog.objects.get(pk=ids[0]).status == "sent"  # eager: queued and sent again
    assert len(mail.outbox) == 1
