"""Reads for views, each in a fixed number of queries however many seats or meetings."""
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When, Window
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from boards import groups
from boards.composition import composition_for, relevant_partners_of
from boards.models import (
    Action,
    AgendaItem,
    Apology,
    Attendance,
    Board,
    Constituency,
    Decision,
    Declaration,
    ForwardPlanItem,
    InterestsReview,
    JointAreaInvitation,
    Meeting,
    NotificationPreference,
    Paper,
    PaperVersion,
    RegisteredInterest,
    Seat,
)
from boards.quorum import compute_quorum
from partners.models import Partner
from trusts.dates import long_date
from trusts.models import Area, User
from trusts.pagination import pagination
from trusts.permissions import is_area_officer, is_steward

ROLE_ORDER = {role: i for i, role in enumerate(Seat.Role.values)}
RESENDABLE = {User.AccountStatus.INVITED, User.AccountStatus.NOT_INVITED}


def today():
    return timezone.localdate()


def _boards(qs):
    return qs.select_related("area").prefetch_related("joint_areas")


def _seats(qs):
    return qs.select_related("person", "partner", "substitute").prefetch_related("represented_partners")


def _sorted_seats(seats):
    return sorted(seats, key=lambda s: (ROLE_ORDER.get(s.role, 9), s.person.full_name.lower(), s.term_start))


# ---------------------------------------------------------------------------
# boards
# ---------------------------------------------------------------------------
def board_list(*, user, area):
    """Boards of an area (lead or joint) the user may see."""
    return list(_boards(Board.objects.for_user(user).for_area(area)).annotate(
        current_seats=Count("seats", filter=Q(seats__term_start__lte=today())
                            & (Q(seats__term_end__isnull=True) | Q(seats__term_end__gte=today())), distinct=True),
    ).order_by("name"))


def board_get(*, user, pk):
    return get_object_or_404(_boards(Board.objects.for_user(user)), pk=pk)


# ---------------------------------------------------------------------------
# joint-area invitations: seen by the officers of both areas (and stewards)
# ---------------------------------------------------------------------------
def invitation_list(*, user, area, limit=20):
    """The invitations this area has been sent, newest first, for its own officers (and
    stewards); nobody else learns of them."""
    if not (is_steward(user) or is_area_officer(user, area)):
        return []
    return list(JointAreaInvitation.objects.filter(area=area).select_related("board__area", "invited_by",
                                                                            "answered_by")[:limit])


def invitation_get(*, user, pk):
    """One invitation, for the officers of the lead or invited area (another's is a 404)."""
    invitation = get_object_or_404(JointAreaInvitation.objects.select_related("board__area", "area"), pk=pk)
    if not (is_steward(user) or is_area_officer(user, invitation.area_id)
            or is_area_officer(user, invitation.board.area_id)):
        raise Http404("No such invitation")
    return invitation


SUMMARY_SEATS = 20  # seats listed on the board page; the rest are on the seats page
SEATS_PER_PAGE = 50
MEETINGS_SHOWN = 6  # past meetings on the board page unless all are asked for
NAMED_SHOWN = 5  # partners named on a seat listed in a seats table before "and N more"
# the seats page's order: chair, vice-chair, then by who the seat represents, then name
CONSTITUENCY_ORDER = (Constituency.LEAD_MEMBER, Constituency.DCS, Constituency.AUTHORITY, Constituency.PARTNER,
                      Constituency.SCHOOLS, Constituency.SCHOOLS_FORUM, Constituency.VCS, Constituency.CHILDREN,
                      Constituency.PARENTS)
CONSTITUENCY_RANK = {c: i for i, c in enumerate(CONSTITUENCY_ORDER)}


