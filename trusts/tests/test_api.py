"""The open API: public areas, steward-only compliance rows, one error format, and a
schema-driven fuzz test (schemathesis) that must find no server errors. (The throttles:
trusts/tests/test_permissions_stewards.py.)"""
import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from trusts.tests.factories import AreaFactory
from trusts.wsgi import application


@pytest.fixture(autouse=True)
def fresh_throttles():
    """The throttles count in the cache: each test starts from nothing."""
    cache.clear()
    yield
    cache.clear()


def test_api_areas_public_and_filterable(client, area, other_area):
    AreaFactory(name="Kent", authority_type="county", gss_code="E10000016")
    body = client.get(reverse("api:area-list"), {"authority_type": "county"}).json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == "Kent" and body["results"][0]["two_tier"] is True
    detail = client.get(reverse("api:area-detail", kwargs={"la_code": area.la_code})).json()
    assert detail["framework"] == area.effective_framework().code


def test_api_errors_have_one_shape(client, db):
    body = client.get(reverse("api:area-detail", kwargs={"la_code": "999"})).json()
    assert body == {"error": {"status": 404, "code": "not_found", "detail": body["error"]["detail"]}}
    bad = client.get(reverse("api:area-list"), {"authority_type": "planet"})
    assert bad.status_code == 400 and "error" in bad.json()


def test_api_compliance_needs_a_steward_token_and_revoked_token_refused(client, steward, officer, area):
    assert client.get(reverse("api:compliance")).status_code == 401
    officer_token = Token.objects.create(user=officer)
    response = client.get(reverse("api:compliance"), HTTP_AUTHORIZATION=f"Token {officer_token.key}")
    assert response.status_code == 403
    token = Token.objects.create(user=steward)
    ok = client.get(reverse("api:compliance"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ok.status_code == 200
    assert [r["la_code"] for r in ok.json()["results"]] == [area.la_code]
    key = token.key
    token.delete()  # revoked
    assert client.get(reverse("api:compliance"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_api_schema_is_valid_openapi(client, db):
    from drf_spectacular.validation import validate_schema

    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert "/api/v1/areas/" in schema["paths"]


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def fuzz_data(db, steward, settings):
    # schemathesis calls the WSGI application directly: keep Django from closing the test's
    # database connection at the end of each request, as its own test client does
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # hundreds of requests a minute from one address: the fuzzer looks for server errors, not 429s
    settings.REST_FRAMEWORK = {**django_settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"}}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield _fuzz_headers(steward)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _fuzz_headers(steward):
    AreaFactory(name="Kent", authority_type="county", gss_code="E10000016", la_code="886")
    AreaFactory(name="Leeds", authority_type="metropolitan", gss_code="E08000035", la_code="383")
    return {"Authorization": f"Token {Token.objects.create(user=steward).key}"}


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz_finds_no_server_errors(case, fuzz_data):
    case.call_and_validate(headers=fuzz_data, checks=[not_a_server_error])
