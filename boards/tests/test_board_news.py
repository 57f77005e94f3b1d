"""Notifications: board members are told once when an agenda is published and when a
paper is added to a published agenda or replaced, straight away or in a daily digest with the
morning reminders, as each member chooses on "Your boards"."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards import chasers, services
from boards.models import BoardUpdate, Constituency, NotificationPreference, Seat
from boards.tests.factories import (
    MINIMAL_PDF,
    AgendaItemFactory,
    BoardMemberFactory,
    MeetingFactory,
    SeatFactory,
)
from trusts.notices.models import ChaseRule, ReminderLog
from trusts.notices.registry import registry
from trusts.notices.services import reminder_send, reminders_sweep

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chase_rules")]
LONDON = ZoneInfo("Europe/London")
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)  # a working day
FRIDAY = datetime(2026, 12, 4, 15, 0, tzinfo=LONDON)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(when):
        moment = datetime(when.year, when.month, when.day, 6, 30, tzinfo=LONDON)
        with time_machine.travel(moment, tick=False), registry.override(chasers.board_news_digest), \
                django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(today=when)

    return run


@pytest.fixture
def setting(board, officer):
    """A meeting on 14 January 2027 with one item; three members: Ann and Ben told straight away
    (Ben chose it), Dee chose the daily digest; and a member whose term ended, told nothing."""
    with time_machine.travel(TUESDAY, tick=False):
        meeting = MeetingFactory(board=board, date=date(2027, 1, 14))
        item = AgendaItemFactory(meeting=meeting, position=1, title="Needs assessment")
        people = {}
        for name in ("Ann", "Ben", "Dee"):
            person = BoardMemberFactory(email=f"{name.lower()}@example.org", full_name=f"{name} Member",
                                        area=board.area)
            SeatFactory(board=board, person=person, constituency=Constituency.PARENTS,
                        term_start=date(2025, 1, 1))
            people[name] = person
        gone = BoardMemberFactory(email="gone@example.org", area=board.area)
        SeatFactory(board=board, person=gone, constituency=Constituency.PARENTS, term_start=date(2024, 1, 1),
                    term_end=date(2026, 6, 30))
        NotificationPreference.objects.create(board=board, person=people["Ben"], frequency="immediately")
        NotificationPreference.objects.create(board=board, person=people["Dee"], frequency="daily")
    return meeting, item, people


def recipients(messages):
    return sorted(m.to[0].split("<")[-1].rstrip(">") for m in messages)


def test_publishing_the_agenda_tells_each_member_once_straight_away(client, officer, setting,
                                                                    django_capture_on_commit_callbacks):
    meeting, item, people = setting
    with time_machine.travel(TUESDAY, tick=False):
        client.force_login(officer)  # signed in at the time (sessions time out)
        services.paper_add(item=item, actor=officer, upload=SimpleUploadedFile("needs.pdf", MINIMAL_PDF),
                           title="Needs assessment report")
        assert not mail.outbox  # a paper on an unpublished agenda is not news yet
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("boards:agenda-publish", kwargs={"meeting": meeting.pk}))
    assert response.status_code == 302 and response["Location"] == reverse("boards:meeting-detail",
                                                                             kwargs={"meeting": meeting.pk})
    assert recipients(mail.outbox) == ["ann@example.org", "ben@example.org"]  # not Dee (digest), not gone
    message = mail.outbox[0]
    assert message.subject == ("The agenda for the Northshire Children's Trust Board meeting on 14 January 2027 "
                               "is published, with 1 paper")
    assert "1. Needs assessment" in message.body and f"/boards/meetings/{meeting.pk}/" in message.body
    logs = ReminderLog.objects.filter(kind="board_news")
    assert logs.count() == 2 and set(logs.values_list("status", flat=True)) == {"sent"}
    # a rerun of a send (a redelivered task) sends nothing more
    assert reminder_send(log_id=logs.first().pk) is False
    assert len(mail.outbox) == 2
    update = BoardUpdate.objects.get()
    assert update.kind == BoardUpdate.Kind.AGENDA_PUBLISHED and update.meeting == meeting


def test_a_paper_added_or_replaced_after_publication_is_news(officer, setting, django_capture_on_commit_callbacks):
    meeting, item, people = setting
    with time_machine.travel(TUESDAY, tick=False):
        services.agenda_publish(meeting=meeting, actor=officer)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            paper = services.paper_add(item=item, actor=officer, title="Updated figures",
                                       upload=SimpleUploadedFile("figures.pdf", MINIMAL_PDF))
        assert recipients(mail.outbox) == ["ann@example.org", "ben@example.org"]
        assert mail.outbox[0].subject == ("A paper was added to the Northshire Children's Trust Board meeting on "
                                          "14 January 2027: \u201cUpdated figures\u201d")
        assert "item 1, \u201cNeeds assessment\u201d" in mail.outbox[0].body
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.paper_replace(paper=paper, actor=officer,
                                   upload=SimpleUploadedFile("figures-v2.csv", b"Area,Spend\r\nNorth,10\r\n"))
    assert recipients(mail.outbox) == ["ann@example.org", "ben@example.org"]
    assert "A new version of \u201cUpdated figures\u201d (version 2)" in mail.outbox[0].subject
    assert list(BoardUpdate.objects.values_list("kind", flat=True)) == [
        "agenda_published", "paper_added", "paper_replaced"]


def test_a_failed_change_tells_nobody(officer, setting, django_capture_on_commit_callbacks):
    meeting, item, people = setting
    with time_machine.travel(TUESDAY, tick=False):
        services.agenda_publish(meeting=meeting, actor=officer)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            services.paper_add(item=item, actor=officer, upload=SimpleUploadedFile("evil.pdf", b"MZ\x90\x00" * 50))
    assert not mail.outbox and BoardUpdate.objects.count() == 1


def test_the_daily_digest_lists_the_days_news_once(officer, setting, sweep, django_capture_on_commit_callbacks):
    meeting, item, people = setting
    with time_machine.travel(FRIDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=meeting, actor=officer)
    with time_machine.travel(FRIDAY + timedelta(days=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):  # a Saturday
        services.paper_add(item=item, actor=officer, title="Budget", upload=SimpleUploadedFile("b.pdf", MINIMAL_PDF))
    mail.outbox.clear()
    # Monday 7 December: one e-mail to Dee listing Friday's and Saturday's news
    result = sweep(date(2026, 12, 7))
    assert result.new == 1
    assert recipients(mail.outbox) == ["dee@example.org"]
    digest = mail.outbox[0]
    assert digest.subject == "Board news: 2 new agendas or papers since 4 December 2026"
    assert "4 December: The agenda for the Northshire Children's Trust Board meeting on 14 January 2027" in digest.body
    assert "5 December: A paper was added" in digest.body and "\u201cBudget\u201d" in digest.body
    # the sweep again: nothing more; Tuesday's sweep: no news since Monday, nothing
    assert sweep(date(2026, 12, 7)).new == 0
    assert sweep(date(2026, 12, 8)).found == 0
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.filter(kind="board_news_digest").count() == 1


def test_a_disabled_digest_rule_sends_no_digest(officer, setting, sweep, django_capture_on_commit_callbacks):
    meeting, item, people = setting
    with time_machine.travel(FRIDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=meeting, actor=officer)
    ChaseRule.objects.filter(kind="board_news_digest").update(enabled=False)
    mail.outbox.clear()
    assert sweep(date(2026, 12, 7)).found == 0 and not mail.outbox


# -------------------------------------------------------------------------------------------
# the member's choice, on "Your boards"
# -------------------------------------------------------------------------------------------
def test_member_chooses_the_daily_digest_on_your_boards(client, board, member_seat, board_member):
    client.force_login(board_member)
    mine = client.get(reverse("boards:mine")).content.decode()
    url = reverse("boards:notification-preference", kwargs={"board": board.pk})
    assert "Straight away, one e-mail for each" in mine and url in mine
    page = client.get(url).content.decode()
    import re

    checked = re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', page)
    assert checked == ["immediately"]  # the default, before any choice
    response = client.post(url, {"frequency": "daily"})
    assert response.status_code == 302 and response["Location"] == reverse("boards:mine")
    assert NotificationPreference.objects.get(board=board, person=board_member).frequency == "daily"
    assert "In one e-mail each morning (a daily digest)" in client.get(reverse("boards:mine")).content.decode()
    # and back again: the same row, changed
    client.post(url, {"frequency": "immediately"})
    assert list(NotificationPreference.objects.values_list("frequency", flat=True)) == ["immediately"]


def test_an_invalid_choice_is_an_error_and_changes_nothing(client, board, member_seat, board_member):
    client.force_login(board_member)
    url = reverse("boards:notification-preference", kwargs={"board": board.pk})
    for data in ({}, {"frequency": "hourly"}):
        html = client.post(url, data).content.decode()
        assert "govuk-error-summary" in html and "Select how you want to be told" in html
        assert "<title>Error:" in html
    assert not NotificationPreference.objects.exists()


def test_a_board_the_member_is_not_on_is_not_found(client, board, member_seat, board_member, other_board, officer):
    client.force_login(board_member)
    url = reverse("boards:notification-preference", kwargs={"board": other_board.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"frequency": "daily"}).status_code == 404
    # a member whose seat has ended is no longer asked
    Seat.objects.filter(pk=member_seat.pk).update(term_end=date(2025, 1, 1), term_start=date(2024, 1, 1))
    assert client.post(reverse("boards:notification-preference", kwargs={"board": board.pk}),
                       {"frequency": "daily"}).status_code in (403, 404)
    # the board's officer sees the board but the choice is the member's: refused
    client.force_login(officer)
    assert client.post(reverse("boards:notification-preference", kwargs={"board": board.pk}),
                       {"frequency": "daily"}).status_code == 403
    assert not NotificationPreference.objects.exists()
    from trusts.errors import NotPermitted

    with pytest.raises(NotPermitted):
        services.notification_preference_set(board=other_board, actor=board_member, frequency="daily")
