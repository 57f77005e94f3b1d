"""The pooled budgets' charts: contributions per partner per year, spend per outcome. Drawn
by ``trusts.charts`` and shown, with the table of the same figures beside them, through
``templates/includes/chart.html``."""
from decimal import Decimal

from pooling.years import FinancialYear
from trusts.charts import grouped_bars, stacked_bars


def contributions_chart(*, chart_id, rows, stage, years=None, title=None):
    """Contributions per partner per year (stacked) from ``PartnerYear`` rows."""
    years = sorted(set(years or []) | {r.year for r in rows})
    names, values = {}, {}
    for r in rows:
        names.setdefault(r.partner_id, r.partner_name)
        values[(r.partner_id, r.year)] = getattr(r, stage)
    series = [(name, [values.get((pid, y), Decimal(0)) for y in years]) for pid, name in names.items()]
    series = [s for s in series if any(v > 0 for v in s[1])]
    labels = [FinancialYear.label(y) for y in years]
    title = title or f"{stage.capitalize()} contributions per partner per financial year"
    desc = (f"Stacked bar chart: one bar per financial year ({', '.join(labels) or 'none'}), split by partner. "
            f"Each partner has its own pattern and number. The table beside it gives the same figures.")
    return stacked_bars(chart_id=chart_id, title=title, desc=desc, categories=labels, series=series)


def outcome_chart(*, chart_id, rows, title="Spend by Every Child Matters outcome"):
    """Planned and actual spend per outcome, from ``selectors.outcome_spend_list`` rows."""
    desc = ("Bar chart: for each of the five Every Child Matters outcomes, a bar for planned spend and one for "
            "actual spend, each labelled with its value. The table beside it gives the same figures.")
    return grouped_bars(
        chart_id=chart_id, title=title, desc=desc, categories=[r["label"] for r in rows],
        series=[("Planned", [r["planned"] for r in rows]), ("Actual", [r["actual"] for r in rows])],
    )
