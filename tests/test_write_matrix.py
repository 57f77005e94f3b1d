"""Every state-changing route x every role: who may write, and nothing changes when refused.

Beside the URL matrix (reads), this one walks the URL conf for writes. Each route that
accepts a POST has a ``Write`` entry in its app's ``tests/factories.py`` (``WRITE_ROUTES``) naming the
roles that may do it; a POST route without an entry fails ``test_every_post_route_has
_an_entry``. For each route and each of the seven roles the test POSTs a valid payload
built for the area's own objects and checks:

* an allowed role: the write takes effect (the database changes): the positive control
  that proves the payload would change something;
* a refused role: the expected refusal (404 for another area's officer, a 403 page, or
  the sign-in page for anonymous visitors), and every table exactly as it was.
"""
import hashlib

import pytest
from django.db import connection
from django.urls import reverse

from tests.support.routes import ALL_PATTERNS, Objects, factory_registry, route_url, write_user
from trusts.tests.factories import (
    OK,
    SIGN_IN,
    WRITE_ROLES,
    OfficerFactory,
    StewardEditFactory,
    AreaFactory,
)

# Tables a refused request may still write: the session of the signed-in tester, and
# django-axes' access log. Everything else must be byte-for-byte unchanged.
IGNORED_TABLES = {"django_session", "axes_accesslog", "axes_accessattempt", "axes_accessfailurelog"}
EXCLUDED_NAMESPACES = ("api:", "plans_api:")


def _write_routes():
    return factory_registry("WRITE_ROUTES")


def _snapshot():
    """A digest of every table's rows (small test data: cheap and exact)."""
    digests = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in IGNORED_TABLES:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')
            # PostgreSQL hands binary columns back as memoryview, whose repr is an address
            rows = sorted(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                          for row in cursor.fetchall())
            digests[table] = hashlib.sha1("\n".join(rows).encode()).hexdigest()
    return digests


def _changed(before, after):
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


def _post_patterns():
    return [(n, k) for n, k in ALL_PATTERNS if not n.startswith(EXCLUDED_NAMESPACES)]


WRITE_CASES = sorted(
    (name, kwargs, role)
    for name, kwargs in _post_patterns() if name in _write_routes()
    for role in WRITE_ROLES
)


def test_write_matrix_is_not_empty():
    assert len({name for name, _, _ in WRITE_CASES}) >= 40
    assert len(WRITE_CASES) == 7 * len({name for name, _, _ in WRITE_CASES})


def test_every_write_entry_is_a_route():
    names = {name for name, _ in ALL_PATTERNS}
    assert set(_write_routes()) <= names, set(_write_routes()) - names


@pytest.mark.parametrize(("name", "kwargs"), [p for p in _post_patterns() if p[0] not in _write_routes()],
                         ids=[n for n, _ in _post_patterns() if n not in _write_routes()])
def test_every_post_route_has_an_entry(client, db, name, kwargs):
    """A route without a Write entry must refuse a POST (405) for the users most able to
    write: the area's officer and an editing steward. Otherwise it needs an entry."""
    objs = Objects(AreaFactory(), factory_registry("URL_KWARGS"))
    url = route_url(name, kwargs, objs)
    for user in (OfficerFactory(area=objs.area), StewardEditFactory(), None):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        status = client.post(url).status_code
        assert status in (302, 404, 405) if user is None else status == 405, (
            f"{url} accepts a POST ({status}): add a Write entry to WRITE_ROUTES in its app's tests/factories.py "
            f"(or make the view GET-only with require_safe)")


@pytest.mark.parametrize(("name", "kwargs", "role"), WRITE_CASES, ids=[f"{n}-{r}" for n, _, r in WRITE_CASES])
def test_write_matrix(client, db, name, kwargs, role):
    entry = _write_routes()[name]
    objs = Objects(AreaFactory(), factory_registry("URL_KWARGS"))
    url = route_url(name, kwargs, objs)
    user = write_user(role, objs, entry)
    payload = entry.payload(objs, user)
    if user is not None:
        client.force_login(user)
    before = _snapshot()
    response = client.post(url, payload)
    after = _snapshot()
    expected = entry.expect[role]
    where = f"{name} as {role} ({url})"

    if expected == OK:
        assert response.status_code in (200, 302), f"{where}: {response.status_code}"
        if response.status_code == 200 and entry.changes:
            errors = getattr(response.context, "get", lambda k: None)("form")
            pytest.fail(f"{where}: the valid payload was not accepted: {getattr(errors, 'errors', '')}")
        if entry.changes:
            assert _changed(before, after), f"{where}: allowed, but nothing was written"
        return

    if expected == SIGN_IN:
        assert response.status_code == 302, f"{where}: {response.status_code}"
        assert response["Location"].startswith(reverse("trusts:sign-in")), response["Location"]
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}, expected {expected}"
    assert not _changed(before, after), f"{where}: refused, but wrote to {_changed(before, after)}"
