"""The spend of each partner (para 36 item 7).

When the area has pooled funds, the figures come from the pooling app's spend
statement (planned and actual per partner per financial year); until then the
officer enters rows by hand on the plan. The result is cached on the version
object so the page and the completeness check share one read.
"""
from dataclasses import dataclass
from decimal import Decimal

from plans.models import PartnerSpend


@dataclass(frozen=True)
class SpendRow:
    partner_name: str
    year_label: str
    area_label: str
    planned: Decimal | None
    actual: Decimal | None
    pk: int | None = None  # hand-entered rows only: for the change link


@dataclass(frozen=True)
class SpendStatement:
    source: str  # "pooling" or "plan"
    rows: tuple

    @property
    def from_pooling(self):
        return self.source == "pooling"

    @property
    def total_planned(self):
        return sum((r.planned or Decimal("0") for r in self.rows), Decimal("0"))

    @property
    def total_actual(self):
        return sum((r.actual or Decimal("0") for r in self.rows), Decimal("0"))


def _get(row, *names, default=None):
    for name in names:
        if isinstance(row, dict) and name in row:
            return row[name]
        if hasattr(row, name):
            return getattr(row, name)
    return default


def _pooling_rows(trust):
    try:
        from pooling.selectors import spend_statement
    except ImportError:  # pooling's selector not available: hand-entered rows only
        return []
    rows = []
    for row in spend_statement(trust=trust):
        partner = _get(row, "partner")
        name = _get(row, "partner_name", default=None) or (getattr(partner, "name", None) or str(partner or ""))
        year = _get(row, "year_label", default=None)
        if year is None:
            fy = _get(row, "financial_year", "year")
            year = f"{fy}-{(int(fy) + 1) % 100:02d}" if isinstance(fy, int) else str(fy or "")
        rows.append(SpendRow(name, year, str(_get(row, "area_label", default="Pooled funds")),
                             _get(row, "planned"), _get(row, "actual")))
    return rows


def spend_statement_for(version):
    cached = getattr(version, "_spend_statement", None)
    if cached is not None:
        return cached
    rows = _pooling_rows(version.trust)
    if rows:
        statement = SpendStatement("pooling", tuple(rows))
    else:
        statement = SpendStatement("plan", tuple(
            SpendRow(s.partner.name, s.year_label, s.get_spend_area_display(), s.amount, None, s.pk)
            for s in PartnerSpend.objects.filter(version=version).select_related("partner")
        ))
    version._spend_statement = statement
    return statement


def has_spend(version):
    return bool(spend_statement_for(version).rows)
