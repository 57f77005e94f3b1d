"""Accessibility sweep: every page type, opened in headless Chromium, checked by axe-core.

Walks the URL conf (like the scoping matrix), so a page added later is checked too.
No serious or critical violation is allowed on any page."""
import pytest
from playwright.sync_api import Error as PlaywrightError
from django.test import Client

from conftest import axe_serious
from trusts.factories import OfficerFactory, StewardFactory, TrustFactory
from trusts.models import Membership
from trusts.tests.test_query_budget import STEWARD_PAGES
from trusts.tests.test_url_matrix import ALL_PATTERNS, Objects, _registry, _url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _cookie(user, live_server):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def test_accessibility_every_page_has_no_serious_violations(new_page, live_server):
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
        url = _url(name, kwargs, Objects(area, builders))
        who = "steward" if name in STEWARD_PAGES else ("anonymous" if name in public else "officer")
        page = pages[who]
        try:
            response = page.goto(url)
        except PlaywrightError:  # a POST-only URL answers a GET with an empty 405
            continue
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        checked += 1
        problems += [f"{url} ({who}): {v}" for v in axe_serious(page)]
    assert checked >= 40, f"only {checked} pages were checked"
    assert problems == [], "\n".join(problems)
