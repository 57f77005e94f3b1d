"""A framework change a steward schedules comes into force on its date through the daily
beat task, once (the task must be in the beat schedule, not only defined)."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from trusts.celery import app
from trusts.models import Area
from trusts.tasks import framework_changes_apply_task
from trusts.tests.factories import date_input

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def test_the_daily_task_is_in_the_beat_schedule_and_registered():
    task = PeriodicTask.objects.get(name="Daily framework changes")
    assert task.enabled and task.task == "trusts.framework_changes_apply"
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == ("15", "0", "Europe/London")
    # before the access sweep and the reminder sweep, so the day starts under the new framework
    others = {t.name: t.crontab for t in PeriodicTask.objects.exclude(pk=task.pk).filter(crontab__isnull=False)}
    assert all(int(c.hour) > 0 for c in others.values() if c.hour.isdigit())
    assert task.task in app.tasks


def test_a_change_is_applied_by_the_beat_task_on_its_date_once(client, steward, area, other_area):
    client.force_login(steward)
    effective = timezone.localdate() + timedelta(days=3)
    response = client.post(reverse("trusts:framework-changes"), {
        "framework": "proposals2008", **date_input("effective_on", effective), "areas": [area.pk],
    })
    assert response.status_code == 302
    day_before = datetime.combine(effective - timedelta(days=1), time(0, 15), tzinfo=LONDON)
    with time_machine.travel(day_before, tick=False):
        assert framework_changes_apply_task.apply().get() == 0
    assert Area.objects.get(pk=area.pk).framework == ""
    with time_machine.travel(datetime.combine(effective, time(0, 15), tzinfo=LONDON), tick=False):
        assert framework_changes_apply_task.apply().get() == 1
        assert framework_changes_apply_task.apply().get() == 0  # the next run (or a retry) changes nothing
    area.refresh_from_db()
    other_area.refresh_from_db()
    assert (area.framework, other_area.framework) == ("proposals2008", "")
    assert area.history.latest().history_user == steward
