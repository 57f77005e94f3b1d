"""Board business as councils run it.

Meeting status from the record, expected quorum before the day, weekend and bank-holiday
dates confirmed; agenda publication with clear working days' notice, the public agenda, the
agenda pack PDF, supplementary papers and the chase; apologies and substitutes; the register of
interests, declarations and leaving the room; minutes drafted from the record; actions.
"""
import datetime as dt
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from boards import chasers, services
from boards.models import Action, Apology, Attendance, Constituency, Decision, Declaration, Meeting, Paper, Seat
from boards.tests.factories import (
    MINIMAL_PDF,
    ActionFactory,
    AgendaItemFactory,
    ApologyFactory,
    AttendanceFactory,
    BoardFactory,
    BoardMemberFactory,
    MeetingFactory,
    PaperFactory,
    RegisteredInterestFactory,
    SeatFactory,
    day,
)
from trusts.errors import TransitionError
from trusts.notices.models import ReminderLog
from trusts.notices.registry import registry
from trusts.notices.services import reminders_sweep
from trusts.tests.factories import OfficerFactory, date_input

LONDON = ZoneInfo("Europe/London")


def working_day(n):
    """The first Monday-to-Friday non-holiday on or after ``n`` days from today."""
    from trusts.notices.workdays import is_working_day

    d = day(n)
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


@pytest.fixture
def seats(board, board_member):
    """Four voting seats: the chair, Bella (with a named substitute) and two more. Quorum 1/2: 2."""
    chair = SeatFactory(board=board, role=Seat.Role.CHAIR, constituency=Constituency.PARENTS)
    bella = SeatFactory(board=board, person=board_member, constituency=Constituency.VCS,
                        substitute_name="Sid Substitute")
    others = [SeatFactory(board=board, constituency=Constituency.PARENTS) for _ in range(2)]
    return [chair, bella, *others]


def present_all(meeting, seats, overrides=None):
    overrides = overrides or {}
    for seat in seats:
        AttendanceFactory(meeting=meeting, seat=seat, status=overrides.get(seat.pk, Attendance.Status.PRESENT))


# ---------------------------------------------------------------------------------------------
# 1. status follows what happened; expected quorum; weekend and bank-holiday dates
# ---------------------------------------------------------------------------------------------
def test_meeting_stage_follows_the_record(officer, board, seats):
    meeting = MeetingFactory(board=board, date=day(20))
    assert meeting.stage == "scheduled"
    AgendaItemFactory(meeting=meeting)
    services.agenda_publish(meeting=meeting, actor=officer)
    meeting.refresh_from_db()
    assert (meeting.stage, meeting.stage_label) == ("agenda_published", "Agenda published")
    # on the day, recording attendance makes it held without anyone changing the status
    Meeting.objects.filter(pk=meeting.pk).update(date=day(0))
    meeting.refresh_from_db()
    services.attendance_record(meeting=meeting, actor=officer, entries=[(s, "present", "") for s in seats])
    meeting.refresh_from_db()
    assert (meeting.status, meeting.stage) == (Meeting.Status.HELD, "held")
    services.minutes_save(meeting=meeting, actor=officer, text="Agreed.")
    later = MeetingFactory(board=board, date=day(0), start_time=dt.time(18, 0), end_time=None)
    present_all(later, seats)
    services.minutes_approve(meeting=meeting, at_meeting=later, actor=officer)
    meeting.refresh_from_db()
    assert meeting.stage == "minutes_approved"


def test_a_decision_marks_the_meeting_held_and_a_past_date_shows_held(officer, board, seats):
    meeting = MeetingFactory(board=board, date=day(0))
    item = AgendaItemFactory(meeting=meeting)
    for seat in seats:  # attendance put in directly: the status is still "scheduled"
        AttendanceFactory(meeting=meeting, seat=seat)
    services.decision_record(item=item, actor=officer, resolution="Agreed", outcome="carried")
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD
    past = MeetingFactory.build(board=board, date=day(-3), status=Meeting.Status.SCHEDULED)
    assert past.stage == "held"
    cancelled = MeetingFactory.build(board=board, date=day(-3), status=Meeting.Status.CANCELLED)
    assert cancelled.stage == "cancelled"


