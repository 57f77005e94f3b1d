import csv
import io

import pytest
from django.urls import reverse

from partners.models import Partner
from partners.tests.factories import AcademyFactory, PartnerContactFactory, PartnerFactory, SchoolFactory
from trusts.models import Membership, User
from trusts.tests.factories import CountyFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def url(name, area, **kwargs):
    return reverse(f"partners:{name}", kwargs={"la_code": area.la_code, **kwargs})


def partner_data(**overrides):
    data = {
        "name": "Northshire Primary Care Trust", "org_type": "pct", "urn": "", "ukprn": "", "ods_code": "5pq",
        "engagement": "engaged", "lead_contact_name": "", "lead_contact_email": "", "notes": "",
        "agreement_signed_on_0": "", "agreement_signed_on_1": "", "agreement_signed_on_2": "",
    }
    data.update(overrides)
    return data


# -- the register ---------------------------------------------------------------------------
def test_register_other_area_is_404(client, officer, other_area):
    PartnerFactory(area=other_area)
    client.force_login(officer)
    assert client.get(url("partner-list", other_area)).status_code == 404


def test_register_lists_partners_with_duty(client, officer, area, other_area):
    PartnerFactory(area=area, name="Northshire Police Authority", org_type="police_authority")
    PartnerFactory(area=area, name="Friends of Northshire", org_type="vcs")
    PartnerFactory(area=other_area, name="Southshire Police Authority", org_type="police_authority")
    client.force_login(officer)
    response = client.get(url("partner-list", area))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Northshire Police Authority" in body and "Friends of Northshire" in body
    assert "Southshire" not in body
    rows = {row.partner.name: row for row in response.context["rows"]}
    assert rows["Northshire Police Authority"].cooperate.applies
    assert not rows["Friends of Northshire"].cooperate.applies


def test_register_filters_by_duty_type_engagement_and_search(client, officer, area):
    PartnerFactory(area=area, name="Police", org_type="police_authority", engagement="engaged")
    PartnerFactory(area=area, name="Charity", org_type="vcs", engagement="engaged")
    SchoolFactory(area=area, name="Hill School", urn="123456")
    client.force_login(officer)

    def names(**params):
        response = client.get(url("partner-list", area), params)
        return [row.partner.name for row in response.context["rows"]]

    # today's framework: the 2009 Act made maintained schools relevant partners
    assert names(duty="cooperate") == ["Hill School", "Police"]
    assert names(duty="not_cooperate") == ["Charity"]
    assert names(duty="delegate") == []
    # since the plan regulations were revoked (31 October 2010) relevant partners must have regard
    # only to a plan the board published before then; this area has none (test_regard_after_revocation)
    assert names(duty="regard") == []
    assert names(org_type="vcs") == ["Charity"]
    assert names(engagement="engaged") == ["Charity", "Police"]
    assert names(q="hill") == ["Hill School"]
    assert names(q="123456") == ["Hill School"]
    assert names(sort="-name") == ["Police", "Hill School", "Charity"]
    assert names(sort="type") == ["Hill School", "Police", "Charity"]  # Community school, Police, Voluntary


