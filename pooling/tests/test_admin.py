from decimal import Decimal

from django.urls import reverse

from pooling import services
from trusts import charts


def test_admin_changelists_search_filter_and_history(client, steward, officer, fund, pct):
    c = services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("10"))
    s = services.spend_create(fund=fund, actor=officer, year=2009, outcome="be_healthy", service_area="other",
                              value=Decimal("5"))
    client.force_login(steward)
    for model, obj in (("pooledfund", fund), ("contribution", c), ("spend", s)):
        changelist = reverse(f"admin:pooling_{model}_changelist")
        assert client.get(changelist, {"q": "Northshire"}).status_code == 200
        assert client.get(reverse(f"admin:pooling_{model}_history", args=[obj.pk])).status_code == 200
    page = client.get(reverse("admin:pooling_contribution_changelist"), {"stage__exact": "planned"})
    assert "Northshire PCT" in page.content.decode()


def test_admin_refuses_officers(client, officer):
    client.force_login(officer)
    assert client.get(reverse("admin:pooling_pooledfund_changelist")).status_code == 302


def test_money_formats_negative_balances():
    assert charts.money(Decimal("-50")) == "-£50.00"
    assert charts.money(Decimal("1234.5")) == "£1,234.50"
