"""The joint plan on the national compliance dashboard: status, publication, completeness,
partner agreement, the annual review and the plan's period, for every area in six queries.

Completeness comes from the one engine (``plans.completeness.completeness_many``): the same
rules, messages and figure as the plan page, read in five queries for any number of versions.
Whether an area meets the plan rules comes from the one rule (``plans.selectors.plan_compliance_get``),
as on the area's page, applied on the day the dashboard is as of.
"""
from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from partners import law
from plans.completeness import completeness_many
from plans.models import AgreementRequest, AgreementResponse, PlanReview, PlanVersion
from plans.selectors import plan_compliance_get
from trusts.dashboard import Cell, Column, Contribution
from trusts.dates import long_date

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


def current_versions(areas, day=None):
    """{area id: (open version or None, published version or None)} in one query, with each
    version's agreement counts (current round) and whether its due review is recorded (by
    ``day``, when given)."""
    recorded = PlanReview.objects.filter(version=OuterRef("pk"), due_on=OuterRef("review_due_on"))
    if day is not None:
        recorded = recorded.filter(reviewed_on__lte=day)
    found = defaultdict(lambda: [None, None])
    for version in (
        PlanVersion.objects.filter(area__in=[a.pk for a in areas], status__in=[*PlanVersion.OPEN_STATUSES,
                                                                                 S.PUBLISHED])
        .select_related("area")
        .annotate(
            requests_total=_requests(), requests_agreed=_requests(agreed=True),
            review_recorded=Exists(recorded),
        )
    ):
        found[version.area_id][1 if version.status == S.PUBLISHED else 0] = version
    return {pk: tuple(pair) for pk, pair in found.items()}


def _not_required_since(framework):
    """Since when an area need not have a plan nor review it, under its framework on the day
    ("" while it must): the plan regulations were revoked on 31 October 2010."""
    return "" if framework.plan_required else long_date(law.PLAN_REGULATIONS_REVOKED)


def _yes(value):
    return "yes" if value else "no"


def provide(areas, today, *, year=None):
    versions = current_versions(areas, today) if areas else {}
    checks = completeness_many([open_ or published for open_, published in versions.values()], day=today)
    values = {}
    statuses = dict.fromkeys(STATUS_ORDER, 0)
    published_count = overdue_count = ended_count = 0
    for area in areas:
        open_version, published = versions.get(area.pk, (None, None))
        if published is not None and published.published_on and published.published_on > today:
            published = None  # not yet published on the day the figures are as of
        compliance = plan_compliance_get(area=area, published=published, today=today,
                                     review_recorded=published.review_recorded if published else None)
        # since the plan regulations were revoked (31 October 2010) a plan and its annual review are
        # not required: an area without them still meets the rules; a voluntary plan is shown as kept
        not_required = _not_required_since(compliance.framework)
        cells = {}
        if published is not None:
            status, code = S.PUBLISHED.label, S.PUBLISHED.value
            text = status + (f"; new version {open_version.get_status_display().lower()}" if open_version else "")
            published_count += 1
            cells["plan_published"] = Cell(long_date(published.published_on), published.published_on.isoformat(),
                                           data={"plan_published_on": published.published_on.isoformat()})
        else:
            status = open_version.get_status_display() if open_version else NO_PLAN
            code = open_version.status if open_version else "none"
            text = status + (f" (not required since {not_required})" if not_required else "")
            cells["plan_published"] = Cell("Not published", data={"plan_published_on": ""})
        statuses[status] += 1
        cells["plan_status"] = Cell(text, STATUS_ORDER.index(status), flagged=not compliance.published_in_time,
                                    reason=compliance.reason if not compliance.published_in_time else "",
                                    data={"plan_status_code": code, "plan_status": status,
                                          "plan_required": _yes(compliance.required)})
        current = open_version or published
        if current is not None:
            check = checks[current.pk]
            cells["plan_completeness"] = Cell(f"{check.percent}% (version {current.number})", check.percent,
                                              data={"plan_completeness_percent": check.percent,
                                                    "plan_version": current.number})
        if open_version is not None and open_version.status == S.AGREEMENT:
            agreed, total = open_version.requests_agreed, open_version.requests_total
            cells["plan_agreement"] = Cell(f"{agreed} of {total}", total - agreed,
                                           data={"partners_agreed": agreed, "partners_asked": total})
        if published is not None and published.review_due_on:
            due = published.review_due_on
            if compliance.review_overdue:
                overdue_count += 1
                text, code = f"Overdue (due {long_date(due)})", "overdue"
            elif due < today and published.review_recorded:
                text, code = f"Recorded (due {long_date(due)})", "recorded"
            elif not_required:
                text, code = f"Not required since {not_required} (due {long_date(due)})", "not_required"
            else:
                text, code = f"Due {long_date(due)}", "due"
            cells["plan_review"] = Cell(
                text, due.isoformat(), flagged=compliance.review_overdue,
                reason=compliance.review_reason if compliance.review_overdue else "",
                data={"plan_review_due_on": due.isoformat(), "plan_review_code": code,
                      "plan_review": text.split(" (")[0]})
        if published is not None and published.period_end:
            end = published.period_end
            ended_count += compliance.period_ended
            cells["plan_period"] = Cell(
                f"{'Ended' if end < today else 'Ends'} {long_date(end)}", end.isoformat(),
                flagged=compliance.period_ended,
                reason=compliance.period_reason,
                data={"plan_period_end": end.isoformat(), "plan_period_ended": _yes(end < today)})
        values[area.pk] = cells
    return Contribution(
        columns=[
            Column("plan_status", "Plan status", flag="Without a plan published in time",
                   exports=("plan_status_code", "plan_status", "plan_required")),
            Column("plan_published", "Plan published on", exports=("plan_published_on",)),
            Column("plan_completeness", "Plan completeness", numeric=True,
                   exports=("plan_completeness_percent", "plan_version")),
            Column("plan_agreement", "Partners agreed", exports=("partners_agreed", "partners_asked")),
            Column("plan_review", "Annual review", flag="Overdue reviews",
                   exports=("plan_review_due_on", "plan_review_code", "plan_review")),
            Column("plan_period", "Plan period", flag="Plans past their period",
                   exports=("plan_period_end", "plan_period_ended")),
        ],
        values=values,
        totals=[
            (f"{published_count} of {len(areas)} area{'s' if len(areas) != 1 else ''} "
             f"{'have' if len(areas) != 1 else 'has'} a published joint plan"),
            f"{overdue_count} overdue review{'s' if overdue_count != 1 else ''}",
            f"{ended_count} plan{'s' if ended_count != 1 else ''} past {'their' if ended_count != 1 else 'its'} "
            "period where a plan is required",
        ],
        charts=[("Plan status across areas", list(statuses.items()))],
    )
