"""Every write to boards, seats and meetings: one transaction each, audited by history.

Each service asks ``boards.permissions.policy`` where the write happens
(``policy.require(actor, ...)``), so a view that forgets to ask is still safe: officers
of the board's lead area or of an accepted joint area manage a board; a member records
only their own declarations. Refusals are ``trusts.errors.NotPermitted`` (a 404 when the
actor may not know the board exists, else a 403 with the reason); bad input is a
``ValidationError`` and a refused state change a ``TransitionError``, with GOV.UK
wording. Nothing is changed when a service raises.

Joint boards by consent: an area joins only when its own officers accept::

    lead officer invites ──> PENDING ──(invited area's officer)──> ACCEPTED ──> ENDED
                               │  └──(invited area's officer)──> REFUSED       (lead removes
                               └──(lead officer)──> WITHDRAWN                   or area leaves)

Only ACCEPTED puts the area in ``board.joint_areas`` and gives the board's seat holders
board-member access there; ENDED (and a seat's end) takes that access away again through
``trusts.accounts.access_end`` unless another seat in the area still justifies it.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from boards import news
from boards.composition import statutory_answer
from boards.models import (
    Action,
    AgendaItem,
    Apology,
    Attendance,
    Board,
    BoardUpdate,
    CalendarToken,
    Constituency,
    Decision,
    Declaration,
    ForwardPlanItem,
    InterestKind,
    InterestsReview,
    JointAreaInvitation,
    Meeting,
    NotificationPreference,
    Paper,
    PaperVersion,
    RegisteredInterest,
    Seat,
)
from boards.permissions import policy
from boards.quorum import Quorum, compute_quorum
from boards.signals import decision_recorded, decision_recording
from boards.uploads import check_paper
from trusts import accounts
from trusts.audit import audited
from trusts.dates import long_date
from trusts.errors import TransitionError
from trusts.models import Membership, User
from trusts.services import membership_grant
from trusts.validators import validate_visible_text

__all__ = [
    "Quorum", "board_create", "board_update", "joint_area_invite", "joint_invitation_answer",
    "joint_invitation_withdraw", "joint_area_leave", "board_member_get_or_create", "seat_appoint", "seat_create",
    "seat_update", "seat_end", "seat_invitation_resend", "meeting_create", "meeting_update", "agenda_item_add",
    "paper_add", "attendance_record", "meeting_quorum", "decision_record", "declaration_record", "minutes_save",
    "minutes_approve", "calendar_token_get", "calendar_token_reset", "agenda_publish", "apology_send",
    "registered_interest_add", "registered_interest_end", "action_add", "action_status_set",
    "paper_replace", "notification_preference_set", "forward_plan_item_add",
]

BOARD_MEMBER = User.Role.BOARD_MEMBER
InvitationStatus = JointAreaInvitation.Status


def _full_clean(obj, exclude=None):
    obj.full_clean(exclude=exclude, validate_unique=False)


# ---------------------------------------------------------------------------
# board-member access to areas: granted with a seat, ended when nothing justifies it
# ---------------------------------------------------------------------------
def _seated_area_ids(person, day):
    """The areas (lead or accepted joint) of every board where ``person`` holds a seat that
    has not ended by ``day`` (current or not yet started): these justify access."""
    boards = Board.objects.filter(pk__in=Seat.objects.filter(person=person).exclude(term_end__lt=day)
                                  .values("board_id"))
    ids = set()
    for lead_id, joint_id in boards.values_list("area_id", "joint_areas"):
        ids.add(lead_id)
        if joint_id:
            ids.add(joint_id)
    return ids


def _end_unjustified_access(person, area_ids, *, actor, reason):
    """End ``person``'s board-member access to each of these areas that no seat still justifies."""
    today = timezone.localdate()
    keep = _seated_area_ids(person, today)
    ending = (Membership.objects.filter(user=person, role=BOARD_MEMBER, area_id__in=set(area_ids) - keep)
              .select_related("area"))
    for membership in ending:
        accounts.access_end(user=person, area=membership.area, role=BOARD_MEMBER, actor=actor, reason=reason)


def _grant(person, areas):
    for area in areas:
        membership_grant(user=person, area=area, role=BOARD_MEMBER)


def _board_areas(board):
    return [board.area, *board.joint_areas.all()]


# ---------------------------------------------------------------------------
# boards
# ---------------------------------------------------------------------------
QUORUM_FIELDS = ("quorum_kind", "quorum_number", "quorum_numerator", "quorum_denominator", "quorum_chair_required")


def _tidy_quorum(board):
    # keep only the numbers the chosen kind of rule uses
    if board.quorum_kind == Board.QuorumKind.NUMBER:
        board.quorum_numerator = board.quorum_denominator = None
    else:
        board.quorum_number = None


@transaction.atomic
def board_create(*, area, actor, name, quorum_kind, terms_of_reference="", quorum_number=None,
                 quorum_numerator=None, quorum_denominator=None, quorum_chair_required=False,
                 is_statutory=None, joint_areas=(), agenda_notice_days=5):
    """Set up a board for an area. ``is_statutory`` defaults to what the area's framework says.

    ``joint_areas`` are invited, not joined: each joins when one of its officers accepts."""
    policy.require(actor, "create", area)
    if is_statutory is None:
        is_statutory = statutory_answer(area.effective_framework())[0]
    board = Board(area=area, name=name, terms_of_reference=terms_of_reference, quorum_kind=quorum_kind,
                  quorum_number=quorum_number, quorum_numerator=quorum_numerator,
                  quorum_denominator=quorum_denominator, quorum_chair_required=quorum_chair_required,
                  is_statutory=is_statutory, agenda_notice_days=agenda_notice_days)
    _tidy_quorum(board)
    _full_clean(board)
    audited(board, actor).save()
    for joint in {a.pk: a for a in joint_areas if a.pk != area.pk}.values():
        joint_area_invite(board=board, area=joint, actor=actor)
    return board


