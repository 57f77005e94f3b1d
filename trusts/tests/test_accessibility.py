"""Accessibility sweep: every page type, opened in headless Chromium, checked by axe-core.

Walks the URL conf (like the scoping matrix), so a page added later is checked too.
Each page is checked at desktop width (1280 px) and at 320 px, the width WCAG 2.2 reflow
(SC 1.4.10) asks for: no serious or critical violation at either width, and at 320 px the
page must not scroll sideways (a wide table may scroll inside its own labelled region).
Every page is loaded once; the viewport is narrowed on the loaded page, so the media
queries apply without a second request."""
import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from conftest import axe_serious
from trusts.factories import OfficerFactory, StewardFactory, TrustFactory
from trusts.models import Membership
from trusts.tests.test_query_budget import STEWARD_PAGES, grow
from trusts.tests.test_url_matrix import ALL_PATTERNS, Objects, _registry, _url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}  # WCAG 2.2 SC 1.4.10: 320 CSS pixels wide

# What sticks out past the right edge of the viewport, outermost first, to name in a failure
# (anything inside a box that scrolls or clips by itself cannot widen the page).
OVERFLOWING_JS = """() => {
  const edge = document.documentElement.clientWidth, found = [];
  const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= edge + 1 || clipped(el)) continue;
    const parent = el.parentElement.getBoundingClientRect();
    if (parent.right > edge + 1 && el.parentElement !== document.body) continue;
    const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    found.push(`${name} (${Math.round(r.width)} px wide, to ${Math.round(r.right)} px)`);
  }
  return found.slice(0, 5);
}"""


def _cookie(user, live_server):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def reflow_problems(page):
    """At the current (narrow) viewport: the document must be no wider than the viewport."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= NARROW["width"]:
        return []
    return [f"scrolls sideways at {NARROW['width']} px: {width} px wide; {page.evaluate(OVERFLOWING_JS)}"]


def test_accessibility_every_page_at_desktop_and_320px(new_page, live_server):
    builders = _registry("URL_KWARGS")
    area = TrustFactory(name="Northshire")
    officer, steward = OfficerFactory(trust=area), StewardFactory()
    pages = {"officer": new_page(), "steward": new_page(), "anonymous": new_page()}
    pages["officer"].context.add_cookies([_cookie(officer, live_server)])
    pages["steward"].context.add_cookies([_cookie(steward, live_server)])
    public = _registry("PUBLIC_URLS")
    problems, checked = [], 0
    for name, kwargs in ALL_PATTERNS:
        if name.startswith(("api:", "plans_api:")) or name in {"floor", "healthz"}:
            continue
        area = TrustFactory()  # a fresh area per page: builders may create one-per-area records
        Membership.objects.create(user=officer, trust=area, kind=Membership.Kind.OFFICER)
        objs = Objects(area, builders)
        url = _url(name, kwargs, objs)
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
    from boards.factories import AgendaItemFactory, MeetingFactory, PaperFactory, SeatFactory
    from partners.factories import PartnerContactFactory, PartnerFactory

    area = TrustFactory(name="Northshire")
    officer = OfficerFactory(trust=area)
    partner = PartnerFactory(trust=area, name=LONG_WORD, lead_contact_name="Pat Lead", lead_contact_email=LONG_EMAIL,
                             notes=f"See {LONG_URL}")
    PartnerContactFactory(partner=partner, user__email=LONG_EMAIL)
    meeting = MeetingFactory(board__trust=area, place=LONG_URL)
    SeatFactory(board=meeting.board, substitute_name=LONG_WORD)
    PaperFactory(item=AgendaItemFactory(meeting=meeting, title=LONG_WORD, reference=LONG_URL), title=LONG_WORD)
    page = new_page()
    page.context.add_cookies([_cookie(officer, live_server)])
    page.set_viewport_size(NARROW)
    problems = []
    for url in (reverse("partners:partner-list", kwargs={"area": area.la_code}),
                reverse("partners:partner-detail", kwargs={"area": area.la_code, "partner": partner.pk}),
                reverse("boards:board-detail", kwargs={"board": meeting.board.pk}),
                reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})):
        assert page.goto(url).status == 200, url
        assert LONG_WORD in page.content(), url  # the long text is on the page being measured
        problems += [f"{url}: {p}" for p in reflow_problems(page)]
    assert problems == [], "\n".join(problems)
