"""Pages cost the same number of queries at 3 and at 300 contributions."""
from decimal import Decimal
from itertools import product

import pytest
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from partners.models import PartnerContact
from pooling.models import Contribution, Outcome, ServiceArea, Spend
from pooling.tests.factories import PartnerFactory

ORG_TYPES = ["pct", "chief_officer_police", "yot", "probation", "connexions", "sha", "police_authority", "vcs",
             "local_authority"]


def fill(fund, rows):
    partners = [PartnerFactory(area=fund.area, org_type=t, name=f"Partner {i}") for i, t in enumerate(ORG_TYPES)]
    keys = product(partners, fund.years, Contribution.Kind.values, ["planned", "actual"])
    contributions = [
        Contribution(fund=fund, partner=p, year=y, kind=k, stage=s, value=Decimal("1234.56"),
                     description="" if k == "cash" else "In kind")
        for (p, y, k, s), _ in zip(keys, range(rows))
    ]
    bulk_create_with_history(contributions, Contribution)
    spend = [
        Spend(fund=fund, year=y, stage=s, outcome=o, service_area=a, value=Decimal("99.99"))
        for (y, s, o, a), _ in zip(product(fund.years, ["planned", "actual"], Outcome.values,
                                           ServiceArea.values), range(rows))
    ]
    bulk_create_with_history(spend, Spend)
    return partners


@pytest.mark.parametrize("rows", [3, 300])
def test_fund_detail_queries_flat(client, officer, fund, rows, django_assert_num_queries):
    fill(fund, rows)
    assert Contribution.objects.count() == rows
    client.force_login(officer)
    with django_assert_num_queries(13):
        response = client.get(reverse("pooling:fund-detail", kwargs={"la_code": fund.area.la_code, "fund": fund.pk}))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 300])
def test_area_pooled_budgets_queries_flat(client, officer, fund, s75_fund, rows, django_assert_num_queries):
    fill(fund, rows)
    fill(s75_fund, 3)
    client.force_login(officer)
    with django_assert_num_queries(7):
        response = client.get(reverse("pooling:area", kwargs={"la_code": fund.area.la_code}))
    assert response.status_code == 200
    assert len(response.context["funds"]) == 2


@pytest.mark.parametrize("rows", [3, 300])
def test_pooling_card_queries_flat(officer, fund, rows, django_assert_num_queries):
    from django.template.loader import render_to_string

    fill(fund, rows)
    with django_assert_num_queries(2):
        html = render_to_string("pooling/area_card.html", {"area": fund.area, "user": officer})
    assert "1 active" in html


@pytest.mark.parametrize("rows", [3, 300])
def test_contributions_mine_queries_flat(client, partner_contact, fund, rows, django_assert_num_queries):
    partners = fill(fund, rows)
    PartnerContact.objects.create(partner=partners[0], user=partner_contact)
    client.force_login(partner_contact)
    # session, user, area, memberships (the policy), the contributions
    with django_assert_num_queries(5):
        response = client.get(reverse("pooling:contributions-mine", kwargs={"la_code": fund.area.la_code}))
    assert {c.partner_id for c in response.context["rows"]} == {partners[0].pk}


@pytest.mark.parametrize("rows", [3, 300])
def test_exports_queries_flat(client, officer, fund, rows, django_assert_num_queries):
    fill(fund, rows)
    client.force_login(officer)
    with django_assert_num_queries(7):  # one more: the officer's memberships, for the policy
        response = client.get(reverse("pooling:export-xlsx", kwargs={"la_code": fund.area.la_code}))
    assert response.status_code == 200
