"""The officer's first journey in a real headless Chromium, with an axe-core check."""
import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import axe_serious, sign_in
from trusts.tests.factories import PASSWORD

ERROR_TITLE = re.compile(r"^Error: ")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_officer_signs_in_sees_area_and_signs_out(page, officer, area, other_area):
    page.goto("/")
    assert axe_serious(page) == []
    sign_in(page, officer.email, PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == f"{area.name} Children's Trust"
    assert other_area.name not in page.content()
    assert axe_serious(page) == []
    # another area's page is a 404, in the browser too
    response = page.goto(f"/areas/{other_area.la_code}/")
    assert response.status == 404
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
    assert axe_serious(page) == []
    assert page.goto(f"/areas/{area.la_code}/").url.endswith(f"/sign-in/?next=/areas/{area.la_code}/")


def test_browser_sign_in_error_is_accessible(page, officer):
    sign_in(page, officer.email, "wrong-password")
    expect(page).to_have_title(ERROR_TITLE)  # waits for the page the button leads to
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_serious(page) == []


def test_browser_works_without_javascript(new_page, officer, area):
    page = new_page(javascript=False)
    sign_in(page, officer.email, PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == f"{area.name} Children's Trust"
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