@transaction.atomic
def board_update(*, board, actor, joint_areas=None, **fields):
    """Change the board's details. ``joint_areas`` (the lead area's officers only) is the set
    of other areas wanted: new ones are invited, pending invitations not wanted any more are
    withdrawn, and accepted areas not wanted any more leave the board (their access ends)."""
    board = Board.objects.select_for_update().select_related("area").get(pk=board.pk)
    policy.require(actor, "manage", board)
    allowed = {"name", "terms_of_reference", "is_statutory", "agenda_notice_days", *QUORUM_FIELDS}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"board_update() cannot change {', '.join(sorted(unknown))}")
    for key, value in fields.items():
        setattr(board, key, value)
    _tidy_quorum(board)
    _full_clean(board)
    audited(board, actor).save()
    if joint_areas is not None:
        _joint_areas_set(board, {a.pk: a for a in joint_areas if a.pk != board.area_id}, actor=actor)
    return board


def _joint_areas_set(board, wanted, *, actor):
    accepted = {t.pk: t for t in board.joint_areas.all()}
    pending = {i.area_id: i for i in board.joint_invitations.filter(status=InvitationStatus.PENDING)}
    if set(wanted) == set(accepted) | set(pending):
        return
    policy.require(actor, "invite", board)
    for area_id, area in wanted.items():
        if area_id not in accepted and area_id not in pending:
            joint_area_invite(board=board, area=area, actor=actor)
    for area_id, invitation in pending.items():
        if area_id not in wanted:
            joint_invitation_withdraw(invitation=invitation, actor=actor)
    for area_id, area in accepted.items():
        if area_id not in wanted:
            _joint_area_remove(board, area, actor=actor,
                               reason=f"{area.name} was taken out of the joint board {board.name}")


@transaction.atomic
def joint_area_invite(*, board, area, actor):
    """Invite another area to join the board. Nothing changes for that area until one of its
    officers accepts (``joint_invitation_answer``)."""
    board = Board.objects.select_for_update().select_related("area").get(pk=board.pk)
    policy.require(actor, "invite", board)
    if area.pk == board.area_id:
        raise ValidationError({"joint_areas": "The board's own area cannot be invited to join it"})
    if board.joint_areas.filter(pk=area.pk).exists():
        raise TransitionError(f"{area.name} is already one of the board's areas", field="joint_areas")
    existing = JointAreaInvitation.objects.filter(board=board, area=area, status=InvitationStatus.PENDING).first()
    if existing:
        return existing
    invitation = JointAreaInvitation(board=board, area=area, invited_by=actor)
    _full_clean(invitation)
    audited(invitation, actor).save()
    return invitation


def _locked_invitation(invitation):
    return JointAreaInvitation.objects.select_for_update().select_related("board__area", "area").get(
        pk=invitation.pk)


def _answered(invitation, status, actor):
    invitation.status = status
    invitation.answered_by = actor
    invitation.answered_at = timezone.now()
    audited(invitation, actor).save(update_fields=["status", "answered_by", "answered_at"])
    return invitation


@transaction.atomic
def joint_invitation_answer(*, invitation, actor, accept):
    """The invited area's officer accepts (the area joins the board; the board's seat holders
    get board-member access to it) or refuses (nothing is shared)."""
    invitation = _locked_invitation(invitation)
    policy.require(actor, "answer_invitation", invitation)
    if invitation.status != InvitationStatus.PENDING:
        raise TransitionError(f"This invitation is no longer waiting for an answer: it was "
                              f"{invitation.get_status_display().lower()}")
    if not accept:
        return _answered(invitation, InvitationStatus.REFUSED, actor)
    board = Board.objects.select_for_update().get(pk=invitation.board_id)
    _answered(invitation, InvitationStatus.ACCEPTED, actor)
    audited(board, actor)
    board.joint_areas.add(invitation.area)
    # people in office (or about to be) on the board may now see the new area's board business
    for person in User.objects.filter(pk__in=board.seats.exclude(term_end__lt=timezone.localdate())
                                      .values("person_id")):
        _grant(person, [invitation.area])
    return invitation


@transaction.atomic
def joint_invitation_withdraw(*, invitation, actor):
    """The lead area takes back an invitation not yet answered."""
    invitation = _locked_invitation(invitation)
    policy.require(actor, "invite", invitation.board)
    if invitation.status != InvitationStatus.PENDING:
        raise TransitionError("Only an invitation waiting for an answer can be withdrawn")
    return _answered(invitation, InvitationStatus.WITHDRAWN, actor)


@transaction.atomic
def joint_area_leave(*, invitation, actor):
    """The joint area's own officer takes the area out of the board: consent can be withdrawn."""
    invitation = _locked_invitation(invitation)
    policy.require(actor, "leave", invitation)
    if invitation.status != InvitationStatus.ACCEPTED:
        raise TransitionError("The area is not one of the board's joint areas")
    board = Board.objects.select_for_update().select_related("area").get(pk=invitation.board_id)
    _joint_area_remove(board, invitation.area, actor=actor,
                       reason=f"{invitation.area.name} left the joint board {board.name}")
    return JointAreaInvitation.objects.get(pk=invitation.pk)


