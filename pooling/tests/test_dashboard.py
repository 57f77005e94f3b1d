"""Pooled fund totals on the national compliance dashboard."""
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from pooling.dashboard import provide
from pooling.tests.factories import ContributionFactory, PartnerFactory, PooledFundFactory
from pooling.years import FinancialYear
from trusts.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db
TODAY = date(2009, 6, 1)  # financial year 2009-10


def _contribute(fund, value, *, year=2009, stage="planned", kind="cash"):
    partner = PartnerFactory(area=fund.area, org_type="pct")
    return ContributionFactory(fund=fund, partner=partner, year=year, stage=stage, kind=kind, value=Decimal(value),
                               description="" if kind == "cash" else "Two social workers")


def test_pooled_totals_this_year_planned_and_actual_per_area():
    north, south, none = AreaFactory(name="North"), AreaFactory(name="South"), AreaFactory(name="None")
    fund_a, fund_b = PooledFundFactory(area=north), PooledFundFactory(area=north)
    _contribute(fund_a, "1000.50")
    _contribute(fund_b, "250.25")
    _contribute(fund_b, "400.00", kind="staff")
    _contribute(fund_a, "900.00", stage="actual")
    _contribute(fund_a, "99999.00", year=2008)  # last year: not counted
    _contribute(PooledFundFactory(area=south), "900.00")
    part = provide([north, south, none], TODAY)
    cells = {a.name: (part.values[a.pk]["pooled_planned"], part.values[a.pk]["pooled_actual"])
             for a in (north, south, none)}
    assert [(p.text, a.text) for p, a in cells.values()] == [
        ("£1,650.75", "£900.00"), ("£900.00", "£0.00"), ("£0.00", "£0.00")]
    assert [p.sort for p, _ in cells.values()] == [165075, 90000, 0]  # exact pence
    assert [c.label for c in part.columns] == ["Pooled 2009-10 (planned)", "Pooled 2009-10 (actual)"]
    assert part.totals == ["£2,550.75 planned and £900.00 actual pooled across England in 2009-10, by 2 areas"]


@pytest.mark.parametrize("n_areas", [3, 30])
def test_pooling_provider_one_query_at_any_size(n_areas, django_assert_num_queries):
    areas = [AreaFactory() for _ in range(n_areas)]
    for area in areas:
        fund = PooledFundFactory(area=area)
        _contribute(fund, "10.00")
        _contribute(fund, "5.00", stage="actual")
    with django_assert_num_queries(1):
        part = provide(areas, TODAY)
    assert part.totals[0].startswith(f"£{10 * n_areas:,}.00 planned and £{5 * n_areas:,}.00 actual")


def test_dashboard_sorts_pooled_totals_as_money_not_text(client, steward):
    """£900 sorts below £10,000 (as text "£9" would sort above "£1")."""
    year = FinancialYear.current()
    small, large = AreaFactory(name="Small"), AreaFactory(name="Large")
    _contribute(PooledFundFactory(area=small), "900.00", year=year)
    _contribute(PooledFundFactory(area=large), "10000.00", year=year)
    client.force_login(steward)
    response = client.get(reverse("trusts:dashboard"), {"sort": "pooled_planned", "order": "desc"})
    assert [r["area"].name for r in response.context["rows"]] == ["Large", "Small"]
    assert "£10,000.00" in response.content.decode()


def test_pooled_year_defaults_to_the_latest_year_with_figures_begun_by_the_date():
    area = AreaFactory(name="North")
    fund = PooledFundFactory(area=area)
    _contribute(fund, "100.00", year=2008)
    _contribute(fund, "200.00", year=2009)
    _contribute(fund, "900.00", year=2012)  # planned ahead: not a year begun by TODAY (2009-10)
    part = provide([area], TODAY)
    assert (part.year, part.years) == (2009, (2008, 2009, 2012))
    cell = part.values[area.pk]["pooled_planned"]
    assert cell.text == "£200.00"
    assert cell.data == {"financial_year_start": 2009, "financial_year": "2009-10",
                         "pooled_planned_pounds": Decimal("200.00")}
    assert provide([area], TODAY, year=2012).values[area.pk]["pooled_planned"].sort == 90000
    # no figures begun by the date: the date's own year, shown as nothing pooled
    early = provide([area], date(2007, 6, 1))
    assert early.year == 2007 and early.values[area.pk]["pooled_planned"].text == "£0.00"
