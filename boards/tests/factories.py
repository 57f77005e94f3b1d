import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from boards.demo import DEMO_PDF
from boards.models import (
    Action,
    AgendaItem,
    Apology,
    Attendance,
    Board,
    Constituency,
    Decision,
    InterestKind,
    JointAreaInvitation,
    Meeting,
    Paper,
    PaperVersion,
    RegisteredInterest,
    Seat,
)
from partners.models import Partner
from partners.tests.factories import PartnerFactory  # noqa: F401  (re-exported for boards tests)
from trusts.models import Membership, User
from trusts.tests.factories import (
    FORBIDDEN,
    NOT_FOUND,
    OfficerFactory,
    AreaFactory,
    UserFactory,
    Write,
)
from trusts.tests.factories import date_input as _date

MINIMAL_PDF = DEMO_PDF


class BoardMemberFactory(UserFactory):
    role = User.Role.BOARD_MEMBER

    @factory.post_generation
    def area(obj, create, extracted, **kwargs):
        if create and extracted:
            Membership.objects.get_or_create(user=obj, area=extracted, role=User.Role.BOARD_MEMBER)


class BoardFactory(DjangoModelFactory):
    class Meta:
        model = Board

    area = factory.SubFactory(AreaFactory)
    name = factory.LazyAttribute(lambda o: f"{o.area.name} Children's Trust Board")
    terms_of_reference = "To agree the Children and Young People's Plan and oversee its delivery."
    quorum_kind = Board.QuorumKind.FRACTION
    quorum_numerator = 1
    quorum_denominator = 2
    is_statutory = True


class SeatFactory(DjangoModelFactory):
    class Meta:
        model = Seat

    board = factory.SubFactory(BoardFactory)
    role = Seat.Role.MEMBER
    voting = True
    constituency = Constituency.SCHOOLS
    person = factory.SubFactory(BoardMemberFactory)
    term_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    term_end = None


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    start_time = datetime.time(14, 0)
    end_time = datetime.time(16, 0)
    place = "Shire Hall, Committee Room 1"
    status = Meeting.Status.SCHEDULED


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class PaperFactory(DjangoModelFactory):
    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = "Report"
    file = factory.LazyFunction(lambda: ContentFile(MINIMAL_PDF, name="paper.pdf"))
    original_name = "report.pdf"
    extension = "pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    uploaded_by = factory.SubFactory(UserFactory)


class PaperVersionFactory(DjangoModelFactory):
    """An earlier version of a paper (as paper_replace keeps it)."""

    class Meta:
        model = PaperVersion

    paper = factory.SubFactory(PaperFactory)
    number = 1
    file = factory.LazyFunction(lambda: ContentFile(MINIMAL_PDF, name="paper-v1.pdf"))
    original_name = "report-v1.pdf"
    extension = "pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    uploaded_by = factory.SubFactory(UserFactory)
    uploaded_at = factory.LazyFunction(timezone.now)
    replaced_by = factory.SubFactory(UserFactory)


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    status = Attendance.Status.PRESENT


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    resolution = "The board agreed the recommendation."
    outcome = Decision.Outcome.CARRIED
    present_voting = 1
    quorum_required = 1
    recorded_by = factory.SubFactory(UserFactory)


class ApologyFactory(DjangoModelFactory):
    class Meta:
        model = Apology

    person = factory.LazyAttribute(lambda o: o.seat.person)


class RegisteredInterestFactory(DjangoModelFactory):
    class Meta:
        model = RegisteredInterest

    person = factory.SubFactory(BoardMemberFactory)
    kind = InterestKind.PECUNIARY
    description = "Director of Northshire Care Ltd, a children's home provider"
    start_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=200))


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    description = "Report back on the needs assessment"
    owner = factory.LazyAttribute(lambda o: SeatFactory(board=o.meeting.board))
    due_on = factory.LazyAttribute(lambda o: o.meeting.date + datetime.timedelta(days=14))


class JointAreaInvitationFactory(DjangoModelFactory):
    class Meta:
        model = JointAreaInvitation

    board = factory.SubFactory(BoardFactory)
    area = factory.SubFactory(AreaFactory)
    status = JointAreaInvitation.Status.PENDING
    invited_by = factory.LazyAttribute(lambda o: OfficerFactory(area=o.board.area))


