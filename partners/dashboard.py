"""The partner register's columns on the national compliance dashboard.

One aggregate query for every area: partners and relevant partners (those under
the duty to cooperate, s10, under each area's own framework) counted per area.
"""
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from partners import law
from partners.models import Partner
from partners.querysets import open_q
from trusts.dashboard import Cell, Column, Contribution


def relevant_q(areas, day, *, prefix=""):
    """A Q matching the relevant partners of many areas at once, each under its own framework.

    Areas are grouped by (framework, tier) so the condition has one branch per group,
    not one per area: the same rule as ``Partner.objects.relevant(trust, day)``, open partners
    only (``open_q``: a school closed on or before the day is no longer a partner).
    ``prefix`` is the path to the partner from the queried model (e.g. "partner__"); ``day``
    None is today."""
    day = day or timezone.localdate()
    groups = defaultdict(list)
    for area in areas:
        groups[(area.effective_framework(day).code, area.is_two_tier)].append(area.pk)
    q = Q()
    for (code, two_tier), ids in groups.items():
        always, by_agreement = law.duty_values(code, "cooperate", two_tier=two_tier)
        duty = Q(**{f"{prefix}org_type__in": always}) | Q(
            **{f"{prefix}org_type__in": by_agreement, f"{prefix}academy_funding_agreement": True})
        q |= Q(**{f"{prefix}area_id__in": ids}) & duty
    return (q & open_q(day, prefix=prefix)) if groups else Q(pk__in=[])


def counts(areas, day):
    """{area id: (partners, relevant partners)} open on the day, in one query."""
    day = day or timezone.localdate()
    rows = (
        Partner.objects.filter(open_q(day), area__in=[a.pk for a in areas]).order_by().values("area_id")
        .annotate(total=Count("pk"), relevant=Count("pk", filter=relevant_q(areas, day)))
        .values_list("area_id", "total", "relevant")
    )
    return {area_id: (total, relevant) for area_id, total, relevant in rows}


def provide(areas, today, *, year=None):
    found = counts(areas, today) if areas else {}
    values = {}
    for area in areas:
        total, relevant = found.get(area.pk, (0, 0))
        values[area.pk] = {
            "partners": Cell(str(total), total),
            "relevant_partners": Cell(str(relevant), relevant, flagged=relevant == 0,
                                      reason="No relevant partners recorded" if relevant == 0 else ""),
        }
    total = sum(t for t, _ in found.values())
    relevant = sum(r for _, r in found.values())
    missing = sum(1 for a in areas if found.get(a.pk, (0, 0))[1] == 0)
    return Contribution(
        columns=[
            Column("partners", "Partners", numeric=True),
            Column("relevant_partners", "Relevant partners", numeric=True, flag="With no relevant partners"),
        ],
        values=values,
        totals=[
            f"{total:,} partner{'s' if total != 1 else ''} registered, {relevant:,} of them relevant partners",
            f"{missing} area{'s' if missing != 1 else ''} with no relevant partners recorded",
        ],
    )