def test_register_invalid_filter_shows_error_not_500(client, officer, area):
    PartnerFactory(area=area)
    client.force_login(officer)
    response = client.get(url("partner-list", area), {"org_type": "spaceship", "page": "99"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert len(response.context["rows"]) == 1


def test_register_paginates_50(client, officer, area):
    PartnerFactory.create_batch(55, area=area)
    client.force_login(officer)
    first = client.get(url("partner-list", area))
    second = client.get(url("partner-list", area), {"page": 2})
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 5
    assert "page=2" in first.content.decode()


def test_board_member_cannot_read_register_or_export(client, board_member, area, other_area):
    """A board seat gives the board's business, never the area's register or its CSV of
    contacts' e-mail addresses: a 403 that says why in the member's own area, a 404 elsewhere."""
    partner = PartnerFactory(area=area, name="Visible Partner", lead_contact_email="lead@partner.example.org")
    PartnerFactory(area=other_area, name="Their Partner")
    client.force_login(board_member)
    for name in ("partner-list", "partner-export", "framework-compare", "partner-add", "partner-import"):
        response = client.get(url(name, area))
        assert response.status_code == 403, name
        body = response.content.decode()
        assert "Visible Partner" not in body and "lead@partner.example.org" not in body
    assert "Only the area&#x27;s council officers see its partner register" in client.get(
        url("partner-export", area)).content.decode()
    assert client.get(url("partner-detail", area, partner=partner.pk)).status_code == 403
    assert client.get(url("partner-list", other_area)).status_code == 404
    assert client.get(url("partner-export", other_area)).status_code == 404
    # the area page's card neither counts nor links to the register
    card = client.get(reverse("trusts:area-detail", kwargs={"la_code": area.la_code})).content.decode()
    assert url("partner-list", area) not in card and "On the register" not in card
    # the officer of the area still reads it: the positive control
    client.force_login(OfficerFactory(area=area))
    export = client.get(url("partner-export", area)).content.decode()
    assert "lead@partner.example.org" in export


# -- the partner page ----------------------------------------------------------------------
def test_partner_page_other_area_is_404(client, officer, other_area):
    partner = PartnerFactory(area=other_area)
    client.force_login(officer)
    assert client.get(url("partner-detail", other_area, partner=partner.pk)).status_code == 404
    # nor through this officer's own area's URL
    assert client.get(reverse("partners:partner-detail", kwargs={"la_code": officer.memberships.get().area.la_code,
                                                                 "partner": partner.pk})).status_code == 404


def test_partner_page_shows_duties_under_every_framework_with_reasons(client, officer):
    county = CountyFactory(name="Cambridgeshire", la_code="873", gss_code="E10000003")
    Membership.objects.create(user=officer, area=county, role=User.Role.OFFICER)
    academy = AcademyFactory(area=county, name="Fen Academy", academy_funding_agreement=False)
    client.force_login(officer)
    response = client.get(url("partner-detail", county, partner=academy.pk))
    body = response.content.decode()
    frameworks = response.context["frameworks"]
    assert [f["framework"].code for f in frameworks] == ["ca2004", "proposals2008", "ascl2009",
                                                         "ascl2009_revoked_plan"]
    assert [f["is_area"] for f in frameworks] == [False, False, False, True]
    by_code = {f["framework"].code: {a.duty: a for a in f["answers"]} for f in frameworks}
    assert not by_code["proposals2008"]["cooperate"].applies
    assert by_code["ascl2009"]["cooperate"].applies
    assert "its funding agreement does not bring it within scope" in body
    assert "ASCL Act 2009 s193" in body
    assert "This area&#x27;s framework" in body or "This area's framework" in body


def test_partner_page_history_shows_who_changed_engagement(client, officer, area):
    client.force_login(officer)
    response = client.post(url("partner-add", area), partner_data())
    partner = Partner.objects.get(name="Northshire Primary Care Trust")
    client.post(url("partner-edit", area, partner=partner.pk), partner_data(engagement="withdrawn"))
    page = client.get(url("partner-detail", area, partner=partner.pk))
    history = page.context["history"]
    assert history[0]["who"] == officer
    assert ("Engagement", "Engaged", "Withdrawn") in history[0]["changes"]
    assert "Olive Officer" in page.content.decode()
    assert response.status_code == 302


# -- add and edit --------------------------------------------------------------------------
def test_add_partner_success(client, officer, area):
    client.force_login(officer)
    response = client.post(url("partner-add", area), partner_data())
    partner = Partner.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("partner-detail", area, partner=partner.pk)
    assert (partner.area, partner.org_type, partner.ods_code) == (area, "pct", "5PQ")


def test_add_partner_validation_error(client, officer, area):
    client.force_login(officer)
    response = client.post(url("partner-add", area), partner_data(name=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the name of the partner" in body
    assert "<title>Error: " in body
    assert not Partner.objects.exists()


def test_add_partner_other_area_is_404(client, officer, other_area):
    client.force_login(officer)
    assert client.post(url("partner-add", other_area), partner_data()).status_code == 404
    assert not Partner.objects.exists()


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"org_type": "school_community", "urn": "12AB56"}, "urn", "Enter a URN of 5 or 6 digits"),
    ({"org_type": "fe_college", "ukprn": "20001234"}, "ukprn", "Enter an 8-digit UKPRN"),
    ({"org_type": "pct", "ods_code": "5P-Q"}, "ods_code", "Enter an ODS code"),
    ({"org_type": "yot", "ods_code": "5PQ"}, "ods_code", "does not have a ODS code"),
    ({"org_type": "pct", "urn": "110123"}, "urn", "does not have a URN"),
    ({"org_type": "vcs", "ods_code": "", "academy_funding_agreement": "on"}, "academy_funding_agreement",
     "Only an academy has a funding agreement"),
    ({"engagement": "signed"}, "agreement_signed_on", "Enter the date the partnership agreement was signed"),
    ({"agreement_signed_on_0": "31", "agreement_signed_on_1": "2", "agreement_signed_on_2": "2009"},
     "agreement_signed_on", "Enter a real date, like 27 3 2009"),
    ({"org_type": "spaceship"}, "org_type", "Select an organisation type from the list"),
])
def test_add_partner_rejects_bad_identifiers_and_rules(client, officer, area, overrides, field, message):
    client.force_login(officer)
    response = client.post(url("partner-add", area), partner_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert not Partner.objects.exists()


def test_add_partner_duplicate_identifier_in_area_is_friendly(client, officer, area, other_area):
    PartnerFactory(area=area, name="Existing PCT", org_type="pct", ods_code="5PQ")
    PartnerFactory(area=other_area, name="Elsewhere PCT", org_type="pct", ods_code="5PR")
    client.force_login(officer)
    response = client.post(url("partner-add", area), partner_data(ods_code="5PQ"))
    assert "Existing PCT already has ODS code 5PQ in this area" in response.context["form"].errors["ods_code"]
    # the same code in another area is fine
    response = client.post(url("partner-add", area), partner_data(ods_code="5PR"))
    assert response.status_code == 302


def test_edit_partner_success_and_other_area_404(client, officer, area, other_area):
    partner = PartnerFactory(area=area, name="Old name", org_type="pct", ods_code="5PQ")
    theirs = PartnerFactory(area=other_area, org_type="pct")
    client.force_login(officer)
    response = client.post(url("partner-edit", area, partner=partner.pk), partner_data(name="New name"))
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "New name"
    assert client.post(url("partner-edit", other_area, partner=theirs.pk), partner_data()).status_code == 404
    assert client.get(url("partner-edit", area, partner=theirs.pk)).status_code == 404


def test_edit_partner_validation_error_keeps_record(client, officer, area):
    partner = PartnerFactory(area=area, name="Keep me", org_type="pct", ods_code="5PQ")
    client.force_login(officer)
    response = client.post(url("partner-edit", area, partner=partner.pk),
                           partner_data(lead_contact_email="not-an-email"))
    assert "Enter an email address in the correct format" in response.content.decode()
    partner.refresh_from_db()
    assert partner.name == "Keep me"


# -- partner contacts -------------------------------------------------------------------------
def test_partner_contact_sees_and_edits_only_their_organisation(client, area):
    link = PartnerContactFactory(partner__area=area, partner__name="My PCT", partner__org_type="pct")
    other = PartnerFactory(area=area, name="Someone Else")
    client.force_login(link.user)
    # the register is the officers': a contact sees their own organisation only
    assert client.get(url("partner-list", area)).status_code == 403
    assert client.get(url("partner-export", area)).status_code == 403
    assert client.get(url("partner-detail", area, partner=other.pk)).status_code == 404
    assert client.get(url("partner-edit", area, partner=other.pk)).status_code == 404
    page = client.get(url("partner-detail", area, partner=link.partner.pk))
    assert page.status_code == 200
    response = client.post(url("partner-edit", area, partner=link.partner.pk),
                           {"lead_contact_name": "Pat", "lead_contact_email": "pat@example.org", "notes": "Hi",
                            "name": "Renamed", "org_type": "vcs"})
    assert response.status_code == 302
    link.partner.refresh_from_db()
    assert (link.partner.lead_contact_name, link.partner.name, link.partner.org_type) == ("Pat", "My PCT", "pct")
    assert link.partner.history.first().history_user == link.user


def test_partner_contact_edit_validation_error(client, area):
    link = PartnerContactFactory(partner__area=area)
    client.force_login(link.user)
    response = client.post(url("partner-edit", area, partner=link.partner.pk),
                           {"lead_contact_email": "nope", "lead_contact_name": "", "notes": ""})
    assert "Enter an email address in the correct format" in response.content.decode()


def test_board_member_cannot_edit(client, board_member, area):
    partner = PartnerFactory(area=area, name="Keep me")
    client.force_login(board_member)
    assert client.get(url("partner-detail", area, partner=partner.pk)).status_code == 403
    assert client.get(url("partner-edit", area, partner=partner.pk)).status_code == 403
    response = client.post(url("partner-edit", area, partner=partner.pk), partner_data(name="Renamed"))
    assert response.status_code == 403
    partner.refresh_from_db()
    assert partner.name == "Keep me"


# -- framework comparison ---------------------------------------------------------------------
def test_framework_compare_groups_changes_with_counts(client, officer, area):
    SchoolFactory.create_batch(3, area=area)
    AcademyFactory(area=area, academy_funding_agreement=True)
    AcademyFactory(area=area, academy_funding_agreement=False)
    PartnerFactory(area=area, org_type="vcs")
    PartnerFactory(area=area, org_type="jobcentre_plus")
    client.force_login(officer)
    response = client.get(url("framework-compare", area), {"framework": "ca2004"})
    changes = response.context["changes"]
    assert changes["current"].code == "ascl2009_revoked_plan"
    assert changes["total"] == 6  # everything but the VCS body
    by_changes = {tuple(c["duty"] for c in g["changes"]): g for g in changes["groups"]}
    assert set(by_changes) == {("cooperate", "pool"), ("cooperate", "regard", "pool")}
    # schools lose the duty to cooperate and pooling; as enacted they must have regard to the plan
    # (s38 EIA 2006), which today, with no board plan published before 31 October 2010, they need not
    schools = by_changes[("cooperate", "regard", "pool")]
    assert schools["count"] == 3
    assert [(t["org_type"], t["count"]) for t in schools["types"]] == [("school_community", 3)]
    assert len(schools["types"][0]["names"]) == 3
    assert [(c["before"].summary, c["after"].summary) for c in schools["changes"]] == [
        ("Yes", "No"), ("No", "Yes"), ("Yes", "No")]
    # both academies (whatever their funding agreement) and Jobcentre Plus lose the duty to cooperate
    # and pooling; they need not have regard either way (no board plan in force today)
    lost = by_changes[("cooperate", "pool")]
    assert lost["count"] == 3
    assert sorted((t["org_type"], t["agreement"], t["count"]) for t in lost["types"]) == [
        ("academy", False, 1), ("academy", True, 1), ("jobcentre_plus", False, 1)]
    assert [(c["before"].summary, c["after"].summary) for c in lost["changes"]] == [("Yes", "No")] * 2
    body = response.content.decode()
    assert "6 partners would have different duties" in body


def test_framework_compare_to_2008_splits_academies_by_funding_agreement(client, officer, area):
    AcademyFactory(area=area, academy_funding_agreement=True)
    AcademyFactory(area=area, academy_funding_agreement=False)
    client.force_login(officer)
    response = client.get(url("framework-compare", area), {"framework": "proposals2008"})
    changes = response.context["changes"]
    by_agreement = {g["types"][0]["agreement"]: [c["duty"] for c in g["changes"]] for g in changes["groups"]}
    # without its funding agreement an academy would not be bound at all
    assert by_agreement[False] == ["cooperate", "pool"]
    # with it, it stays bound, and would have to have regard to the plan (para 11, 34), which today,
    # with no board plan published before 31 October 2010 in force, it need not
    assert by_agreement[True] == ["regard"]
    assert changes["total"] == 2


def test_framework_compare_validation_error_and_other_area(client, officer, area, other_area):
    client.force_login(officer)
    response = client.get(url("framework-compare", area), {"framework": "nonsense"})
    assert "Select a framework from the list" in response.content.decode()
    assert client.get(url("framework-compare", other_area)).status_code == 404


# -- export -----------------------------------------------------------------------------------
def test_export_is_formula_safe_and_scoped(client, officer, area, other_area):
    PartnerFactory(area=area, name="=HYPERLINK(\"http://evil\")", lead_contact_name="+44 cmd", notes="x")
    PartnerFactory(area=area, name="@SUM(A1)", lead_contact_name="-2+3")
    PartnerFactory(area=other_area, name="Not mine")
    client.force_login(officer)
    response = client.get(url("partner-export", area))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["name", "org_type", "organisation_type"]
    names = sorted(r[0] for r in rows[1:])
    assert names == ["'=HYPERLINK(\"http://evil\")", "'@SUM(A1)"]
    contacts = sorted(r[8] for r in rows[1:])
    assert contacts == ["'+44 cmd", "'-2+3"]
    assert client.get(url("partner-export", other_area)).status_code == 404


def test_export_follows_filters_and_reimports(client, officer, area):
    PartnerFactory(area=area, name="Police", org_type="police_authority")
    PartnerFactory(area=area, name="Charity", org_type="vcs")
    client.force_login(officer)
    response = client.get(url("partner-export", area), {"duty": "cooperate"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[0] for r in rows[1:]] == ["Police"]
    assert rows[1][rows[0].index("duty_to_cooperate")] == "Yes"
    # the export reads back in unchanged
    from partners.importers import partners_import

    report = partners_import(area=area, data=response.content)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


# -- area card --------------------------------------------------------------------------------
def test_area_card_counts_partners_and_relevant(client, officer, area):
    PartnerFactory(area=area, org_type="police_authority")
    PartnerFactory(area=area, org_type="vcs")
    PartnerFactory(area=area, org_type="district_council")  # unitary: not relevant
    client.force_login(officer)
    body = client.get(reverse("trusts:area-detail", kwargs={"la_code": area.la_code})).content.decode()
    assert "Open the partner register" in body
    assert '<dt class="govuk-summary-list__key">On the register</dt><dd class="govuk-summary-list__value">3' in body
    assert '<dt class="govuk-summary-list__key">Relevant partners</dt><dd class="govuk-summary-list__value">1' in body


def test_officer_of_two_areas_only_adds_to_their_own(client, area, other_area):
    officer = OfficerFactory(area=area)
    client.force_login(officer)
    assert client.get(url("partner-add", area)).status_code == 200
    assert client.get(url("partner-add", other_area)).status_code == 404
