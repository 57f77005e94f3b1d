"""Pooled fund totals on the national compliance dashboard: one financial year's contributions
per area, planned and actual, from one aggregate query over every year (so the page also
knows which years have figures, for its choice of year).

The year shown is the one asked for; by default the latest year with figures that has begun
by the date the dashboard is as of (a fund's future years are plans, not yet figures), or
that date's own year when no such year has any."""
from collections import defaultdict
from decimal import Decimal

from pooling.models import Contribution
from pooling.selectors import PLANNED_ACTUAL, ZERO
from pooling.years import FinancialYear
from trusts.charts import money
from trusts.dashboard import Cell, Column, Contribution as DashboardContribution


def pence(value):
    """The sort key: whole pence as an int (exact, and sorted as a number by the page)."""
    return int(Decimal(value) * 100)


def pounds(value):
    """The CSV's value: pounds as a plain decimal with two places (1650.75), no sign of a £ or comma."""
    return Decimal(value).quantize(Decimal("0.01"))


def totals_by_year(areas):
    """{year: {area id: (planned, actual)}} for contributions to the areas' funds, every year."""
    found = defaultdict(dict)
    rows = (
        Contribution.objects.filter(fund__area__in=[a.pk for a in areas]).order_by()
        .values("year", "fund__area_id").annotate(**PLANNED_ACTUAL)
        .values_list("year", "fund__area_id", "planned", "actual")
    )
    for year, area_id, planned, actual in rows:
        found[year][area_id] = (planned, actual)
    return found


def totals(areas, year):
    """{area id: (planned, actual)} for contributions to the areas' funds in a financial year."""
    return totals_by_year(areas).get(year, {}) if areas else {}


def default_year(years, today):
    """The latest year with figures that has begun by ``today``, else ``today``'s year."""
    current = FinancialYear.fy_for(today)
    begun = [y for y in years if y <= current]
    return max(begun) if begun else current


def provide(areas, today, *, year=None):
    by_year = totals_by_year(areas) if areas else {}
    year = year or default_year(by_year, today)
    label = FinancialYear.label(year)
    found = by_year.get(year, {})
    values = {}
    for area in areas:
        planned, actual = found.get(area.pk, (ZERO, ZERO))
        values[area.pk] = {
            "pooled_planned": Cell(money(planned), pence(planned),
                                   data={"financial_year_start": year, "financial_year": label,
                                         "pooled_planned_pounds": pounds(planned)}),
            "pooled_actual": Cell(money(actual), pence(actual), data={"pooled_actual_pounds": pounds(actual)}),
        }
    planned = sum((p for p, _ in found.values()), ZERO)
    actual = sum((a for _, a in found.values()), ZERO)
    pooling = sum(1 for p, a in found.values() if p or a)
    return DashboardContribution(
        columns=[
            Column("pooled_planned", f"Pooled {label} (planned)", numeric=True,
                   exports=("financial_year_start", "financial_year", "pooled_planned_pounds")),
            Column("pooled_actual", f"Pooled {label} (actual)", numeric=True, exports=("pooled_actual_pounds",)),
        ],
        values=values,
        totals=[f"{money(planned)} planned and {money(actual)} actual pooled across England in {label}, "
                f"by {pooling} area{'s' if pooling != 1 else ''}"],
        years=tuple(sorted(by_year)),
        year=year,
    )
