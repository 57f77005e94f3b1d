"""Names a person can read: a partner name made only of zero-width
spaces, or holding a right-to-left override, is refused on the form, in an import (with
its line number) and in the model; so are contacts' names."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.importers import ImportFailed, partners_import
from partners.models import Partner, PartnerImport
from partners.tests.factories import PartnerContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db

ZERO_WIDTH = "\u200b\u200b\u200b"
RTL_OVERRIDE = "Northshire \u202eTCP\u202c Trust"


def url(name, area, **kwargs):
    return reverse(f"partners:{name}", kwargs={"la_code": area.la_code, **kwargs})


def partner_data(**overrides):
    return {
        "name": "Northshire Primary Care Trust", "org_type": "pct", "urn": "", "ukprn": "", "ods_code": "",
        "engagement": "engaged", "lead_contact_name": "", "lead_contact_email": "", "notes": "",
        "agreement_signed_on_0": "", "agreement_signed_on_1": "", "agreement_signed_on_2": "", **overrides,
    }


def upload(client, area, text):
    data = text.encode("utf-8")
    return client.post(url("partner-import", area), {"file": SimpleUploadedFile("p.csv", data, "text/csv")})


def test_partner_name_of_zero_width_spaces_is_refused(client, officer, area):
    partner = PartnerFactory(area=area, name="Keep me", org_type="pct")
    client.force_login(officer)
    # the form: add and change
    response = client.post(url("partner-add", area), partner_data(name=ZERO_WIDTH))
    assert response.status_code == 200
    assert "Enter a name that contains letters or numbers" in response.context["form"].errors["name"]
    assert "<title>Error: " in response.content.decode()
    response = client.post(url("partner-edit", area, partner=partner.pk), partner_data(name=ZERO_WIDTH))
    assert "Enter a name that contains letters or numbers" in response.context["form"].errors["name"]
    # an import: the row is refused with its line number, nothing is held or saved
    response = upload(client, area, f"name,org_type\nGood Charity,vcs\n{ZERO_WIDTH},vcs\n")
    assert (3, "the name has no letters or numbers") in response.context["row_errors"]
    assert not PartnerImport.objects.exists()
    # the model itself (the admin and any other writer)
    with pytest.raises(ValidationError, match="contains letters or numbers"):
        Partner(area=area, name=ZERO_WIDTH, org_type="vcs").full_clean()
    assert list(Partner.objects.values_list("name", flat=True)) == ["Keep me"]


def test_partner_name_with_rtl_override_is_refused(client, officer, area):
    client.force_login(officer)
    response = client.post(url("partner-add", area), partner_data(name=RTL_OVERRIDE))
    assert "Remove the hidden text-direction characters" in response.context["form"].errors["name"]
    # a GIAS extract is refused on the line too
    gias = ('"URN","EstablishmentName","TypeOfEstablishment (name)","LA (code)","EstablishmentStatus (name)"\n'
            f'"110123","Hill Primary School","Community school","{area.la_code}","Open"\n'
            f'"110124","Hill \u202eloohcS","Community school","{area.la_code}","Open"\n')
    with pytest.raises(ImportFailed) as failed:
        partners_import(area=area, data=gias.encode("utf-8"))
    assert failed.value.errors == [(3, "the name contains hidden text-direction characters: remove them")]
    # and a lead contact's name in our columns
    with pytest.raises(ImportFailed) as failed:
        partners_import(area=area, data="name,org_type,lead_contact_name\nCharity,vcs,Pat \u202eevil\n".encode())
    assert failed.value.errors == [(2, "lead_contact_name contains hidden text-direction characters: remove them")]
    assert not Partner.objects.exists()


def test_contact_names_refuse_invisible_and_bidi_text(client, officer, area):
    link = PartnerContactFactory(partner__area=area, partner__org_type="pct")
    client.force_login(link.user)
    response = client.post(url("partner-edit", area, partner=link.partner.pk),
                           {"lead_contact_name": ZERO_WIDTH, "lead_contact_email": "", "notes": ""})
    assert "Enter a name that contains letters or numbers" in response.context["form"].errors["lead_contact_name"]
    client.force_login(officer)
    response = client.post(url("partner-contact-add", area, partner=link.partner.pk),
                           {"full_name": "Eve \u202eevE", "email": "eve@example.org"})
    assert "Remove the hidden text-direction characters" in response.context["form"].errors["full_name"]
    assert not link.partner.contacts.filter(user__email="eve@example.org").exists()


def test_signing_date_before_the_service_began_is_refused(client, officer, area):
    client.force_login(officer)
    response = client.post(url("partner-add", area), partner_data(
        engagement="signed", agreement_signed_on_0="1", agreement_signed_on_1="1", agreement_signed_on_2="1"))
    assert "The signing date must be on or after 1 January 2004" in response.context["form"].errors[
        "agreement_signed_on"]
    assert not Partner.objects.exists()


@pytest.mark.parametrize("odd", ["abc", "-1", "1e999", "9" * 400, "\u202e", "=1+1"])
def test_odd_input_is_never_a_server_error(client, officer, area, odd):
    partner = PartnerFactory(area=area, name="Keep me", org_type="pct")
    client.force_login(officer)
    for params in ({"page": odd}, {"sort": odd}, {"duty": odd, "q": odd}):
        assert client.get(url("partner-list", area), params).status_code == 200
    assert client.get(url("framework-compare", area), {"framework": odd}).status_code == 200
    response = client.post(url("partner-import-confirm", area), {"token": odd})
    assert response.status_code == 302  # "that upload has expired": nothing imported
    response = client.post(url("partner-contact-add", area, partner=partner.pk), {"full_name": odd, "email": odd})
    assert response.status_code == 200 and response.context["form"].errors
    assert Partner.objects.count() == 1 and not partner.contacts.exists()