def _joint_area_remove(board, area, *, actor, reason):
    """Take an accepted area out of the board and end the access its seats gave there."""
    for invitation in board.joint_invitations.select_for_update().filter(area=area,
                                                                         status=InvitationStatus.ACCEPTED):
        _answered(invitation, InvitationStatus.ENDED, actor)
    audited(board, actor)
    board.joint_areas.remove(area)
    for person in User.objects.filter(pk__in=board.seats.values("person_id")):
        _end_unjustified_access(person, [area.pk], actor=actor, reason=reason)


# ---------------------------------------------------------------------------
# people and seats
# ---------------------------------------------------------------------------
def board_member_get_or_create(*, email, full_name, actor):
    """The board-member user with this email address; created if new, and then sent an
    invitation (a single-use link to set their password, queued after commit): an account
    nobody can sign in to is no use."""
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"person_email": "Enter the member's email address"})
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        full_name = (full_name or "").strip()
        if not full_name:
            raise ValidationError({"person_name": "Enter the member's full name"})
        try:
            validate_visible_text(full_name)
        except ValidationError as exc:
            raise ValidationError({"person_name": exc.messages}) from None
        user = User(email=email, full_name=full_name, role=User.Role.BOARD_MEMBER)
        user.set_unusable_password()
        audited(user, actor).save()
        accounts.invitation_send(user=user, actor=actor)
        return user
    if user.role != User.Role.BOARD_MEMBER:
        raise ValidationError({"person_email": "This email address belongs to an account that is not a board "
                                               "member. Use the member's own address"})
    return user


def _check_no_overlap(seat):
    clash = (Seat.objects.filter(board_id=seat.board_id, person_id=seat.person_id)
             .overlapping(seat.term_start, seat.term_end).exclude(pk=seat.pk).first())
    if clash:
        until = f"until {long_date(clash.term_end)}" if clash.term_end else "with no end date"
        raise ValidationError({"term_start": (
            f"{seat.person.full_name} already holds a seat on this board from {long_date(clash.term_start)} {until}. "
            "A member cannot hold two seats on the same board at once: end that term first, "
            "or add the other partners to the partners that seat represents")})


def _check_partners(board, partners):
    areas = set(board.area_ids())
    if any(p.area_id not in areas for p in partners):
        raise ValidationError({"represented_partners": "Select partners from the register of the board's areas"})


@transaction.atomic
def seat_appoint(*, board, actor, email, full_name, **seat_fields):
    """Find or create the member by email address (inviting a new one) and give them a seat,
    in one transaction: a refused seat leaves no account behind and sends no invitation."""
    policy.require(actor, "manage", board)
    person = board_member_get_or_create(email=email, full_name=full_name, actor=actor)
    seat = seat_create(board=board, actor=actor, person=person, **seat_fields)
    if not person.is_active and (seat.term_end is None or seat.term_end >= timezone.localdate()):
        # a former member whose account closed when their last term ended: the new seat
        # gives them access again, and the invitation reopens the account
        accounts.invitation_send(user=person, actor=actor)
    return seat


@transaction.atomic
def seat_create(*, board, actor, person, constituency, term_start, role=Seat.Role.MEMBER, voting=True,
                partner=None, represented_partners=(), represented_groups=(), substitute=None, substitute_name="",
                term_end=None):
    """Give a person a seat (one term). Grants them board-member access to every area of the board.

    ``represented_groups``: codes of ``boards.groups`` the member represents as well (s12A(5));
    the choice is kept in the seat's history."""
    # lock the board so two requests cannot both seat the same person (no exclusion
    # constraint on SQLite: the overlap rule is enforced here, under the lock)
    board = Board.objects.select_for_update().select_related("area").get(pk=board.pk)
    policy.require(actor, "manage", board)
    if person.role != User.Role.BOARD_MEMBER:
        raise ValidationError({"person_email": "Only a board member can hold a seat"})
    seat = Seat(board=board, person=person, role=role, voting=voting, constituency=constituency,
                partner=partner if constituency == Constituency.PARTNER else None,
                substitute=substitute, substitute_name=substitute_name, term_start=term_start, term_end=term_end,
                represented_groups=list(represented_groups))
    _full_clean(seat)
    _check_no_overlap(seat)
    represented = [p for p in represented_partners if p.pk != getattr(seat.partner, "pk", None)]
    _check_partners(board, represented)
    audited(seat, actor).save()
    if represented:
        seat.represented_partners.set(represented)
    if term_end is None or term_end >= timezone.localdate():
        _grant(person, _board_areas(board))
    return seat


@transaction.atomic
def seat_update(*, seat, actor, represented_partners=None, **fields):
    """Change a term's details. A different person is a new term: use seat_create."""
    board = Board.objects.select_for_update().select_related("area").get(pk=seat.board_id)
    policy.require(actor, "manage", board)
    seat = Seat.objects.select_related("person", "partner").get(pk=seat.pk)
    allowed = {"role", "voting", "constituency", "partner", "substitute", "substitute_name", "term_start", "term_end",
               "represented_groups"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"seat_update() cannot change {', '.join(sorted(unknown))}")
    for key, value in fields.items():
        setattr(seat, key, value)
    if seat.constituency != Constituency.PARTNER:
        seat.partner = None
    _full_clean(seat)
    _check_no_overlap(seat)
    audited(seat, actor).save()
    if represented_partners is not None:
        represented = [p for p in represented_partners if p.pk != seat.partner_id]
        _check_partners(board, represented)
        seat.represented_partners.set(represented)
    _access_follows_term(seat, board, actor)
    return seat


