"""The partner page is rendered once and kept (trusts.pagecache) until something it shows
changes; what the reader asked and may do is part of its key."""
from datetime import date

import pytest
from django.urls import reverse

from partners import services
from partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_partner_page_follows_a_change_and_the_date_asked(client, officer, area):
    partner = PartnerFactory(area=area, name="Hill Primary School", org_type="school_community",
                             opened_on=date(2001, 9, 1), closed_on=None)
    page = reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": partner.pk})
    client.force_login(officer)
    assert "Hill Primary School" in client.get(page).content.decode()
    assert "Hill Primary School" in client.get(page).content.decode()  # from the cache

    services.partner_update(partner=partner, actor=officer, name="Hill Academy")
    html = client.get(page).content.decode()
    assert '<h1 class="govuk-heading-l">Hill Academy</h1>' in html  # the history keeps the old name

    # another date asked: another page (the form shows the date back)
    html = client.get(page, {"on_0": "31", "on_1": "8", "on_2": "2008"}).content.decode()
    assert 'value="2008"' in html
    assert 'value="2008"' not in client.get(page).content.decode()
    # a date before any duty to cooperate existed: an error, not a 500
    early = client.get(page, {"on_0": "31", "on_1": "8", "on_2": "2000"})
    assert early.status_code == 200 and "There were no duties to cooperate on 31 August 2000" in early.content.decode()
    # a bad date: the error, and the page still served
    bad = client.get(page, {"on_0": "31", "on_1": "2", "on_2": "2010"})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()


def test_partner_page_cached_for_an_officer_is_not_served_to_the_partners_contact(client, officer, area):
    from partners.models import PartnerContact
    from trusts.tests.factories import UserFactory

    partner = PartnerFactory(area=area, org_type="pct")
    contact = UserFactory(role="partner_contact")
    PartnerContact.objects.create(partner=partner, user=contact)
    page = reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": partner.pk})
    client.force_login(officer)
    officer_html = client.get(page).content.decode()
    assert contact.email in officer_html  # the officer sees the contacts
    client.force_login(contact)
    contact_html = client.get(page).content.decode()
    assert "Change this partner" not in contact_html
