"""Every URL pattern x every role: another area's record is a 404, never the record.

The patterns are read from the URL conf, so a URL added later is covered without
anyone remembering. A URL keyword with no builder in some app's factories.URL_KWARGS
fails the test until one is added.
"""
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from trusts.factories import OfficerFactory, TrustFactory, UserFactory
from trusts.models import Membership, Trust, User

PROJECT_APPS = ["trusts", "partners", "boards", "pooling", "plans"]


def _registry(attr):
    merged = {} if attr not in ("PUBLIC_URLS", "STEWARD_URLS") else set()
    for label in PROJECT_APPS:
        try:
            module = import_module(f"{label}.factories")
        except ModuleNotFoundError:
            continue
        value = getattr(module, attr, None)
        if value:
            merged.update(value)
    return merged


def _patterns(resolver=None, prefix_ns=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{prefix_ns}{entry.namespace}:" if entry.namespace else prefix_ns
            yield from _patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix_ns}{entry.name}", list(entry.pattern.converters) or _regex_kwargs(entry)


def _regex_kwargs(entry):
    return list(entry.pattern.regex.groupindex)


ALL_PATTERNS = sorted(set((name, tuple(kwargs)) for name, kwargs in _patterns()))


class Objects:
    """Builds (and caches) the objects of one area that URL keywords point at."""

    def __init__(self, area, builders):
        self.area = area
        self.builders = builders
        self.cache = {}

    def __getitem__(self, name):
        if name not in self.cache:
            if name not in self.builders:
                pytest.fail(f"URL keyword {name!r} has no builder: add one to an app's factories.URL_KWARGS")
            self.cache[name] = self.builders[name](self)
        return self.cache[name]

    def value(self, name):
        obj = self[name]
        if isinstance(obj, Trust):
            return obj.la_code
        return getattr(obj, "url_value", None) or getattr(obj, "pk", obj)


def _user(role, area):
    if role == "officer":
        return OfficerFactory(trust=area)
    user = UserFactory(role=role)
    Membership.objects.create(user=user, trust=area, kind=role)
    return user


def _url(name, kwargs, objs):
    fixed = _registry("URL_KWARG_VALUES")
    values = {k: fixed[k] if k in fixed else objs.value(k) for k in kwargs}
    return reverse(name, kwargs=values)


def test_url_matrix_covers_every_pattern():
    names = {name for name, _ in ALL_PATTERNS}
    assert "trusts:area-detail" in names
    assert len(names) >= 10


@pytest.mark.parametrize(("name", "kwargs"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
@pytest.mark.parametrize("role", ["officer", "board_member", "partner_contact"])
def test_url_other_area_is_404(client, db, name, kwargs, role):
    builders = _registry("URL_KWARGS")
    mine, theirs = TrustFactory(), TrustFactory()
    user = _user(role, mine)
    client.force_login(user)
    if name in _registry("PUBLIC_URLS") or not any(k in builders for k in kwargs):
        response = client.get(_url(name, kwargs, Objects(theirs, builders)))
        assert response.status_code < 500
        return
    url = _url(name, kwargs, Objects(theirs, builders))
    statuses = {method: getattr(client, method)(url).status_code for method in ("get", "post")}
    # each method is refused as not found, or not allowed at all; at least one is a 404
    assert set(statuses.values()) <= {404, 405}, f"{url} as {role}: {statuses}"
    assert 404 in statuses.values(), f"{url} as {role}: {statuses}"


@pytest.mark.parametrize(("name", "kwargs"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
def test_url_own_area_is_reachable_by_officer(client, db, name, kwargs):
    """The positive control: the same URL with the officer's own objects is not a 404."""
    builders = _registry("URL_KWARGS")
    mine = TrustFactory()
    client.force_login(OfficerFactory(trust=mine))
    if name in _registry("PUBLIC_URLS") or not any(k in builders for k in kwargs):
        return
    url = _url(name, kwargs, Objects(mine, builders))
    if name in _registry("STEWARD_URLS"):
        assert {client.get(url).status_code, client.post(url).status_code} <= {404, 405}
        return
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    assert response.status_code not in (404, 500), f"{url}: {response.status_code}"


@pytest.mark.parametrize(("name", "kwargs"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
def test_url_anonymous_sees_no_area_data(client, db, name, kwargs):
    builders = _registry("URL_KWARGS")
    url = _url(name, kwargs, Objects(TrustFactory(), builders))
    response = client.get(url)
    if name in _registry("PUBLIC_URLS"):
        assert response.status_code < 500
    else:
        assert response.status_code in (302, 404, 405), f"{url}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("trusts:sign-in"))


@pytest.mark.parametrize(("name", "kwargs"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
def test_url_steward_never_errors(client, db, name, kwargs, steward):
    builders = _registry("URL_KWARGS")
    client.force_login(steward)
    url = _url(name, kwargs, Objects(TrustFactory(), builders))
    assert client.get(url).status_code < 500


@pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.BOARD_MEMBER, User.Role.PARTNER_CONTACT])
def test_admin_refuses_non_stewards(client, db, role):
    user = UserFactory(role=role)
    client.force_login(user)
    response = client.get(reverse("admin:trusts_trust_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_project_apps_are_installed():
    assert all(apps.is_installed(label) for label in PROJECT_APPS)