def _access_follows_term(seat, board, actor):
    today = timezone.localdate()
    if seat.term_end is not None and seat.term_end < today:
        # no longer in office: the person loses board-member access wherever no other seat keeps it
        _end_unjustified_access(seat.person, board.area_ids(), actor=actor,
                                reason=f"Their term on {board.name} ended on {long_date(seat.term_end)}")
    else:
        _grant(seat.person, _board_areas(board))


@transaction.atomic
def seat_end(*, seat, actor, end_on):
    """End a term on a day (the last day in office). The row stays: past terms are kept.

    A term ended before today ends the member's access at once, wherever no other current
    seat justifies it (a term ending today or later is ended by the daily access sweep)."""
    board = Board.objects.select_for_update().select_related("area").get(pk=seat.board_id)
    policy.require(actor, "manage", board)
    seat = Seat.objects.select_related("person").get(pk=seat.pk)
    if end_on < seat.term_start:
        raise ValidationError({"end_on": f"The term must end on or after the day it started "
                                         f"({long_date(seat.term_start)})"})
    seat.term_end = end_on
    try:
        _full_clean(seat)
    except ValidationError as exc:
        raise ValidationError({"end_on": exc.message_dict.get("term_end", exc.messages)}) from None
    audited(seat, actor).save()
    if end_on < timezone.localdate():
        _access_follows_term(seat, board, actor)
    return seat


@transaction.atomic
def seat_invitation_resend(*, seat, actor):
    """Send the seat holder a fresh invitation (the old link stops working)."""
    seat = Seat.objects.select_related("person", "board__area").get(pk=seat.pk)
    policy.require(actor, "manage", seat.board)
    accounts.invitation_send(user=seat.person, actor=actor)
    return seat


# ---------------------------------------------------------------------------
# meetings
# ---------------------------------------------------------------------------
@transaction.atomic
def meeting_create(*, board, actor, date, start_time, place, end_time=None, status=Meeting.Status.SCHEDULED):
    board = Board.objects.select_for_update().select_related("area").get(pk=board.pk)
    policy.require(actor, "manage", board)
    meeting = Meeting(board=board, date=date, start_time=start_time, end_time=end_time, place=place, status=status)
    _full_clean(meeting, exclude=["minutes_approved_at"])
    audited(meeting, actor).save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting, actor, **fields):
    meeting = Meeting.objects.select_for_update().select_related("board__area").get(pk=meeting.pk)
    policy.require(actor, "manage", meeting.board)
    allowed = {"date", "start_time", "end_time", "place", "status"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"meeting_update() cannot change {', '.join(sorted(unknown))}")
    for key, value in fields.items():
        setattr(meeting, key, value)
    if meeting.status == Meeting.Status.CANCELLED and (
            meeting.attendances.exists() or Decision.objects.filter(item__meeting=meeting).exists()):
        raise ValidationError({"status": "This meeting has attendance or decisions recorded, so it was not "
                                         "cancelled: record it as held"})
    _full_clean(meeting)
    audited(meeting, actor).save()
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting, title, actor, kind="general", reference="", description="", position=None):
    """Add an item to a meeting's agenda, at the end unless a position is given.

    Other apps call this (e.g. plans adds kind="plan_approval", reference=<plan version>)."""
    meeting = Meeting.objects.select_for_update().select_related("board__area").get(pk=meeting.pk)
    policy.require(actor, "manage", meeting.board)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"title": "The meeting was cancelled: add the item to another meeting"})
    if not (title or "").strip():
        raise ValidationError({"title": "Enter the title of the agenda item"})
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    if position is None:
        position = last + 1
    else:
        # make room: items at and after the position move down one (highest first, for the unique rule)
        for item in meeting.items.filter(position__gte=position).order_by("-position"):
            item.position += 1
            audited(item, actor).save(update_fields=["position"])
    item = AgendaItem(meeting=meeting, position=position, title=title.strip(), kind=kind or "general",
                      reference=reference, description=description)
    _full_clean(item, exclude=["meeting"])
    audited(item, actor).save()
    return item


