"""The page cache (trusts.pagecache): a fragment is served from the cache until a table it
read is written, by any route (save, update, bulk_create, delete, raw SQL), and only once
that write is committed; forms inside keep working with each request's own CSRF token.
The whole suite also runs with the cache on, so every page test reads through it."""
import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from boards.tests.factories import BoardFactory
from partners.models import Partner
from partners.tests.factories import PartnerFactory
from trusts import pagecache
from trusts.models import Area
from trusts.tests.factories import AreaFactory


class Counter:
    """make() for a fragment that reads the partners' table, counting how often it runs."""

    def __init__(self):
        self.runs = 0

    def __call__(self):
        self.runs += 1
        return f"{Partner.objects.count()} partners"


def _read(make, *vary):
    return pagecache.fragment("test", list(vary), make)


@pytest.mark.django_db(transaction=True)
def test_kept_until_a_table_it_read_is_written_by_any_route(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    area = AreaFactory()
    make = Counter()
    assert _read(make) == "0 partners"
    assert _read(make) == "0 partners"  # the first render stamps the tables it read: kept from now on
    runs = make.runs
    assert _read(make) == "0 partners" and make.runs == runs  # served from the cache
    partner = PartnerFactory(area=area)
    assert _read(make) == "1 partners" and make.runs == runs + 1
    Partner.objects.filter(pk=partner.pk).update(name="Renamed")
    _read(make)
    assert make.runs == runs + 2
    Partner.objects.bulk_create([Partner(area=area, name="Bulk", org_type="vcs")])
    assert _read(make) == "2 partners"
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{Partner._meta.db_table}" WHERE name = %s', ["Bulk"])
    assert _read(make) == "1 partners"
    # a write to a table the fragment did not read leaves it cached
    runs = make.runs
    Area.objects.filter(pk=area.pk).update(name="Elsewhere")
    _read(make)
    assert make.runs == runs


@pytest.mark.django_db(transaction=True)
def test_a_write_counts_once_committed_and_a_rollback_changes_nothing(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    area = AreaFactory()
    make = Counter()
    _read(make), _read(make)
    with transaction.atomic():
        PartnerFactory(area=area)
        stamp_inside = pagecache.cache.get(pagecache.STAMP_KEY.format(Partner._meta.db_table))
    # not stamped until the commit (a reader before it would cache the old rows under the new stamp)
    assert stamp_inside != pagecache.cache.get(pagecache.STAMP_KEY.format(Partner._meta.db_table))
    assert _read(make) == "1 partners"
    with pytest.raises(RuntimeError), transaction.atomic():
        PartnerFactory(area=area)
        raise RuntimeError
    # the rolled-back transaction's hook is gone; the next transaction must still stamp
    runs = make.runs
    with transaction.atomic():
        PartnerFactory(area=area)
    assert _read(make) == "2 partners" and make.runs == runs + 1


@pytest.mark.django_db(transaction=True)
def test_written_while_being_made_is_served_but_not_kept(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    area = AreaFactory()
    make = Counter()
    _read(make), _read(make)

    def make_and_write():
        value = make()
        PartnerFactory(area=area)  # another request's write, committed mid-render
        return value

    PartnerFactory(area=area)  # the cached fragment is stale: the next read makes it again
    assert _read(make_and_write) == "1 partners"
    runs = make.runs
    assert _read(make) == "2 partners" and make.runs == runs + 1


@pytest.mark.django_db(transaction=True)
def test_a_model_in_vary_makes_its_table_a_dependency(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    area = AreaFactory(name="Northshire")
    calls = []

    def make():
        calls.append(1)
        return area.name  # read from the object loaded before, not by a query

    assert _read(make, area) == "Northshire"
    _read(make, area)
    runs = len(calls)
    _read(make, area)
    assert len(calls) == runs
    Area.objects.filter(pk=area.pk).update(name="Southshire")
    area.refresh_from_db()
    assert _read(make, area) == "Southshire"


@pytest.mark.django_db
def test_forms_get_each_requests_own_csrf_token_and_a_real_token_is_never_kept(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    request = RequestFactory().get("/")
    form = f'<input type="hidden" name="csrfmiddlewaretoken" value="{pagecache.CSRF_PLACEHOLDER}">'
    for _ in range(3):
        page = pagecache.fragment("form", [], lambda: form + str(Partner.objects.count()), request=request)
    assert pagecache.CSRF_PLACEHOLDER not in page
    assert request.META["CSRF_COOKIE"]
    other = RequestFactory().get("/")
    again = pagecache.fragment("form", [], lambda: pytest.fail("should be cached"), request=other)
    assert again != page  # a different request, a different masked token
    calls = []

    def real_token():
        calls.append(1)
        return '<input type="hidden" name="csrfmiddlewaretoken" value="a-real-token">' + str(Partner.objects.count())

    for _ in range(3):
        pagecache.fragment("real", [], real_token)
    assert len(calls) == 3


@pytest.mark.django_db
def test_cache_down_renders_every_time(settings, monkeypatch):
    settings.FRAGMENT_CACHE_SECONDS = 600

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(pagecache.cache, "get", broken)
    make = Counter()
    assert _read(make) == "0 partners" and _read(make) == "0 partners"
    assert make.runs == 2


@pytest.mark.django_db(transaction=True)
def test_pages_show_a_change_made_through_the_service(client, settings, officer, area):
    """The register, board and plan pages, served from the cache, show each change made
    through the site's own forms at once."""
    settings.FRAGMENT_CACHE_SECONDS = 600
    client.force_login(officer)
    register = reverse("partners:partner-list", kwargs={"la_code": area.la_code})
    for _ in range(2):
        assert "Riverside Academy" not in client.get(register).text
    response = client.post(reverse("partners:partner-add", kwargs={"la_code": area.la_code}),
                           {"name": "Riverside Academy", "org_type": "vcs", "engagement": "invited"})
    assert response.status_code == 302, response.text[:2000]
    assert "Riverside Academy" in client.get(register).text

    board = BoardFactory(area=area, terms_of_reference="Meets termly.")
    page = reverse("boards:board-detail", kwargs={"board": board.pk})
    for _ in range(2):
        assert "Meets termly." in client.get(page).text
    board.terms_of_reference = "Meets monthly."
    board.save()
    assert "Meets monthly." in client.get(page).text


def test_templates_are_compiled_once_per_process():
    """The cached template loader (Django's default when no loaders are listed): a
    template is parsed once per process, not on every request."""
    from django.template import engines

    loaders = engines["django"].engine.loaders
    assert loaders[0][0] == "django.template.loaders.cached.Loader"


@pytest.mark.django_db(transaction=True)
def test_signing_in_does_not_make_pages_stale(client, settings, officer):
    """Every sign-in records the time in the users' table; no page shows it, so a morning
    of sign-ins must not empty the cache of every page that names a person."""
    from trusts.models import User

    settings.FRAGMENT_CACHE_SECONDS = 600
    calls = []

    def make():
        calls.append(1)
        return str(User.objects.count())

    _read(make), _read(make)
    runs = len(calls)
    client.force_login(officer)
    _read(make)
    assert len(calls) == runs
    User.objects.filter(pk=officer.pk).update(full_name="Olive Renamed")
    _read(make)
    assert len(calls) == runs + 1


@pytest.mark.django_db
def test_clear_page_cache_makes_every_fragment_again(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.FRAGMENT_CACHE_SECONDS = 600
    make = Counter()
    _read(make), _read(make)
    runs = make.runs
    _read(make)
    assert make.runs == runs
    out = StringIO()
    call_command("clear_page_cache", stdout=out)
    assert "made again" in out.getvalue()
    _read(make)
    assert make.runs == runs + 1