def test_future_meeting_shows_expected_attendance_never_not_quorate(client, officer, board, seats):
    meeting = MeetingFactory(board=board, date=day(10))
    client.force_login(officer)
    url = reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})
    html = client.get(url).content.decode()
    assert "Not quorate" not in html
    assert "Expected: 4 voting members (4 voting seats filled, 0 sent apologies without a substitute); " \
           "the quorum is 2" in html
    assert "Quorum expected" in html
    # three apologies (one with a substitute, who attends): 2 expected against 2 needed
    ApologyFactory(meeting=meeting, seat=seats[0])
    ApologyFactory(meeting=meeting, seat=seats[1], substitute_name="Sid Substitute")
    ApologyFactory(meeting=meeting, seat=seats[2])
    html = client.get(url).content.decode()
    assert "Expected: 2 voting members (4 voting seats filled, 2 sent apologies without a substitute)" in html
    ApologyFactory(meeting=meeting, seat=seats[3])
    html = client.get(url).content.decode()
    assert "Quorum at risk" in html and "Not quorate" not in html


def _meeting_form(value, **extra):
    return {**date_input("date", value), "start_time": "10:00", "place": "Shire Hall", "status": "scheduled",
            **extra}


def test_weekend_date_asks_for_confirmation(client, officer, board):
    saturday = day(30)
    while saturday.weekday() != 5:
        saturday += timedelta(days=1)
    client.force_login(officer)
    url = reverse("boards:meeting-create", kwargs={"board": board.pk})
    response = client.post(url, _meeting_form(saturday))
    assert response.status_code == 200
    assert f"{saturday:%-d %B %Y} is a Saturday. Check the date, or confirm" in response.content.decode()
    assert not Meeting.objects.exists()
    assert client.post(url, _meeting_form(saturday, confirm_date="on")).status_code == 302
    assert Meeting.objects.get().date == saturday


def test_bank_holiday_date_asks_for_confirmation(client, officer, board):
    client.force_login(officer)
    url = reverse("boards:meeting-create", kwargs={"board": board.pk})
    boxing_day = date(timezone.localdate().year + 1, 12, 28) if date(timezone.localdate().year + 1, 12, 26).weekday() >= 5 \
        else date(timezone.localdate().year + 1, 12, 26)
    html = client.post(url, _meeting_form(boxing_day)).content.decode()
    assert "is a bank holiday" in html or "is a Saturday" in html or "is a Sunday" in html
    assert not Meeting.objects.exists()
    # a working day needs no confirmation
    assert client.post(url, _meeting_form(working_day(14))).status_code == 302


def test_easter_monday_is_a_bank_holiday_for_meetings():
    from boards.models import unusual_day

    assert unusual_day(date(2010, 4, 5)) == "a bank holiday"  # Easter Monday 2010
    assert unusual_day(date(2010, 4, 6)) == ""
    assert unusual_day(date(2010, 4, 10)) == "a Saturday"


# ---------------------------------------------------------------------------------------------
# 2. agenda publication
# ---------------------------------------------------------------------------------------------
def test_agenda_deadline_counts_clear_working_days(board):
    # Monday 14 December 2026: the five clear working days are 7 to 11 December, so Friday 4th
    meeting = MeetingFactory.build(board=board, date=date(2026, 12, 14))
    assert meeting.agenda_deadline == date(2026, 12, 4)
    board.agenda_notice_days = 3
    assert meeting.agenda_deadline == date(2026, 12, 8)
    # over Easter 2010 (Good Friday 2 April, Easter Monday 5 April): for Wednesday 7 April the five
    # clear working days are 29, 30, 31 March, 1 and 6 April, so Friday 26 March
    assert MeetingFactory.build(board=BoardFactory.build(), date=date(2010, 4, 7)).agenda_deadline == date(2010, 3, 26)


def test_board_sets_its_own_notice(client, officer, board):
    client.force_login(officer)
    response = client.post(reverse("boards:board-edit", kwargs={"board": board.pk}), {
        "name": board.name, "quorum_kind": "number", "quorum_number": "2", "quorum_chair_required": "no",
        "is_statutory": "yes", "agenda_notice_days": "10"})
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.agenda_notice_days == 10


