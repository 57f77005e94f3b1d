"""The stewards' admin for pooled budgets: national-scale changelists, filters, view-only."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pooling.models import Contribution
from pooling.tests.factories import ContributionFactory, PartnerFactory, PooledFundFactory
from trusts.permissions import STEWARD_EDIT, STEWARD_READ
from trusts.tests.factories import CountyFactory, StewardFactory, AreaFactory

pytestmark = pytest.mark.django_db


def group_steward(name):
    user = StewardFactory(is_superuser=False)
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.mark.parametrize("n_areas", [2, 25])
def test_contribution_changelist_queries_flat(client, steward, n_areas, django_assert_num_queries):
    for _i in range(n_areas):
        fund = PooledFundFactory(area=AreaFactory())
        ContributionFactory(fund=fund)
        ContributionFactory(fund=fund, stage="actual")
    client.force_login(steward)
    # session, user, capped count, rows (fund, area, partner joined), the years for the year filter
    with django_assert_num_queries(5):
        response = client.get(reverse("admin:pooling_contribution_changelist"))
    assert len(response.context["cl"].result_list) == min(2 * n_areas, response.context["cl"].list_per_page)


@pytest.mark.parametrize("n_areas", [2, 25])
def test_fund_and_spend_changelists_queries_flat(client, steward, n_areas, django_assert_num_queries):
    for _i in range(n_areas):
        PooledFundFactory(area=AreaFactory())
    client.force_login(steward)
    with django_assert_num_queries(6):
        client.get(reverse("admin:pooling_pooledfund_changelist"))
    with django_assert_num_queries(5):
        client.get(reverse("admin:pooling_spend_changelist"))


def test_contribution_filters_by_authority_type_and_region(client, steward):
    county = CountyFactory(name="Fenshire", region="east")
    unitary = AreaFactory(name="Portown", region="london")
    ContributionFactory(fund=PooledFundFactory(area=county), partner=PartnerFactory(area=county, name="Fen PCT"))
    ContributionFactory(fund=PooledFundFactory(area=unitary), partner=PartnerFactory(area=unitary, name="Port PCT"))
    client.force_login(steward)
    url = reverse("admin:pooling_contribution_changelist")

    def partners(**params):
        return {c.partner.name for c in client.get(url, params).context["cl"].result_list}

    assert partners(fund__area__authority_type__exact="county") == {"Fen PCT"}
    assert partners(fund__area__region__exact="london") == {"Port PCT"}


@pytest.mark.parametrize("group", [STEWARD_READ, STEWARD_EDIT])
def test_contributions_are_view_only_for_every_steward(client, group):
    contribution = ContributionFactory(value=Decimal("100.00"))
    client.force_login(group_steward(group))
    assert client.get(reverse("admin:pooling_contribution_changelist")).status_code == 200
    change = reverse("admin:pooling_contribution_change", args=[contribution.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="value"' not in page.content.decode()  # read-only view
    client.post(change, {"fund": contribution.fund_id, "partner": contribution.partner_id, "year": 2009,
                         "kind": "cash", "stage": "planned", "value": "999999"})
    assert Contribution.objects.get(pk=contribution.pk).value == Decimal("100.00")
    assert client.get(reverse("admin:pooling_contribution_add")).status_code == 403
    assert client.get(reverse("admin:pooling_contribution_history", args=[contribution.pk])).status_code == 200
