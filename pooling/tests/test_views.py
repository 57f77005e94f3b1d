from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import PartnerContact
from pooling import services
from pooling.models import Contribution, PooledFund, Spend
from pooling.tests.factories import ContributionFactory, PartnerFactory, PooledFundFactory


def url(name, area, **kwargs):
    return reverse(f"pooling:{name}", kwargs={"la_code": area.la_code, **kwargs})


def contribution_post(partner, **extra):
    data = {"partner": partner.pk, "year": "2009", "kind": "cash", "stage": "planned", "value": "£25,000.50",
            "description": ""}
    data.update(extra)
    return data


def test_fund_detail_other_area_is_404(client, officer, other_area):
    theirs = PooledFundFactory(area=other_area)
    client.force_login(officer)
    assert client.get(url("fund-detail", other_area, fund=theirs.pk)).status_code == 404
    response = client.post(url("contribution-create", other_area, fund=theirs.pk), {})
    assert response.status_code == 404
    # the other area's fund under our own area's code is a 404 too
    assert client.get(reverse("pooling:fund-detail", kwargs={"la_code": officer.memberships.get().area.la_code,
                                                             "fund": theirs.pk})).status_code == 404


def test_contribution_create_view_success(client, officer, area, fund, pct):
    client.force_login(officer)
    response = client.post(url("contribution-create", area, fund=fund.pk), contribution_post(pct))
    assert response.status_code == 302
    assert response["Location"] == url("fund-detail", area, fund=fund.pk)
    c = Contribution.objects.get()
    assert (c.partner, c.year, c.value, c.stage) == (pct, 2009, Decimal("25000.50"), "planned")
    page = client.get(response["Location"]).content.decode()
    assert "£25,000.50" in page


@pytest.mark.parametrize(("extra", "message"), [
    ({"value": "-5"}, "The value must be £0 or more"),
    ({"value": "2000000000"}, "The value must be £1,000,000,000 (£1bn) or less"),
    ({"value": "12.345"}, "Enter the value to the nearest penny: no more than 2 decimal places"),
    ({"value": ""}, "Enter the value in pounds"),
    ({"year": "2015"}, "Choose a financial year the fund covers: 2008-09 to 2010-11"),
    ({"kind": "staff"}, "Describe the staff given and how it is valued"),
])
def test_contribution_create_view_validation_error(client, officer, area, fund, pct, extra, message):
    client.force_login(officer)
    response = client.post(url("contribution-create", area, fund=fund.pk), contribution_post(pct, **extra))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert message.replace("'", "&#x27;") in page
    assert not Contribution.objects.exists()


def test_contribution_create_view_refuses_ineligible_partner_with_reason(client, officer, area, fund, vcs):
    client.force_login(officer)
    response = client.post(url("contribution-create", area, fund=fund.pk), contribution_post(vcs))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Northshire Youth Action cannot take part in a section 10 pooled fund" in page
    assert "para 14, 48, 50" in page
    assert not Contribution.objects.exists()


def test_contribution_create_view_refuses_other_areas_partner(client, officer, area, fund, other_area):
    theirs = PartnerFactory(area=other_area, org_type="pct")
    client.force_login(officer)
    response = client.post(url("contribution-create", area, fund=fund.pk), contribution_post(theirs))
    assert "Choose a partner from this area&#x27;s children&#x27;s trust" in response.content.decode()
    assert not Contribution.objects.exists()


def test_contribution_create_view_refuses_double_entry(client, officer, area, fund, pct):
    client.force_login(officer)
    client.post(url("contribution-create", area, fund=fund.pk), contribution_post(pct))
    response = client.post(url("contribution-create", area, fund=fund.pk), contribution_post(pct, value="3"))
    assert "There is already a planned cash contribution from Northshire PCT for 2009-10" in response.content.decode()
    assert Contribution.objects.get().value == Decimal("25000.50")


def test_fund_create_view(client, officer, area, authority):
    client.force_login(officer)
    data = {"name": "Youth support fund", "purpose": "Targeted youth support", "legal_basis": "s10",
            "host": authority.pk, "start_date_0": "1", "start_date_1": "4", "start_date_2": "2009",
            "end_date_0": "31", "end_date_1": "3", "end_date_2": "2011", "status": "active"}
    response = client.post(url("fund-create", area), data)
    fund = PooledFund.objects.get()
    assert response["Location"] == url("fund-detail", area, fund=fund.pk)
    assert fund.years == [2009, 2010] and fund.host == authority
    bad = client.post(url("fund-create", area), {**data, "name": "Other", "end_date_0": "31", "end_date_1": "2",
                                                 "end_date_2": "2011"})
    assert "Enter a real date, like 31 3 2011" in bad.content.decode()
    assert PooledFund.objects.count() == 1


def test_spend_create_view(client, officer, area, fund):
    client.force_login(officer)
    data = {"year": "2010", "stage": "actual", "outcome": "be_healthy", "service_area": "child_health",
            "value": "1200", "description": "Health visitors in children's centres"}
    response = client.post(url("spend-create", area, fund=fund.pk), data)
    assert response.status_code == 302
    assert Spend.objects.get().value == Decimal("1200.00")