def test_empty_agenda_cannot_be_published(client, officer, board):
    meeting = MeetingFactory(board=board, date=day(20))
    client.force_login(officer)
    response = client.post(reverse("boards:agenda-publish", kwargs={"meeting": meeting.pk}))
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and "Add at least one item to the agenda before publishing it" in html
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None
    with pytest.raises(TransitionError):
        services.agenda_publish(meeting=meeting, actor=officer)


def test_published_agenda_is_public_with_papers_and_supplementary_later(client, officer, board, other_area):
    meeting = MeetingFactory(board=board, date=day(20))
    item = AgendaItemFactory(meeting=meeting, title="Joint commissioning strategy")
    first = PaperFactory(item=item, title="Commissioning report")
    public = reverse("boards:public-agenda", kwargs={"la_code": board.area.la_code, "meeting": meeting.pk})
    assert client.get(public).status_code == 404  # not published yet
    listing = client.get(reverse("boards:public-meetings", kwargs={"la_code": board.area.la_code})).content.decode()
    assert "Not published yet" in listing
    client.force_login(officer)
    assert client.post(reverse("boards:agenda-publish", kwargs={"meeting": meeting.pk})).status_code == 302
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        services.paper_add(item=item, actor=officer, upload=SimpleUploadedFile("late.pdf", MINIMAL_PDF),
                           title="Updated figures")
    late = Paper.objects.get(title="Updated figures")
    assert late.supplementary and not Paper.objects.get(pk=first.pk).supplementary
    client.logout()
    listing = client.get(reverse("boards:public-meetings", kwargs={"la_code": board.area.la_code})).content.decode()
    assert public in listing
    html = client.get(public).content.decode()
    assert "Joint commissioning strategy" in html and "Commissioning report" in html
    assert "Supplementary" in html and f"added {timezone.localdate(late.uploaded_at):%-d %B %Y}" in html
    paper = client.get(reverse("boards:public-paper", kwargs={"la_code": board.area.la_code, "paper": first.pk}))
    assert paper.status_code == 200 and b"".join(paper.streaming_content).startswith(b"%PDF")
    # another area's address for the same meeting or paper: not found
    assert client.get(reverse("boards:public-agenda", kwargs={"la_code": other_area.la_code,
                                                              "meeting": meeting.pk})).status_code == 404
    assert client.get(reverse("boards:public-paper", kwargs={"la_code": other_area.la_code,
                                                             "paper": first.pk})).status_code == 404


def test_unpublished_papers_are_not_public(client, board):
    meeting = MeetingFactory(board=board, date=day(20))
    paper = PaperFactory(item=AgendaItemFactory(meeting=meeting))
    assert client.get(reverse("boards:public-paper", kwargs={"la_code": board.area.la_code,
                                                             "paper": paper.pk})).status_code == 404


