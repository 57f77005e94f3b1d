"""The whole journey in headless Chromium, with axe on each kind of page: an officer drafts a
complete plan, partner contacts agree (on the page and from the e-mailed link), the board
approves it at a quorate meeting, the public page and PDF appear, and the annual review is recorded."""
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import PlanReview, PlanVersion
from plans.tests.factories import fill_plan, mark_present
from tests.support.browser import axe_serious, sign_in
from trusts.tests.factories import PASSWORD

ERROR_TITLE = re.compile(r"^Error: ")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_plan_journey(new_page, officer, law_area, contacts, board_member, board_setup, live_server):
    la = law_area.la_code
    page = new_page()
    sign_in(page, officer.email, PASSWORD)

    # the officer starts the plan and drafts part of it through the forms
    page.goto(f"/areas/{la}/plan/")
    assert axe_serious(page) == []
    page.get_by_role("button", name="Start the plan").click()
    assert "Version 1" in page.content()
    page.get_by_role("link", name="Change the needs assessment").click()
    page.get_by_label("Joint needs assessment").fill("Obesity and CAMHS waits are the biggest gaps.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a priority for Stay safe").click()
    page.get_by_label("Priority").fill("Fewer children come into care")
    page.get_by_role("button", name="Save priority").click()
    page.get_by_role("link", name="Add an action to Fewer children come into care").click()
    assert axe_serious(page) == []
    page.get_by_label("What will be done").fill("Family intervention project in two districts")
    page.get_by_label("Responsible partner").select_option(label="Northshire Youth Offending Team")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2011")
    page.get_by_label("How progress is measured").fill("NI 59")
    page.get_by_role("button", name="Save action").click()
    assert "Family intervention project in two districts" in page.content()
    # the task list says what is still missing
    page.get_by_role("link", name="See the task list").click()
    assert "4 outcomes have no priority: Be healthy" in page.content()
    assert axe_serious(page) == []
    # the rest of the content (as an officer would go on to enter it)
    version = PlanVersion.objects.get(area=law_area)
    fill_plan(version)
    page.goto(f"/areas/{la}/plan/versions/{version.number}/tasks/")
    assert "100%" in page.content()

    # consultation, then to the partners
    page.goto(f"/areas/{la}/plan/versions/{version.number}/")
    page.get_by_role("link", name="Send out for consultation").click()
    page.get_by_role("button", name="Send out for consultation").click()
    page.get_by_role("link", name="Send to partners to agree").first.click()
    assert axe_serious(page) == []
    page.get_by_role("button", name="Send to partners to agree").click()
    assert "0 of 3 relevant partners agreed" in page.content()
    assert axe_serious(page) == []

    # the PCT's contact agrees on the plan page
    pct = new_page()
    sign_in(pct, contacts["pct"].email, PASSWORD)
    pct.goto(f"/areas/{la}/plan/versions/{version.number}/")
    pct.get_by_role("link", name="Record NHS Northshire PCT's answer").click()
    assert axe_serious(pct) == []
    pct.get_by_label("Yes, we agree it").check()
    pct.get_by_role("button", name="Record our answer").click()
    assert "1 of 3 relevant partners agreed" in pct.content()

    # the others answer from the link in their e-mail, without signing in
    for email in ("yot@partners.example.org", "police_authority@partners.example.org"):
        message = next(m for m in mail.outbox if m.to[0].endswith(f"<{email}>"))
        link = re.search(r"(/plan-answer/[^/\s]+/)", message.body).group(1)
        anonymous = new_page()
        anonymous.goto(link)
        assert axe_serious(anonymous) == []
        anonymous.get_by_label("Yes, we agree it").check()
        anonymous.get_by_role("button", name="Record our answer").click()
        assert "Your answer has been recorded" in anonymous.content()

    # the officer puts it on the board's agenda
    page.goto(f"/areas/{la}/plan/versions/{version.number}/")
    assert "3 of 3 relevant partners agreed" in page.content()
    page.get_by_role("link", name="Put on a board meeting's agenda").click()
    page.get_by_label("Board meeting").select_option(index=1)
    page.get_by_role("button", name="Put on the agenda").click()
    assert "Awaiting board approval" in page.content()

    # the board member: refused while not quorate, approves once quorate
    board = new_page()
    sign_in(board, board_member.email, PASSWORD)
    board.goto("/")
    board.goto(f"/areas/{la}/plan/versions/{version.number}/")
    board.get_by_role("link", name="Record the board's decision").click()
    board.get_by_label("Approve and publish the plan").check()
    board.get_by_role("button", name="Record the board's decision").click()
    expect(board).to_have_title(ERROR_TITLE)  # waits for the page the button leads to
    assert "not quorate" in board.content()
    mark_present(board_setup["meeting"], board_setup["seats"])
    board.goto(board.url)
    board.get_by_label("Approve and publish the plan").check()
    board.get_by_role("button", name="Record the board's decision").click()
    assert "approved and published" in board.content()
    assert axe_serious(board) == []

    # the public page and the PDF, without signing in
    public = new_page()
    response = public.goto(f"/public/areas/{la}/plan/")
    assert response.status == 200 and "Fewer children come into care" in public.content()
    assert axe_serious(public) == []
    pdf = public.request.get(f"{live_server.url}/public/areas/{la}/plan.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # the annual review, and the date the board noted it
    page.goto(f"/areas/{la}/plan/versions/{version.number}/")
    page.get_by_role("link", name="Record the annual review").click()
    today = timezone.localdate()
    page.locator("#id_reviewed_on_0").fill(str(today.day))
    page.locator("#id_reviewed_on_1").fill(str(today.month))
    page.locator("#id_reviewed_on_2").fill(str(today.year))
    page.get_by_label("Updated needs assessment").fill("CAMHS waits have halved.")
    for label in ("Be healthy", "Stay safe", "Enjoy and achieve", "Make a positive contribution",
                  "Achieve economic well-being"):
        page.get_by_label(f"{label}: progress against the measures").fill(f"{label}: on track")
    page.get_by_role("button", name="Save the review").click()
    assert axe_serious(page) == []
    page.locator("#id_noted_on_0").fill(str(today.day))
    page.locator("#id_noted_on_1").fill(str(today.month))
    page.locator("#id_noted_on_2").fill(str(today.year))
    page.get_by_role("button", name="Record the date").click()
    assert PlanReview.objects.get().noted_on == today
    public.goto(f"/public/areas/{la}/plan/")
    assert "CAMHS waits have halved." in public.content()