def _checked_upload(upload):
    """The upload checked as a board paper (type, size, contents); a refusal is the file field's error."""
    try:
        return check_paper(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None


def _store(paper, upload, checked, actor):
    """Store the checked file on the paper and save it (audited); the file is removed if the save fails."""
    upload.seek(0)
    paper.file.save(f"paper.{checked.extension}", upload, save=False)
    try:
        audited(paper, actor).save()
    except Exception:
        paper.file.delete(save=False)
        raise


@transaction.atomic
def paper_add(*, item, actor, upload, title=""):
    """Store a paper for an agenda item through Django's storage, after checking its content."""
    item = AgendaItem.objects.select_related("meeting__board__area").get(pk=item.pk)
    policy.require(actor, "manage", item.meeting.board)
    checked = _checked_upload(upload)
    paper = Paper(item=item, title=(title or "").strip() or checked.original_name, original_name=checked.original_name,
                  extension=checked.extension, content_type=checked.content_type, size=checked.size,
                  uploaded_by=actor,
                  # after the agenda is out, a paper is a supplementary paper, shown with its date
                  supplementary=item.meeting.agenda_published_at is not None)
    _store(paper, upload, checked, actor)
    if paper.supplementary:  # the agenda is out: the members are told
        meeting = item.meeting
        news.record(meeting=meeting, kind=BoardUpdate.Kind.PAPER_ADDED, paper=paper,
                    summary=news.paper_added_summary(paper, meeting),
                    lines=[f"It is for item {item.position}, “{item.title}”."])
    return paper


@transaction.atomic
def paper_replace(*, paper, actor, upload):
    """Replace a paper with a new version. The version it replaces is kept as a
    ``PaperVersion`` (its file stays stored); the paper row, which the agenda, the public page and
    the agenda pack show, moves on to the new file. A replacement after the agenda was published
    is marked with its date. The new file is checked exactly as a new paper is."""
    paper = Paper.objects.select_for_update().select_related("item__meeting__board__area").get(pk=paper.pk)
    meeting = paper.item.meeting
    policy.require(actor, "manage", meeting.board)
    if meeting.status == Meeting.Status.CANCELLED:
        raise TransitionError("The meeting was cancelled, so its papers can no longer be replaced")
    checked = _checked_upload(upload)
    now = timezone.now()
    earlier = PaperVersion(paper=paper, number=paper.version, file=paper.file.name,
                           original_name=paper.original_name, extension=paper.extension,
                           content_type=paper.content_type, size=paper.size, uploaded_by_id=paper.uploaded_by_id,
                           uploaded_at=paper.replaced_at or paper.uploaded_at, replaced_by=actor, replaced_at=now)
    earlier.save()
    paper.original_name, paper.extension = checked.original_name, checked.extension
    paper.content_type, paper.size = checked.content_type, checked.size
    paper.uploaded_by, paper.replaced_at = actor, now
    paper.version += 1
    # once a replacement comes after publication, the agenda keeps saying the paper was replaced
    paper.replaced_after_publication = paper.replaced_after_publication or meeting.agenda_published_at is not None
    _store(paper, upload, checked, actor)
    if meeting.agenda_published_at is not None:
        news.record(meeting=meeting, kind=BoardUpdate.Kind.PAPER_REPLACED, paper=paper,
                    summary=news.paper_replaced_summary(paper, meeting),
                    lines=[f"It is for item {paper.item.position}, “{paper.item.title}”. "
                           "The earlier versions are kept on the paper's page."])
    return paper


@transaction.atomic
def notification_preference_set(*, board, actor, frequency):
    """A member chooses how they are told of the board's new agendas and papers: straight away
    or in a daily digest. Only for a board they hold a seat on."""
    policy.require(actor, "choose_notifications", board)
    if frequency not in NotificationPreference.Frequency.values:
        raise ValidationError({"frequency": "Select how you want to be told"})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        board=board, person=actor, defaults={"frequency": frequency})
    if preference.frequency != frequency:
        preference.frequency = frequency
        audited(preference, actor).save(update_fields=["frequency", "updated_at"])
    return preference


@transaction.atomic
def forward_plan_item_add(*, board, actor, title, description="", meeting=None, month=None):
    """Add an item to the board's forward plan, aimed at one of its meetings still to come or at
    a month (this one or later) when the meeting is not yet set."""
    board = Board.objects.select_for_update().get(pk=board.pk)
    policy.require(actor, "manage", board)
    day = timezone.localdate()
    if (meeting is None) == (month is None):
        raise ValidationError({"meeting": "Choose a meeting or a month for the item, not both"
                               if meeting is not None else "Choose a meeting or a month for the item"})
    if meeting is not None:
        meeting = Meeting.objects.filter(pk=getattr(meeting, "pk", meeting), board=board).first()
        if meeting is None or meeting.status != Meeting.Status.SCHEDULED or meeting.date < day:
            raise ValidationError({"meeting": "Choose one of the board's meetings still to come"})
    if month is not None:
        month = month.replace(day=1)
        if month < day.replace(day=1):
            raise ValidationError({"month": "The month must be this month or later"})
    item = ForwardPlanItem(board=board, title=(title or "").strip(), description=(description or "").strip(),
                           meeting=meeting, month=month, added_by=actor)
    _full_clean(item, exclude=["board", "meeting", "added_by"])
    audited(item, actor).save()
    return item


def _meeting_seats(meeting):
    return list(Seat.objects.filter(board_id=meeting.board_id).current(meeting.date)
                .select_related("person", "partner"))