def _invitation_to(objs):
    """An invitation from another area's board to the matrix's area (whose officer answers it)."""
    return JointAreaInvitationFactory(board=BoardFactory(area=AreaFactory()), area=objs.area)


# Objects the URL x role matrix builds for the URL keywords this app introduces.
URL_KWARGS = {
    "invitation": _invitation_to,
    "board": lambda objs: BoardFactory(area=objs.area),
    "seat": lambda objs: SeatFactory(board=objs["board"]),
    "meeting": lambda objs: MeetingFactory(board=objs["board"]),
    "item": lambda objs: AgendaItemFactory(meeting=objs["meeting"]),
    "paper": lambda objs: PaperFactory(item=objs["item"]),
    "paper_version": lambda objs: PaperVersionFactory(paper=objs["paper"]),
    "board_action": lambda objs: ActionFactory(meeting=objs["meeting"]),
}
PUBLIC_URLS = {
    "boards:public-meetings", "boards:public-minutes", "boards:calendar-feed", "boards:calendar-feed-all",
    "boards:public-agenda", "boards:public-agenda-print", "boards:public-agenda-pdf", "boards:public-paper",
    "boards:public-minutes-print", "boards:public-minutes-pdf", "boards:public-decisions-print",
}
URL_KWARG_VALUES = {"calendar_token": "not-a-real-calendar-token"}


# ---------------------------------------------------------------------------
# The write matrix: every POST route of the app (tests/test_write_matrix.py).
# Managing a board is the work of officers of its areas; stewards read boards and change
# none of it here (403). A board member tried is one who holds a seat on the board (so
# can see it: 403); a partner contact never sees a board (404).
# ---------------------------------------------------------------------------
def _today(days=0):
    return timezone.localdate() + datetime.timedelta(days=days)


def _member_on(board):
    """A board member holding a seat on ``board``, with the access the seat gives."""
    return SeatFactory(board=board, constituency=Constituency.PARENTS, term_start=_today(-400),
                       person=BoardMemberFactory(area=board.area)).person


def _seated_member(objs):
    return _member_on(objs["board"])


def _member_of_meeting(objs):
    return _member_on(objs["meeting"].board)


def _member_of_seat_board(objs):
    return _member_on(objs["seat"].board)


def _member_of_item(objs):
    return _member_on(objs["item"].meeting.board)


MANAGER_REFUSALS = {"partner_contact": NOT_FOUND}


def _manage(builder=_seated_member, **kwargs):
    return Write(ok={"officer"}, expect=MANAGER_REFUSALS, users={"board_member": builder}, **kwargs)


def _board_payload(objs, user):
    return {"name": "Renamed board", "quorum_kind": "number", "quorum_number": "3", "quorum_chair_required": "no",
            "is_statutory": "yes"}


def _seat_payload(objs, user):
    member = BoardMemberFactory()
    return {"person_email": member.email, "role": "member", "voting": "yes", "constituency": "vcs",
            **_date("term_start", _today())}


def _seat_edit_payload(objs, user):
    return {"role": "vice_chair", "voting": "no", "constituency": "vcs", **_date("term_start", objs["seat"].term_start)}


def _meeting_payload(objs, user):
    # the date may fall on a weekend: confirmed, as the form asks
    return {**_date("date", _today(20)), "start_time": "18:30", "place": "Town Hall", "status": "scheduled",
            "confirm_date": "on"}