def test_agenda_pack_pdf_is_tagged_with_title_and_language(client, officer, board):
    meeting = MeetingFactory(board=board, date=date(2026, 12, 14) if day(0) < date(2026, 12, 14) else day(20))
    item = AgendaItemFactory(meeting=meeting, title="Needs assessment")
    PaperFactory(item=item, title="Needs assessment report")
    services.agenda_publish(meeting=meeting, actor=officer)
    response = client.get(reverse("boards:public-agenda-pdf", kwargs={"la_code": board.area.la_code,
                                                                      "meeting": meeting.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    from tests.support.pdf import pdf_objects, ref, stream_of

    objects = pdf_objects(body)
    catalog = next(raw for raw in objects.values() if b"/Type /Catalog" in raw)
    assert b"/StructTreeRoot" in catalog and b"/MarkInfo <</Marked true>>" in catalog  # tagged
    assert b"/Lang (en-GB)" in catalog
    assert b"/DisplayDocTitle true" in catalog
    xmp = stream_of(objects[ref(catalog, b"Metadata")]).decode()
    assert 'pdfuaid:part="1"' in xmp  # PDF/UA-1
    title = f"Agenda: {board.name}, {meeting.date:%-d %B %Y}"
    assert title in xmp
    raw = b"\n".join(objects.values())
    # the papers are listed with links to their own files, not merged into the pack
    assert b"/URI" in raw and b"/papers/" in raw
    assert body.count(b"%PDF") == 1


def test_agenda_print_view(client, officer, board):
    meeting = MeetingFactory(board=board, date=day(20))
    AgendaItemFactory(meeting=meeting, title="Budget")
    client.force_login(officer)
    html = client.get(reverse("boards:agenda-print", kwargs={"meeting": meeting.pk})).content.decode()
    assert "boards/agenda-print.css" in html and "Budget" in html and "has not been published" in html
    assert 'class="govuk-header' not in html


@pytest.fixture
def sweep(chase_rules, django_capture_on_commit_callbacks):
    def run(when, *fns):
        moment = datetime(when.year, when.month, when.day, 6, 30, tzinfo=LONDON)
        with time_machine.travel(moment, tick=False), registry.override(*fns), \
                django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(today=when)

    return run


def test_agenda_not_published_by_its_deadline_is_chased_once(board, sweep):
    officer = OfficerFactory(area=board.area, email="olive@northshire.example.org")
    meeting = MeetingFactory(board=board, date=date(2030, 12, 16))  # a Monday: due by Friday 6 December
    AgendaItemFactory(meeting=meeting)
    quiet = MeetingFactory(board=board, date=date(2030, 12, 16), start_time=dt.time(18, 0), end_time=None)
    with time_machine.travel(datetime(2030, 12, 1, 9, tzinfo=LONDON)):
        AgendaItemFactory(meeting=quiet)
        services.agenda_publish(meeting=quiet, actor=officer)
    assert meeting.agenda_deadline == date(2030, 12, 6)
    assert sweep(date(2030, 12, 6), chasers.agenda_unpublished).new == 0  # still in time
    assert sweep(date(2030, 12, 9), chasers.agenda_unpublished).new == 1
    assert sweep(date(2030, 12, 9), chasers.agenda_unpublished).new == 0
    assert sweep(date(2030, 12, 10), chasers.agenda_unpublished).new == 0
    log = ReminderLog.objects.get(kind="agenda_unpublished")
    assert (log.recipient_email, log.subject_key, log.deadline) == (officer.email, f"meeting:{meeting.pk}:agenda",
                                                                   date(2030, 12, 6))
    message = mail.outbox[-1]
    assert "is not published" in message.subject and "due by Friday 6 December 2030" in message.body


# ---------------------------------------------------------------------------------------------
# 3. apologies and substitutes
# ---------------------------------------------------------------------------------------------
def test_member_sends_apologies_naming_the_substitute(client, officer, board, board_member, seats):
    meeting = MeetingFactory(board=board, date=day(5))
    client.force_login(board_member)
    url = reverse("boards:apology-create", kwargs={"meeting": meeting.pk})
    assert "Will your substitute, Sid Substitute, attend in your place?" in client.get(url).content.decode()
    assert client.post(url, {"with_substitute": "yes"}).status_code == 302
    apology = Apology.objects.get()
    assert (apology.person, apology.seat, apology.substitute_name) == (board_member, seats[1], "Sid Substitute")
    assert "You sent your apologies" in client.get(reverse("boards:meeting-detail",
                                                           kwargs={"meeting": meeting.pk})).content.decode()
    assert "already sent" in client.post(url, {"with_substitute": "no"}).content.decode()
    # the officer sees it, and it is carried into the attendance on the day
    client.force_login(officer)
    html = client.get(reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})).content.decode()
    assert "(substitute: Sid Substitute)" in html
    Meeting.objects.filter(pk=meeting.pk).update(date=day(0))
    form = client.get(reverse("boards:attendance", kwargs={"meeting": meeting.pk})).context["form"]
    assert form.fields[f"seat-{seats[1].pk}"].initial == Attendance.Status.SUBSTITUTE
    assert form.fields[f"sub-{seats[1].pk}"].initial == "Sid Substitute"
    assert form.fields[f"seat-{seats[0].pk}"].initial is None


def test_apologies_refused_once_the_meeting_started(client, board, board_member, seats):
    meeting = MeetingFactory(board=board, date=day(0), start_time=dt.time(0, 0))
    client.force_login(board_member)
    response = client.post(reverse("boards:apology-create", kwargs={"meeting": meeting.pk}), {"with_substitute": "no"})
    assert "The meeting has started, so apologies can no longer be sent here" in response.content.decode()
    assert not Apology.objects.exists()


def test_only_the_member_sends_their_apologies(client, officer, board, seats):
    meeting = MeetingFactory(board=board, date=day(5))
    client.force_login(officer)
    assert client.post(reverse("boards:apology-create", kwargs={"meeting": meeting.pk}),
                       {"with_substitute": "no"}).status_code == 403
    with pytest.raises(ValidationError):
        services.apology_send(meeting=meeting, actor=seats[0].person, with_substitute=True)  # no substitute named
    assert not Apology.objects.exists()


# ---------------------------------------------------------------------------------------------
# 4. the register of interests and declarations
# ---------------------------------------------------------------------------------------------
def test_member_keeps_their_register(client, board_member, member_seat):
    client.force_login(board_member)
    response = client.post(reverse("boards:interest-create"), {
        "kind": "pecuniary", "description": "Director of Northshire Care Ltd", **date_input("start_on", day(-100))})
    assert response.status_code == 302
    html = client.get(reverse("boards:interests")).content.decode()
    assert "Director of Northshire Care Ltd" in html and "Pecuniary" in html
    interest = board_member.registered_interests.get()
    response = client.post(reverse("boards:interest-end"), {"interest": interest.pk, **date_input("end_on", day(0))})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.end_on == day(0)


def test_someone_elses_register_entry_is_not_found(client, board_member, member_seat):
    theirs = RegisteredInterestFactory()
    client.force_login(board_member)
    assert client.get(reverse("boards:interest-end") + f"?interest={theirs.pk}").status_code == 404
    assert client.post(reverse("boards:interest-end"), {"interest": theirs.pk,
                                                        **date_input("end_on", day(0))}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.end_on is None


def test_declaring_a_registered_pecuniary_interest_and_leaving_the_room(client, officer, board, board_member, seats):
    meeting = MeetingFactory(board=board, date=day(0))
    item = AgendaItemFactory(meeting=meeting, title="Children's homes contract")
    RegisteredInterestFactory(person=board_member, description="Director of Northshire Care Ltd")
    ended = RegisteredInterestFactory(person=board_member, description="Old job", start_on=day(-400),
                                      end_on=day(-300))
    # three of four present: quorum 2, then Bella leaves the room for this item
    present_all(meeting, seats, {seats[3].pk: Attendance.Status.APOLOGIES})
    client.force_login(board_member)
    url = reverse("boards:declaration-create", kwargs={"item": item.pk})
    form = client.get(url).context["form"]
    choices = dict(form.fields["registered_interest"].choices)
    assert any("Director of Northshire Care Ltd" in label for label in choices.values())
    assert str(ended.pk) not in choices  # an interest that has ended is not offered
    interest = board_member.registered_interests.get(end_on__isnull=True)
    assert client.post(url, {"registered_interest": str(interest.pk), "left_room": "yes"}).status_code == 302
    declaration = Declaration.objects.get()
    assert (declaration.kind, declaration.left_room, declaration.registered_interest) == ("pecuniary", True, interest)
    assert declaration.interest == "Director of Northshire Care Ltd"
    # the quorum for this item counts two, not three; the votes cannot exceed two
    quorum = services.meeting_quorum(meeting, item=item)
    assert (quorum.present_voting, quorum.quorate) == (2, True)
    assert services.meeting_quorum(meeting).present_voting == 3
    with pytest.raises(ValidationError, match=r"more votes \(3\) than voting members present \(2\)"):
        services.decision_record(item=item, actor=officer, resolution="Award", outcome="carried", votes_for=3)
    client.force_login(officer)
    html = client.get(reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})).content.decode()
    assert "left the room for this item" in html
    assert "1 member who declared an interest left the room and is not counted" in html


