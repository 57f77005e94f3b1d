"""The sweep: collect, claim each reminder once, queue one send per claim; e-mail + notification."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from trusts.notices.models import ChaseRule, Notification, ReminderLog
from trusts.notices.registry import Due, Recipient, collect, registry
from trusts.notices.services import reminders_claim, reminders_sweep
from trusts.notices.tests.factories import area_deadline_chaser
from trusts.tests.factories import OfficerFactory, AreaFactory

LONDON = ZoneInfo("Europe/London")
DEADLINE = date(2010, 4, 1)


@pytest.fixture
def areas(db):
    result = []
    for i in range(3):
        area = AreaFactory(name=f"Area {i}", director_name=f"Director {i}", director_email=f"dcs{i}@example.org")
        OfficerFactory(area=area, email=f"officer{i}@example.org", full_name=f"Officer {i}")
        result.append(area)
    return result


def at(day, hour=6, minute=30):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON), tick=False)


def test_sweep_sends_each_reminder_once_e_mail_and_notification(areas, sweep):
    with registry.override(area_deadline_chaser("plan_deadline_2010", DEADLINE)):
        result = sweep(today=date(2010, 3, 18))
    assert (result.found, result.new, result.requeued) == (3, 3, 0)
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.subject == "Area 0: plan deadline 2010 on 1 April 2010"
    assert message.to == ["Officer 0 <officer0@example.org>"]
    assert "Deadline 2010-04-01" in message.body and "/areas/" in message.body
    assert message.alternatives[0][1] == "text/html" and "<strong>Area 0" in message.alternatives[0][0]
    assert message.extra_headers["X-Reminder-Id"]
    log = ReminderLog.objects.get(recipient_email="officer0@example.org")
    assert (log.status, log.attempts, log.offset, log.area) == ("sent", 1, "10 working days before", areas[0])
    note = Notification.objects.get(reminder=log)
    assert note.user.email == "officer0@example.org" and note.body == "Deadline 2010-04-01"


def test_double_sweep_claims_and_sends_each_reminder_once(areas, sweep):
    with registry.override(area_deadline_chaser("plan_deadline_2010", DEADLINE)):
        first = sweep(today=date(2010, 3, 18))
        second = sweep(today=date(2010, 3, 18))
        later = sweep(today=date(2010, 3, 22))  # the same stage, still due: not again
    assert (first.new, second.new, later.new) == (3, 0, 0)
    assert second.queued_ids == () and later.queued_ids == ()
    assert len(mail.outbox) == 3
    assert ReminderLog.objects.count() == 3 and Notification.objects.count() == 3


def test_claim_of_the_same_dues_twice_inserts_nothing_the_second_time(areas, sweep):
    with registry.override(area_deadline_chaser("plan_deadline_2010", DEADLINE)):
        dues = collect(date(2010, 3, 18))
    _, new1, _, ids1 = reminders_claim(dues)
    _, new2, _, ids2 = reminders_claim(dues + dues)
    assert (new1, len(ids1), new2, ids2) == (3, 3, 0, [])


def test_time_travel_each_stage_sent_on_its_day_and_escalation(areas, steward, sweep):
    """Sweep every morning from November 2009 to April 2010 with the clock moved."""
    chasers = (area_deadline_chaser("plan_deadline_2010", DEADLINE),
               area_deadline_chaser("plan_review_overdue", DEADLINE, escalate=True))
    sent_on = {}
    day = date(2009, 11, 1)
    with registry.override(*chasers):
        while day <= date(2010, 4, 16):
            with at(day):
                before = len(mail.outbox)
                sweep()
                if len(mail.outbox) > before:
                    sent_on[day] = sorted({m.subject.split(": ")[1].split(" on ")[0] for m in mail.outbox[before:]})
            day += timedelta(days=1)
    assert sent_on == {
        date(2009, 11, 23): ["plan deadline 2010"],
        date(2010, 2, 18): ["plan deadline 2010"],
        date(2010, 3, 18): ["plan deadline 2010"],
        date(2010, 4, 6): ["plan review overdue"],  # after Good Friday and Easter Monday
        date(2010, 4, 13): ["plan review overdue"],
    }
    overdue = ReminderLog.objects.filter(kind="plan_review_overdue", offset="1 working day after")
    # escalation: each area's officer, its director (no user: e-mail only) and the steward
    assert overdue.count() == 9
    assert set(overdue.filter(area=areas[0]).values_list("recipient_email", flat=True)) == {
        "officer0@example.org", "dcs0@example.org", steward.email}
    assert Notification.objects.filter(user=steward).count() == 6  # 3 areas x 2 stages


def test_no_one_is_chased_on_a_weekend_and_monday_catches_up(areas, sweep):
    with registry.override(area_deadline_chaser("agreement_outstanding", date(2010, 3, 5))):
        assert sweep(today=date(2010, 3, 13)).found == 0  # Saturday
        assert sweep(today=date(2010, 3, 15)).new == 3


def test_disabled_rule_sends_nothing(areas, sweep):
    ChaseRule.objects.filter(kind="plan_deadline_2010").update(enabled=False)
    with registry.override(area_deadline_chaser("plan_deadline_2010", DEADLINE)):
        assert sweep(today=date(2010, 3, 18)).found == 0
    assert mail.outbox == []


def test_steward_changes_offsets_in_the_rule_and_the_sweep_follows(areas, sweep):
    ChaseRule.objects.filter(kind="plan_deadline_2010").update(offsets="3")
    with registry.override(area_deadline_chaser("plan_deadline_2010", DEADLINE)):
        assert sweep(today=date(2010, 3, 18)).found == 0
        assert sweep(today=date(2010, 3, 29)).new == 3
    assert ReminderLog.objects.filter(offset="3 working days before").count() == 3


def test_a_failing_chaser_is_logged_and_the_others_still_run(areas, caplog, sweep):
    def broken(today, rules):
        raise RuntimeError("boom")

    with registry.override(broken, area_deadline_chaser("plan_deadline_2010", DEADLINE)):
        assert sweep(today=date(2010, 3, 18)).new == 3
    assert any("chaser" in r.getMessage() and r.name == "trusts.notices" for r in caplog.records)


def test_due_without_an_email_address_is_skipped(db, caplog, sweep):
    def nameless(today, rules):
        yield Due(kind="direction_due", recipient=Recipient(email="", name="Nobody"), subject_key="d:1",
                  deadline=date(2010, 3, 30), offset="x", title="t")

    with registry.override(nameless):
        assert collect(date(2010, 3, 18)) == []
    assert "no e-mail address" in caplog.text


@pytest.mark.parametrize("n_areas", [2, 8])
def test_sweep_query_count_does_not_grow_with_data(db, n_areas, django_assert_num_queries):
    for i in range(n_areas):
        OfficerFactory(area=AreaFactory(), email=f"o{i}@example.org")
    seen = []
    with registry.override(area_deadline_chaser("plan_deadline_2010", DEADLINE)):
        # rules, the chaser's 2, then savepoint, insert, stuck-select, select ids, release
        with django_assert_num_queries(8):
            result = reminders_sweep(today=date(2010, 3, 18), publish=seen.extend)
    assert len(seen) == result.new == n_areas