def test_board_member_cannot_read_pooled_budgets(client, board_member, area, other_area, fund, pct,
                                                           officer):
    """A board seat gives no view of the area's pooled budgets: 403 with the reason in the
    member's own area, 404 for another area, nothing written."""
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("4321.00"))
    theirs = PooledFundFactory(area=other_area)
    client.force_login(board_member)
    for page in (url("area", area), url("fund-detail", area, fund=fund.pk), url("contributions-mine", area),
                 url("export-funds-csv", area), url("export-contributions-csv", area), url("export-xlsx", area),
                 url("fund-create", area), url("contribution-create", area, fund=fund.pk)):
        response = client.get(page)
        assert response.status_code == 403, page
        assert "£4,321.00" not in response.content.decode() and "4321" not in response.content.decode()
    assert "Only the area&#x27;s council officers see its pooled budgets" in client.get(
        url("area", area)).content.decode()
    assert client.post(url("fund-create", area), {}).status_code == 403
    assert list(PooledFund.objects.filter(area=area)) == [fund]
    assert client.get(url("area", other_area)).status_code == 404
    assert client.get(url("fund-detail", other_area, fund=theirs.pk)).status_code == 404
    card = client.get(reverse("trusts:area-detail", kwargs={"la_code": area.la_code})).content.decode()
    assert url("area", area) not in card and "active)" not in card
    # the area's officer reads them: the positive control
    client.force_login(officer)
    assert "£4,321.00" in client.get(url("fund-detail", area, fund=fund.pk)).content.decode()


def test_partner_contact_sees_only_own_organisation(client, partner_contact, area, fund, pct, police, officer):
    PartnerContact.objects.create(partner=pct, user=partner_contact)
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("111.11"))
    services.contribution_create(fund=fund, actor=officer, partner=police, year=2009, value=Decimal("222.22"))
    client.force_login(partner_contact)
    assert client.get(url("fund-detail", area, fund=fund.pk)).status_code == 403
    assert client.get(url("export-contributions-csv", area)).status_code == 403
    assert client.get(url("area", area))["Location"] == url("contributions-mine", area)
    page = client.get(url("contributions-mine", area)).content.decode()
    assert "£111.11" in page and "£222.22" not in page
    assert "Your organisation's contributions" in page


def test_framework_change_flags_contributions_without_deleting(client, officer, area, fund, school):
    # under the 2009 Act maintained schools are relevant partners and may pool (s10(5A))
    c = services.contribution_create(fund=fund, actor=officer, partner=school, year=2010, value=Decimal("5000"))
    client.force_login(officer)
    page = client.get(url("fund-detail", area, fund=fund.pk)).content.decode()
    assert "Not allowed now" not in page
    area.framework = "ca2004"  # as enacted, schools could not pool (para 14, 48)
    area.save()
    page = client.get(url("fund-detail", area, fund=fund.pk)).content.decode()
    assert "1 entry is no longer allowed under the area's framework (Children Act 2004 as enacted)" in page
    assert "Hill Primary School cannot take part in a section 10 pooled fund" in page
    assert "Only the authority and relevant partners may pool: s10(6); para 14, 48, 50" in page
    assert "Not allowed now" in page
    assert Contribution.objects.filter(pk=c.pk).exists()
    # a flagged figure can still be corrected
    response = client.post(url("contribution-edit", area, fund=fund.pk, contribution=c.pk),
                           {"value": "4000", "description": ""})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.value == Decimal("4000.00")


def test_area_page_shows_spend_statement(client, officer, area, fund, s75_fund, pct, authority):
    for f in (fund, s75_fund):
        services.contribution_create(fund=f, actor=officer, partner=pct, year=2009, value=Decimal("100"))
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("40"),
                                 stage="actual")
    client.force_login(officer)
    response = client.get(url("area", area))
    statement = response.context["statement"]
    assert [(r.partner_name, r.year_label, r.planned, r.actual, r.fund_count) for r in statement] == [
        ("Northshire PCT", "2009-10", Decimal("200.00"), Decimal("40.00"), 2)]
    assert "£200.00" in response.content.decode()


def test_area_card_shows_counts(client, officer, area, fund):
    ContributionFactory(fund=fund, year=2009)
    client.force_login(officer)
    page = client.get(reverse("trusts:area-detail", kwargs={"la_code": area.la_code})).content.decode()
    assert "1 active" in page
    assert url("area", area) in page


def test_services_refuse_anyone_but_the_areas_officers(board_member, partner_contact, other_officer, area, fund,
                                                       pct):
    from trusts.errors import NotPermitted

    for actor in (board_member, partner_contact, other_officer):
        with pytest.raises(NotPermitted) as refused:
            services.contribution_create(fund=fund, actor=actor, partner=pct, year=2009, value=Decimal("1"))
        assert refused.value.hidden is (actor is other_officer)
        with pytest.raises(NotPermitted):
            services.fund_update(fund=fund, actor=actor, name="Renamed")
    assert not Contribution.objects.exists()
    fund.refresh_from_db()
    assert fund.name == "Early help fund"


def test_fund_detail_lists_one_financial_year_at_a_time(client, officer, area, fund, pct, police):
    """A fund running for years with every partner contributing: the balance of every year, the
    contributions and spend of one (the latest with figures unless another is chosen)."""
    ContributionFactory(fund=fund, partner=pct, year=2008, description="First year from the PCT")
    ContributionFactory(fund=fund, partner=police, year=2010, description="Last year from the police")
    client.force_login(officer)
    page = url("fund-detail", area, fund=fund.pk)

    def listed(**query):  # the contributions table (the history below names every change)
        html = client.get(page, query).content.decode()
        return html, html[html.index('id="contributions"'):html.index('id="spend"')]

    html, table = listed()
    assert "Contributions in 2010-11" in table and "Last year from the police" in table
    assert "First year from the PCT" not in table
    assert 'href="?year=2008#contributions"' in html  # every year's row leads to its figures

    html, table = listed(year="2008")
    assert "Contributions in 2008-09" in table and "First year from the PCT" in table
    assert "Last year from the police" not in table
    for odd in ("1999", "abc", "20100", "-1", "2008.5", ""):  # not a year of the fund: the default
        response = client.get(page, {"year": odd})
        assert response.status_code == 200 and "Contributions in 2010-11" in response.content.decode(), odd
