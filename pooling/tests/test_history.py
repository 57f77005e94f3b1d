from decimal import Decimal

from django.urls import reverse

from pooling import services
from pooling.models import Contribution, PooledFund


def test_contribution_history_keeps_who_when_before_after(client, officer, area, fund, pct):
    c = services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("1000"))
    client.force_login(officer)
    client.post(reverse("pooling:contribution-edit", kwargs={"la_code": area.la_code, "fund": fund.pk,
                                                              "contribution": c.pk}),
                {"value": "1250.75", "description": "Revised after budget setting"})
    records = list(Contribution.history.filter(id=c.pk).order_by("history_date"))
    assert [(r.history_type, r.value, r.history_user) for r in records] == [
        ("+", Decimal("1000.00"), officer), ("~", Decimal("1250.75"), officer)]
    rows = [row for row in client.get(reverse("pooling:fund-detail", kwargs={"la_code": area.la_code, "fund": fund.pk})
                                      ).context["history"] if "contribution" in row.what]
    assert rows[0].who == officer
    assert rows[0].what == "Cash contribution from Northshire PCT, 2009-10, planned"
    assert rows[0].changes == [("Value", "£1,000.00", "£1,250.75"),
                               ("Description", "", "Revised after budget setting")]
    assert rows[1].changes == [("Value", "", "£1,000.00")]


def test_spend_history_shown_on_fund_page(client, officer, area, fund):
    s = services.spend_create(fund=fund, actor=officer, year=2010, outcome="be_healthy", service_area="child_health",
                              value=Decimal("10"))
    services.spend_update(spend=s, actor=officer, value=Decimal("12"))
    client.force_login(officer)
    page = client.get(reverse("pooling:fund-detail", kwargs={"la_code": area.la_code, "fund": fund.pk})).content.decode()
    assert "Spend on be healthy, child health, including children&#x27;s centres, 2010-11, planned" in page
    assert "£10.00" in page and "£12.00" in page and "Olive Officer" in page


def test_fund_history_recorded(officer, fund):
    services.fund_update(fund=fund, actor=officer, status=PooledFund.Status.CLOSED)
    assert [r.status for r in fund.history.order_by("history_date")] == ["active", "closed"]
    assert fund.history.latest().history_user == officer