@transaction.atomic
def attendance_record(*, meeting, actor, entries):
    """Record attendance: ``entries`` is [(seat, status, substitute_name)]. All or nothing.

    A seat not on the board, or not in term on the meeting's date, is refused."""
    meeting = Meeting.objects.select_for_update().select_related("board__area").get(pk=meeting.pk)
    policy.require(actor, "manage", meeting.board)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("The meeting was cancelled: there is no attendance to record")
    if meeting.date > timezone.localdate():
        raise ValidationError("Attendance can be recorded on or after the day of the meeting")
    in_term = {s.pk: s for s in _meeting_seats(meeting)}
    rows = []
    for seat, status, substitute_name in entries:
        seat_id = getattr(seat, "pk", seat)
        if seat_id not in in_term:
            raise ValidationError("An attendance was given for a seat that is not on this board, or not in term on "
                                  "the day of the meeting. Nothing has been saved")
        if status not in Attendance.Status.values:
            raise ValidationError(f"Select whether {in_term[seat_id].person.full_name} was present, sent apologies, "
                                  "was absent or sent a substitute")
        substitute_name = (substitute_name or "").strip()
        if status == Attendance.Status.SUBSTITUTE and not substitute_name:
            substitute_name = in_term[seat_id].substitute_label
            if not substitute_name:
                raise ValidationError(f"Enter the name of the substitute who attended for "
                                      f"{in_term[seat_id].person.full_name}")
        if status != Attendance.Status.SUBSTITUTE:
            substitute_name = ""
        rows.append((seat_id, status, substitute_name))
    existing = {a.seat_id: a for a in meeting.attendances.all()}
    for seat_id, status, substitute_name in rows:
        row = existing.get(seat_id) or Attendance(meeting=meeting, seat_id=seat_id)
        if row.pk and row.status == status and row.substitute_name == substitute_name:
            continue
        row.status, row.substitute_name, row.recorded_at = status, substitute_name, timezone.now()
        audited(row, actor).save()
    _mark_held(meeting, actor)
    return meeting


def _mark_held(meeting, actor):
    """Attendance or a decision recorded: the meeting took place, whatever its status said."""
    if meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
        audited(meeting, actor).save(update_fields=["status", "updated_at"])


def meeting_quorum(meeting, item=None) -> Quorum:
    """Is the meeting quorate? From the board's rule and the attendance recorded (2 queries).

    With an ``item``: for that item, not counting members who declared an interest in it and
    left the room (1 query more)."""
    left = ()
    if item is not None:
        left = list(Declaration.objects.filter(item=item, left_room=True).values_list("seat_id", flat=True))
    return compute_quorum(meeting=meeting, seats=_meeting_seats(meeting), attendances=list(meeting.attendances.all()),
                          left_seat_ids=left)


@transaction.atomic
def decision_record(*, item, actor, resolution, outcome, votes_for=None, votes_against=None, votes_abstain=None):
    """Record a decision on an item. Refused unless the meeting is quorate, with the reason.

    The one way the board decides anything: what the decision decides is applied in the same
    transaction by the app that owns the item (``decision_recording``; e.g. a carried decision
    on a plan approval item approves the plan version named on the item). If that app refuses,
    nothing is saved."""
    item = AgendaItem.objects.select_related("meeting__board__area").get(pk=item.pk)
    meeting = Meeting.objects.select_for_update().select_related("board__area").get(pk=item.meeting_id)
    item.meeting = meeting
    policy.require(actor, "record_decision", item)
    if not meeting.can_record_business:
        raise ValidationError("A decision can be recorded only on or after the day of the meeting, "
                              "and not for a cancelled meeting")
    # members who declared an interest and left the room count neither to the quorum nor the votes
    quorum = meeting_quorum(meeting, item=item)
    if not quorum.quorate:
        raise ValidationError(f"You cannot record a decision: the meeting is not quorate. {quorum.reason}")
    if not (resolution or "").strip():
        raise ValidationError({"resolution": "Enter the resolution"})
    votes = [v for v in (votes_for, votes_against, votes_abstain) if v is not None]
    if any(v < 0 for v in votes):
        raise ValidationError({"votes_for": "Votes cannot be negative"})
    if votes and sum(votes) > quorum.present_voting:
        raise ValidationError({"votes_for": f"There are more votes ({sum(votes)}) than voting members present "
                                            f"({quorum.present_voting})"})
    if outcome == Decision.Outcome.CARRIED and votes and (votes_for or 0) <= (votes_against or 0):
        raise ValidationError({"outcome": "A resolution is carried only when more members vote for it than against"})
    if outcome == Decision.Outcome.NOT_CARRIED and votes and (votes_for or 0) > (votes_against or 0):
        raise ValidationError({"outcome": "More members voted for the resolution than against, so it was carried"})
    decision = Decision(item=item, resolution=resolution.strip(), outcome=outcome, votes_for=votes_for,
                        votes_against=votes_against, votes_abstain=votes_abstain,
                        present_voting=quorum.present_voting, quorum_required=quorum.required, recorded_by=actor)
    _full_clean(decision, exclude=["item", "recorded_by"])
    audited(decision, actor).save()
    _mark_held(meeting, actor)
    decision_recording.send(sender=Decision, decision=decision)
    transaction.on_commit(lambda: decision_recorded.send(sender=Decision, decision=decision))
    return decision


