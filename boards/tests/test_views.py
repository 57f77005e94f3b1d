"""Pages: scoping (other area 404), who may act (403), forms, speed at two sizes."""
import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape
from icalendar import Calendar

from boards import services
from boards.models import Attendance, Board, Decision, Declaration, Meeting, Seat
from boards.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    ApologyFactory,
    AttendanceFactory,
    BoardFactory,
    BoardMemberFactory,
    DecisionFactory,
    MeetingFactory,
    PaperFactory,
    SeatFactory,
    day,
)
from partners.models import Partner
from partners.tests.factories import PartnerFactory
from trusts.tests.factories import date_input

pytestmark = pytest.mark.django_db


def fill_board(board, seats, meetings):
    partners = [PartnerFactory(area=board.area, org_type="police_authority") for _ in range(3)]
    made = []
    for i in range(seats):
        seat = SeatFactory(board=board, constituency="partner", partner=partners[i % 3],
                           role=Seat.Role.CHAIR if i == 0 else Seat.Role.MEMBER)
        seat.represented_partners.set(partners[:2])
        made.append(seat)
    SeatFactory(board=board, term_start=day(-500), term_end=day(-200))  # a past term
    for i in range(meetings):
        MeetingFactory(board=board, date=day(10 + i))
    return made


# ---------------------------------------------------------------------------
# speed: constant queries at two sizes
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("seats", "meetings", "schools"), [(5, 2, 0), (60, 40, 0), (5, 2, 300)])
def test_board_page_queries_constant(client, officer, board, seats, meetings, schools, django_assert_num_queries):
    board.joint_areas.add(PartnerFactory().area)
    fill_board(board, seats, meetings)
    board.area.framework = "ascl2009"  # schools are relevant partners (s193)
    board.area.save()
    Partner.objects.bulk_create([Partner(area=board.area, name=f"School {i}", org_type="school_community",
                                         urn=f"{110000 + i}") for i in range(schools)])
    client.force_login(officer)
    # one of them: the board's invitations to other areas; one counts past terms; one the forward plan
    with django_assert_num_queries(12):
        response = client.get(reverse("boards:board-detail", kwargs={"board": board.pk}))
    assert response.status_code == 200
    assert response.context["page"].seats_filled == seats
    # 300 schools without a seat are one counted gap, not 300 rows
    assert len(response.content) < 100_000
    if schools:
        assert "Community school (Northshire): 300 of 300 not represented" in response.content.decode()
    assert len(response.context["page"].upcoming) == meetings


@pytest.mark.parametrize(("seats", "meetings"), [(5, 2), (60, 40)])
def test_meeting_page_queries_constant(client, officer, board, seats, meetings, django_assert_num_queries):
    made = fill_board(board, seats, meetings)
    meeting = MeetingFactory(board=board, date=day(0))
    for seat in made:
        AttendanceFactory(meeting=meeting, seat=seat)
    for i in range(meetings):
        item = AgendaItemFactory(meeting=meeting, position=i + 1)
        PaperFactory(item=item)
        DecisionFactory(item=item)
        Declaration.objects.create(item=item, seat=made[i % len(made)], person=made[i % len(made)].person,
                                   interest="x", left_room=i % 2 == 0)
        ApologyFactory(meeting=meeting, seat=made[i % len(made)])
        ActionFactory(meeting=meeting, owner=made[i % len(made)])
    # 12, plus the apologies, this meeting's actions and those still open from earlier meetings
    client.force_login(officer)
    with django_assert_num_queries(15):
        response = client.get(reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk}))
    assert response.status_code == 200
    assert response.context["quorum"].present_voting == seats
    assert len(response.context["page"].items) == meetings