@dataclass
class BoardPage:
    """The board as a summary: facts, composition, the seats in counts with a short list
    (the rest on the seats page), and the meetings. Its size does not grow with the
    register or the board's history."""
    board: Board
    composition: object
    shortlist: list  # the first SUMMARY_SEATS seats in term: chair, vice-chair, then by constituency
    upcoming: list
    past_meetings: list  # the latest MEETINGS_SHOWN, or all when asked for
    past_meetings_total: int = 0
    group_members: dict = field(default_factory=dict)  # group code: open partners of the board's areas in it
    seats_filled: int = 0
    voting_seats: int = 0
    future_count: int = 0
    past_count: int = 0
    chairs: list = field(default_factory=list)
    vice_chairs: list = field(default_factory=list)
    group_seats: list = field(default_factory=list)  # seats in term that represent groups (with group_rows)
    by_constituency: list = field(default_factory=list)  # (label, seats in term)
    stale_meetings: list = field(default_factory=list)
    invitations: list = field(default_factory=list)  # joint-area invitations not accepted (managers only)
    forward_plan: list = field(default_factory=list)  # items planned for future meetings

    @property
    def more_seats(self):
        return self.seats_filled > len(self.shortlist)

    @property
    def more_meetings(self):
        return self.past_meetings_total > len(self.past_meetings)

    @property
    def shortlist_caption(self):
        if self.more_seats:
            return f"Members in term: the first {len(self.shortlist)} of {self.seats_filled}"
        return "Members in term"

    @property
    def past_meetings_caption(self):
        if self.more_meetings:
            return f"Past and cancelled meetings: the latest {len(self.past_meetings)} of {self.past_meetings_total}"
        return "Past and cancelled meetings"


def _summary_order(seat):
    return (ROLE_ORDER.get(seat.role, 9) if seat.role in (Seat.Role.CHAIR, Seat.Role.VICE_CHAIR) else 2,
            CONSTITUENCY_RANK.get(seat.constituency, 99), seat.person.full_name.lower(), seat.term_start)


def _decorate(seats, group_members, *, for_manager, day):
    """What a seats table shows beside each seat, worked out here so templates only loop:
    the groups with their members today, the first few named partners, the account."""
    for seat in seats:
        seat.ended = bool(seat.term_end and seat.term_end < day)  # a past term is not changed or ended again
        seat.group_rows = [(g, group_members.get(g.code, 0)) for g in seat.groups]
        named = list(seat.represented_partners.all())
        seat.named_shown, seat.named_more = named[:NAMED_SHOWN], max(0, len(named) - NAMED_SHOWN)
        if for_manager:
            # "Invited" or "Active" beside each holder; an invitation can be sent again until
            # they have set a password, since an account nobody can sign in to is no use
            seat.account_status = seat.person.account_status
            seat.can_resend = seat.account_status in RESENDABLE and not seat.ended


def board_page(*, board, day=None, for_manager=False, all_meetings=False):
    """``for_manager``: for the board's managers, the invitations to other areas that are
    waiting, refused or withdrawn (both areas see where an invitation stands).

    A fixed number of queries: the seats in term (a board has tens, and the composition
    check needs them all), one count of past and future terms, the relevant partners, the
    meetings, the groups' member counts and the invitations."""
    day = day or today()
    current = list(_seats(board.seats.current(day)))
    others = board.seats.aggregate(past=Count("pk", filter=Q(term_end__lt=day)),
                                   future=Count("pk", filter=Q(term_start__gt=day)))
    relevant = relevant_partners_of([board.area, *board.joint_areas.all()], day)
    composition = composition_for(board, seats=current, relevant_partners=relevant, day=day)
    meetings = list(board.meetings.annotate(item_count=Count("items")).order_by("date", "start_time"))
    upcoming = [m for m in meetings if m.date >= day and m.status != Meeting.Status.CANCELLED]
    upcoming_ids = {m.pk for m in upcoming}
    past_meetings = [m for m in reversed(meetings) if m.pk not in upcoming_ids]
    group_members = _group_members(board, current)
    current.sort(key=_summary_order)
    shortlist = current[:SUMMARY_SEATS]
    _decorate(current, group_members, for_manager=for_manager, day=day)
    by_constituency = defaultdict(int)
    for seat in current:
        by_constituency[seat.constituency] += 1
    return BoardPage(
        forward_plan=forward_plan_item_list(board_ids=[board.pk], day=day),
        board=board, composition=composition, shortlist=shortlist, group_members=group_members,
        upcoming=upcoming, past_meetings=past_meetings if all_meetings else past_meetings[:MEETINGS_SHOWN],
        past_meetings_total=len(past_meetings), seats_filled=len(current),
        voting_seats=sum(1 for s in current if s.voting),
        future_count=others["future"], past_count=others["past"],
        chairs=[s for s in current if s.role == Seat.Role.CHAIR],
        vice_chairs=[s for s in current if s.role == Seat.Role.VICE_CHAIR],
        group_seats=[s for s in current if s.represented_groups],
        by_constituency=[(Constituency(c).label, by_constituency[c]) for c in CONSTITUENCY_ORDER
                         if by_constituency[c]],
        stale_meetings=[m for m in meetings if m.needs_status_update],
        invitations=list(board.joint_invitations.exclude(status=JointAreaInvitation.Status.ACCEPTED)
                         .select_related("area", "invited_by", "answered_by")[:20]) if for_manager else [],
    )


