"""Pooled fund totals on the national compliance dashboard: this financial year's
contributions per area, planned and actual, from one aggregate query."""
from decimal import Decimal

from pooling.charts import money
from pooling.models import Contribution
from pooling.selectors import PLANNED_ACTUAL, ZERO
from pooling.years import FinancialYear
from trusts.dashboard import Cell, Column, Contribution as DashboardContribution


def pence(value):
    """The sort key: whole pence as an int (exact, and sorted as a number by the page)."""
    return int(Decimal(value) * 100)


def totals(areas, year):
    """{area id: (planned, actual)} for contributions to the area's funds in a financial year."""
    rows = (
        Contribution.objects.filter(fund__trust__in=[a.pk for a in areas], year=year).order_by()
        .values("fund__trust_id").annotate(**PLANNED_ACTUAL)
        .values_list("fund__trust_id", "planned", "actual")
    )
    return {trust_id: (planned, actual) for trust_id, planned, actual in rows}


def provide(areas, today):
    year = FinancialYear.fy_for(today)
    label = FinancialYear.label(year)
    found = totals(areas, year) if areas else {}
    values = {}
    for area in areas:
        planned, actual = found.get(area.pk, (ZERO, ZERO))
        values[area.pk] = {
            "pooled_planned": Cell(money(planned), pence(planned)),
            "pooled_actual": Cell(money(actual), pence(actual)),
        }
    planned = sum((p for p, _ in found.values()), ZERO)
    actual = sum((a for _, a in found.values()), ZERO)
    pooling = sum(1 for p, a in found.values() if p or a)
    return DashboardContribution(
        columns=[
            Column("pooled_planned", f"Pooled {label} (planned)", numeric=True),
            Column("pooled_actual", f"Pooled {label} (actual)", numeric=True),
        ],
        values=values,
        totals=[f"{money(planned)} planned and {money(actual)} actual pooled across England in {label}, "
                f"by {pooling} area{'s' if pooling != 1 else ''}"],
    )
