"""The board's chasers: papers before meetings, terms ending, minutes not approved."""
import datetime as dt
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from boards import chasers
from boards.models import Meeting
from boards.tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    BoardMemberFactory,
    MeetingFactory,
    PaperFactory,
    SeatFactory,
)
from trusts.notices.models import Notification, ReminderLog
from trusts.notices.registry import enabled_rules, registry
from trusts.notices.services import reminders_sweep
from trusts.tests.factories import OfficerFactory, AreaFactory

LONDON = ZoneInfo("Europe/London")


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chase_rules")]


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(day, *fns):
        moment = datetime(day.year, day.month, day.day, 6, 30, tzinfo=LONDON)
        with time_machine.travel(moment, tick=False), registry.override(*fns), \
                django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(today=day)

    return run


@pytest.fixture
def walk(sweep):
    """Sweep every day from start to end; {day: sorted [(kind, recipient e-mail)]} of the e-mails sent."""

    def run(start, end, *fns):
        sent, day = {}, start
        while day <= end:
            before = len(mail.outbox)
            sweep(day, *fns)
            if len(mail.outbox) > before:
                logs = dict(ReminderLog.objects.values_list("pk", "kind"))
                sent[day] = sorted((logs[int(m.extra_headers["X-Reminder-Id"])], m.to[0].split("<")[-1].rstrip(">"))
                                   for m in mail.outbox[before:])
            day += timedelta(days=1)
        return sent

    return run


def member(board, email, start=date(2009, 4, 1), end=None, **kwargs):
    person = BoardMemberFactory(email=email, full_name=email.split("@")[0].title(), area=board.area)
    return SeatFactory(board=board, person=person, term_start=start, term_end=end, **kwargs)


@pytest.fixture
def officers(area, other_area):
    return (OfficerFactory(area=area, email="olive@northshire.example.org", full_name="Olive Officer"),
            OfficerFactory(area=other_area, email="oscar@southshire.example.org", full_name="Oscar Other"))


@pytest.fixture
def board(area):
    return BoardFactory(area=area, name="Northshire Children's Trust Board")


# -- papers ------------------------------------------------------------------------------------
MEETING_DAY = date(2010, 4, 7)  # the Wednesday after Easter 2010


@pytest.fixture
def meeting(board, other_area, officers):
    member(board, "ann@example.org")
    member(board, "ben@example.org", role="chair")
    member(board, "gone@example.org", end=date(2010, 3, 31))  # term over before the meeting
    member(board, "later@example.org", start=date(2010, 5, 1))  # not yet on the board
    inactive = member(board, "left@example.org")
    inactive.person.is_active = False
    inactive.person.save()
    meeting = MeetingFactory(board=board, date=MEETING_DAY, start_time=dt.time(14, 0), place="Shire Hall, Room 1")
    item = AgendaItemFactory(meeting=meeting, position=1, title="Joint commissioning")
    PaperFactory(item=item, title="Commissioning report")
    AgendaItemFactory(meeting=meeting, position=2, title="Any other business")
    # another board's meeting the same day, and this board's cancelled one: theirs and nobody's
    other_board = BoardFactory(area=other_area)
    member(other_board, "sue@example.org")
    MeetingFactory(board=other_board, date=MEETING_DAY)
    MeetingFactory(board=board, date=MEETING_DAY + timedelta(days=1), status=Meeting.Status.CANCELLED)
    return meeting