def test_leaving_the_room_can_make_an_item_inquorate(officer, board, board_member, seats):
    meeting = MeetingFactory(board=board, date=day(0))
    item = AgendaItemFactory(meeting=meeting)
    absent = {seats[2].pk: Attendance.Status.ABSENT, seats[3].pk: Attendance.Status.ABSENT}
    present_all(meeting, seats, absent)  # the chair and Bella: exactly quorate
    services.declaration_record(item=item, actor=board_member, interest="Trustee of a bidder", kind="other",
                                left_room=True)
    with pytest.raises(ValidationError, match="not quorate"):
        services.decision_record(item=item, actor=officer, resolution="Award", outcome="carried")
    assert not Decision.objects.exists()


def test_declaration_by_a_member_not_present_is_refused(board, board_member, seats):
    meeting = MeetingFactory(board=board, date=day(0))
    item = AgendaItemFactory(meeting=meeting)
    present_all(meeting, seats, {seats[1].pk: Attendance.Status.ABSENT})
    with pytest.raises(ValidationError, match="not recorded as present"):
        services.declaration_record(item=item, actor=board_member, interest="x", kind="other")
    future = MeetingFactory(board=board, date=day(5))
    ApologyFactory(meeting=future, seat=seats[1])
    with pytest.raises(ValidationError, match="You sent apologies"):
        services.declaration_record(item=AgendaItemFactory(meeting=future), actor=board_member, interest="x")
    assert not Declaration.objects.exists()


