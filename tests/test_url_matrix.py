"""Every URL pattern x every role: another area's record is a 404, never the record.

The patterns are read from the URL conf, so a URL added later is covered without
anyone remembering. A URL keyword with no builder in some app's tests/factories.py (URL_KWARGS)
fails the test until one is added.
"""
import pytest
from django.apps import apps
from django.urls import reverse

from tests.support.routes import ALL_PATTERNS, PROJECT_APPS, Objects, factory_registry, route_url
from trusts.models import Membership, User
from trusts.tests.factories import OfficerFactory, StewardFactory, AreaFactory, UserFactory


def _user(role, area):
    if role == "officer":
        return OfficerFactory(area=area)
    user = UserFactory(role=role)
    Membership.objects.create(user=user, area=area, role=role)
    return user


def test_url_matrix_covers_every_pattern():
    names = {name for name, _ in ALL_PATTERNS}
    assert "trusts:area-detail" in names
    assert len(names) >= 10


@pytest.mark.parametrize(("name", "kwargs"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
def test_url_scoping_for_every_role(client, db, name, kwargs):
    """One URL, every role: another area's objects are a 404 for officers, board members
    and partner contacts; the officer's own are reachable (the positive control);
    anonymous visitors see no area data; stewards never meet a server error."""
    builders = factory_registry("URL_KWARGS")
    public, steward_only = factory_registry("PUBLIC_URLS"), factory_registry("STEWARD_URLS")
    area_data = name not in public and any(k in builders for k in kwargs)
    mine, theirs = AreaFactory(), AreaFactory()
    their_url = route_url(name, kwargs, Objects(theirs, builders))

    for role in ("officer", "board_member", "partner_contact"):
        client.force_login(_user(role, mine))
        if not area_data:
            assert client.get(their_url).status_code < 500, f"{their_url} as {role}"
            continue
        statuses = {method: getattr(client, method)(their_url).status_code for method in ("get", "post")}
        # each method is refused as not found, or not allowed at all; at least one is a 404
        assert set(statuses.values()) <= {404, 405}, f"{their_url} as {role}: {statuses}"
        assert 404 in statuses.values(), f"{their_url} as {role}: {statuses}"

    if area_data:
        client.force_login(OfficerFactory(area=mine))
        own_url = route_url(name, kwargs, Objects(mine, builders))
        if name in steward_only:
            assert {client.get(own_url).status_code, client.post(own_url).status_code} <= {404, 405}
        else:
            response = client.get(own_url)
            if response.status_code == 405:
                response = client.post(own_url)
            assert response.status_code not in (404, 500), f"{own_url}: {response.status_code}"

    client.logout()
    response = client.get(their_url)
    if name in public:
        assert response.status_code < 500
    else:
        assert response.status_code in (302, 404, 405), f"{their_url}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("trusts:sign-in"))

    client.force_login(StewardFactory())
    assert client.get(their_url).status_code < 500, f"{their_url} as steward"


@pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.BOARD_MEMBER, User.Role.PARTNER_CONTACT])
def test_admin_refuses_non_stewards(client, db, role):
    user = UserFactory(role=role)
    client.force_login(user)
    response = client.get(reverse("admin:trusts_area_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_project_apps_are_installed():
    assert all(apps.is_installed(label) for label in PROJECT_APPS)