@pytest.mark.parametrize(("seats", "meetings"), [(5, 2), (60, 40)])
def test_member_view_queries_constant(client, board, board_member, seats, meetings, django_assert_num_queries):
    fill_board(board, seats, meetings)
    SeatFactory(board=board, person=board_member)
    for meeting in Meeting.objects.filter(board=board):
        PaperFactory(item=AgendaItemFactory(meeting=meeting))
    client.force_login(board_member)
    # 10: the 9 before, and the member's choice of how they are told of each board's news
    with django_assert_num_queries(10):
        response = client.get(reverse("boards:mine"))
    assert len(response.context["view"].upcoming) == min(meetings, 20)


@pytest.mark.parametrize(("seats", "meetings"), [(5, 2), (60, 40)])
def test_area_card_queries_constant(board, seats, meetings, django_assert_num_queries):
    from django.template.loader import render_to_string

    fill_board(board, seats, meetings)
    BoardFactory(area=board.area, name="Second board")
    with django_assert_num_queries(6):
        html = render_to_string("boards/area_card.html", {"area": board.area})
    assert f"{seats} seats filled" in html
    assert f"Next meeting {day(10):%-d %B %Y}" in html


def test_board_list_and_public_pages_queries_constant(client, officer, board, django_assert_num_queries):
    for n in (2, 30):
        fill_board(board, 1, n)
        client.force_login(officer)
        with django_assert_num_queries(7):  # one of them: the area's invitations to joint boards
            client.get(reverse("boards:board-list", kwargs={"la_code": board.area.la_code}))
        client.logout()
        with django_assert_num_queries(4):  # one of them: the forward plan
            client.get(reverse("boards:public-meetings", kwargs={"la_code": board.area.la_code}))


# ---------------------------------------------------------------------------
# scoping and permissions
# ---------------------------------------------------------------------------
def test_other_areas_board_and_meeting_are_404(client, other_officer, board):
    meeting = MeetingFactory(board=board)
    client.force_login(other_officer)
    for url in (reverse("boards:board-detail", kwargs={"board": board.pk}),
                reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk}),
                reverse("boards:seat-create", kwargs={"board": board.pk})):
        assert client.get(url).status_code == 404


def test_board_member_sees_the_board_but_cannot_manage_it(client, board, board_member, member_seat):
    client.force_login(board_member)
    response = client.get(reverse("boards:board-detail", kwargs={"board": board.pk}))
    assert response.status_code == 200
    assert reverse("boards:seat-create", kwargs={"board": board.pk}) not in response.content.decode()
    assert client.get(reverse("boards:seat-create", kwargs={"board": board.pk})).status_code == 403
    response = client.post(reverse("boards:meeting-create", kwargs={"board": board.pk}), {
        **date_input("date", day(5)), "start_time": "10:00", "place": "Hall", "status": "scheduled"})
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_officer_of_a_joint_area_manages_the_board(client, board, other_area, other_officer):
    board.joint_areas.add(other_area)
    client.force_login(other_officer)
    response = client.get(reverse("boards:board-list", kwargs={"la_code": other_area.la_code}))
    assert escape(board.name) in response.content.decode()
    assert client.get(reverse("boards:seat-create", kwargs={"board": board.pk})).status_code == 200


# ---------------------------------------------------------------------------
# forms: success and errors
# ---------------------------------------------------------------------------
def test_board_create_view(client, officer, area):
    client.force_login(officer)
    url = reverse("boards:board-create", kwargs={"la_code": area.la_code})
    response = client.get(url)
    # the default for "statutory" comes from the framework, with the reason shown
    assert "requires every children" in response.content.decode()
    assert response.context["form"].initial["is_statutory"] == "yes"
    response = client.post(url, {"name": "", "quorum_kind": "fraction", "quorum_numerator": "3",
                                 "quorum_denominator": "2", "quorum_chair_required": "no", "is_statutory": "yes"})
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Enter the name of the board" in html and "no more than 1" in html
    assert not Board.objects.exists()
    response = client.post(url, {"name": "Northshire CTB", "quorum_kind": "number", "quorum_number": "4",
                                 "quorum_chair_required": "yes", "is_statutory": "yes"})
    board = Board.objects.get()
    assert response["Location"] == reverse("boards:board-detail", kwargs={"board": board.pk})
    assert (board.quorum_number, board.quorum_numerator, board.quorum_chair_required) == (4, None, True)


