"""Security sweep over every URL in the URL conf: headers, CSP without inline script or
style, CSRF on every form, production cookies, and the health endpoint."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.routes import ALL_PATTERNS, Objects, factory_registry, route_url
from trusts.models import Membership, User
from trusts.tests.factories import OfficerFactory, StewardFactory, AreaFactory

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def _pages(role):
    """Every URL with its own fresh area (builders may create one-per-area records)."""
    builders = factory_registry("URL_KWARGS")
    user = StewardFactory() if role == "steward" else OfficerFactory(area=AreaFactory())
    pages = []
    for name, kwargs in ALL_PATTERNS:
        area = AreaFactory()
        if role != "steward":
            Membership.objects.create(user=user, area=area, role=User.Role.OFFICER)
        pages.append((name, route_url(name, kwargs, Objects(area, builders))))
    return user, pages


@pytest.mark.parametrize("role", ["officer", "steward", "anonymous"])
def test_security_headers_and_csp_on_every_page(client, db, role):
    user, pages = _pages("steward" if role == "steward" else "officer")
    if role != "anonymous":
        client.force_login(user)
    checked = 0
    for _name, url in pages:
        response = client.get(url)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        csp = response.headers.get("Content-Security-Policy", "")
        # every page allows only our own scripts; a download may forbid everything (default-src 'none')
        strictest = csp.startswith("default-src 'none'") and "script-src" not in csp
        assert ("script-src 'self'" in csp or strictest) and "unsafe-inline" not in csp, url
        assert response.headers.get("X-Content-Type-Options") == "nosniff", url
        assert response.headers.get("X-Frame-Options") == "DENY", url
        if response.headers.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            assert not INLINE_SCRIPT.search(html), f"inline script on {url}"
            assert not INLINE_HANDLER.search(html), f"inline event handler on {url}"
            assert not INLINE_STYLE.search(html), f"inline style on {url}"
            checked += 1
    assert checked >= 5


def test_security_csrf_enforced_on_every_form(db):
    user, pages = _pages("officer")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    refused = 0
    for _name, url in pages:
        if url.startswith("/api/"):
            continue  # token-authenticated and read-only
        status = client.post(url, {"anything": "x"}).status_code
        assert status in (403, 404, 405, 302), f"POST {url} without a CSRF token: {status}"
        if status == 403:
            refused += 1
    assert refused >= 3  # the forms that exist are refused, not just absent


def test_security_production_cookies_secure_and_http_only():
    from tests.support.processes import PRODUCTION_CONFIG, run_python

    code = ("import django; django.setup(); from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)")
    assert run_python(["-c", code], PRODUCTION_CONFIG).stdout.split() == ["True", "True", "True", "True"]


def test_health_reports_database_and_broker(client, db):
    body = client.get(reverse("healthz")).json()
    assert body == {"status": "ok", "database": "ok", "broker": "in-process"}


def test_health_broker_down_is_503(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"


def test_security_nul_character_is_a_400_not_a_server_error(client, officer, area):
    client.force_login(officer)
    assert client.get("/api/v1/areas/", {"search": "a\x00b"}).status_code == 400
    response = client.post(f"/areas/{area.la_code}/edit/", {"director_name": "x\x00y"})
    assert response.status_code == 400
    area.refresh_from_db()
    assert area.director_name == ""
