import pytest
from django.urls import reverse

from partners.factories import PartnerContactFactory, PartnerFactory, SchoolFactory
from trusts.factories import CountyFactory

pytestmark = pytest.mark.django_db


def test_admin_partner_list_search_and_filters(client, steward, area):
    county = CountyFactory(name="Fenshire", la_code="873", gss_code="E10000003")
    SchoolFactory(trust=area, name="Hill School", urn="110123")
    PartnerFactory(trust=county, name="Fen Police", org_type="police_authority")
    client.force_login(steward)
    url = reverse("admin:partners_partner_changelist")
    assert "Hill School" in client.get(url, {"q": "110123"}).content.decode()
    body = client.get(url, {"q": "873"}).content.decode()
    assert "Fen Police" in body and "Hill School" not in body
    body = client.get(url, {"trust__authority_type__exact": "county"}).content.decode()
    assert "Fen Police" in body and "Hill School" not in body
    body = client.get(url, {"org_type__exact": "school_community", "engagement__exact": "invited"}).content.decode()
    assert "Hill School" in body and "Fen Police" not in body


def test_admin_partner_history_and_contacts(client, steward, area):
    link = PartnerContactFactory(partner__trust=area)
    client.force_login(steward)
    history = reverse("admin:partners_partner_history", args=[link.partner.pk])
    assert client.get(history).status_code == 200
    assert client.get(reverse("admin:partners_partnercontact_changelist")).status_code == 200
    assert client.get(reverse("admin:partners_partnerimport_changelist")).status_code == 200