def _meeting_today(objs):
    """The matrix's meeting, moved to today, with every seat in term present (quorate)."""
    meeting = objs["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(date=_today())
    if not Seat.objects.filter(board_id=meeting.board_id).exists():
        SeatFactory(board=meeting.board, constituency=Constituency.PARENTS)
    return meeting


def _attendance_payload(objs, user):
    meeting = _meeting_today(objs)
    seats = Seat.objects.filter(board_id=meeting.board_id).current(_today())
    return {f"seat-{s.pk}": "present" for s in seats}


def _quorate_today(meeting):
    for seat in Seat.objects.filter(board_id=meeting.board_id).current(_today()):
        Attendance.objects.get_or_create(meeting=meeting, seat=seat, defaults={"status": "present"})


def _minutes_payload(objs, user):
    Meeting.objects.filter(pk=objs["meeting"].pk).update(date=_today(-1), status=Meeting.Status.HELD)
    return {"minutes": "The board agreed the plan."}


def _approve_payload(objs, user):
    meeting = _meeting_today(objs)
    _quorate_today(meeting)
    earlier = MeetingFactory(board=meeting.board, date=_today(-30), status=Meeting.Status.HELD,
                             minutes="Agreed.", minutes_status=Meeting.MinutesStatus.DRAFT)
    return {"earlier": str(earlier.pk)}


def _paper_payload(objs, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"title": "Budget report", "file": SimpleUploadedFile("budget.pdf", MINIMAL_PDF)}


def _decision_payload(objs, user):
    meeting = _meeting_today(objs)
    _quorate_today(meeting)
    return {"resolution": "The board agreed the plan.", "outcome": "carried"}


def _lead_officer(objs):
    return OfficerFactory(area=objs["invitation"].board.area)


WRITE_ROUTES = {
    "boards:board-create": Write(ok={"officer"}, payload=_board_payload),
    "boards:board-edit": _manage(payload=_board_payload),
    "boards:seat-create": _manage(payload=_seat_payload),
    "boards:seat-edit": _manage(_member_of_seat_board, payload=_seat_edit_payload),
    "boards:seat-end": _manage(_member_of_seat_board, payload=lambda objs, user: _date("end_on", _today())),
    "boards:seat-invite": _manage(_member_of_seat_board),
    "boards:meeting-create": _manage(payload=_meeting_payload),
    "boards:meeting-edit": _manage(_member_of_meeting, payload=lambda objs, user: {
        **_meeting_payload(objs, user), "place": "Shire Hall"}),
    "boards:item-create": _manage(_member_of_meeting, payload=lambda objs, user: {"title": "Budget"}),
    "boards:attendance": _manage(_member_of_meeting, payload=_attendance_payload),
    "boards:minutes-edit": _manage(_member_of_meeting, payload=_minutes_payload),
    "boards:minutes-approve": _manage(_member_of_meeting, payload=_approve_payload),
    "boards:paper-upload": _manage(_member_of_item, payload=_paper_payload),
    # the board's decision is recorded by the officer clerking it or by a member seated on the day
    "boards:decision-create": Write(ok={"officer", "board_member"}, expect=MANAGER_REFUSALS,
                                    users={"board_member": _member_of_item}, payload=_decision_payload),
    # only a member holding a seat on the board on the day of the meeting declares, for themself
    "boards:declaration-create": Write(ok={"board_member"}, users={"board_member": _member_of_item},
                                       expect={"officer": FORBIDDEN, "partner_contact": NOT_FOUND},
                                       payload=lambda objs, user: {"interest": "A trustee of a bidder", "kind": "other",
                                                                   "left_room": "no"}),
    # the user's own calendar address: anyone signed in, except a read-only steward
    "boards:calendar-reset": Write(ok={"officer", "other_officer", "board_member", "partner_contact",
                                       "steward_edit"}),
    # the invited area's officer answers; the lead area's officer sees it but may not (403);
    # nobody else knows it exists (404)
    "boards:invitation-answer": Write(ok={"officer"}, payload=lambda objs, user: {"answer": "accept"},
                                      expect={"board_member": NOT_FOUND, "partner_contact": NOT_FOUND,
                                              "other_officer": FORBIDDEN},
                                      users={"other_officer": _lead_officer}),
}


# -- board business -----------------------------------------------------------------------
def _publishable(objs, user):
    """The matrix's meeting, in the future with an item on its agenda."""
    AgendaItemFactory(meeting=objs["meeting"], title="Needs assessment")
    return {}


def _member_of_future_meeting(objs):
    """A member seated on the matrix's (future) meeting's board, who may send apologies."""
    return _member_on(objs["meeting"].board)


def _own_interest(objs, user):
    """An interest in the user's own register when they are a board member, else someone else's."""
    owner = user if user is not None and user.role == User.Role.BOARD_MEMBER else BoardMemberFactory()
    interest = RegisteredInterestFactory(person=owner)
    return {"interest": str(interest.pk), **_date("end_on", _today())}


def _interest_payload(objs, user):
    return {"kind": "pecuniary", "description": "Shares in a nursery chain", **_date("start_on", _today(-30))}


def _action_payload(objs, user):
    meeting = objs["meeting"]
    seat = Seat.objects.filter(board_id=meeting.board_id).current(meeting.date).first() or SeatFactory(
        board=meeting.board, constituency=Constituency.PARENTS)
    return {"description": "Report on the budget", "owner": str(seat.pk), **_date("due_on", meeting.date + datetime.timedelta(days=30))}


EVERYONE_BUT_MEMBER = {"officer": NOT_FOUND, "other_officer": NOT_FOUND, "partner_contact": NOT_FOUND,
                       "steward_read": NOT_FOUND, "steward_edit": NOT_FOUND}

WRITE_ROUTES.update({
    "boards:agenda-publish": _manage(_member_of_meeting, payload=_publishable),
    # the member sends their own apologies: an officer sees the meeting but may not (403)
    "boards:apology-create": Write(ok={"board_member"}, users={"board_member": _member_of_future_meeting},
                                   expect={"officer": FORBIDDEN, "partner_contact": NOT_FOUND},
                                   payload=lambda objs, user: {"with_substitute": "no"}),
    # a member's register is their own: only they add to it or end an entry; anyone else's is a 404
    "boards:interest-create": Write(ok={"board_member"}, users={"board_member": _seated_member},
                                    expect={"other_officer": FORBIDDEN}, payload=_interest_payload),
    "boards:interest-end": Write(ok={"board_member"}, users={"board_member": _seated_member},
                                 expect=EVERYONE_BUT_MEMBER, payload=_own_interest),
    # only the member confirms their own register reviewed; nobody else has a register here
    "boards:interests-reviewed": Write(ok={"board_member"}, users={"board_member": _seated_member},
                                       expect={"other_officer": FORBIDDEN}),
    "boards:action-create": _manage(_member_of_meeting, payload=_action_payload),
    "boards:action-status": _manage(lambda objs: _member_on(objs["board_action"].meeting.board),
                                    payload=lambda objs, user: {"status": "done"}),
    # the member's own choice: the board's officers see the board but may not (403); anyone else 404
    "boards:notification-preference": Write(ok={"board_member"}, users={"board_member": _seated_member},
                                            expect={"officer": FORBIDDEN, "partner_contact": NOT_FOUND},
                                            payload=lambda objs, user: {"frequency": "daily"}),
    "boards:forward-plan-create": _manage(payload=lambda objs, user: {
        "title": "Annual review of the plan", "month": f"{_today(62):%Y-%m}", "meeting": ""}),
    "boards:paper-replace": _manage(lambda objs: _member_on(objs["paper"].item.meeting.board),
                                    payload=_paper_payload),
})


# -- a board at real size ----------------------------------------------------------------------
# A board of a real area for page-size tests: Lincolnshire after ``seed_national --seed 1``
# has 672 partners, 425 of them relevant, and a board of 20 to 40 places with two years of
# terms and meetings. Schools sit on the board as groups (s12A(5)); a few are named.
# (org_type, share of the schools): about the mix of partners.national_data.SCHOOL_MIX
SCHOOL_MIX = (
    ("school_community", 38), ("school_voluntary_aided", 13), ("school_voluntary_controlled", 11),
    ("school_foundation", 7), ("school_community_special", 4), ("school_nursery", 2), ("academy", 16),
    ("independent_school", 7), ("pru", 2),
)
STATUTORY = ("local_authority", "district_council", "district_council", "district_council", "district_council",
             "district_council", "district_council", "district_council", "police_authority", "chief_officer_police",
             "pct", "sha", "probation", "yot", "connexions", "lsc", "jobcentre_plus", "schools_forum",
             "fe_college", "fe_college", "sixth_form_college")
OTHERS = (("gp_practice", 110), ("childrens_centre", 36), ("vcs", 31), ("private_provider", 14))


def day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def member_areas(user):
    """The LA codes of the areas where ``user`` is a board member."""
    return set(Membership.objects.filter(user=user, role="board_member").values_list("area__la_code", flat=True))


def make_partners(area, schools):
    """``schools`` schools and academies plus about 210 other partners (the statutory bodies,
    GP practices, children's centres, voluntary bodies). Returns them by organisation type."""
    rows, n = [], 0
    total_share = sum(share for _, share in SCHOOL_MIX)
    for org_type, share in SCHOOL_MIX:
        for _ in range(round(schools * share / total_share)):
            n += 1
            rows.append(Partner(area=area, name=f"{org_type.replace('_', ' ').title()} {n}", org_type=org_type,
                                urn=f"{120000 + n}"))
    for i, org_type in enumerate(STATUTORY):
        extra = {"ukprn": f"{10000000 + i}"} if org_type in ("fe_college", "sixth_form_college") else {}
        rows.append(Partner(area=area, name=f"{org_type.replace('_', ' ').title()} {i}", org_type=org_type, **extra))
    for org_type, count in OTHERS:
        rows += [Partner(area=area, name=f"{org_type.replace('_', ' ').title()} {i}", org_type=org_type)
                 for i in range(count)]
    Partner.objects.bulk_create(rows)
    by_type = {}
    for partner in Partner.objects.filter(area=area).order_by("pk"):
        by_type.setdefault(partner.org_type, []).append(partner)
    return by_type


def fill_real_board(board, *, schools=460, seats=35, past=20, meetings=16):
    """A board of a real area: groups for the schools, colleges and the voluntary sector, a
    seat per statutory partner, further members, past terms and two years of meetings."""
    area = board.area
    area.framework = "ascl2009"  # schools, academies and colleges are relevant partners (s193)
    area.save()
    by_type = make_partners(area, schools)
    made = []

    def seat(constituency, *, role=Seat.Role.MEMBER, partner=None, represents=(), groups=(), **kwargs):
        s = SeatFactory(board=board, constituency=constituency, role=role, partner=partner,
                        represented_groups=list(groups), person=BoardMemberFactory(area=area), **kwargs)
        if represents:
            s.represented_partners.set(represents)
        made.append(s)
        return s

    seat(Constituency.LEAD_MEMBER, role=Seat.Role.CHAIR)
    seat(Constituency.DCS, role=Seat.Role.VICE_CHAIR, represents=by_type["local_authority"])
    seat(Constituency.SCHOOLS, groups=("mainstream_schools", "nursery_schools", "pupil_referral_units"),
         represents=by_type["school_community"][:5])
    seat(Constituency.SCHOOLS, groups=("academies", "colleges"), represents=by_type["academy"][:3])
    seat(Constituency.SCHOOLS, groups=("special_schools",))
    seat(Constituency.VCS, groups=("vcs",), represents=by_type["vcs"][:3])
    seat(Constituency.SCHOOLS_FORUM)
    statutory = [p for t in ("pct", "sha", "chief_officer_police", "probation", "yot", "connexions",
                             "jobcentre_plus") for p in by_type[t]]
    for partner in statutory:
        seat(Constituency.PARTNER, partner=partner, represents=by_type["district_council"][:1])
    for partner in by_type["district_council"][::3]:
        seat(Constituency.PARTNER, partner=partner, represents=by_type["district_council"][1:3])
    pool = by_type["gp_practice"] + by_type["childrens_centre"] + by_type["private_provider"]
    while len(made) < seats:
        seat(Constituency.PARTNER, partner=pool.pop(0))
    for i in range(past):
        seat(Constituency.PARENTS, term_start=day(-900 + i), term_end=day(-400 + i))
    for i in range(meetings):
        status = Meeting.Status.HELD if i < meetings - 4 else Meeting.Status.SCHEDULED
        MeetingFactory(board=board, date=day(-60 * (meetings - 4 - i) + (1 if status == "scheduled" else 0)),
                       status=status)
    return made, by_type