def test_someone_elses_registered_interest_cannot_be_declared(board, board_member, seats):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board, date=day(5)))
    theirs = RegisteredInterestFactory()
    with pytest.raises(ValidationError):
        services.declaration_record(item=item, actor=board_member, registered_interest=theirs)


# ---------------------------------------------------------------------------------------------
# 5. minutes drafted from the record
# ---------------------------------------------------------------------------------------------
def test_minutes_drafted_from_the_record(client, officer, board, board_member, seats):
    meeting = MeetingFactory(board=board, date=day(0))
    item = AgendaItemFactory(meeting=meeting, position=1, title="Children's homes contract")
    ApologyFactory(meeting=meeting, seat=seats[3])
    present_all(meeting, seats[:3])
    services.declaration_record(item=item, actor=board_member, interest="Director of a bidder", kind="pecuniary",
                                left_room=True)
    services.decision_record(item=item, actor=officer, resolution="The contract is awarded to Acme.",
                             outcome="carried", votes_for=2, votes_against=0)
    meeting.refresh_from_db()
    client.force_login(officer)
    draft = client.get(reverse("boards:minutes-edit", kwargs={"meeting": meeting.pk})).context["form"].initial["minutes"]
    assert f"- {seats[0].person.full_name} (Chair" in draft
    assert f"Apologies:\n- {seats[3].person.full_name}" in draft
    assert "Bella Board, item 1 (Children's homes contract): Pecuniary interest: Director of a bidder. " \
           "Left the room for the item." in draft
    assert "Resolved: The contract is awarded to Acme. Carried (for 2, against 0, abstentions 0)." in draft
    # saved as a draft, it is not public until approved
    client.post(reverse("boards:minutes-edit", kwargs={"meeting": meeting.pk}), {"minutes": draft})
    assert Meeting.objects.get(pk=meeting.pk).minutes_status == Meeting.MinutesStatus.DRAFT
    client.logout()
    assert client.get(reverse("boards:public-minutes", kwargs={"la_code": board.area.la_code,
                                                               "meeting": meeting.pk})).status_code == 404


# ---------------------------------------------------------------------------------------------
# 6. actions
# ---------------------------------------------------------------------------------------------
def test_action_owner_must_be_on_the_board_and_open_actions_go_to_the_next_meeting(client, officer, board, seats):
    meeting = MeetingFactory(board=board, date=day(0))
    outsider = SeatFactory(board=BoardFactory(area=board.area))
    client.force_login(officer)
    url = reverse("boards:action-create", kwargs={"meeting": meeting.pk})
    response = client.post(url, {"description": "Report back", "owner": str(outsider.pk),
                                 **date_input("due_on", day(14))})
    assert "Select an owner with a seat on the board" in response.content.decode()
    assert client.post(url, {"description": "Report back on the budget", "owner": str(seats[1].pk),
                             **date_input("due_on", day(14))}).status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.status) == (seats[1], Action.Status.OPEN)
    following = MeetingFactory(board=board, date=day(30))
    html = client.get(reverse("boards:meeting-detail", kwargs={"meeting": following.pk})).content.decode()
    assert "Open actions from earlier meetings" in html and "Report back on the budget" in html
    client.post(reverse("boards:action-status", kwargs={"board_action": action.pk}), {"status": "done"})
    assert Action.objects.get().status == Action.Status.DONE
    html = client.get(reverse("boards:meeting-detail", kwargs={"meeting": following.pk})).content.decode()
    assert "Open actions from earlier meetings" not in html


