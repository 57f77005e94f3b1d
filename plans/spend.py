"""The spend of each partner (para 36 item 7).

When the area has pooled funds, the figures come from the pooling app's spend
statement (planned and actual per partner per financial year); until then the
officer enters rows by hand on the plan. The result is cached on the version
object so the page and the completeness check share one read.
"""
from dataclasses import dataclass
from decimal import Decimal

from plans.models import PartnerSpend
from pooling.selectors import spend_statement_list


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


def _pooling_rows(area):
    """The pooling app's spend statement as the plan shows it: one row per partner per year."""
    return [SpendRow(row.partner_name, row.year_label, "Pooled funds", row.planned, row.actual)
            for row in spend_statement_list(area=area)]


def spend_statement_for(version):
    cached = getattr(version, "_spend_statement", None)
    if cached is not None:
        return cached
    rows = _pooling_rows(version.area)
    if rows:
        statement = SpendStatement("pooling", tuple(rows))
    else:
        statement = SpendStatement("plan", tuple(
            SpendRow(s.partner.name, s.year_label, s.get_spend_area_display(), s.amount, None, s.pk)
            for s in PartnerSpend.objects.filter(version=version).select_related("partner")
        ))
    version._spend_statement = statement
    return statement
