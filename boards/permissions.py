"""Who may do what with Children's Trust Boards: the one policy the boards views and
services ask (see ``trusts.permissions``).

* What a seat gives is the board's own business: its meetings, agenda, papers, decisions,
  the member's own declarations of interest and the meetings calendar. Never the area's
  partner register, its exports, draft plans or pooled budgets (the other apps refuse
  board members there unless they are also officers of the area).
* The board is managed (details, seats, meetings, agenda, papers, attendance, decisions,
  minutes, resending a member's invitation) by council officers of its lead area or of
  an accepted joint area. Stewards read every board and change none of it here.
* Joint areas join by consent: the lead area's officers invite
  another area and withdraw or end the invitation; only the invited area's officers
  accept, refuse, or later leave.
* A declaration of interest is recorded by the member themself, holding a seat on the
  board on the day of the meeting. Nobody records it for them.

Which boards a user sees at all is the scoping rule in ``boards.querysets``
(``visible(user)``): another board is a 404, a board seen but not managed a 403.
"""
from django.utils import timezone

from boards.models import Action, AgendaItem, Apology, Board, JointAreaInvitation, Meeting, Paper, RegisteredInterest, Seat
from trusts.models import Area
from trusts.permissions import (
    Policy,
    is_active,
    is_area_officer,
    is_steward,
    officer_area_ids,
    steward_can_edit,
)


def board_of(obj):
    """The board an object of this app belongs to (None for an area)."""
    if isinstance(obj, Board):
        return obj
    if isinstance(obj, (Seat, Meeting, JointAreaInvitation)):
        return obj.board
    if isinstance(obj, (Apology, Action)):
        return obj.meeting.board
    if isinstance(obj, AgendaItem):
        return obj.meeting.board
    if isinstance(obj, Paper):
        return obj.item.meeting.board
    return None


class BoardPolicy(Policy):
    refusals = {
        "create": "Only the area's council officers set up its board",
        "manage": "Only council officers of the board's areas manage the board",
        "invite": "Only council officers of the board's lead area invite another area to join it",
        "answer_invitation": "Only council officers of the invited area accept or refuse the invitation",
        "leave": "Only council officers of the area take it out of the joint board",
        "declare": "Only a member of the board records their own declaration of interest",
        "record_decision": "Only council officers of the board's areas, or a member of the board with a seat on "
                           "the day of the meeting, record the board's decisions",
        "reset_calendar": "You can change only your own calendar address",
        "publish_agenda": "Only council officers of the board's areas publish the agenda",
        "send_apologies": "Only a member holding a seat on the board on the day of the meeting sends apologies, "
                          "for themself",
        "keep_register": "Only a board member keeps their own register of interests",
        "choose_notifications": "Only a member of the board chooses how they are told of its agendas and papers",
    }
    default_refusal = "Only council officers of the board's areas manage the board"

    def visible(self, user):
        return Board.objects.for_user(user)

    def area_of(self, obj):
        if isinstance(obj, Area):
            return obj.pk
        if isinstance(obj, JointAreaInvitation):
            return obj.area_id
        board = board_of(obj)
        return board.area_id if board is not None else getattr(obj, "area_id", None)

    def can_see(self, user, obj):
        """Whether the user may know the object exists: a refusal otherwise is a 404."""
        if isinstance(obj, Area) or obj is None:
            return super().can_see(user, obj)
        if isinstance(obj, JointAreaInvitation):
            return self.can_view_invitation(user, obj)
        if isinstance(obj, RegisteredInterest):
            return obj.person_id == user.pk
        board = board_of(obj)
        if board is None:
            return True
        return Board.objects.for_user(user).filter(pk=board.pk).exists()

    # -- boards ----------------------------------------------------------------------------
    def can_create(self, user, area):
        return is_area_officer(user, area)

    def can_manage(self, user, obj):
        """Officers of the lead area or of an accepted joint area (``board.area_ids()``)."""
        board = board_of(obj)
        return board is not None and bool(officer_area_ids(user) & set(board.area_ids()))

    # -- joint areas -----------------------------------------------------------------------
    def can_invite(self, user, board):
        return is_area_officer(user, board.area_id)

    def can_view_invitation(self, user, invitation):
        return (is_steward(user) or is_area_officer(user, invitation.area_id)
                or is_area_officer(user, invitation.board.area_id))

    def can_answer_invitation(self, user, invitation):
        return is_area_officer(user, invitation.area_id)

    def can_leave(self, user, invitation):
        return is_area_officer(user, invitation.area_id)

    # -- decisions -------------------------------------------------------------------------
    def can_record_decision(self, user, item):
        """The board decides at a quorate meeting; its decision is recorded by the officer clerking
        the board or by a member holding a seat on the day of the meeting (the chair, say)."""
        return self.can_manage(user, item) or self.can_declare(user, item)

    # -- the member's own business ---------------------------------------------------------
    def can_declare(self, user, item):
        meeting = item.meeting
        return is_active(user) and Seat.objects.filter(board_id=meeting.board_id, person=user).current(
            meeting.date).exists()

    def can_publish_agenda(self, user, meeting):
        return self.can_manage(user, meeting)

    def can_send_apologies(self, user, meeting):
        return is_active(user) and Seat.objects.filter(board_id=meeting.board_id, person=user).current(
            meeting.date).exists()

    def can_choose_notifications(self, user, board):
        """A member holding a seat on the board (in term today, or starting later) chooses for themself."""
        return is_active(user) and Seat.objects.filter(board_id=board.pk, person=user).exclude(
            term_end__lt=timezone.localdate()).exists()

    def can_keep_register(self, user, interest_or_owner):
        """A member's register is their own: they add and end its entries, nobody else."""
        owner_id = (interest_or_owner.person_id if isinstance(interest_or_owner, RegisteredInterest)
                    else interest_or_owner.pk)
        return is_active(user) and user.role == user.Role.BOARD_MEMBER and user.pk == owner_id

    def can_reset_calendar(self, user, owner):
        # a read-only steward writes nothing anywhere, not even their own settings
        if is_steward(user) and not steward_can_edit(user):
            return False
        return is_active(user) and user.pk == owner.pk


policy = BoardPolicy()