@dataclass
class SeatsPage:
    board: Board
    seats: list
    page: object  # django.core.paginator.Page
    pagination: dict | None
    status: str
    filtered: bool
    total: int  # seats of the board, every term


def seat_list(*, board, status="current", constituency="", q="", page=1, params=None, day=None,
                for_manager=False):
    """The board's seats, filtered and paginated (SEATS_PER_PAGE a page), in the board
    page's order. A fixed number of queries whatever the page or the board's size."""
    day = day or today()
    qs = board.seats.all()
    if status == "current":
        qs = qs.current(day)
    elif status == "future":
        qs = qs.future(day)
    elif status == "ended":
        qs = qs.past(day)
    if constituency:
        qs = qs.filter(constituency=constituency)
    if q:
        q = " ".join(q.split())
        qs = qs.filter(Q(person__full_name__icontains=q) | Q(substitute_name__icontains=q)
                       | Q(substitute__full_name__icontains=q) | Q(partner__name__icontains=q))
    qs = qs.annotate(
        role_rank=Case(When(role=Seat.Role.CHAIR, then=Value(0)), When(role=Seat.Role.VICE_CHAIR, then=Value(1)),
                       default=Value(2), output_field=IntegerField()),
        constituency_rank=Case(*[When(constituency=c, then=Value(i)) for c, i in CONSTITUENCY_RANK.items()],
                               default=Value(99), output_field=IntegerField()),
    ).order_by("role_rank", "constituency_rank", Lower("person__full_name"), "-term_start", "pk")
    paginator = Paginator(_seats(qs), SEATS_PER_PAGE)
    current_page = paginator.get_page(page)
    seats = list(current_page.object_list)
    _decorate(seats, _group_members(board, seats), for_manager=for_manager, day=day)
    return SeatsPage(board=board, seats=seats, page=current_page,
                     pagination=pagination(current_page, params),
                     status=status, filtered=bool(constituency or q or status != "current"),
                     total=paginator.count)


def _group_members(board, seats):
    """How many open partners each group named on the board's seats has today: one count
    query, however many partners (membership follows the register, never a stored list)."""
    chosen = {code for seat in seats for code in seat.represented_groups}
    if not chosen:
        return {}
    # by (organisation type, phase): a phase group counts only its phases
    counts = {(t, p): n for t, p, n in Partner.objects.filter(area_id__in=board.area_ids()).active()
              .values_list("org_type", "phase").annotate(n=Count("pk")).order_by()}
    return {g.code: n for g, n in groups.member_counts(groups.groups_of(chosen), counts)}


def board_history_list(*, board, limit=200):
    """Who changed the board's membership and settings, newest first."""
    rows = []
    seat_history = (Seat.history.filter(board_id=board.pk).select_related("history_user")
                    .order_by("-history_date", "-history_id")[:limit])
    people = {}
    records = list(seat_history)
    person_ids = {r.person_id for r in records} | {r.substitute_id for r in records if r.substitute_id}
    if person_ids:
        people = {u.pk: u.full_name for u in User.objects.filter(pk__in=person_ids).only("pk", "full_name")}
    for r in records:
        action = {"+": "Seat added", "~": "Seat changed", "-": "Seat removed"}[r.history_type]
        rows.append({
            "when": r.history_date, "who": r.history_user, "action": action,
            "what": f"{Seat.Role(r.role).label}: {people.get(r.person_id, '?')}",
            "detail": (f"term {r.term_start:%-d %b %Y} to {r.term_end:%-d %b %Y}" if r.term_end
                       else f"term from {r.term_start:%-d %b %Y}") + ("" if r.voting else ", non-voting")
            + "".join(f"; represents {g.label.lower()}" for g in groups.groups_of(r.represented_groups)),
        })
    for r in board.history.select_related("history_user").order_by("-history_date")[:limit]:
        rows.append({"when": r.history_date, "who": r.history_user,
                     "action": {"+": "Board set up", "~": "Board changed", "-": "Board removed"}[r.history_type],
                     "what": r.name, "detail": f"statutory: {'yes' if r.is_statutory else 'no'}"})
    # joint areas join and leave by their own officers' answer: every step is kept
    invitations = (JointAreaInvitation.history.filter(board_id=board.pk).select_related("history_user", "area")
                   .order_by("-history_date")[:limit])
    for r in invitations:
        rows.append({"when": r.history_date, "who": r.history_user,
                     "action": INVITATION_ACTIONS.get(r.status, "Invitation changed"),
                     "what": r.area.name if r.area_id else "?", "detail": "joint area (s12A)"})
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows[:limit]


