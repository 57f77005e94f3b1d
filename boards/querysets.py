"""Querysets: the one scoping rule for boards, widened for joint boards (s12A).

Who sees a board (and so its seats, meetings, items, papers, decisions):

* data stewards: every board;
* council officers: the boards of their areas, lead or accepted joint;
* board members: the boards on which they hold, or held, a seat, while they still have
  board-member access to one of the board's areas (the access ends with their last term:
  ``boards.access``), never a board of their area they do not sit on;
* anyone else (partner contacts): none. A seat gives the board's own business only.

Another board stays a 404. ``boards.permissions.policy`` answers what the user may do with
a board they can see.
"""
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from trusts.models import User
from trusts.permissions import BOARD_MEMBER, area_ids, is_active, is_steward, officer_area_ids


def visible_board_ids(user):
    """The pks of the boards the user may see, as a subquery; None means every board."""
    Board = apps.get_model("boards", "Board")
    if is_steward(user):
        return None
    if not is_active(user):
        return Board.objects.none().values("pk")
    joint = Board.joint_areas.through.objects
    q = Q(pk__in=[])
    officer_ids = officer_area_ids(user)
    if officer_ids:
        q |= Q(area_id__in=officer_ids) | Q(pk__in=joint.filter(area_id__in=officer_ids).values("board_id"))
    member_ids = area_ids(user, User.Role.BOARD_MEMBER) if user.role == BOARD_MEMBER else ()
    if member_ids:
        seated = apps.get_model("boards", "Seat").objects.filter(person=user).values("board_id")
        q |= Q(pk__in=seated) & (Q(area_id__in=member_ids)
                                 | Q(pk__in=joint.filter(area_id__in=member_ids).values("board_id")))
    return Board.objects.filter(q).values("pk")


class _BoardScoped(models.QuerySet):
    """Everything hangs off a board: seen when its board is seen (``visible_board_ids``)."""

    board_lookup = "board"  # path from this model to Board

    def _areas_q(self, trusts):
        joint = apps.get_model("boards", "Board").joint_areas.through.objects.filter(area__in=trusts)
        if not self.board_lookup:
            return Q(area__in=trusts) | Q(pk__in=joint.values("board_id"))
        return (Q(**{f"{self.board_lookup}__area__in": trusts})
                | Q(**{f"{self.board_lookup}__in": joint.values("board_id")}))

    def for_user(self, user):
        visible = visible_board_ids(user)
        if visible is None:
            return self.all()
        return self.filter(**{f"{self.board_lookup or 'pk'}__in": visible})

    def for_area(self, area):
        """Everything belonging to a board of the area, lead or accepted joint."""
        return self.filter(self._areas_q([getattr(area, "pk", area)]))


class BoardQuerySet(_BoardScoped):
    board_lookup = ""


class SeatQuerySet(_BoardScoped):
    board_lookup = "board"

    def current(self, day=None):
        """Seats in term on a day: a member whose term has ended is no longer counted."""
        day = day or timezone.localdate()
        return self.filter(term_start__lte=day).filter(Q(term_end__isnull=True) | Q(term_end__gte=day))

    def past(self, day=None):
        day = day or timezone.localdate()
        return self.filter(term_end__lt=day)

    def future(self, day=None):
        day = day or timezone.localdate()
        return self.filter(term_start__gt=day)

    def overlapping(self, start, end):
        """Seats whose term shares at least one day with [start, end] (end None: open-ended)."""
        qs = self.filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
        if end is not None:
            qs = qs.filter(term_start__lte=end)
        return qs


class MeetingQuerySet(_BoardScoped):
    board_lookup = "board"

    def upcoming(self, day=None):
        day = day or timezone.localdate()
        return self.filter(date__gte=day).exclude(status="cancelled")


class MeetingChildQuerySet(_BoardScoped):
    board_lookup = "meeting__board"


class AgendaItemQuerySet(_BoardScoped):
    board_lookup = "meeting__board"


class ItemChildQuerySet(_BoardScoped):
    board_lookup = "item__meeting__board"


class PaperVersionQuerySet(_BoardScoped):
    board_lookup = "paper__item__meeting__board"


class BoardChildQuerySet(_BoardScoped):
    board_lookup = "board"