@transaction.atomic
def declaration_record(*, item, actor, interest="", kind=InterestKind.OTHER, registered_interest=None,
                       left_room=False):
    """A member declares their own interest in an item. Nobody records it for them.

    The interest may be one from the member's register (its kind and description are used) or
    described here. A member who left the room for the item is not counted in its quorum or
    votes. Before the meeting's day a member may declare in advance; from the day on, only a
    member recorded as present (in person) declares."""
    item = AgendaItem.objects.select_related("meeting__board").get(pk=item.pk)
    policy.require(actor, "declare", item)
    meeting = item.meeting
    seat = Seat.objects.filter(board_id=meeting.board_id, person=actor).current(meeting.date).first()
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("The meeting was cancelled")
    # the attendance, once recorded, says who was there (a member who sent apologies may still come)
    attendance = Attendance.objects.filter(meeting=meeting, seat=seat).first()
    if attendance is None and Apology.objects.filter(meeting=meeting, seat=seat).exists():
        raise ValidationError("You sent apologies for this meeting, so you cannot declare an interest at it")
    if attendance is not None and attendance.status != Attendance.Status.PRESENT:
        raise ValidationError("You are not recorded as present at this meeting, so you cannot declare an "
                              "interest at it. Ask the board's officer to correct the attendance if it is wrong")
    if attendance is None and meeting.date <= timezone.localdate() and meeting.attendances.exists():
        raise ValidationError("You are not recorded as present at this meeting, so you cannot declare an "
                              "interest at it")
    if registered_interest is not None:
        registered_interest = RegisteredInterest.objects.filter(pk=getattr(registered_interest, "pk",
                                                                           registered_interest)).first()
        if registered_interest is None or registered_interest.person_id != actor.pk \
                or not registered_interest.is_current(meeting.date):
            raise ValidationError({"registered_interest": "Select an interest from your register"})
        kind = registered_interest.kind
        interest = interest.strip() if (interest or "").strip() else registered_interest.description
    if kind not in InterestKind.values:
        raise ValidationError({"kind": "Select whether the interest is pecuniary or other"})
    if not (interest or "").strip():
        raise ValidationError({"interest": "Enter the interest you are declaring"})
    if Declaration.objects.filter(item=item, person=actor).exists():
        raise ValidationError({"interest": "You have already declared an interest in this item"})
    if left_room and Decision.objects.filter(item=item).exists():
        raise ValidationError({"left_room": "A decision has already been recorded on this item"})
    declaration = Declaration(item=item, seat=seat, person=actor, interest=interest.strip(), kind=kind,
                              registered_interest=registered_interest, left_room=bool(left_room))
    audited(declaration, actor).save()
    return declaration


@transaction.atomic
def minutes_save(*, meeting, actor, text):
    """Draft (or redraft) a held meeting's minutes. Approved minutes cannot change."""
    meeting = Meeting.objects.select_for_update().select_related("board__area").get(pk=meeting.pk)
    policy.require(actor, "manage", meeting.board)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError({"minutes": "Record the meeting as held before drafting its minutes"})
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationError({"minutes": "These minutes were approved and cannot be changed"})
    if not (text or "").strip():
        raise ValidationError({"minutes": "Enter the minutes"})
    meeting.minutes = text.strip()
    meeting.minutes_status = Meeting.MinutesStatus.DRAFT
    audited(meeting, actor).save(update_fields=["minutes", "minutes_status", "updated_at"])
    return meeting


@transaction.atomic
def minutes_approve(*, meeting, at_meeting, actor):
    """Approve ``meeting``'s draft minutes at a later, quorate meeting of the same board (recorded on it)."""
    meeting = Meeting.objects.select_for_update().select_related("board__area").get(pk=meeting.pk)
    at_meeting = Meeting.objects.select_related("board__area").get(pk=at_meeting.pk)
    policy.require(actor, "manage", meeting.board)
    if at_meeting.board_id != meeting.board_id:
        raise ValidationError("Minutes are approved at a meeting of the same board")
    if (at_meeting.date, at_meeting.start_time) <= (meeting.date, meeting.start_time):
        raise ValidationError("Minutes are approved at a later meeting")
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise ValidationError("Only draft minutes can be approved" if meeting.minutes_status == "none"
                              else "These minutes are already approved")
    if not at_meeting.can_record_business:
        raise ValidationError("Minutes can be approved only on or after the day of the meeting approving them")
    quorum = meeting_quorum(at_meeting)
    if not quorum.quorate:
        raise ValidationError(f"You cannot approve the minutes: the meeting is not quorate. {quorum.reason}")
    meeting.minutes_status = Meeting.MinutesStatus.APPROVED
    meeting.minutes_approved_at = at_meeting
    _full_clean(meeting)
    audited(meeting, actor).save(update_fields=["minutes_status", "minutes_approved_at", "updated_at"])
    return meeting


# ---------------------------------------------------------------------------
# calendar subscription
# ---------------------------------------------------------------------------
def calendar_token_get(*, user):
    token, _ = CalendarToken.objects.get_or_create(user=user, defaults={"token": CalendarToken.new_token()})
    return token


@transaction.atomic
def calendar_token_reset(*, user, actor):
    """A new secret: the old subscription URL stops working at once."""
    policy.require(actor, "reset_calendar", user)
    token, created = CalendarToken.objects.select_for_update().get_or_create(
        user=user, defaults={"token": CalendarToken.new_token()})
    if not created:
        token.token = CalendarToken.new_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token