def test_seat_create_view_with_a_new_member(client, officer, board):
    police = PartnerFactory(area=board.area, org_type="police_authority", name="Northshire Police")
    client.force_login(officer)
    url = reverse("boards:seat-create", kwargs={"board": board.pk})
    initial = client.get(url + f"?constituency=partner&partner={police.pk}").context["form"].initial
    assert (initial["constituency"], initial["partner"]) == ("partner", police.pk)
    response = client.post(url, {
        "person_name": "Chris Constable", "person_email": "Chris@Police.example.org", "role": "member",
        "voting": "yes", "constituency": "partner", "partner": police.pk, **date_input("term_start", day(0)),
        **date_input("term_end", day(-3))})
    assert "The term must end on or after the day it starts" in response.content.decode()
    assert not Seat.objects.exists()
    response = client.post(url, {
        "person_name": "Chris Constable", "person_email": "Chris@Police.example.org", "role": "member",
        "voting": "yes", "constituency": "partner", "partner": police.pk, **date_input("term_start", day(0))})
    assert response.status_code == 302
    seat = Seat.objects.get()
    assert (seat.person.email, seat.person.role, seat.partner) == ("chris@police.example.org", "board_member", police)
    # the same person again, overlapping: refused with the reason
    response = client.post(url, {
        "person_email": "chris@police.example.org", "role": "member", "voting": "yes", "constituency": "vcs",
        **date_input("term_start", day(1))})
    assert "already holds a seat on this board" in response.content.decode()
    assert Seat.objects.count() == 1


def test_seat_create_view_rejects_a_partner_of_another_area(client, officer, board, other_area):
    theirs = PartnerFactory(area=other_area)
    client.force_login(officer)
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_name": "X", "person_email": "x@example.org", "role": "member", "voting": "yes",
        "constituency": "partner", "partner": theirs.pk, **date_input("term_start", day(0))})
    assert "Select a partner from the register" in response.content.decode()
    assert not Seat.objects.exists()


def test_seat_end_view(client, officer, board):
    seat = SeatFactory(board=board)
    client.force_login(officer)
    response = client.post(reverse("boards:seat-end", kwargs={"seat": seat.pk}), date_input("end_on", day(0)))
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.term_end == day(0)


def test_meeting_create_view_refuses_past_scheduled(client, officer, board):
    client.force_login(officer)
    url = reverse("boards:meeting-create", kwargs={"board": board.pk})
    response = client.post(url, {**date_input("date", day(-2)), "start_time": "18:30", "place": "Hall",
                                 "status": "scheduled"})
    assert "A meeting in the past cannot be scheduled" in response.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(url, {**date_input("date", day(2)), "start_time": "6:30pm", "place": "Hall",
                                 "status": "scheduled"})
    meeting = Meeting.objects.get()
    assert meeting.start_time == datetime.time(18, 30)


def test_meeting_create_view_bad_date_and_time(client, officer, board):
    client.force_login(officer)
    response = client.post(reverse("boards:meeting-create", kwargs={"board": board.pk}), {
        "date_0": "31", "date_1": "2", "date_2": "2027", "start_time": "25:99", "place": "", "status": "scheduled"})
    html = response.content.decode()
    assert "Enter a real date" in html and "Enter the start time like 18:30" in html
    assert "Enter where the meeting is" in html
    assert not Meeting.objects.exists()


def test_attendance_view_refuses_a_seat_not_on_the_board(client, officer, board, other_board):
    mine = SeatFactory(board=board)
    theirs = SeatFactory(board=other_board)
    meeting = MeetingFactory(board=board, date=day(0))
    client.force_login(officer)
    url = reverse("boards:attendance", kwargs={"meeting": meeting.pk})
    response = client.post(url, {f"seat-{mine.pk}": "present", f"seat-{theirs.pk}": "present"})
    assert "An attendance was given for a seat that is not on this board" in response.content.decode()
    assert not Attendance.objects.exists()
    response = client.post(url, {f"seat-{mine.pk}": "present"})
    assert response.status_code == 302
    assert Attendance.objects.get().seat == mine


