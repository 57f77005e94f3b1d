"""The fixtures every test can use (registered by the root ``conftest.py``): areas, a user of
each role, real headless Chromium pages, the default chase rules, and what every test gets
(a cheap password hasher, an empty cache, uploads in a throw-away directory)."""
import os

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.real_services import IN_CI, require_service
from trusts.models import Membership, User
from trusts.tests.factories import OfficerFactory, StewardFactory, AreaFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests make thousands of users: hash their passwords cheaply (production keeps PBKDF2;
    a test that needs the real hasher sets PASSWORD_HASHERS itself)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _static_files_found_per_request(settings):
    """WhiteNoise indexes STATIC_ROOT (thousands of files once ``collectstatic`` has run) each time
    a test client loads the middleware, most of a short test's time; no test fetches a static file
    through the test client, so the files are looked up when asked for instead."""
    settings.WHITENOISE_AUTOREFRESH = True


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
    return AreaFactory(name="Northshire", la_code="801", gss_code="E06000901")


@pytest.fixture
def other_area(db):
    return AreaFactory(name="Southshire", la_code="802", gss_code="E06000902")


@pytest.fixture
def officer(area):
    return OfficerFactory(area=area, full_name="Olive Officer", email="olive@northshire.example.org")


@pytest.fixture
def other_officer(other_area):
    return OfficerFactory(area=other_area, full_name="Oscar Other", email="oscar@southshire.example.org")


@pytest.fixture
def board_member(area):
    user = UserFactory(role=User.Role.BOARD_MEMBER, full_name="Bella Board", email="bella@example.org")
    Membership.objects.create(user=user, area=area, role=User.Role.BOARD_MEMBER)
    return user


@pytest.fixture
def partner_contact(area):
    user = UserFactory(role=User.Role.PARTNER_CONTACT, full_name="Pat Partner", email="pat@example.org")
    Membership.objects.create(user=user, area=area, role=User.Role.PARTNER_CONTACT)
    return user


@pytest.fixture
def steward(db):
    return StewardFactory(full_name="Sam Steward", email="sam@dcsf.example.gov.uk")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded papers and documents go to a throw-away directory, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def chase_rules(request):
    """The default chase rule of every declared reminder kind, in the database of a test that
    uses one (they are added after migrate and after each flush; a rule a test deleted is back)."""
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from trusts.notices.kinds import add_missing_rules
    from trusts.notices.models import ChaseRule

    add_missing_rules(ChaseRule)


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
