"""Redis down: the page still works, the failure is logged, the next sweep catches up."""
import logging
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.support.real_services import DEAD_BROKER, broker
from trusts.notices.models import ReminderLog
from trusts.notices.registry import registry
from trusts.notices.tests.factories import area_deadline_chaser
from trusts.tests.factories import OfficerFactory, AreaFactory

pytestmark = pytest.mark.urls("tests.support.urls")


def later(hours):
    return time_machine.travel(timezone.now() + timedelta(hours=hours), tick=False)


def test_page_that_sends_a_reminder_works_with_redis_down_and_next_sweep_catches_up(
        client, officer, caplog, django_capture_on_commit_callbacks, sweep):
    client.force_login(officer)
    with caplog.at_level(logging.ERROR, logger="trusts.notices"), broker(DEAD_BROKER):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get("/test-trigger/")
    assert response.status_code == 200
    assert [r for r in caplog.records if r.name == "trusts.notices" and "could not queue" in r.getMessage()]
    log = ReminderLog.objects.get()
    assert (log.status, log.attempts) == ("queued", 0)
    assert mail.outbox == []

    with later(0.5):  # too soon: its task may still be on its way
        assert sweep(today=date(2010, 3, 20)).requeued == 0
    with later(2):
        result = sweep(today=date(2010, 3, 20))
    assert result.requeued == 1
    assert len(mail.outbox) == 1
    log.refresh_from_db()
    assert log.status == "sent"
    with later(3):
        assert sweep(today=date(2010, 3, 20)).requeued == 0
    assert len(mail.outbox) == 1


def test_sweep_with_redis_down_claims_then_a_later_sweep_sends_each_once(db, caplog, sweep):
    for i in range(5):
        OfficerFactory(area=AreaFactory(), email=f"o{i}@example.org")
    with registry.override(area_deadline_chaser("plan_deadline_2010", date(2010, 4, 1))):
        with broker(DEAD_BROKER):
            first = sweep(today=date(2010, 3, 18))
        assert first.new == 5
        assert "stopped queueing reminders after 3 failures" in caplog.text
        assert mail.outbox == []
        with later(2):
            second = sweep(today=date(2010, 3, 18))
    assert (second.new, second.requeued) == (0, 5)
    assert len(mail.outbox) == 5
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {"sent"}


def test_steward_sweep_button_with_redis_down_is_not_a_500(client, steward, caplog):
    client.force_login(steward)
    with broker(DEAD_BROKER):
        response = client.post("/stewards/reminders/sweep/", follow=True)
    assert response.status_code == 200
    assert "could not be queued just now" in response.content.decode()
    assert "could not queue notices.tasks.sweep_task" in caplog.text


def test_enqueue_safely_publishes_after_commit_and_swallows_a_dead_broker(db, caplog,
                                                                           django_capture_on_commit_callbacks):
    from trusts.notices.services import enqueue_safely
    from trusts.tasks import ping_task

    with broker(DEAD_BROKER), django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_safely(ping_task, 1)
        assert caplog.text == ""  # nothing published before the commit
    with broker(DEAD_BROKER):
        callbacks[0]()  # the commit: the publish fails, is logged, and does not raise
    assert "could not queue trusts.ping(1,)" in caplog.text