def test_overdue_action_chased_to_its_owner(board, sweep):
    owner = SeatFactory(board=board, person=BoardMemberFactory(email="ann@example.org"), term_start=date(2029, 1, 1))
    meeting = MeetingFactory(board=board, date=date(2030, 11, 4))
    action = ActionFactory(meeting=meeting, owner=owner, due_on=date(2030, 11, 29))  # a Friday
    assert sweep(date(2030, 11, 29), chasers.action_overdue).new == 0
    assert sweep(date(2030, 12, 2), chasers.action_overdue).new == 1
    assert sweep(date(2030, 12, 2), chasers.action_overdue).new == 0
    assert mail.outbox[-1].to[0].endswith("ann@example.org>") or mail.outbox[-1].to[0] == "ann@example.org"
    Action.objects.filter(pk=action.pk).update(status=Action.Status.DONE)
    assert sweep(date(2030, 12, 16), chasers.action_overdue).new == 0  # done: no longer chased


@pytest.mark.parametrize("items", [1, 8])
def test_public_agenda_pages_constant_queries(client, officer, board, items, django_assert_num_queries):
    meeting = MeetingFactory(board=board, date=day(20))
    for i in range(items):
        PaperFactory(item=AgendaItemFactory(meeting=meeting, position=i + 1))
    services.agenda_publish(meeting=meeting, actor=officer)
    kwargs = {"la_code": board.area.la_code, "meeting": meeting.pk}
    with django_assert_num_queries(4):
        assert client.get(reverse("boards:public-agenda", kwargs=kwargs)).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(reverse("boards:public-agenda-print", kwargs=kwargs)).status_code == 200


def test_publish_error_page_title_starts_with_error(client, officer, board):
    meeting = MeetingFactory(board=board, date=day(20))
    client.force_login(officer)
    html = client.post(reverse("boards:agenda-publish", kwargs={"meeting": meeting.pk})).content.decode()
    assert "<title>Error: Meeting on" in html


def test_late_agenda_is_published_and_says_so(client, officer, board):
    meeting = MeetingFactory(board=board, date=working_day(2))
    AgendaItemFactory(meeting=meeting)
    client.force_login(officer)
    url = reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})
    assert "Overdue" in client.get(url).content.decode()
    client.post(reverse("boards:agenda-publish", kwargs={"meeting": meeting.pk}))
    meeting.refresh_from_db()
    assert meeting.agenda_late
    html = client.get(url).content.decode()
    assert f"after the deadline of {meeting.agenda_deadline:%-d %B %Y}" in html
    # published once only
    with pytest.raises(TransitionError, match="already published"):
        services.agenda_publish(meeting=meeting, actor=officer)


def test_board_page_shows_each_meetings_stage(client, officer, board):
    published = MeetingFactory(board=board, date=day(20))
    AgendaItemFactory(meeting=published)
    services.agenda_publish(meeting=published, actor=officer)
    MeetingFactory(board=board, date=day(-10), status=Meeting.Status.HELD)
    client.force_login(officer)
    html = client.get(reverse("boards:board-detail", kwargs={"board": board.pk}) + "?meetings=all").content.decode()
    assert "Agenda published</strong>" in html and "Held</strong>" in html


def test_member_who_sent_apologies_but_came_may_declare(board, board_member, seats):
    meeting = MeetingFactory(board=board, date=day(0))
    ApologyFactory(meeting=meeting, seat=seats[1])
    present_all(meeting, seats)  # Bella came after all
    declaration = services.declaration_record(item=AgendaItemFactory(meeting=meeting), actor=board_member,
                                              interest="Trustee of a bidder", kind="other")
    assert declaration.seat == seats[1]