INVITATION_ACTIONS = {
    JointAreaInvitation.Status.PENDING: "Area invited to join",
    JointAreaInvitation.Status.ACCEPTED: "Invitation accepted",
    JointAreaInvitation.Status.REFUSED: "Invitation refused",
    JointAreaInvitation.Status.WITHDRAWN: "Invitation withdrawn",
    JointAreaInvitation.Status.ENDED: "Area left the board",
}


# ---------------------------------------------------------------------------
# meetings
# ---------------------------------------------------------------------------
def meeting_get(*, user, pk):
    return get_object_or_404(
        Meeting.objects.for_user(user).select_related("board__area").prefetch_related("board__joint_areas"), pk=pk)


def item_get(*, user, pk):
    return get_object_or_404(
        AgendaItem.objects.for_user(user).select_related("meeting__board__area")
        .prefetch_related("meeting__board__joint_areas"), pk=pk)


def seat_get(*, user, pk):
    return get_object_or_404(
        Seat.objects.for_user(user).select_related("board__area", "person", "partner", "substitute")
        .prefetch_related("board__joint_areas", "represented_partners"), pk=pk)


def paper_get(*, user, pk):
    return get_object_or_404(Paper.objects.for_user(user).select_related("item__meeting__board"), pk=pk)


def paper_with_versions_get(*, user, pk):
    """A paper the user may see, with its earlier versions (newest first) and who uploaded each."""
    return get_object_or_404(
        Paper.objects.for_user(user).select_related("item__meeting__board", "uploaded_by")
        .prefetch_related(Prefetch("versions", queryset=PaperVersion.objects.select_related("uploaded_by")
                                   .order_by("-number"))), pk=pk)


def paper_version_get(*, user, pk):
    return get_object_or_404(PaperVersion.objects.for_user(user).select_related("paper"), pk=pk)


def _items(qs):
    return qs.prefetch_related(
        Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at")),
        Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by").order_by("recorded_at")),
        Prefetch("declarations", queryset=Declaration.objects.select_related("person").order_by("recorded_at")),
    )


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list
    rows: list  # (seat, attendance or None)
    quorum: object
    pending_minutes: list  # earlier meetings whose draft minutes this meeting may approve
    approved_here: list
    previous: Meeting | None = None
    my_seat: Seat | None = None
    apologies: list = field(default_factory=list)
    my_apology: Apology | None = None
    actions: list = field(default_factory=list)  # agreed at this meeting
    open_actions: list = field(default_factory=list)  # still open from earlier meetings of the board


def meeting_attendance_get(meeting):
    seats = _sorted_seats(list(Seat.objects.filter(board_id=meeting.board_id).current(meeting.date)
                               .select_related("person", "partner")))
    attendances = list(meeting.attendances.all())
    return seats, attendances


