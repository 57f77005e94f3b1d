"""Reads for the pooled budgets pages. Totals come from aggregate queries, never
Python loops over rows, so a page costs the same number of queries at any size."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, Lag

from pooling import rules
from pooling.models import Contribution, Outcome, PooledFund, Spend, Stage
from pooling.years import FinancialYear
from trusts.charts import money

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=17, decimal_places=2)


def _sum(stage, path="value"):
    return Sum(path, filter=Q(stage=stage), default=ZERO, output_field=MONEY)


PLANNED_ACTUAL = {"planned": _sum(Stage.PLANNED), "actual": _sum(Stage.ACTUAL)}


def _subtotal(model, stage):
    rows = (model.objects.filter(fund=OuterRef("pk"), stage=stage).order_by().values("fund")
            .annotate(total=Sum("value")).values("total"))
    return Coalesce(Subquery(rows, output_field=MONEY), Value(ZERO), output_field=MONEY)


def fund_list(*, area):
    """The area's funds with their totals: one query with four subqueries."""
    return (
        PooledFund.objects.filter(area=area).select_related("host")
        .annotate(
            contributed_planned=_subtotal(Contribution, Stage.PLANNED),
            contributed_actual=_subtotal(Contribution, Stage.ACTUAL),
            spent_planned=_subtotal(Spend, Stage.PLANNED),
            spent_actual=_subtotal(Spend, Stage.ACTUAL),
        )
        .order_by("name")
    )


def contribution_list(*, fund):
    # partner__area: the eligibility check reads the area's tier without a query per row
    return list(fund.contributions.select_related("partner__area").order_by("year", "partner__name", "kind", "stage"))


def spend_list(*, fund):
    return list(fund.spend.order_by("year", "outcome", "service_area", "stage"))


@dataclass
class YearBalance:
    year: int
    contributed_planned: Decimal = ZERO
    contributed_actual: Decimal = ZERO
    spent_planned: Decimal = ZERO
    spent_actual: Decimal = ZERO

    @property
    def label(self):
        return FinancialYear.label(self.year)

    @property
    def balance_planned(self):
        return self.contributed_planned - self.spent_planned

    @property
    def balance_actual(self):
        return self.contributed_actual - self.spent_actual


def fund_reconciliation_get(*, fund):
    """Contributions against spend, per financial year: two aggregate queries."""
    rows = {year: YearBalance(year) for year in fund.years}
    for r in fund.contributions.order_by().values("year").annotate(**PLANNED_ACTUAL):
        row = rows.setdefault(r["year"], YearBalance(r["year"]))
        row.contributed_planned, row.contributed_actual = r["planned"], r["actual"]
    for r in fund.spend.order_by().values("year").annotate(**PLANNED_ACTUAL):
        row = rows.setdefault(r["year"], YearBalance(r["year"]))
        row.spent_planned, row.spent_actual = r["planned"], r["actual"]
    ordered = [rows[y] for y in sorted(rows)]
    total = YearBalance(0)
    for row in ordered:
        total.contributed_planned += row.contributed_planned
        total.contributed_actual += row.contributed_actual
        total.spent_planned += row.spent_planned
        total.spent_actual += row.spent_actual
    return ordered, total


@dataclass
class PartnerYear:
    partner_id: int
    partner_name: str
    year: int
    planned: Decimal
    actual: Decimal
    fund_count: int = 1
    org_type: str = ""

    @property
    def year_label(self):
        return FinancialYear.label(self.year)


def _partner_year_rows(queryset):
    rows = (
        queryset.order_by()
        .values("partner_id", "partner__name", "partner__org_type", "year")
        .annotate(**PLANNED_ACTUAL, fund_count=Count("fund", distinct=True))
        .order_by("partner__name", "partner_id", "year")
    )
    return [
        PartnerYear(r["partner_id"], r["partner__name"], r["year"], r["planned"], r["actual"], r["fund_count"],
                    r["partner__org_type"])
        for r in rows
    ]


def partner_year_list(*, fund):
    return _partner_year_rows(fund.contributions.all())


def spend_statement_list(*, area):
    """The spend of each partner (para 36 item 7): per partner per financial year, the
    planned and actual totals of its contributions across all the area's pooled funds.

    One aggregate query. Returns a list of ``PartnerYear`` (partner_id, partner_name,
    org_type, year, year_label, planned, actual, fund_count), ordered by partner then year.
    """
    return _partner_year_rows(Contribution.objects.filter(fund__area=area))


def spend_statement_totals(rows):
    """Per-year totals of a spend statement (no query)."""
    totals = {}
    for row in rows:
        t = totals.setdefault(row.year, PartnerYear(0, "All partners", row.year, ZERO, ZERO, 0))
        t.planned += row.planned
        t.actual += row.actual
    return [totals[y] for y in sorted(totals)]


