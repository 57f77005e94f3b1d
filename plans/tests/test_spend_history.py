from decimal import Decimal

from django.urls import reverse

from plans import services, spend
from plans.completeness import completeness_check
from plans.models import PartnerSpend
from plans.tests.factories import complete_plan


def test_spend_comes_from_pooled_funds_when_the_area_has_them(law_area, relevant_partners):
    from pooling.tests.factories import ContributionFactory, PooledFundFactory

    version = complete_plan(law_area)
    PartnerSpend.objects.filter(version=version).delete()
    assert "No partner's spend recorded" in completeness_check(version).missing
    fund = PooledFundFactory(area=law_area)
    ContributionFactory(fund=fund, partner=relevant_partners[0], value=Decimal("30000.00"))
    version._spend_statement = None
    statement = spend.spend_statement_for(version)
    assert statement.from_pooling
    assert [(r.partner_name, r.year_label, r.planned) for r in statement.rows] == [
        ("NHS Northshire PCT", "2009-10", Decimal("30000.00"))]
    version._spend_statement = None
    assert completeness_check(version).complete


def test_version_history_page_shows_who_changed_what(client, officer, area):
    version = services.plan_version_create(area=area, actor=officer)
    services.plan_content_update(version=version, actor=officer, lock_version=version.lock_version,
                                 title="Renamed plan")
    client.force_login(officer)
    html = client.get(reverse("plans:version-history", kwargs={"la_code": area.la_code, "version": version.number}))
    text = html.content.decode()
    assert "Renamed plan" in text and officer.full_name in text


def test_home_panel_lists_a_contacts_open_requests(client, officer, law_area, contacts):
    from plans.tests.factories import complete_plan as make

    version = make(law_area)
    services.plan_consultation_start(version=version, actor=officer)
    services.plan_agreement_start(version=version, actor=officer, notify=False)
    client.force_login(contacts["pct"])
    html = client.get(reverse("trusts:home")).content.decode()
    assert "Plans your organisation is asked to agree" in html and "for NHS Northshire PCT" in html
    assert "Northshire Youth Offending Team" not in html
    req = version.agreement_requests.get(partner__org_type="pct")
    services.agreement_respond(request=req, actor=contacts["pct"], decision="agree")
    assert "asked to agree" not in client.get(reverse("trusts:home")).content.decode()
