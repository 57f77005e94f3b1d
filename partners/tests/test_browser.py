"""An officer's journey through the register in headless Chromium, with axe-core checks."""
import re

import pytest
from playwright.sync_api import expect

from partners.tests.factories import PartnerFactory, SchoolFactory
from tests.support.browser import axe_serious, sign_in
from trusts.tests.factories import PASSWORD

ERROR_TITLE = re.compile(r"^Error: ")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_officer_register_journey(page, officer, area):
    PartnerFactory(area=area, name="Northshire Police Authority", org_type="police_authority")
    PartnerFactory(area=area, name="Northshire Youth Charity", org_type="vcs")
    SchoolFactory(area=area, name="Hill Primary School", urn="110123")
    sign_in(page, officer.email, PASSWORD)
    page.get_by_role("link", name="Open the partner register").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Partner register"
    assert axe_serious(page) == []

    # filter the relevant partners
    page.get_by_label("Duty under").select_option("cooperate")
    page.get_by_role("button", name="Apply filters").click()
    table = page.locator("table.govuk-table").inner_text()
    assert "Northshire Police Authority" in table and "Hill Primary School" in table
    assert "Northshire Youth Charity" not in table
    assert "2 partners match the filters" in page.content()
    assert axe_serious(page) == []

    # add a partner: a validation error first, then success
    page.get_by_role("link", name="Add a partner").click()
    page.get_by_label("Organisation type").select_option("pct")
    page.get_by_label("Engaged", exact=True).check()
    page.get_by_role("button", name="Save partner").click()
    expect(page).to_have_title(ERROR_TITLE)  # waits for the page the button leads to
    assert "Enter the name of the partner" in page.locator(".govuk-error-summary").inner_text()
    assert axe_serious(page) == []
    page.get_by_label("Name of the organisation").fill("Northshire Primary Care Trust")
    page.get_by_label("ODS code").fill("5pq")
    page.get_by_role("button", name="Save partner").click()

    # the partner page: duties with reasons and sources under every framework
    assert page.get_by_role("heading", level=1).inner_text() == "Northshire Primary Care Trust"
    body = page.content()
    assert "added to the register" in body
    assert "This area's framework" in page.locator("main").inner_text()
    assert "Primary Care Trust: under Children Act 2004 as enacted this applies." in body
    assert "s31 Health Act 1999 / s75 NHS Act 2006; para 49" in body
    assert "ODS code 5PQ" in page.locator("main").inner_text()
    assert axe_serious(page) == []

    # what changes under another framework
    page.goto(f"/areas/{area.la_code}/partners/frameworks/")
    page.get_by_label("Children Act 2004 as enacted").check()
    page.get_by_role("button", name="Show what changes").click()
    main = page.locator("main").inner_text()
    assert "From 2009 Act after the plan regulations were revoked to Children Act 2004 as enacted" in main
    assert "Hill Primary School" in main
    assert axe_serious(page) == []


def test_browser_other_area_register_is_404(page, officer, other_area):
    sign_in(page, officer.email, PASSWORD)
    assert page.goto(f"/areas/{other_area.la_code}/partners/").status == 404
