"""The joint plan on the national compliance dashboard: status, publication, completeness,
partner agreement and the annual review, for every area in six queries.

Completeness comes from the one engine (``plans.completeness.completeness_many``): the same
rules, messages and figure as the plan page, read in five queries for any number of versions.
"""
from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from partners import law
from plans.completeness import completeness_many
from plans.models import AgreementRequest, AgreementResponse, PlanReview, PlanVersion
from trusts.dashboard import Cell, Column, Contribution

__all__ = ["completeness_many", "current_versions", "provide"]

S = PlanVersion.Status
NO_PLAN = "No plan"
# the order of the chart and of the status column when sorted
STATUS_ORDER = [NO_PLAN, S.DRAFT.label, S.CONSULTATION.label, S.AGREEMENT.label, S.APPROVAL.label,
                S.PUBLISHED.label]


def _requests(agreed=False):
    qs = AgreementRequest.objects.filter(version=OuterRef("pk"), round=OuterRef("agreement_round"))
    if agreed:
        qs = qs.filter(latest_decision=AgreementResponse.Decision.AGREE)
    counted = qs.order_by().values("version").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def current_versions(areas):
    """{area id: (open version or None, published version or None)} in one query, with each
    version's agreement counts (current round) and whether its due review is recorded."""
    found = defaultdict(lambda: [None, None])
    for version in (
        PlanVersion.objects.filter(trust__in=[a.pk for a in areas], status__in=[*PlanVersion.OPEN_STATUSES,
                                                                                 S.PUBLISHED])
        .select_related("trust")
        .annotate(
            requests_total=_requests(), requests_agreed=_requests(agreed=True),
            review_recorded=Exists(PlanReview.objects.filter(version=OuterRef("pk"),
                                                             due_on=OuterRef("review_due_on"))),
        )
    ):
        found[version.trust_id][1 if version.status == S.PUBLISHED else 0] = version
    return {pk: tuple(pair) for pk, pair in found.items()}


def _d(day):
    return f"{day:%-d %B %Y}"


def _not_required_since(framework):
    """Since when an area need not have a plan nor review it, under its framework on the day
    ("" while it must): the plan regulations were revoked on 31 October 2010."""
    return "" if framework.plan_required else _d(law.PLAN_REGULATIONS_REVOKED)


def provide(areas, today):
    versions = current_versions(areas) if areas else {}
    checks = completeness_many([open_ or published for open_, published in versions.values()], day=today)
    values = {}
    statuses = dict.fromkeys(STATUS_ORDER, 0)
    published_count = overdue_count = 0
    for area in areas:
        open_version, published = versions.get(area.pk, (None, None))
        # since the plan regulations were revoked (31 October 2010) a plan and its annual review are
        # not required: an area without them still meets the rules; a voluntary plan is shown as kept
        not_required = _not_required_since(area.effective_framework(today))
        cells = {}
        if published is not None:
            status = S.PUBLISHED.label
            text = status + (f"; new version {open_version.get_status_display().lower()}" if open_version else "")
            published_count += 1
            cells["plan_published"] = Cell(_d(published.published_on), published.published_on.isoformat())
        else:
            status = open_version.get_status_display() if open_version else NO_PLAN
            text = status + (f" (not required since {not_required})" if not_required else "")
            cells["plan_published"] = Cell("Not published")
        statuses[status] += 1
        cells["plan_status"] = Cell(text, STATUS_ORDER.index(status), flagged=published is None and not not_required)
        current = open_version or published
        if current is not None:
            check = checks[current.pk]
            cells["plan_completeness"] = Cell(f"{check.percent}% (version {current.number})", check.percent)
        if open_version is not None and open_version.status == S.AGREEMENT:
            agreed, total = open_version.requests_agreed, open_version.requests_total
            cells["plan_agreement"] = Cell(f"{agreed} of {total}", total - agreed)
        if published is not None and published.review_due_on:
            due = published.review_due_on
            if due < today and published.review_recorded:
                cells["plan_review"] = Cell(f"Recorded (due {_d(due)})", due.isoformat())
            elif not_required:
                cells["plan_review"] = Cell(f"Not required since {not_required} (due {_d(due)})", due.isoformat())
            elif due < today:
                overdue_count += 1
                cells["plan_review"] = Cell(f"Overdue (due {_d(due)})", due.isoformat(), flagged=True)
            else:
                cells["plan_review"] = Cell(f"Due {_d(due)}", due.isoformat())
        values[area.pk] = cells
    return Contribution(
        columns=[
            Column("plan_status", "Plan status", flag="Without a published plan"),
            Column("plan_published", "Plan published on"),
            Column("plan_completeness", "Plan completeness", numeric=True),
            Column("plan_agreement", "Partners agreed"),
            Column("plan_review", "Annual review", flag="Overdue reviews"),
        ],
        values=values,
        totals=[
            (f"{published_count} of {len(areas)} area{'s' if len(areas) != 1 else ''} "
             f"{'have' if len(areas) != 1 else 'has'} a published joint plan"),
            f"{overdue_count} overdue review{'s' if overdue_count != 1 else ''}",
        ],
        charts=[("Plan status across areas", list(statuses.items()))],
    )