def meeting_page(*, meeting, user=None):
    """Everything the meeting page shows, in a fixed number of queries."""
    items = list(_items(meeting.items.order_by("position")))
    seats, attendances = meeting_attendance_get(meeting)
    apologies = list(meeting.apologies.select_related("person").order_by("sent_at"))
    by_seat = {a.seat_id: a for a in attendances}
    apology_by_seat = {a.seat_id: a for a in apologies}
    quorum = compute_quorum(meeting=meeting, seats=seats, attendances=attendances, apologies=apologies,
                            forecast=True, today=today())
    earlier = list(Meeting.objects.filter(board_id=meeting.board_id).filter(
        Q(date__lt=meeting.date) | Q(date=meeting.date, start_time__lt=meeting.start_time)
    ).filter(Q(minutes_status=Meeting.MinutesStatus.DRAFT) | Q(minutes_approved_at=meeting))
        .order_by("-date", "-start_time"))
    my_seat = next((s for s in seats if user is not None and s.person_id == user.pk), None)
    for item in items:
        item.my_declaration = next((d for d in item.declarations.all()
                                    if user is not None and d.person_id == user.pk), None)
        left = [d.seat_id for d in item.declarations.all() if d.left_room]
        # only an item some member left the room for has a quorum of its own
        item.quorum = (compute_quorum(meeting=meeting, seats=seats, attendances=attendances, left_seat_ids=left)
                       if left else None)
    actions = list(Action.objects.filter(meeting=meeting).select_related("owner__person"))
    open_actions = list(Action.objects.filter(meeting__board_id=meeting.board_id, status=Action.Status.OPEN)
                        .filter(Q(meeting__date__lt=meeting.date)
                                | Q(meeting__date=meeting.date, meeting__start_time__lt=meeting.start_time))
                        .select_related("owner__person", "meeting").order_by("due_on", "pk")[:50])
    return MeetingPage(
        meeting=meeting, items=items,
        rows=[(s, by_seat.get(s.pk), apology_by_seat.get(s.pk)) for s in seats], quorum=quorum,
        pending_minutes=[m for m in earlier if m.minutes_status == Meeting.MinutesStatus.DRAFT],
        approved_here=[m for m in earlier if m.minutes_approved_at_id == meeting.pk],
        my_seat=my_seat, apologies=apologies,
        my_apology=apology_by_seat.get(my_seat.pk) if my_seat else None,
        actions=actions, open_actions=open_actions,
    )