# ---------------------------------------------------------------------------
# board business: agenda publication, apologies, the register of interests, actions
# ---------------------------------------------------------------------------
@transaction.atomic
def agenda_publish(*, meeting, actor):
    """Publish the agenda and its papers: from now they are on the area's public meetings page,
    and papers added later are marked supplementary. A late agenda is published all the same
    (the page says how much notice it gave); an empty one is refused, nothing changed."""
    meeting = Meeting.objects.select_for_update().select_related("board__area").get(pk=meeting.pk)
    policy.require(actor, "publish_agenda", meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise TransitionError("The meeting was cancelled, so its agenda cannot be published")
    if meeting.agenda_published_at is not None:
        published_on = long_date(timezone.localtime(meeting.agenda_published_at))
        raise TransitionError(f"The agenda was already published on {published_on}")
    if meeting.status == Meeting.Status.HELD or meeting.is_past:
        raise TransitionError("The meeting has taken place: its agenda can no longer be published")
    if not meeting.items.exists():
        raise TransitionError("Add at least one item to the agenda before publishing it")
    meeting.agenda_published_at = timezone.now()
    meeting.agenda_published_by = actor
    audited(meeting, actor).save(update_fields=["agenda_published_at", "agenda_published_by", "updated_at"])
    items = list(meeting.items.order_by("position").values_list("position", "title"))
    papers = Paper.objects.filter(item__meeting=meeting).count()
    news.record(meeting=meeting, kind=BoardUpdate.Kind.AGENDA_PUBLISHED, summary=news.agenda_summary(meeting, papers),
                lines=[f"The meeting is on {meeting.date:%A %-d %B %Y} at {meeting.start_time:%H:%M}, {meeting.place}.",
                       "The agenda:", *(f"{position}. {title}" for position, title in items)])
    return meeting


@transaction.atomic
def apology_send(*, meeting, actor, with_substitute=False):
    """A member sends their apologies for a meeting, before it starts, optionally saying that
    their seat's named substitute will attend. Shown to the officer and carried into attendance."""
    meeting = Meeting.objects.select_for_update().select_related("board__area").get(pk=meeting.pk)
    policy.require(actor, "send_apologies", meeting)
    seat = Seat.objects.filter(board_id=meeting.board_id, person=actor).current(meeting.date) \
        .select_related("substitute").first()
    if meeting.status == Meeting.Status.CANCELLED:
        raise TransitionError("The meeting was cancelled: there is no need to send apologies")
    if meeting.status == Meeting.Status.HELD or meeting.has_started:
        raise TransitionError("The meeting has started, so apologies can no longer be sent here. "
                              "Tell the board's officer, who records the attendance")
    if Apology.objects.filter(meeting=meeting, seat=seat).exists():
        raise TransitionError("You have already sent your apologies for this meeting")
    substitute = ""
    if with_substitute:
        substitute = seat.substitute_label
        if not substitute:
            raise ValidationError({"with_substitute": "Your seat has no named substitute. Ask the board's officer "
                                                      "to name one, or send your apologies without a substitute"})
    apology = Apology(meeting=meeting, seat=seat, person=actor, substitute_name=substitute)
    audited(apology, actor).save()
    return apology


@transaction.atomic
def registered_interest_add(*, actor, kind, description, start_on, end_on=None):
    """Add an entry to the member's own standing register of interests."""
    policy.require(actor, "keep_register", actor)
    interest = RegisteredInterest(person=actor, kind=kind, description=(description or "").strip(),
                                  start_on=start_on, end_on=end_on)
    _full_clean(interest)
    audited(interest, actor).save()
    return interest


@transaction.atomic
def interests_review_confirm(*, actor):
    """The member confirms their register of interests is complete and up to date today: the
    next review falls due a year later (chased: ``boards.chasers.interests_review_due``)."""
    policy.require(actor, "keep_register", actor)
    review = InterestsReview.objects.select_for_update().filter(person=actor).first() or InterestsReview(person=actor)
    review.reviewed_on = timezone.localdate()
    audited(review, actor).save()
    return review


@transaction.atomic
def registered_interest_end(*, interest, actor, end_on):
    """The interest ended on a day; the entry stays in the register (and in any declaration naming it)."""
    interest = RegisteredInterest.objects.select_for_update().get(pk=interest.pk)
    policy.require(actor, "keep_register", interest)
    if interest.end_on is not None:
        raise TransitionError(f"This interest already ended on {long_date(interest.end_on)}")
    if end_on < interest.start_on:
        raise ValidationError({"end_on": f"The interest must end on or after the day it started "
                                         f"({long_date(interest.start_on)})"})
    interest.end_on = end_on
    _full_clean(interest)
    audited(interest, actor).save(update_fields=["end_on"])
    return interest


@transaction.atomic
def action_add(*, meeting, actor, description, owner, due_on):
    """An action agreed at a meeting. Its owner holds a seat on the board on the meeting's day."""
    meeting = Meeting.objects.select_for_update().select_related("board__area").get(pk=meeting.pk)
    policy.require(actor, "manage", meeting.board)
    if meeting.status == Meeting.Status.CANCELLED:
        raise TransitionError("The meeting was cancelled: it agreed no actions")
    owner_id = getattr(owner, "pk", owner)
    if not Seat.objects.filter(pk=owner_id, board_id=meeting.board_id).current(meeting.date).exists():
        raise ValidationError({"owner": "Select an owner with a seat on the board on the day of the meeting"})
    if due_on is not None and due_on < meeting.date:
        raise ValidationError({"due_on": "The action must be due on or after the day of the meeting"})
    action = Action(meeting=meeting, description=(description or "").strip(), owner_id=owner_id, due_on=due_on)
    _full_clean(action, exclude=["meeting", "owner"])
    audited(action, actor).save()
    return action


@transaction.atomic
def action_status_set(*, action, actor, status):
    action = Action.objects.select_for_update().select_related("meeting__board__area").get(pk=action.pk)
    policy.require(actor, "manage", action.meeting.board)
    if status not in Action.Status.values:
        raise ValidationError({"status": "Select the action's status"})
    if action.status != status:
        action.status = status
        audited(action, actor).save(update_fields=["status", "updated_at"])
    return action