def outcome_spend_list(*, fund=None, area=None):
    """Planned and actual spend per Every Child Matters outcome, all five always listed."""
    qs = Spend.objects.filter(fund=fund) if fund is not None else Spend.objects.filter(fund__area=area)
    found = {r["outcome"]: r for r in qs.order_by().values("outcome").annotate(**PLANNED_ACTUAL)}
    return [
        {"outcome": value, "label": label, "planned": found.get(value, {}).get("planned", ZERO),
         "actual": found.get(value, {}).get("actual", ZERO)}
        for value, label in Outcome.choices
    ]


@dataclass
class Flag:
    """A contribution (or the host) the area's current framework no longer allows."""

    subject: str
    contribution: Contribution | None
    message: str
    source: str


def fund_flag_list(*, fund, contributions):
    """Derived at read time from the area's current framework: never stored, never deleted.

    ``contributions`` are the already-loaded rows (with partner__area), so no query per row."""
    code = fund.area.effective_framework().code
    verdicts = {}
    flags = []
    if fund.host.area_id == fund.area_id:
        host = rules.eligibility(fund=fund, partner=fund.host, framework_code=code)
        if not host.allowed:
            flags.append(Flag(f"Host: {fund.host.name}", None, host.message, host.source))
    for c in contributions:
        if c.partner_id not in verdicts:
            verdicts[c.partner_id] = rules.eligibility(fund=fund, partner=c.partner, framework_code=code)
        verdict = verdicts[c.partner_id]
        if not verdict.allowed:
            flags.append(Flag(str(c), c, verdict.message, verdict.source))
    return flags


@dataclass
class HistoryRow:
    when: object
    who: object
    what: str
    changes: list = field(default_factory=list)


def _lagged(history, *fields):
    window = {"partition_by": [F("id")], "order_by": [F("history_date").asc(), F("history_id").asc()]}
    return history.annotate(**{f"prev_{name}": Window(Lag(name), **window) for name in fields})


def _shown(name, value):
    if value in ("", None):
        return ""
    return money(value) if name == "value" else value


def _changes(record, fields):
    if record.history_type == "+":
        return [(label, "", _shown(name, getattr(record, name)))
                for name, label in fields if getattr(record, name) not in ("", None)]
    if record.history_type == "-":
        return [("Deleted", _shown(fields[0][0], getattr(record, fields[0][0])), "")]
    return [
        (label, _shown(name, getattr(record, f"prev_{name}")), _shown(name, getattr(record, name)))
        for name, label in fields
        if getattr(record, f"prev_{name}") != getattr(record, name)
    ]


def fund_history_list(*, fund, limit=50):
    """Who changed which contribution or spend figure, when, before and after: two queries,
    each with the previous version joined by a window function."""
    fields = [("value", "Value"), ("description", "Description")]
    contributions = (
        _lagged(Contribution.history.filter(fund_id=fund.pk), "value", "description")
        .select_related("history_user", "partner").order_by("-history_date", "-history_id")[:limit]
    )
    spend = (
        _lagged(Spend.history.filter(fund_id=fund.pk), "value", "description")
        .select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    rows = []
    for r in contributions:
        what = (f"{Contribution.Kind(r.kind).label} contribution from {r.partner.name if r.partner else 'a partner'}, "
                f"{FinancialYear.label(r.year)}, {Stage(r.stage).label.lower()}")
        rows.append(HistoryRow(r.history_date, r.history_user, what, _changes(r, fields)))
    for r in spend:
        what = (f"Spend on {Outcome(r.outcome).label.lower()}, {r.get_service_area_display().lower()}, "
                f"{FinancialYear.label(r.year)}, {Stage(r.stage).label.lower()}")
        rows.append(HistoryRow(r.history_date, r.history_user, what, _changes(r, fields)))
    rows = [row for row in rows if row.changes]
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows[:limit]


def fund_summary_get(*, area):
    """For the area card: fund count and this year's totals, in two queries."""
    year = FinancialYear.current()
    counts = PooledFund.objects.filter(area=area).aggregate(
        funds=Count("pk"), active=Count("pk", filter=Q(status=PooledFund.Status.ACTIVE)))
    totals = Contribution.objects.filter(fund__area=area, year=year).aggregate(**PLANNED_ACTUAL)
    return {"year_label": FinancialYear.label(year), **counts, **totals}


def partner_contribution_list(*, user, area):
    """A partner contact's own organisation's contributions (and only those)."""
    return list(
        Contribution.objects.for_user(user).filter(fund__area=area)
        .select_related("fund", "partner").order_by("partner__name", "fund__name", "year", "kind", "stage")
    )