def test_open_actions_are_listed_on_their_owners_home_page(client, board):
    """Actions are listed on the owner's home page (soonest due first, overdue marked)
    until done; nobody else's actions are shown."""
    owner, other = (SeatFactory(board=board, person=BoardMemberFactory(area=board.area)) for _ in range(2))
    meeting = MeetingFactory(board=board, date=timezone.localdate() - timedelta(days=30))
    late = Action.objects.create(meeting=meeting, owner=owner, description="Send the audit report",
                                 due_on=timezone.localdate() - timedelta(days=1))
    Action.objects.create(meeting=meeting, owner=owner, description="Book the venue",
                          due_on=timezone.localdate() + timedelta(days=10))
    Action.objects.create(meeting=meeting, owner=other, description="Someone else's action",
                          due_on=timezone.localdate() + timedelta(days=5))
    client.force_login(owner.person)
    html = client.get(reverse("trusts:home")).content.decode()
    assert "Your actions (2 open)" in html
    assert html.index("Send the audit report") < html.index("Book the venue")
    assert "Overdue" in html and "Someone else's action" not in html

    late.status = Action.Status.DONE
    late.save()
    html = client.get(reverse("trusts:home")).content.decode()
    assert "Your actions (1 open)" in html and "Send the audit report" not in html


def test_register_of_interests_reviewed_yearly_and_chased(client, board, sweep):
    """Each member's register is reviewed yearly: chased a year after their first seat
    began (never reviewed), again every 20 working days until they confirm it, then a year after."""
    member = BoardMemberFactory(email="rob@example.org")
    SeatFactory(board=board, person=member, term_start=date(2029, 1, 8))  # a Monday; a year on is a Tuesday
    assert sweep(date(2030, 1, 7), chasers.interests_review_due).new == 0  # not yet a year
    assert sweep(date(2030, 1, 8), chasers.interests_review_due).new == 1
    assert sweep(date(2030, 1, 8), chasers.interests_review_due).new == 0  # once
    assert mail.outbox[-1].to[0].endswith("rob@example.org>")
    assert "Review your register of interests" in mail.outbox[-1].subject

    # the member confirms it from their register page
    with time_machine.travel(datetime(2030, 1, 10, 9, 0, tzinfo=LONDON), tick=False):
        client.force_login(member)
        response = client.post(reverse("boards:interests-reviewed"))
        assert response["Location"] == reverse("boards:interests")
        page = client.get(reverse("boards:interests")).content.decode()
    assert "You last confirmed your register was complete on 10 January 2030" in page
    assert "The next review is due by 10 January 2031" in page
    assert ReminderLog.objects.filter(kind="interests_review").count() == 1
    # not chased again this year (the repeat 20 working days on finds it reviewed) ...
    assert sweep(date(2030, 2, 5), chasers.interests_review_due).new == 0
    # ... but a year after the review
    assert sweep(date(2031, 1, 10), chasers.interests_review_due).new == 1


def test_only_the_member_confirms_their_own_register(client, officer, board):
    member = BoardMemberFactory()
    SeatFactory(board=board, person=member)
    client.force_login(officer)
    assert client.post(reverse("boards:interests-reviewed")).status_code == 403
    client.force_login(member)
    assert client.get(reverse("boards:interests-reviewed")).status_code == 405
    assert client.post(reverse("boards:interests-reviewed")).status_code == 302
    assert member.interests_review.reviewed_on == timezone.localdate()
    assert member.interests_review.history.count() == 1


@pytest.mark.parametrize("year", ["9" * 25, "0", "abcd"])
def test_a_meeting_date_that_is_no_date_is_an_error_not_a_server_error(client, officer, board, year):
    client.force_login(officer)
    response = client.post(reverse("boards:meeting-create", kwargs={"board": board.pk}), {
        "date_0": "1", "date_1": "3", "date_2": year, "start_time": "18:30", "place": "Town Hall",
        "status": "scheduled", "confirm_date": "on"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not Meeting.objects.filter(board=board).exists()
