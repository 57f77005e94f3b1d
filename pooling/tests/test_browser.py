"""The officer's pooled budget journey in a real headless Chromium, checked with axe-core."""
import re

import pytest
from playwright.sync_api import expect

from pooling.models import Contribution, Spend
from tests.support.browser import axe_serious, sign_in
from trusts.tests.factories import PASSWORD

ERROR_TITLE = re.compile(r"^Error: ")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_officer_sets_up_fund_records_figures_sees_charts(page, officer, area, authority, pct, vcs):
    sign_in(page, officer.email, PASSWORD)
    page.goto(f"/areas/{area.la_code}/pooled-budgets/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pooled budgets"
    assert axe_serious(page) == []

    page.get_by_role("link", name="Set up a pooled fund").click()
    page.get_by_label("Name of the fund").fill("Early help fund")
    page.get_by_label("Purpose").fill("Locality early intervention teams")
    page.get_by_label("Section 10 pooled fund (Children Act 2004)").check()
    page.get_by_label("Host (accountable body)").select_option(str(authority.pk))
    for name, value in (("start_date_0", "1"), ("start_date_1", "4"), ("start_date_2", "2008"),
                        ("end_date_0", "31"), ("end_date_1", "3"), ("end_date_2", "2011")):
        page.locator(f'input[name="{name}"]').fill(value)
    page.get_by_label("Active").check()
    assert axe_serious(page) == []
    page.get_by_role("button", name="Save the fund").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Early help fund")

    # an ineligible partner is refused, with the reason and its source
    page.get_by_role("link", name="Record a contribution").click()
    page.get_by_label("Partner", exact=True).select_option(str(vcs.pk))
    page.get_by_label("Financial year").select_option("2009")
    page.get_by_label("Value in pounds").fill("1000")
    page.get_by_role("button", name="Save the contribution").click()
    page.locator(".govuk-error-summary").wait_for()
    expect(page).to_have_title(ERROR_TITLE)  # waits for the page the button leads to
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Northshire Youth Action cannot take part in a section 10 pooled fund" in summary
    assert "para 14, 48, 50" in summary
    assert axe_serious(page) == []
    assert not Contribution.objects.exists()

    page.get_by_label("Partner", exact=True).select_option(str(pct.pk))
    page.get_by_role("button", name="Save the contribution").click()
    assert "Contribution recorded" in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("link", name="Record spend").click()
    page.get_by_label("Financial year").select_option("2009")
    page.get_by_label("Stay safe").check()
    page.get_by_label("Early intervention").check()
    page.get_by_label("Spend in pounds").fill("400")
    page.get_by_role("button", name="Save the spend").click()
    page.locator(".govuk-notification-banner").wait_for()
    assert Spend.objects.get().value == 400

    # charts with their tables, and the reconciliation
    assert page.locator('svg[role="img"]').count() == 2
    assert page.locator("svg title").first.text_content() == "Planned contributions per partner per financial year"
    row = page.locator("table").filter(has_text="Balance per financial year").locator("tr", has_text="2009-10")
    assert row.locator("td").all_inner_texts()[:3] == ["£1,000.00", "£400.00", "£600.00"]
    assert page.locator("#fund-outcomes-table tr", has_text="Stay safe").locator("td").all_inner_texts() == [
        "£400.00", "£0.00"]
    assert "Olive Officer" in page.locator("#history ~ div table").inner_text()
    assert axe_serious(page) == []

    # the area page shows the spend statement
    page.goto(f"/areas/{area.la_code}/pooled-budgets/")
    assert "Northshire PCT" in page.locator("#statement").inner_text()
    assert axe_serious(page) == []
