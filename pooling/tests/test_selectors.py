from decimal import Decimal

from pooling import selectors, services
from pooling.tests.factories import ContributionFactory, PartnerFactory, PooledFundFactory


def test_spend_statement_totals_per_partner_per_year_across_funds_in_one_query(
        officer, area, other_area, fund, s75_fund, pct, police, django_assert_num_queries):
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("100.10"))
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("5"), kind="staff",
                                 description="A nurse, part-time")
    services.contribution_create(fund=s75_fund, actor=officer, partner=pct, year=2009, value=Decimal("1000"))
    services.contribution_create(fund=s75_fund, actor=officer, partner=pct, year=2009, value=Decimal("900"),
                                 stage="actual")
    services.contribution_create(fund=fund, actor=officer, partner=police, year=2010, value=Decimal("50"))
    theirs = PooledFundFactory(area=other_area)
    ContributionFactory(fund=theirs, partner=PartnerFactory(area=other_area, name="Northshire PCT"), year=2009)
    with django_assert_num_queries(1):
        rows = selectors.spend_statement_list(area=area)
    assert [(r.partner_name, r.year, r.year_label, r.planned, r.actual, r.fund_count) for r in rows] == [
        ("Northshire Constabulary", 2010, "2010-11", Decimal("50.00"), Decimal("0.00"), 1),
        ("Northshire PCT", 2009, "2009-10", Decimal("1105.10"), Decimal("900.00"), 2),
    ]
    totals = selectors.spend_statement_totals(rows)
    assert [(t.year, t.planned, t.actual) for t in totals] == [(2009, Decimal("1105.10"), Decimal("900.00")),
                                                               (2010, Decimal("50.00"), Decimal("0.00"))]


def test_fund_reconciliation_balances_each_year(officer, fund, pct):
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("1000"))
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("800"),
                                 stage="actual")
    services.spend_create(fund=fund, actor=officer, year=2009, outcome="be_healthy", service_area="other",
                          value=Decimal("600.40"))
    services.spend_create(fund=fund, actor=officer, year=2009, outcome="be_healthy", service_area="other",
                          value=Decimal("850"), stage="actual")
    years, total = selectors.fund_reconciliation_get(fund=fund)
    assert [y.label for y in years] == ["2008-09", "2009-10", "2010-11"]
    year = years[1]
    assert (year.balance_planned, year.balance_actual) == (Decimal("399.60"), Decimal("-50.00"))
    assert years[0].balance_planned == Decimal("0.00")
    assert (total.contributed_planned, total.spent_actual) == (Decimal("1000.00"), Decimal("850.00"))
