"""No plans route answers a server error, whatever is typed into a number.

Walks plans' POST routes from the write matrix (``plans.tests.factories.WRITE_ROUTES``): for
each, as the role allowed to write, every field of its valid payload that holds a
number (ids, years, amounts, day/month/year parts, ``lock_version``, also on the delete
button) is replaced in turn by values a hostile tester tries. The answer must be a page
(a GOV.UK error, a refusal, a redirect), never a 500.
"""
import pytest
from django.urls import reverse

from plans.tests.factories import WRITE_ROUTES
from tests.support.routes import ALL_PATTERNS, Objects, factory_registry, route_url, write_user
from trusts.tests.factories import AreaFactory

BAD_NUMBERS = ("abc", "-1", "99999999999999999999", "")
ROUTES = sorted((name, kwargs) for name, kwargs in ALL_PATTERNS if name in WRITE_ROUTES and WRITE_ROUTES[name].ok)


def _numeric(value):
    return isinstance(value, int) or (isinstance(value, str) and value.replace(".", "", 1).isdigit())


@pytest.mark.parametrize(("name", "kwargs"), ROUTES, ids=[n for n, _ in ROUTES])
def test_plans_post_routes_never_500_on_bad_numbers(client, db, name, kwargs):
    entry = WRITE_ROUTES[name]
    objs = Objects(AreaFactory(), factory_registry("URL_KWARGS"))
    url = route_url(name, kwargs, objs)
    user = write_user(sorted(entry.ok)[0], objs, entry)
    payload = entry.payload(objs, user)
    client.force_login(user)
    fields = sorted({key for key, value in payload.items() if _numeric(value)} | {"lock_version"})
    tried = 0
    for field in fields:
        for bad in BAD_NUMBERS:
            response = client.post(url, {**payload, field: bad})
            assert response.status_code < 500, f"{name}: {field}={bad!r} -> {response.status_code}"
            tried += 1
    for bad in BAD_NUMBERS:  # the delete button (on an add page there is nothing to delete)
        response = client.post(url, {"delete": "1", "lock_version": bad})
        assert response.status_code < 500, f"{name}: delete with lock_version={bad!r}"
    assert tried >= 4


@pytest.mark.parametrize("bad", BAD_NUMBERS + ("1.5", "0x10"))
def test_compare_and_big_ids_never_500(client, officer, area, bad):
    client.force_login(officer)
    compare = reverse("plans:compare", kwargs={"la_code": area.la_code})
    assert client.get(compare, {"a": bad, "b": bad}).status_code < 500
    big = f"/areas/{area.la_code}/plan/versions/99999999999999999999/"
    assert client.get(big).status_code == 404
