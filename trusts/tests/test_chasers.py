"""The directions chaser: officers before the compliance date, stewards once it has passed."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from trusts import chasers
from trusts.models import Direction
from trusts.notices.models import ChaseRule, Notification, ReminderLog
from trusts.notices.registry import enabled_rules, registry
from trusts.notices.services import reminders_sweep
from trusts.tests.factories import OfficerFactory, StewardFactory, AreaFactory

LONDON = ZoneInfo("Europe/London")
DUE = date(2011, 1, 4)  # the Tuesday after the New Year bank holiday (Monday 3 January 2011)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chase_rules")]


@pytest.fixture
def walk(django_capture_on_commit_callbacks):
    """Sweep every day from start to end; {day: sorted [(kind, offset, recipient e-mail)]} of the e-mails sent."""

    def run(start, end):
        sent, day = {}, start
        while day <= end:
            before = len(mail.outbox)
            moment = datetime(day.year, day.month, day.day, 6, 30, tzinfo=LONDON)
            with time_machine.travel(moment, tick=False), registry.override(chasers.direction_due), \
                    django_capture_on_commit_callbacks(execute=True):
                reminders_sweep(today=day)
            if len(mail.outbox) > before:
                logs = {pk: (kind, offset) for pk, kind, offset in ReminderLog.objects.values_list("pk", "kind", "offset")}
                sent[day] = sorted((*logs[int(m.extra_headers["X-Reminder-Id"])], m.to[0].split("<")[-1].rstrip(">"))
                                   for m in mail.outbox[before:])
            day += timedelta(days=1)
        return sent

    return run


def direction(area, steward, due=DUE, status=Direction.Status.OPEN):
    return Direction.objects.create(area=area, arrangement="plan", reason="No plan has been published.",
                                    required_action="Publish the Children and Young People's Plan.", due_by=due,
                                    status=status, issued_by=steward)


@pytest.fixture
def directions(area, other_area, officer, other_officer, steward):
    due = direction(area, steward)
    direction(other_area, steward, status=Direction.Status.CLOSED)  # closed: never chased
    return due


def test_direction_due_officers_10_and_1_working_days_before_then_stewards_once(directions, walk):
    sent = walk(date(2010, 12, 1), date(2011, 2, 15))
    officer, steward = "olive@northshire.example.org", "sam@dcsf.example.gov.uk"
    # 1 working day before Tuesday 4 January 2011 is Friday 31 December (3 January is the New Year holiday)
    assert sent == {date(2010, 12, 16): [("direction_due", "10 working days before", officer)],
                    date(2010, 12, 31): [("direction_due", "1 working day before", officer)],
                    date(2011, 1, 5): [("direction_due", "overdue", steward)]}
    to_officer = mail.outbox[0]
    assert to_officer.subject == "Northshire: a direction must be complied with by 4 January 2011"
    assert "What must be done: Publish the Children and Young People's Plan." in to_officer.body
    assert f"/directions/{directions.pk}/" in to_officer.body
    escalation = ReminderLog.objects.get(offset="overdue")
    assert (escalation.subject_key, escalation.deadline, escalation.area_id) == (
        f"direction:{directions.pk}", DUE, directions.area_id)
    assert escalation.title == "Overdue: Northshire has not complied with a direction due by 4 January 2011"
    assert Notification.objects.filter(reminder=escalation, user__email=steward).exists()


def test_direction_responded_is_still_chased_closed_is_not(directions, walk):
    Direction.objects.filter(pk=directions.pk).update(status=Direction.Status.RESPONDED)
    assert list(walk(date(2010, 12, 16), date(2011, 1, 10))) == [date(2010, 12, 16), date(2010, 12, 31),
                                                                 date(2011, 1, 5)]
    Direction.objects.filter(pk=directions.pk).update(status=Direction.Status.CLOSED, due_by=date(2011, 3, 1))
    assert walk(date(2011, 2, 1), date(2011, 3, 10)) == {}


def test_direction_overdue_rule_from_the_admin_repeats_the_escalation(directions, walk):
    ChaseRule.objects.create(kind="direction_overdue", direction="after", offsets="1", unit="working",
                             repeat_every=5, description="Overdue directions: the stewards, weekly.")
    sent = walk(DUE + timedelta(days=1), date(2011, 1, 20))
    steward = "sam@dcsf.example.gov.uk"
    assert sent == {date(2011, 1, 5): [("direction_overdue", "1 working day after", steward)],
                    date(2011, 1, 12): [("direction_overdue", "6 working days after", steward)],
                    date(2011, 1, 19): [("direction_overdue", "11 working days after", steward)]}


def test_direction_due_disabled_sends_nothing(directions, walk):
    ChaseRule.objects.filter(kind="direction_due").update(enabled=False)
    assert walk(date(2010, 12, 1), date(2011, 1, 10)) == {}


@pytest.mark.parametrize("n", [2, 20])
@pytest.mark.parametrize("today, queries", [(date(2010, 12, 16), 2), (date(2011, 1, 5), 2)])
def test_direction_chaser_queries_flat(n, today, queries, django_assert_num_queries):
    steward = StewardFactory()
    for i in range(n):
        area = AreaFactory(name=f"Area {i}", la_code=f"{500 + i:03d}", gss_code=f"E06{500 + i:06d}")
        OfficerFactory(area=area)
        direction(area, steward)
    rules = enabled_rules()
    with django_assert_num_queries(queries):
        dues = list(chasers.direction_due(today, rules))
    assert len({d.area_id for d in dues}) == n


def test_real_registry_finds_the_direction_chaser(db):
    assert chasers.direction_due in registry.chasers()