def test_decision_page_shows_quorum_and_refuses_when_not_quorate(client, officer, board):
    seats = [SeatFactory(board=board) for _ in range(4)]
    meeting = MeetingFactory(board=board, date=day(0))
    item = AgendaItemFactory(meeting=meeting)
    AttendanceFactory(meeting=meeting, seat=seats[0])
    client.force_login(officer)
    url = reverse("boards:decision-create", kwargs={"item": item.pk})
    html = client.get(url).content.decode()
    assert "Not quorate: 1 voting member present; the quorum is 2" in html
    response = client.post(url, {"resolution": "Agree the plan", "outcome": "carried"})
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "You cannot record a decision: the meeting is not quorate" in html
    assert not Decision.objects.exists()
    AttendanceFactory(meeting=meeting, seat=seats[1], status=Attendance.Status.SUBSTITUTE, substitute_name="S")
    response = client.post(url, {"resolution": "Agree the plan", "outcome": "carried", "votes_for": "2",
                                 "votes_against": "0"})
    assert response.status_code == 302
    assert Decision.objects.get().votes_for == 2


def test_declaration_only_by_the_member_themself(client, officer, board, board_member, member_seat):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    url = reverse("boards:declaration-create", kwargs={"item": item.pk})
    client.force_login(officer)
    assert client.post(url, {"interest": "For Bella"}).status_code == 403
    client.force_login(board_member)
    assert "Enter the interest you are declaring" in client.post(url, {"interest": "", "kind": "other",
                                                                       "left_room": "no"}).content.decode()
    assert client.post(url, {"interest": "Trustee of a bidder", "kind": "other", "left_room": "no"}).status_code == 302
    assert Declaration.objects.get().person == board_member


def test_minutes_draft_and_approve_views(client, officer, board):
    seats = [SeatFactory(board=board) for _ in range(2)]
    first = MeetingFactory(board=board, date=day(-20), status=Meeting.Status.HELD)
    second = MeetingFactory(board=board, date=day(0))
    client.force_login(officer)
    client.post(reverse("boards:minutes-edit", kwargs={"meeting": first.pk}), {"minutes": "Agreed the plan."})
    url = reverse("boards:minutes-approve", kwargs={"meeting": second.pk})
    response = client.post(url, {"earlier": first.pk})
    assert "not quorate" in response.content.decode()
    for seat in seats:
        AttendanceFactory(meeting=second, seat=seat)
    assert client.post(url, {"earlier": first.pk}).status_code == 302
    first.refresh_from_db()
    assert first.minutes_approved_at == second
    client.logout()
    public = client.get(reverse("boards:public-meetings", kwargs={"la_code": board.area.la_code})).content.decode()
    assert reverse("boards:public-minutes", kwargs={"la_code": board.area.la_code, "meeting": first.pk}) in public
    minutes = client.get(reverse("boards:public-minutes", kwargs={"la_code": board.area.la_code, "meeting": first.pk}))
    assert "Agreed the plan." in minutes.content.decode()


def test_public_page_hides_draft_minutes_and_other_areas(client, board, other_board):
    draft = MeetingFactory(board=board, date=day(-3), status=Meeting.Status.HELD, minutes="Secret draft",
                           minutes_status=Meeting.MinutesStatus.DRAFT)
    MeetingFactory(board=board, date=day(9), place="Northshire Hall")
    MeetingFactory(board=other_board, date=day(9), place="Southshire Hall")
    html = client.get(reverse("boards:public-meetings", kwargs={"la_code": board.area.la_code})).content.decode()
    assert "Northshire Hall" in html and "Southshire Hall" not in html
    assert client.get(reverse("boards:public-minutes", kwargs={"la_code": board.area.la_code,
                                                                "meeting": draft.pk})).status_code == 404


