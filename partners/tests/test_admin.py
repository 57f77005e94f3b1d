import pytest
from django.urls import reverse

from partners.models import PartnerImport
from partners.tests.factories import PartnerContactFactory, PartnerFactory, SchoolFactory
from trusts.tests.factories import CountyFactory

pytestmark = pytest.mark.django_db


def test_admin_partner_list_search_and_filters(client, steward, area):
    county = CountyFactory(name="Fenshire", la_code="873", gss_code="E10000003")
    SchoolFactory(area=area, name="Hill School", urn="110123")
    PartnerFactory(area=county, name="Fen Police", org_type="police_authority")
    client.force_login(steward)
    url = reverse("admin:partners_partner_changelist")
    assert "Hill School" in client.get(url, {"q": "110123"}).content.decode()
    body = client.get(url, {"q": "873"}).content.decode()
    assert "Fen Police" in body and "Hill School" not in body
    body = client.get(url, {"area__authority_type__exact": "county"}).content.decode()
    assert "Fen Police" in body and "Hill School" not in body
    body = client.get(url, {"org_type__exact": "school_community", "engagement__exact": "invited"}).content.decode()
    assert "Hill School" in body and "Fen Police" not in body


def test_admin_partner_history_and_contacts(client, steward, area, other_area, officer):
    link = PartnerContactFactory(partner__area=area, partner__name="Hill Youth Club",
                                 user__email="hilda@hill.example.org")
    partner = link.partner
    partner.name = "Hill Youth Project"
    partner.save()
    other = PartnerContactFactory(partner__area=other_area, partner__name="Southshire Scouts",
                                  user__email="sid@scouts.example.org")
    PartnerImport.objects.create(token="a" * 32, area=area, created_by=officer, filename="northshire-partners.csv",
                                 data=b"name,org_type\nNorthshire Youth Action,vcs\n")
    client.force_login(steward)

    # the history lists the record as it was created and as it was changed
    response = client.get(reverse("admin:partners_partner_history", args=[partner.pk]))
    assert response.status_code == 200
    history = response.content.decode()
    assert "Hill Youth Club" in history and "Hill Youth Project" in history

    # every area's contacts, each with its partner; found by e-mail address
    url = reverse("admin:partners_partnercontact_changelist")
    body = client.get(url).content.decode()
    assert "hilda@hill.example.org" in body and "Hill Youth Project" in body
    assert "sid@scouts.example.org" in body and "Southshire Scouts" in body
    body = client.get(url, {"q": "sid@scouts.example.org"}).content.decode()
    assert "Southshire Scouts" in body and "Hill Youth Project" not in body
    assert other.partner.name in body

    # held uploads: the file's name and its area
    body = client.get(reverse("admin:partners_partnerimport_changelist")).content.decode()
    assert "northshire-partners.csv" in body and area.name in body