def test_board_papers_5_working_days_before_to_the_members_in_term(meeting, walk):
    sent = walk(date(2010, 3, 1), MEETING_DAY + timedelta(days=3), chasers.board_papers)
    # 5 working days before Wednesday 7 April 2010, over Easter, is Monday 29 March
    assert sent == {date(2010, 3, 29): [("board_papers", "ann@example.org"), ("board_papers", "ben@example.org"),
                                        ("board_papers", "sue@example.org")]}
    ann = next(m for m in mail.outbox if "ann@" in m.to[0])
    assert ann.subject == "Papers for the Northshire Children's Trust Board meeting on 7 April 2010"
    assert "Wednesday 7 April 2010 at 2pm, Shire Hall, Room 1" in ann.body
    assert "1. Joint commissioning (papers: Commissioning report)" in ann.body
    assert "2. Any other business" in ann.body
    assert f"{settings.SITE_URL.rstrip('/')}/boards/meetings/{meeting.pk}/" in ann.body
    log = ReminderLog.objects.get(recipient_email="ann@example.org")
    assert (log.subject_key, log.deadline, log.area_id) == (f"meeting:{meeting.pk}:papers", MEETING_DAY,
                                                           meeting.board.area_id)
    assert Notification.objects.filter(reminder=log, user__email="ann@example.org").exists()


def test_board_papers_second_sweep_sends_nothing_new(meeting, sweep):
    assert sweep(date(2010, 3, 29), chasers.board_papers).new == 3
    assert sweep(date(2010, 3, 29), chasers.board_papers).new == 0
    assert sweep(date(2010, 3, 30), chasers.board_papers).new == 0
    assert len(mail.outbox) == 3


def test_board_papers_again_if_the_meeting_moves(meeting, sweep):
    sweep(date(2010, 3, 29), chasers.board_papers)
    Meeting.objects.filter(pk=meeting.pk).update(date=date(2010, 4, 14))
    assert sweep(date(2010, 4, 7), chasers.board_papers).new == 2  # the new date: its own papers reminder


# -- terms ending ------------------------------------------------------------------------------
TERM_END = date(2010, 5, 14)


def test_board_term_ending_30_days_before_to_the_member_and_the_officers(board, officers, walk):
    seat = member(board, "ann@example.org", end=TERM_END)
    renewed = member(board, "ben@example.org", end=TERM_END)
    SeatFactory(board=board, person=renewed.person, term_start=TERM_END + timedelta(days=1))  # reappointed
    member(board, "cal@example.org", end=date(2010, 9, 30))
    sent = walk(date(2010, 4, 1), TERM_END + timedelta(days=5), chasers.board_term_ending)
    assert sent == {date(2010, 4, 14): [("board_term_ending", "ann@example.org"),
                                        ("board_term_ending", "olive@northshire.example.org")]}
    by_to = {m.to[0].split("<")[-1].rstrip(">"): m for m in mail.outbox}
    assert by_to["ann@example.org"].subject == "Your term on the Northshire Children's Trust Board ends on 14 May 2010"
    assert by_to["olive@northshire.example.org"].subject == \
        "Ann's term on the Northshire Children's Trust Board ends on 14 May 2010"
    assert {r.subject_key for r in ReminderLog.objects.all()} == {f"seat:{seat.pk}:term-end"}
    assert ReminderLog.objects.first().link == f"/boards/{board.pk}/"


# -- minutes -----------------------------------------------------------------------------------
NEXT_MEETING = date(2010, 12, 23)


@pytest.fixture
def minutes(board, officers):
    approved = MeetingFactory(board=board, date=date(2010, 9, 15), status=Meeting.Status.HELD)
    draft = MeetingFactory(board=board, date=date(2010, 11, 10), status=Meeting.Status.HELD,
                           minutes="Draft minutes", minutes_status=Meeting.MinutesStatus.DRAFT)
    cancelled = MeetingFactory(board=board, date=date(2010, 12, 1), status=Meeting.Status.CANCELLED)
    following = MeetingFactory(board=board, date=NEXT_MEETING, status=Meeting.Status.HELD)
    Meeting.objects.filter(pk=approved.pk).update(minutes_status=Meeting.MinutesStatus.APPROVED,
                                                  minutes_approved_at=draft)
    MeetingFactory(board=board, date=date(2011, 3, 1))  # the one after: not yet held
    return draft, cancelled, following


