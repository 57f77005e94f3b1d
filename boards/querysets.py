"""Querysets: the one scoping rule, widened for joint boards (s12A)."""
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from trusts.models import Trust


def _is_steward(user):
    return getattr(user, "is_authenticated", False) and user.is_active and user.is_steward


class _BoardScoped(models.QuerySet):
    """A board is seen from its lead area OR any joint area: officers of each area manage it."""

    board_lookup = "board"  # path from this model to Board

    def _areas_q(self, trusts):
        joint = apps.get_model("boards", "Board").joint_trusts.through.objects.filter(trust__in=trusts)
        if not self.board_lookup:
            return Q(trust__in=trusts) | Q(pk__in=joint.values("board_id"))
        return (Q(**{f"{self.board_lookup}__trust__in": trusts})
                | Q(**{f"{self.board_lookup}__in": joint.values("board_id")}))

    def for_user(self, user):
        if _is_steward(user):
            return self.all()
        return self.filter(self._areas_q(Trust.objects.for_user(user).values("pk")))

    def for_area(self, area):
        """Everything belonging to a board of the area, lead or joint."""
        return self.filter(self._areas_q(Trust.objects.filter(pk=area.pk).values("pk")))


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