def test_member_view_lists_boards_meetings_papers_and_items(client, board, board_member, member_seat):
    meeting = MeetingFactory(board=board, date=day(7))
    item = AgendaItemFactory(meeting=meeting, title="Approve the commissioning plan")
    PaperFactory(item=item, title="Commissioning report")
    decided = AgendaItemFactory(meeting=meeting, title="Already decided")
    DecisionFactory(item=decided)
    MeetingFactory(board=BoardFactory(), date=day(7), place="Not my board's hall")
    client.force_login(board_member)
    html = client.get(reverse("boards:mine")).content.decode()
    assert escape(board.name) in html and "Commissioning report" in html
    assert [i.title for _, i, _ in client.get(reverse("boards:mine")).context["view"].awaiting] == [
        "Approve the commissioning plan"]
    assert "Not my board" not in html


def test_home_panel_renders_for_a_member(board, board_member, member_seat):
    from django.template.loader import render_to_string

    MeetingFactory(board=board, date=day(3))
    html = render_to_string("boards/home_panel.html", {"user": board_member})
    assert escape(board.name) in html and f"{day(3):%-d %B %Y}" in html


# ---------------------------------------------------------------------------
# calendar
# ---------------------------------------------------------------------------
def test_calendar_feed_is_valid_icalendar_for_the_token_holder(client, board, board_member, member_seat):
    MeetingFactory(board=board, date=day(5), start_time=datetime.time(18, 30), end_time=None, place="Town Hall")
    MeetingFactory(board=board, date=day(-40), status=Meeting.Status.CANCELLED)
    token = services.calendar_token_get(user=board_member).token
    response = client.get(reverse("boards:calendar-feed", kwargs={"board": board.pk, "calendar_token": token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert len(events) == 2
    assert [str(e["status"]) for e in events] == ["CANCELLED", "CONFIRMED"]
    start = events[1].decoded("dtstart")
    assert (start.date(), start.hour, start.minute, str(start.tzinfo)) == (day(5), 18, 30, "Europe/London")
    assert events[1].decoded("dtend") - start == datetime.timedelta(hours=2)
    assert str(events[1]["location"]) == "Town Hall"
    assert cal.walk("VTIMEZONE") and str(cal["version"]) == "2.0"
    assert len({str(e["uid"]) for e in events}) == 2
    all_feed = client.get(reverse("boards:calendar-feed-all", kwargs={"calendar_token": token}))
    assert len(Calendar.from_ical(all_feed.content).walk("VEVENT")) == 2


def test_calendar_reset_breaks_the_old_address(client, board, board_member, member_seat):
    old = services.calendar_token_get(user=board_member).token
    client.force_login(board_member)
    assert client.get(reverse("boards:calendar-reset")).status_code == 405
    client.post(reverse("boards:calendar-reset"))
    new = services.calendar_token_get(user=board_member).token
    assert new != old
    client.logout()
    assert client.get(reverse("boards:calendar-feed", kwargs={"board": board.pk, "calendar_token": old})
                      ).status_code == 404
    assert client.get(reverse("boards:calendar-feed", kwargs={"board": board.pk, "calendar_token": new})
                      ).status_code == 200


def test_calendar_token_does_not_open_another_areas_board(client, other_board, board_member):
    token = services.calendar_token_get(user=board_member).token
    assert client.get(reverse("boards:calendar-feed", kwargs={"board": other_board.pk, "calendar_token": token})
                      ).status_code == 404


def test_history_page_shows_membership_changes(client, officer, board):
    person = BoardMemberFactory(full_name="Hattie History")
    seat = services.seat_create(board=board, actor=officer, person=person, constituency="vcs", term_start=day(-5))
    services.seat_end(seat=seat, actor=officer, end_on=day(-1))
    client.force_login(officer)
    html = client.get(reverse("boards:board-history", kwargs={"board": board.pk})).content.decode()
    assert html.count("Hattie History") == 2
    assert "Seat added" in html and "Seat changed" in html and officer.full_name in html