def agenda_item_list(*, meeting):
    return list(meeting.items.order_by("position").prefetch_related(
        Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at", "pk"))))


def notification_frequency_get(*, user, board):
    """How the member is told of the board's news ("immediately" when they never chose)."""
    return (NotificationPreference.objects.filter(board=board, person=user).values_list("frequency", flat=True)
            .first() or NotificationPreference.Frequency.IMMEDIATELY)


def meeting_seat_get(*, user, meeting):
    return (Seat.objects.filter(board_id=meeting.board_id, person=user).current(meeting.date)
            .select_related("substitute").first())


def action_get(*, user, pk):
    return get_object_or_404(Action.objects.for_user(user).select_related("meeting__board__area")
                             .prefetch_related("meeting__board__joint_areas"), pk=pk)


def registered_interest_list(*, user, day=None):
    """The member's own register (current entries first), for their page and their declarations."""
    rows = list(RegisteredInterest.objects.filter(person=user).order_by("-start_on", "pk"))
    if day is not None:
        return [r for r in rows if r.is_current(day)]
    return rows


def interests_review_get(*, user):
    """When the member last reviewed their register and when the next review is due (None if never)."""
    return InterestsReview.objects.filter(person=user).first()


def registered_interest_get(*, user, pk):
    """One entry of the user's own register; anyone else's is a 404."""
    return get_object_or_404(RegisteredInterest.objects.filter(person=user), pk=pk)


def minutes_draft_get(*, meeting):
    """A first draft of the minutes, from what was recorded: who was present, apologies and
    substitutes, declarations of interest, and each item's decisions with the votes. The officer
    edits it before saving."""
    seats, attendances = meeting_attendance_get(meeting)
    by_seat = {a.seat_id: a for a in attendances}
    apologies = {a.seat_id: a for a in meeting.apologies.all()}
    items = list(_items(meeting.items.order_by("position")))
    present, sent, subs = [], [], []
    for seat in seats:
        att = by_seat.get(seat.pk)
        label = f"{seat.person.full_name} ({seat.get_role_display()}, {seat.constituency_label})"
        if att and att.status == Attendance.Status.PRESENT:
            present.append(label)
        elif att and att.status == Attendance.Status.SUBSTITUTE:
            subs.append(f"{att.substitute_name} for {label}")
        elif (att and att.status == Attendance.Status.APOLOGIES) or (att is None and seat.pk in apologies):
            sent.append(label)
    lines = [f"Minutes of the meeting of the {meeting.board.name} held on {meeting.date:%A %-d %B %Y} at "
             f"{meeting.start_time:%H:%M}, {meeting.place}.", ""]
    lines += ["Present:", *(f"- {p}" for p in present or ["(no attendance recorded)"]), ""]
    if subs:
        lines += ["Substitutes:", *(f"- {p}" for p in subs), ""]
    lines += ["Apologies:", *(f"- {p}" for p in sent or ["None"]), ""]
    declarations = [(item, d) for item in items for d in item.declarations.all()]
    lines += ["Declarations of interest:"]
    lines += [f"- {d.person.full_name}, item {item.position} ({item.title}): {d.get_kind_display().split(' (')[0]} "
              f"interest: {d.interest}" + (". Left the room for the item." if d.left_room else ".")
              for item, d in declarations] or ["- None"]
    lines.append("")
    for item in items:
        lines.append(f"{item.position}. {item.title}")
        for decision in item.decisions.all():
            votes = (f" (for {decision.votes_for or 0}, against {decision.votes_against or 0}, "
                     f"abstentions {decision.votes_abstain or 0})" if decision.has_votes else " (without a vote)")
            lines.append(f"Resolved: {decision.resolution} {decision.get_outcome_display()}{votes}.")
        if not item.decisions.all():
            lines.append("No decision was recorded.")
        lines.append("")
    actions = list(Action.objects.filter(meeting=meeting).select_related("owner__person"))
    if actions:
        lines += ["Actions:", *(f"- {a.description} (owner: {a.owner.person.full_name}; due {long_date(a.due_on)})"
                               for a in actions), ""]
    return "\n".join(lines).strip()


# ---------------------------------------------------------------------------
# the board member's own view
# ---------------------------------------------------------------------------
@dataclass
class MemberView:
    seats: list
    upcoming: list  # meetings with items (papers, decisions and the member's declarations prefetched)
    awaiting: list  # (item, declared?) items with no decision yet at meetings up to today or later
    told: list = None  # (board, how the member is told of its news)


def member_view(*, user, day=None, limit=20):
    day = day or today()
    seats = _sorted_seats(list(Seat.objects.filter(person=user).current(day).select_related("board__area", "partner")))
    board_ids = {s.board_id for s in seats}
    meetings = list(
        Meeting.objects.filter(board_id__in=board_ids).upcoming(day).select_related("board")
        .prefetch_related(Prefetch("items", queryset=_items(AgendaItem.objects.order_by("position"))))
        .order_by("date", "start_time")[:limit]
    )
    awaiting = []
    for meeting in meetings:
        for item in meeting.items.all():
            if not item.decisions.all():
                mine = next((d for d in item.declarations.all() if d.person_id == user.pk), None)
                awaiting.append((meeting, item, mine))
    # how the member is told of each board's news: one query, "straight away" by default
    chosen = dict(NotificationPreference.objects.filter(person=user, board_id__in=board_ids)
                  .values_list("board_id", "frequency")) if board_ids else {}
    labels = dict(NotificationPreference.Frequency.choices)
    boards = {s.board_id: s.board for s in seats}
    told = [(board, labels[chosen.get(pk, NotificationPreference.Frequency.IMMEDIATELY)])
            for pk, board in boards.items()]
    return MemberView(seats=seats, upcoming=meetings, awaiting=awaiting, told=told)


def action_list(*, user, limit=10):
    """The open actions the user owns through a seat (theirs or one they held), soonest due
    first, with how many there are: one query. For their home page."""
    rows = list(
        Action.objects.filter(owner__person=user, status=Action.Status.OPEN)
        .select_related("meeting__board").order_by("due_on", "pk")
        .annotate(total=Window(Count("pk")))[:limit]
    )
    return rows, (rows[0].total if rows else 0)


# ---------------------------------------------------------------------------
# area card, public page, calendar
# ---------------------------------------------------------------------------
@dataclass
class AreaCardBoard:
    board: Board
    seats_filled: int
    gap_count: int
    must_gap_count: int
    next_meeting: Meeting | None


def area_card(*, area, user=None, day=None):
    """The boards of an area with seats filled, composition gaps and next meeting (6 queries;
    1 when the area has no board). The caller has scoped ``area`` to the user; with a
    ``user``, only the boards they may open are listed."""
    day = day or today()
    boards = Board.objects.for_area(area)
    if user is not None:
        boards = boards.for_user(user)
    boards = list(_boards(boards).order_by("name"))
    if not boards:
        return []
    ids = [b.pk for b in boards]
    seats = list(_seats(Seat.objects.filter(board_id__in=ids).current(day)))
    by_board = defaultdict(list)
    for seat in seats:
        by_board[seat.board_id].append(seat)
    trusts = {b.area_id: b.area for b in boards}
    for b in boards:
        trusts.update({t.pk: t for t in b.joint_areas.all()})
    relevant = relevant_partners_of(trusts.values(), day)
    upcoming = {}
    for meeting in Meeting.objects.filter(board_id__in=ids).upcoming(day).order_by("-date", "-start_time"):
        upcoming[meeting.board_id] = meeting  # ends on the earliest
    out = []
    for board in boards:
        current = by_board[board.pk]
        comp = composition_for(board, seats=current, relevant_partners=relevant, day=day)
        out.append(AreaCardBoard(board, len(current), comp.gap_count, comp.must_gap_count, upcoming.get(board.pk)))
    return out


FORWARD_PLAN_SHOWN = 50


def forward_plan_item_list(*, board_ids, day=None, limit=FORWARD_PLAN_SHOWN):
    """Items planned for the boards' future meetings, soonest first: aimed at a meeting still to
    come (not cancelled) or at this month or a later one. One query."""
    day = day or today()
    this_month = day.replace(day=1)
    items = list(ForwardPlanItem.objects.filter(board_id__in=board_ids)
                 .filter(Q(meeting__date__gte=day, meeting__status=Meeting.Status.SCHEDULED)
                         | Q(meeting__isnull=True, month__gte=this_month))
                 .select_related("meeting", "board")
                 .annotate(target=Case(When(meeting__isnull=False, then="meeting__date"), default="month"))
                 .order_by("target", "pk")[:limit])
    return items


def forward_plan_meeting_list(*, board, day=None):
    """The board's meetings still to come that an item can be planned for."""
    return list(board.meetings.filter(date__gte=day or today(), status=Meeting.Status.SCHEDULED)
                .order_by("date", "start_time")[:100])


def public_forward_plan_item_list(*, area, day=None):
    return forward_plan_item_list(board_ids=Board.objects.for_area(area).values("pk"), day=day)


def public_meeting_list(*, area, day=None):
    day = day or today()
    boards = Board.objects.for_area(area)
    upcoming = list(Meeting.objects.filter(board__in=boards).upcoming(day).select_related("board")
                    .order_by("date", "start_time")[:50])
    minutes = list(Meeting.objects.filter(board__in=boards, minutes_status=Meeting.MinutesStatus.APPROVED)
                   .select_related("board", "minutes_approved_at").order_by("-date")[:50])
    return upcoming, minutes


def public_minutes_get(*, area, pk):
    return get_object_or_404(
        Meeting.objects.for_area(area).filter(minutes_status=Meeting.MinutesStatus.APPROVED)
        .select_related("board", "minutes_approved_at"), pk=pk)


def public_record_get(*, area, pk):
    """Approved minutes of one of the area's meetings with its items and their decisions (drafts and
    another area's meetings are a 404): for the minutes' print view and PDF and the decisions."""
    meeting = public_minutes_get(area=area, pk=pk)
    items = list(meeting.items.order_by("position").prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.order_by("recorded_at", "pk"))))
    return meeting, items


def public_agenda_get(*, area, pk):
    """A published agenda of one of the area's boards with its items and papers; an agenda not
    yet published, or another area's meeting, is a 404."""
    meeting = get_object_or_404(
        Meeting.objects.for_area(area).filter(agenda_published_at__isnull=False).select_related("board"), pk=pk)
    items = list(meeting.items.order_by("position").prefetch_related(
        Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at", "pk"))))
    return meeting, items


def public_paper_get(*, area, pk):
    """A paper of a published agenda of one of the area's boards (another area's is a 404)."""
    return get_object_or_404(Paper.objects.filter(item__meeting__in=Meeting.objects.for_area(area),
                                                  item__meeting__agenda_published_at__isnull=False)
                             .select_related("item__meeting"), pk=pk)


def public_area_get(la_code):
    return get_object_or_404(Area, la_code=la_code)


def calendar_meeting_list(*, user, board=None, limit=500):
    """Meetings for a user's calendar: one board, or every board they can see and sit on."""
    qs = Meeting.objects.for_user(user).select_related("board")
    if board is not None:
        qs = qs.filter(board=board)
    else:
        qs = qs.filter(board__seats__person=user).distinct()
    return list(qs.order_by("-date")[:limit])
