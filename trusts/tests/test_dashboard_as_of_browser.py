"""The dashboard with a date chosen, and with a wrong date, in headless Chromium:
no serious axe violation at 1280 px or at 320 px, nothing wider than the screen at 320 px,
and the form works without JavaScript."""
from datetime import date

import pytest
from django.urls import reverse

from plans.models import PlanVersion
from plans.tests.factories import PlanVersionFactory
from tests.support.browser import DESKTOP, NARROW, axe_serious, reflow_problems, session_cookie
from trusts.tests.factories import StewardFactory, AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_as_of_a_date_is_accessible_and_works_without_javascript(new_page, live_server):
    area = AreaFactory(name="Fenshire")
    PlanVersionFactory(area=area, status=PlanVersion.Status.PUBLISHED, published_on=date(2009, 3, 1),
                       review_due_on=date(2010, 3, 1), period_end=date(2010, 6, 30))
    cookie = session_cookie(StewardFactory(), live_server)
    plain = new_page(javascript=False)  # the form is a plain GET form: no script needed
    plain.context.add_cookies([cookie])
    plain.goto(reverse("trusts:dashboard"))
    plain.get_by_label("Day").fill("1")
    plain.get_by_label("Month").fill("9")
    plain.get_by_label("Year", exact=True).fill("2010")
    plain.get_by_role("button", name="Apply filters").click()
    text = plain.inner_text("main")
    assert "Figures as of 1 September 2010" in text
    assert "The annual review due on 1 March 2010 is overdue." in text
    page = new_page()  # axe runs as a script
    page.context.add_cookies([cookie])
    page.set_viewport_size(DESKTOP)
    page.goto(plain.url)
    problems = [f"1280 px: {v}" for v in axe_serious(page)]
    page.set_viewport_size(NARROW)
    problems += [f"320 px: {v}" for v in reflow_problems(page) + axe_serious(page)]
    page.goto(reverse("trusts:dashboard") + "?as_of_0=31&as_of_1=2&as_of_2=2010")
    assert "Enter a real date, like 31 3 2011" in page.inner_text(".govuk-error-summary")
    problems += [f"error, 320 px: {v}" for v in reflow_problems(page) + axe_serious(page)]
    assert not problems, "\n".join(problems)
