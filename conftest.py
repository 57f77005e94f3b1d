"""Fixtures shared by every app's tests: areas, a user of each role, and service checks."""
import os
import socket

import pytest

from trusts.factories import OfficerFactory, StewardFactory, TrustFactory, UserFactory
from trusts.models import Membership, User

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(host, port, name):
    """Skip locally when a service is down; in CI a missing service is a failure."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return
    except OSError:
        message = f"{name} is not reachable on {host}:{port}"
        if IN_CI:
            pytest.fail(message + " (CI must run this test against the real service)")
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests make thousands of users: hash their passwords cheaply (production keeps PBKDF2;
    a test that needs the real hasher sets PASSWORD_HASHERS itself)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: API throttles, cached pages and dashboard
    figures are counted there, and must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def redis_url():
    require_service("127.0.0.1", 6379, "Redis")
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def area(db):
    return TrustFactory(name="Northshire", la_code="801", gss_code="E06000901")


@pytest.fixture
def other_area(db):
    return TrustFactory(name="Southshire", la_code="802", gss_code="E06000902")


@pytest.fixture
def officer(area):
    return OfficerFactory(trust=area, full_name="Olive Officer", email="olive@northshire.example.org")


@pytest.fixture
def other_officer(other_area):
    return OfficerFactory(trust=other_area, full_name="Oscar Other", email="oscar@southshire.example.org")


@pytest.fixture
def board_member(area):
    user = UserFactory(role=User.Role.BOARD_MEMBER, full_name="Bella Board", email="bella@example.org")
    Membership.objects.create(user=user, trust=area, kind=Membership.Kind.BOARD_MEMBER)
    return user


@pytest.fixture
def partner_contact(area):
    user = UserFactory(role=User.Role.PARTNER_CONTACT, full_name="Pat Partner", email="pat@example.org")
    Membership.objects.create(user=user, trust=area, kind=Membership.Kind.PARTNER_CONTACT)
    return user


@pytest.fixture
def steward(db):
    return StewardFactory(full_name="Sam Steward", email="sam@dcsf.example.gov.uk")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def new_page(live_server, monkeypatch):
    """Opens real headless Chromium pages (Debian's chromium, never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # test itself makes between steps are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def make(javascript=True):
            context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
            pg = context.new_page()
            pg.set_default_timeout(15000)
            return pg

        yield make
        browser.close()


@pytest.fixture
def page(new_page):
    return new_page()


def axe_serious(page):
    """Run axe-core on the page; return serious and critical violations (should be none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]


def sign_in(page, email, password):
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
