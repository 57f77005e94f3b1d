"""Accessibility sweep: every page type, opened in headless Chromium, checked by axe-core.

Walks the URL conf (like the scoping matrix), so a page added later is checked too.
Each page is checked at desktop width (1280 px) and at 320 px, the width WCAG 2.2 reflow
(SC 1.4.10) asks for: no serious or critical violation at either width, and at 320 px the
page must not scroll sideways (a wide table may scroll inside its own labelled region).
Every page is loaded once; the viewport is narrowed on the loaded page, so the media
queries apply without a second request."""
import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.support.browser import DESKTOP, NARROW, axe_serious, reflow_problems, session_cookie
from tests.support.routes import ALL_PATTERNS, STEWARD_PAGES, Objects, factory_registry, grow, route_url
from trusts.models import Membership, User
from trusts.tests.factories import OfficerFactory, StewardFactory, AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accessibility_every_page_at_desktop_and_320px(new_page, live_server):
    builders = factory_registry("URL_KWARGS")
    area = AreaFactory(name="Northshire")
    officer, steward = OfficerFactory(area=area), StewardFactory()
    pages = {"officer": new_page(), "steward": new_page(), "anonymous": new_page()}
    pages["officer"].context.add_cookies([session_cookie(officer, live_server)])
    pages["steward"].context.add_cookies([session_cookie(steward, live_server)])
    public = factory_registry("PUBLIC_URLS")
    problems, checked = [], 0
    for name, kwargs in ALL_PATTERNS:
        if name.startswith(("api:", "plans_api:")) or name == "healthz":
            continue
        area = AreaFactory()  # a fresh area per page: builders may create one-per-area records
        Membership.objects.create(user=officer, area=area, role=User.Role.OFFICER)
        objs = Objects(area, builders)
        url = route_url(name, kwargs, objs)
        grow(objs, steward, n=1, year=2010)  # rows in the page's tables: an empty table cannot be too wide
        who = "steward" if name in STEWARD_PAGES else ("anonymous" if name in public else "officer")
        page = pages[who]
        page.set_viewport_size(DESKTOP)
        try:
            response = page.goto(url)
        except PlaywrightError:  # a POST-only URL answers a GET with an empty 405
            continue
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        checked += 1
        problems += [f"{url} ({who}, 1280 px): {v}" for v in axe_serious(page)]
        page.set_viewport_size(NARROW)
        problems += [f"{url} ({who}, 320 px): {v}" for v in reflow_problems(page) + axe_serious(page)]
    assert checked >= 40, f"only {checked} pages were checked"
    assert problems == [], "\n".join(problems)


LONG_EMAIL = "partnership.commissioning.and.performance.team@cambridgeshire-and-peterborough.nhs.example.uk"
LONG_WORD = "Supercalifragilisticexpialidocious-Partnership-Commissioning-Board"
LONG_URL = "https://www.example.gov.uk/children-and-young-people/partnership-arrangements/plan-2010-2013.pdf"


def test_accessibility_long_unbroken_strings_wrap_at_320px(new_page, live_server):
    """E-mail addresses, web addresses and long names wrap instead of widening the page."""
    from boards.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, SeatFactory
    from partners.tests.factories import PartnerContactFactory, PartnerFactory

    area = AreaFactory(name="Northshire")
    officer = OfficerFactory(area=area)
    partner = PartnerFactory(area=area, name=LONG_WORD, lead_contact_name="Pat Lead", lead_contact_email=LONG_EMAIL,
                             notes=f"See {LONG_URL}")
    PartnerContactFactory(partner=partner, user__email=LONG_EMAIL)
    meeting = MeetingFactory(board__area=area, place=LONG_URL)
    SeatFactory(board=meeting.board, substitute_name=LONG_WORD)
    PaperFactory(item=AgendaItemFactory(meeting=meeting, title=LONG_WORD, reference=LONG_URL), title=LONG_WORD)
    page = new_page()
    page.context.add_cookies([session_cookie(officer, live_server)])
    page.set_viewport_size(NARROW)
    problems = []
    for url in (reverse("partners:partner-list", kwargs={"la_code": area.la_code}),
                reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": partner.pk}),
                reverse("boards:board-detail", kwargs={"board": meeting.board.pk}),
                reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})):
        assert page.goto(url).status == 200, url
        assert LONG_WORD in page.content(), url  # the long text is on the page being measured
        problems += [f"{url}: {p}" for p in reflow_problems(page)]
    assert problems == [], "\n".join(problems)
