"""Agreement through the board seats that represent partners.

The plan is agreed by the board partners (DCSF note 2008 para 45; SI 2010/591 reg 2:
those represented on the board), and one person may represent several partners
(Children Act 2004 s12A(5)). A seat represents the partner it is for, the partners
named on it, and every open partner of its board's areas in its groups
(``boards.groups``; the same rule as ``boards.composition.seat_represents``, written
here as one query so an area of 600 partners costs the same as one of 6).

The holder of a current seat answers for every represented partner that has no answer
of its own in the round (``plans.services.agreement_represent``); a partner's own
answer, given before or after, always wins.

Reads only: every count is a database aggregate, and at most ``NAMES_SHOWN``
outstanding partners are named, never the whole group.
"""
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from boards import groups
from boards.models import Seat
from partners.models import Partner
from partners.querysets import open_q
from plans.models import AgreementRequest, AgreementResponse, PlanVersion
from trusts.models import User
from trusts.permissions import area_ids, is_active

NAMES_SHOWN = 20


def seat_label(seat):
    """How a seat reads after "Agreed through": "the Schools seat held by Harriet Head"."""
    holder = seat.person.full_name if seat.person_id else "nobody"
    return f"the {seat.constituency_label} seat held by {holder}"


def represented_q(seat, area_ids, day=None):
    """The partners a seat represents, as a filter on Partner (``area_ids``: its board's areas)
    on ``day`` (today by default): a group's members are the partners open then."""
    rule = Q(pk__in=seat.represented_partners.values("pk"))
    if seat.partner_id:
        rule |= Q(pk=seat.partner_id)
    members = groups.members_q(seat.represented_groups)  # by type and, for phase groups, phase
    if members is not None:
        rule |= (Q(area_id__in=list(area_ids)) & members & ~Q(engagement=Partner.Engagement.WITHDRAWN)
                 & open_q(day or timezone.localdate()))
    return rule


def _round_requests(version):
    return AgreementRequest.objects.filter(version=version, round=version.agreement_round)


def own_answer():
    """Exists: the request has an answer of the partner's own (itself, or recorded by an officer)."""
    return Exists(AgreementResponse.objects.filter(request=OuterRef("pk"), via__in=AgreementResponse.OWN_VIAS))


def latest_answer(field):
    return Subquery(AgreementResponse.objects.filter(request=OuterRef("pk")).order_by("-at", "-pk").values(field)[:1])


def represented_requests(seat, version, area_ids=None):
    """The current round's requests of the partners the seat represents, annotated with
    ``has_own`` and the latest answer's seat (``last_seat``) and decision (``last_decision``)."""
    area_ids = seat.board.area_ids() if area_ids is None else area_ids
    return (_round_requests(version).filter(partner__in=Partner.objects.filter(represented_q(seat, area_ids)))
            .annotate(has_own=own_answer(), last_seat=latest_answer("through_seat_id"),
                      last_decision=latest_answer("decision")))


def holder_seats(user, area, day=None):
    """The user's current seats on the boards of an area (lead or joint), ready for ``represented_q``."""
    if not is_active(user):
        return []
    return list(Seat.objects.current(day).for_area(area).filter(person=user)
                .select_related("board", "partner", "person").prefetch_related("board__joint_areas")
                .order_by("board_id", "term_start", "pk"))


def seat_area_ids(user):
    """The areas whose versions with partners the user may read as a representative: where the
    user holds a current seat that represents partners, by name or by group (cached on the user)."""
    cached = getattr(user, "_plans_seat_area_ids", None)
    if cached is not None:
        return cached
    result = set()
    # a seat gives its holder board-member access to the board's areas (boards.access): only
    # board members are asked, so no other page pays for the query
    member_of = area_ids(user, User.Role.BOARD_MEMBER)
    if member_of:
        seats = (Seat.objects.current().filter(person=user)
                 .filter(Q(partner__isnull=False) | Q(represented_partners__isnull=False)
                         | ~Q(represented_groups=[]))
                 .prefetch_related("board__joint_areas").select_related("board").distinct())
        for seat in seats:
            result.update(seat.board.area_ids())
    user._plans_seat_area_ids = frozenset(result) & member_of
    return user._plans_seat_area_ids


def seat_counts(seat, version, area_ids=None):
    """(represented, answered for themselves, answered through this seat, outstanding) in one query."""
    mine = Q(has_own=False, last_seat=seat.pk)
    counts = represented_requests(seat, version, area_ids).aggregate(
        represented=Count("pk"), own=Count("pk", filter=Q(has_own=True)), through=Count("pk", filter=mine))
    counts["outstanding"] = counts["represented"] - counts["own"] - counts["through"]
    return counts


def outstanding_names(seat, version, area_ids=None, limit=NAMES_SHOWN):
    """The first ``limit`` partners (by name) still waiting for this seat's answer."""
    # no answer yet is a NULL latest seat: tested explicitly (exclude would drop those rows)
    return list(represented_requests(seat, version, area_ids).filter(has_own=False)
                .filter(Q(last_seat__isnull=True) | ~Q(last_seat=seat.pk)).order_by("partner__name")
                .values_list("partner__name", flat=True)[:limit])


def seat_summary(seat, version):
    area_ids = seat.board.area_ids()
    counts = seat_counts(seat, version, area_ids)
    names = outstanding_names(seat, version, area_ids) if counts["outstanding"] else []
    return {
        "seat": seat,
        "label": seat_label(seat),
        "groups": [g.label for g in seat.groups],
        "named": seat.partner.name if seat.partner_id else "",
        "counts": counts,
        "names": names,
        "more": max(0, counts["outstanding"] - len(names)),
        "url": reverse("plans:agreement-represent", kwargs={"la_code": version.area.la_code,
                                                             "version": version.number, "seat": seat.pk}),
    }


def panel(*, user, version):
    """What the plan page shows a seat holder while the version waits for partners: per seat
    that represents partners of the area, the counts and the link to answer for them. None otherwise."""
    if version.status != PlanVersion.Status.AGREEMENT or not is_active(user):
        return None
    seats = []
    for seat in holder_seats(user, version.area):
        summary = seat_summary(seat, version)
        if summary["counts"]["represented"]:
            seats.append(summary)
    if not seats:
        return None
    return {"version": version, "seats": seats, "due_on": version.agreement_due_on}
