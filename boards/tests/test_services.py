"""Services: every rule and bad input in the issue, tested on the real models."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from boards import services
from boards.models import Attendance, Board, Constituency, Decision, Declaration, Meeting, Seat
from boards.permissions import policy
from boards.signals import decision_recorded
from boards.tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    BoardMemberFactory,
    MeetingFactory,
    SeatFactory,
    day,
)
from partners.tests.factories import PartnerFactory
from trusts.errors import NotPermitted
from trusts.models import Membership
from trusts.tests.factories import OfficerFactory, AreaFactory

pytestmark = pytest.mark.django_db


def held_meeting(board, **kwargs):
    return MeetingFactory(board=board, date=day(0), status=Meeting.Status.SCHEDULED, **kwargs)


def all_present(meeting, seats, officer, status=Attendance.Status.PRESENT):
    services.attendance_record(meeting=meeting, actor=officer, entries=[(s, status, "") for s in seats])


# ---------------------------------------------------------------------------
# boards
# ---------------------------------------------------------------------------
def test_board_create_statutory_default_follows_framework(area, officer):
    area.framework = "ascl2009"
    area.save()
    board = services.board_create(area=area, actor=officer, name="Board", quorum_kind="number", quorum_number=3)
    assert board.is_statutory is True
    area.framework = "ca2004"
    area.save()
    board2 = services.board_create(area=area, actor=officer, name="Board 2", quorum_kind="number", quorum_number=3)
    assert board2.is_statutory is False
    assert board.history.first().history_user == officer


def test_board_create_refuses_fraction_over_one(area, officer):
    with pytest.raises(ValidationError) as exc:
        services.board_create(area=area, actor=officer, name="B", quorum_kind="fraction", quorum_numerator=3,
                              quorum_denominator=2)
    assert "no more than 1" in str(exc.value)
    assert not Board.objects.exists()


def test_board_create_only_by_the_areas_officer(area, other_officer, board_member):
    for actor in (other_officer, board_member):
        with pytest.raises(NotPermitted):
            services.board_create(area=area, actor=actor, name="B", quorum_kind="number", quorum_number=2)
    assert not Board.objects.exists()


def test_joint_board_is_seen_and_managed_from_every_area_once_accepted(board, other_area, other_officer, officer):
    third = AreaFactory()
    services.board_update(board=board, actor=officer, joint_areas=[other_area])
    board = Board.objects.get(pk=board.pk)
    # invited, not joined: the other area's officer neither sees nor manages the board yet
    assert not policy.can(other_officer, "manage", board)
    assert board not in Board.objects.for_user(other_officer)
    invitation = board.joint_invitations.get()
    services.joint_invitation_answer(invitation=invitation, actor=other_officer, accept=True)
    board = Board.objects.get(pk=board.pk)
    assert list(Board.objects.for_user(other_officer)) == [board]
    assert policy.can(other_officer, "manage", board)
    assert board not in Board.objects.for_user(OfficerFactory(area=third))
    assert list(Seat.objects.for_user(other_officer)) == list(board.seats.all())


# ---------------------------------------------------------------------------
# seats and terms
# ---------------------------------------------------------------------------
def test_seat_create_grants_board_member_access_to_each_area(board, officer, other_area):
    board.joint_areas.add(other_area)
    person = BoardMemberFactory()
    seat = services.seat_create(board=board, actor=officer, person=person, constituency=Constituency.SCHOOLS,
                                term_start=day(-10))
    kinds = set(Membership.objects.filter(user=person).values_list("area__la_code", "role"))
    assert kinds == {(board.area.la_code, "board_member"), (other_area.la_code, "board_member")}
    assert seat.history.first().history_user == officer


def test_seat_term_ending_before_it_starts_is_refused(board, officer):
    with pytest.raises(ValidationError) as exc:
        services.seat_create(board=board, actor=officer, person=BoardMemberFactory(), constituency="schools",
                             term_start=day(0), term_end=day(-1))
    assert exc.value.message_dict["term_end"] == ["The term must end on or after the day it starts"]
    assert not Seat.objects.exists()


def test_a_person_cannot_hold_two_seats_on_a_board_at_once(board, officer):
    person = BoardMemberFactory(full_name="Pat Double")
    services.seat_create(board=board, actor=officer, person=person, constituency="schools", term_start=day(-100),
                         term_end=day(100))
    with pytest.raises(ValidationError) as exc:
        services.seat_create(board=board, actor=officer, person=person, constituency="vcs", term_start=day(50))
    assert "Pat Double already holds a seat on this board" in exc.value.message_dict["term_start"][0]
    assert Seat.objects.count() == 1
    # a later term that starts after the first ends is a new row, not a clash
    services.seat_create(board=board, actor=officer, person=person, constituency="vcs", term_start=day(101))
    # and the same person may sit on another board
    services.seat_create(board=BoardFactory(area=board.area), actor=officer, person=person,
                         constituency="vcs", term_start=day(0))
    assert Seat.objects.filter(person=person).count() == 3


def test_seat_update_cannot_stretch_into_an_overlap(board, officer):
    person = BoardMemberFactory()
    services.seat_create(board=board, actor=officer, person=person, constituency="schools", term_start=day(-100),
                         term_end=day(-50))
    later = services.seat_create(board=board, actor=officer, person=person, constituency="vcs", term_start=day(0))
    with pytest.raises(ValidationError):
        services.seat_update(seat=later, actor=officer, term_start=day(-60))
    later.refresh_from_db()
    assert later.term_start == day(0)


def test_only_a_board_member_user_holds_a_seat(board, officer):
    with pytest.raises(ValidationError):
        services.seat_create(board=board, actor=officer, person=officer, constituency="schools", term_start=day(0))
    with pytest.raises(ValidationError) as exc:
        services.board_member_get_or_create(email=officer.email, full_name="X", actor=officer)
    assert "not a board member" in exc.value.message_dict["person_email"][0]


def test_seat_for_partner_needs_partner_from_the_boards_area(board, officer, other_area):
    with pytest.raises(ValidationError) as exc:
        services.seat_create(board=board, actor=officer, person=BoardMemberFactory(), constituency="partner",
                             term_start=day(0))
    assert "Select the partner" in exc.value.message_dict["partner"][0]
    with pytest.raises(ValidationError):
        services.seat_create(board=board, actor=officer, person=BoardMemberFactory(), constituency="partner",
                             partner=PartnerFactory(area=other_area), term_start=day(0))
    assert not Seat.objects.exists()


def test_one_person_represents_several_partners(board, officer):
    police = PartnerFactory(area=board.area, org_type="police_authority")
    chief = PartnerFactory(area=board.area, org_type="chief_officer_police")
    seat = services.seat_create(board=board, actor=officer, person=BoardMemberFactory(), constituency="partner",
                                partner=police, represented_partners=[chief, police], term_start=day(0))
    assert list(seat.represented_partners.all()) == [chief]  # the seat's own partner is not listed twice


def test_ended_term_is_kept_and_not_counted(board, officer, make_seats):
    seats = make_seats(3)
    services.seat_end(seat=seats[2], actor=officer, end_on=day(-1))
    assert Seat.objects.filter(board=board).count() == 3
    assert set(Seat.objects.filter(board=board).current()) == set(seats[:2])
    assert Seat.objects.get(pk=seats[2].pk).history.count() == 2
    # access to the area goes with the last term
    assert not Membership.objects.filter(user=seats[2].person, role="board_member").exists()


def test_seat_end_before_start_refused(board, officer, make_seats):
    seat = make_seats(1)[0]
    with pytest.raises(ValidationError):
        services.seat_end(seat=seat, actor=officer, end_on=seat.term_start - datetime.timedelta(days=1))
    seat.refresh_from_db()
    assert seat.term_end is None


def test_only_officers_of_the_area_manage_seats(board, other_officer, board_member):
    for actor in (other_officer, board_member):
        with pytest.raises(NotPermitted):
            services.seat_create(board=board, actor=actor, person=BoardMemberFactory(), constituency="schools",
                                 term_start=day(0))
    assert not Seat.objects.exists()


# ---------------------------------------------------------------------------
# meetings, agenda, attendance, quorum
# ---------------------------------------------------------------------------
def test_a_past_meeting_cannot_be_created_as_scheduled(board, officer):
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(board=board, actor=officer, date=day(-1), start_time=datetime.time(10),
                                place="Hall")
    assert "A meeting in the past cannot be scheduled" in exc.value.message_dict["status"][0]
    assert not Meeting.objects.exists()
    held = services.meeting_create(board=board, actor=officer, date=day(-1), start_time=datetime.time(10),
                                   place="Hall", status=Meeting.Status.HELD)
    assert held.status == "held"


def test_a_future_meeting_cannot_be_held(board, officer):
    with pytest.raises(ValidationError):
        services.meeting_create(board=board, actor=officer, date=day(3), start_time=datetime.time(10), place="Hall",
                                status=Meeting.Status.HELD)


def test_a_past_meeting_cannot_be_left_scheduled_on_update(board, officer):
    meeting = MeetingFactory(board=board, date=day(-3))  # slipped past while scheduled
    assert meeting.needs_status_update
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, actor=officer, place="Another room")
    services.meeting_update(meeting=meeting, actor=officer, status=Meeting.Status.CANCELLED)
    assert not Meeting.objects.get(pk=meeting.pk).needs_status_update


def test_agenda_item_add_appends_and_inserts(board, officer):
    meeting = MeetingFactory(board=board)
    a = services.agenda_item_add(meeting=meeting, title="A", actor=officer)
    b = services.agenda_item_add(meeting=meeting, title="B", actor=officer)
    c = services.agenda_item_add(meeting=meeting, title="Plan approval", kind="plan_approval", reference="plan:7",
                                 actor=officer, position=1)
    assert [(i.title, i.position) for i in meeting.items.order_by("position")] == [
        ("Plan approval", 1), ("A", 2), ("B", 3)]
    assert (c.kind, c.reference) == ("plan_approval", "plan:7")
    assert {a.pk, b.pk} < set(meeting.items.values_list("pk", flat=True))


def test_attendance_for_a_seat_not_on_the_board_is_refused(board, other_board, officer, make_seats):
    mine = make_seats(2)
    theirs = make_seats(1, target=other_board)[0]
    meeting = held_meeting(board)
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(meeting=meeting, actor=officer, entries=[
            (mine[0], "present", ""), (theirs, "present", "")])
    assert "not on this board" in exc.value.messages[0]
    assert not Attendance.objects.exists()  # nothing changed, not even the valid row


def test_attendance_for_a_seat_out_of_term_is_refused(board, officer, make_seats):
    seat = make_seats(1)[0]
    meeting = MeetingFactory(board=board, date=day(-400), status=Meeting.Status.HELD)  # before the term started
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=meeting, actor=officer, entries=[(seat, "present", "")])


def test_attendance_before_the_meeting_day_is_refused(board, officer, make_seats):
    seats = make_seats(1)
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=MeetingFactory(board=board, date=day(2)), actor=officer,
                                   entries=[(seats[0], "present", "")])


def test_quorum_by_fraction_counts_only_voting_members_in_term(board, officer, make_seats):
    seats = make_seats(6)  # quorum 1/2 of 6 voting seats = 3
    SeatFactory(board=board, voting=False, constituency="children")  # adviser: not counted
    ended = SeatFactory(board=board, term_start=day(-300), term_end=day(-1))
    meeting = held_meeting(board)
    all_present(meeting, seats[:2], officer)
    quorum = services.meeting_quorum(meeting)
    assert (quorum.quorate, quorum.present_voting, quorum.required, quorum.voting_seats) == (False, 2, 3, 6)
    assert "1 more voting member must be present" in quorum.reason
    with pytest.raises(ValidationError):  # the ended term cannot be marked present
        services.attendance_record(meeting=meeting, actor=officer, entries=[(ended, "present", "")])
    services.attendance_record(meeting=meeting, actor=officer, entries=[(seats[2], "substitute", "Sam Sub")])
    quorum = services.meeting_quorum(meeting)
    assert (quorum.quorate, quorum.present_voting) == (True, 3)
    assert quorum.reason.startswith("Quorate: 3 voting members present; the quorum is 3")


def test_quorum_fraction_rounds_up(board):
    board.quorum_numerator, board.quorum_denominator = 1, 2
    assert board.quorum_required(9) == 5
    board.quorum_numerator, board.quorum_denominator = 2, 3
    assert board.quorum_required(10) == 7


def test_quorum_by_number_and_chair_rule(area, officer):
    board = BoardFactory(area=area, quorum_kind="number", quorum_number=2, quorum_numerator=None,
                         quorum_denominator=None, quorum_chair_required=True)
    chair, *members = [SeatFactory(board=board, role=r) for r in ("chair", "member", "member")]
    meeting = held_meeting(board)
    all_present(meeting, members, officer)
    services.attendance_record(meeting=meeting, actor=officer, entries=[(chair, "substitute", "Deputy")])
    quorum = services.meeting_quorum(meeting)
    assert not quorum.quorate and not quorum.chair_present
    assert "the chair must be present and is not" in quorum.reason.lower()
    services.attendance_record(meeting=meeting, actor=officer, entries=[(chair, "present", "")])
    assert services.meeting_quorum(meeting).quorate


def test_substitute_name_defaults_to_the_named_substitute(board, officer):
    seat = SeatFactory(board=board, substitute_name="Deputy Dawn")
    meeting = held_meeting(board)
    services.attendance_record(meeting=meeting, actor=officer, entries=[(seat, "substitute", "")])
    assert Attendance.objects.get().substitute_name == "Deputy Dawn"
    other = SeatFactory(board=board)
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(meeting=meeting, actor=officer, entries=[(other, "substitute", "")])
    assert "Enter the name of the substitute" in exc.value.messages[0]


# ---------------------------------------------------------------------------
# decisions, declarations, minutes
# ---------------------------------------------------------------------------
def test_decision_refused_when_not_quorate_with_the_reason(board, officer, make_seats):
    seats = make_seats(4)
    meeting = held_meeting(board)
    item = AgendaItemFactory(meeting=meeting)
    all_present(meeting, seats[:1], officer)
    with pytest.raises(ValidationError) as exc:
        services.decision_record(item=item, actor=officer, resolution="Agree", outcome="carried")
    assert "the meeting is not quorate" in exc.value.messages[0]
    assert "1 voting member present; the quorum is 2" in exc.value.messages[0]
    assert not Decision.objects.exists()


def test_decision_recorded_when_quorate_and_signal_sent_after_commit(board, officer, make_seats,
                                                                    django_capture_on_commit_callbacks):
    seats = make_seats(4)
    meeting = held_meeting(board)
    item = AgendaItemFactory(meeting=meeting, kind="plan_approval", reference="plan:1")
    all_present(meeting, seats, officer)
    received = []

    def listener(sender, decision, **kwargs):
        received.append((sender, decision.pk, decision.item.kind))

    decision_recorded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            decision = services.decision_record(item=item, actor=officer, resolution="Approve the plan",
                                                outcome="carried", votes_for=3, votes_against=0, votes_abstain=1)
        assert received == []  # not before the commit
        for callback in callbacks:
            callback()
    finally:
        decision_recorded.disconnect(listener)
    assert received == [(Decision, decision.pk, "plan_approval")]
    assert (decision.present_voting, decision.quorum_required) == (4, 2)


@pytest.mark.parametrize(("votes", "outcome", "message"), [
    ((5, 0, 0), "carried", "more votes (5) than voting members present (4)"),
    ((1, 2, 0), "carried", "carried only when more members vote for it"),
    ((3, 1, 0), "not_carried", "so it was carried"),
])
def test_decision_votes_must_add_up(board, officer, make_seats, votes, outcome, message):
    seats = make_seats(4)
    meeting = held_meeting(board)
    all_present(meeting, seats, officer)
    with pytest.raises(ValidationError) as exc:
        services.decision_record(item=AgendaItemFactory(meeting=meeting), actor=officer, resolution="R",
                                 outcome=outcome, votes_for=votes[0], votes_against=votes[1], votes_abstain=votes[2])
    assert message in str(exc.value)
    assert not Decision.objects.exists()


def test_decision_only_by_an_officer(board, make_seats, officer, board_member, other_officer):
    seats = make_seats(2)
    meeting = held_meeting(board)
    all_present(meeting, seats, officer)
    for actor in (board_member, other_officer):
        with pytest.raises(NotPermitted):
            services.decision_record(item=AgendaItemFactory(meeting=meeting), actor=actor, resolution="R",
                                     outcome="carried")


def test_only_the_member_records_their_own_declaration(board, officer, member_seat, board_member):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    with pytest.raises(NotPermitted):
        services.declaration_record(item=item, actor=officer, interest="On behalf of Bella")
    other_member = BoardMemberFactory(area=board.area)  # in the area but without a seat
    with pytest.raises(NotPermitted):
        services.declaration_record(item=item, actor=other_member, interest="x")
    declaration = services.declaration_record(item=item, actor=board_member, interest="My sister runs the provider")
    assert (declaration.person, declaration.seat) == (board_member, member_seat)
    with pytest.raises(ValidationError):
        services.declaration_record(item=item, actor=board_member, interest="again")
    assert Declaration.objects.count() == 1


def test_minutes_drafted_then_approved_at_a_later_meeting(board, officer, make_seats):
    seats = make_seats(2)
    first = MeetingFactory(board=board, date=day(-30), status=Meeting.Status.HELD)
    second = held_meeting(board)
    with pytest.raises(ValidationError):  # nothing drafted yet
        services.minutes_approve(meeting=first, at_meeting=second, actor=officer)
    services.minutes_save(meeting=first, actor=officer, text="Minutes text")
    with pytest.raises(ValidationError) as exc:  # second meeting not quorate yet
        services.minutes_approve(meeting=first, at_meeting=second, actor=officer)
    assert "not quorate" in exc.value.messages[0]
    all_present(second, seats, officer)
    with pytest.raises(ValidationError):  # not at an earlier meeting
        services.minutes_approve(meeting=second, at_meeting=first, actor=officer)
    services.minutes_approve(meeting=first, at_meeting=second, actor=officer)
    first.refresh_from_db()
    assert (first.minutes_status, first.minutes_approved_at) == ("approved", second)
    with pytest.raises(ValidationError):  # approved minutes are fixed
        services.minutes_save(meeting=first, actor=officer, text="Changed")


def test_minutes_only_for_a_held_meeting(board, officer):
    with pytest.raises(ValidationError):
        services.minutes_save(meeting=MeetingFactory(board=board), actor=officer, text="Early")


def test_calendar_token_reset_changes_the_secret(board_member):
    first = services.calendar_token_get(user=board_member).token
    assert services.calendar_token_get(user=board_member).token == first
    services.calendar_token_reset(user=board_member, actor=board_member)
    assert services.calendar_token_get(user=board_member).token != first