def test_minutes_unapproved_after_the_next_meeting_then_weekly_until_approved(minutes, walk):
    draft, _cancelled, following = minutes
    sent = walk(date(2010, 11, 10), date(2011, 1, 14), chasers.minutes_unapproved)
    officer = [("minutes_unapproved", "olive@northshire.example.org")]
    # the working day after Thursday 23 December 2010, then every 5 working days over Christmas and New Year
    assert sent == {date(2010, 12, 24): officer, date(2011, 1, 5): officer, date(2011, 1, 12): officer}
    log = ReminderLog.objects.order_by("pk").first()
    assert (log.subject_key, log.deadline) == (f"meeting:{draft.pk}:minutes", NEXT_MEETING)
    assert "are still in draft" in mail.outbox[0].body
    assert mail.outbox[0].subject == \
        "The minutes of the Northshire Children's Trust Board meeting on 10 November 2010 are not approved"
    Meeting.objects.filter(pk=draft.pk).update(minutes_status=Meeting.MinutesStatus.APPROVED,
                                               minutes_approved_at=following)
    assert walk(date(2011, 1, 15), date(2011, 2, 28), chasers.minutes_unapproved) == {}


def test_minutes_not_chased_before_the_next_meeting_is_held(board, officers, walk):
    MeetingFactory(board=board, date=date(2010, 11, 10), status=Meeting.Status.HELD,
                   minutes_status=Meeting.MinutesStatus.DRAFT, minutes="Draft")
    MeetingFactory(board=board, date=date(2011, 1, 20))
    assert walk(date(2010, 11, 10), date(2011, 1, 20), chasers.minutes_unapproved) == {}
    assert walk(date(2011, 1, 21), date(2011, 1, 21), chasers.minutes_unapproved) == {
        date(2011, 1, 21): [("minutes_unapproved", "olive@northshire.example.org")]}


# -- queries: flat as the number of boards grows -----------------------------------------------
def _boards(n):
    result = []
    for i in range(n):
        area = AreaFactory(name=f"Area {i}", la_code=f"{500 + i:03d}", gss_code=f"E06{500 + i:06d}")
        OfficerFactory(area=area, email=f"officer{i}@example.org")
        board = BoardFactory(area=area)
        result.append(board)
    return result


def _build_papers(n):
    for b in _boards(n):
        member(b, f"m{b.pk}a@example.org")
        member(b, f"m{b.pk}b@example.org")
        item = AgendaItemFactory(meeting=MeetingFactory(board=b, date=MEETING_DAY), position=1)
        PaperFactory(item=item)
    return date(2010, 3, 29), chasers.board_papers


def _build_terms(n):
    for b in _boards(n):
        member(b, f"m{b.pk}@example.org", end=TERM_END)
    return date(2010, 4, 14), chasers.board_term_ending


def _build_minutes(n):
    for b in _boards(n):
        MeetingFactory(board=b, date=date(2010, 11, 10), status=Meeting.Status.HELD,
                       minutes_status=Meeting.MinutesStatus.DRAFT, minutes="Draft")
        MeetingFactory(board=b, date=NEXT_MEETING, status=Meeting.Status.HELD)
    return date(2010, 12, 24), chasers.minutes_unapproved


BUILDERS = {"board_papers": (_build_papers, 4), "board_term_ending": (_build_terms, 2),
            "minutes_unapproved": (_build_minutes, 2)}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
@pytest.mark.parametrize("n", [2, 20])
def test_chaser_queries_flat_in_the_number_of_boards(kind, n, media_in_tmp, django_assert_num_queries):
    build, queries = BUILDERS[kind]
    today, fn = build(n)
    rules = enabled_rules()
    with django_assert_num_queries(queries):
        dues = list(fn(today, rules))
    assert len({d.area_id for d in dues}) == n and all(d.kind == kind for d in dues)


def test_real_registry_finds_the_board_chasers(db):
    assert {c.__name__ for c in registry.chasers()} >= {"board_papers", "board_term_ending", "minutes_unapproved"}
