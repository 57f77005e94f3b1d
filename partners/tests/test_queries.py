"""The register, partner and comparison pages run the same number of queries at 20 and
2,000 partners (the duty column is computed from the rule table, not per row)."""
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from partners import law
from partners.models import Partner
from partners.tests.factories import PartnerContactFactory

pytestmark = pytest.mark.django_db

TYPES = [t.code for t in law.ORG_TYPES]


def fill(area, n):
    partners = [
        Partner(area=area, name=f"Partner {i:05d}", org_type=TYPES[i % len(TYPES)],
                urn=f"{100000 + i}" if "urn" in law.allowed_identifiers(TYPES[i % len(TYPES)]) else "",
                academy_funding_agreement=TYPES[i % len(TYPES)] == "academy" and i % 2 == 0)
        for i in range(n)
    ]
    bulk_create_with_history(partners, Partner, batch_size=1000)
    first = Partner.objects.filter(area=area).order_by("pk").first()
    # a partner with a few changes in its history
    for engagement in ("engaged", "signed", "withdrawn"):
        first.engagement = engagement
        first.agreement_signed_on = None if engagement == "engaged" else first.created_at.date()
        first.save()
    return first


# session, user, area, count, page, officer memberships
@pytest.mark.parametrize("rows", [20, 2000])
def test_register_queries_flat(client, officer, area, rows, django_assert_num_queries):
    fill(area, rows)
    client.force_login(officer)
    url = reverse("partners:partner-list", kwargs={"la_code": area.la_code})
    with django_assert_num_queries(6):
        response = client.get(url, {"sort": "type"})
    assert len(response.context["rows"]) == 20 if rows == 20 else 50


@pytest.mark.parametrize("rows", [20, 2000])
def test_register_filtered_queries_flat(client, officer, area, rows, django_assert_num_queries):
    fill(area, rows)
    client.force_login(officer)
    url = reverse("partners:partner-list", kwargs={"la_code": area.la_code})
    with django_assert_num_queries(6):
        client.get(url, {"duty": "cooperate", "q": "Partner", "engagement": "invited", "page": "2"})


@pytest.mark.parametrize("rows", [20, 2000])
def test_partner_page_queries_flat(client, officer, area, rows, django_assert_num_queries):
    first = fill(area, rows)
    client.force_login(officer)
    url = reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": first.pk})
    # session, user, area, partner (with its area), history (with users), officer memberships,
    # the partner's contacts (with their users), whether a board plan is in force (the duty to
    # have regard after 31 October 2010: partners.regard), once for every framework
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["history"]) == 4


@pytest.mark.parametrize("rows", [20, 2000])
def test_partner_page_for_partner_contact_queries_flat(client, area, rows, django_assert_num_queries):
    first = fill(area, rows)
    link = PartnerContactFactory(partner=first)
    client.force_login(link.user)
    url = reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": first.pk})
    # as for an officer, less the contacts; with whether a board plan is in force (partners.regard)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [20, 2000])
def test_framework_compare_queries_flat(client, officer, area, rows, django_assert_num_queries):
    fill(area, rows)
    client.force_login(officer)
    url = reverse("partners:framework-compare", kwargs={"la_code": area.la_code})
    # session, user, area, officer memberships (the policy), whether a board plan is in force (the
    # revoked framework's duty to have regard turns on it: partners.regard), the GROUP BY, the first
    # names of each group
    with django_assert_num_queries(7):
        response = client.get(url, {"framework": "ca2004"})
    assert response.context["changes"]["total"] > 0


@pytest.mark.parametrize("rows", [20, 2000])
def test_area_card_queries_flat(officer, area, rows, django_assert_num_queries):
    fill(area, rows)
    # the viewer's memberships (may they read the register?), then the counts
    with django_assert_num_queries(2):
        html = render_to_string("partners/area_card.html", {"area": area, "user": officer})
    assert f"{rows:,}" in html



def _queries(client, url, params):
    """The tables each query of the request reads, one entry per query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return [q["sql"].split(" FROM ", 1)[-1].split()[0].strip('"') for q in context.captured_queries]


@pytest.mark.parametrize("rows", [20, 2000])
def test_register_regard_filter_asks_once_whether_a_board_plan_is_in_force(client, officer, area, rows):
    """After 31 October 2010 'must have regard' turns on the plan in force: asked in one query,
    whatever the number of partners (never one per row); the other filters never ask."""
    fill(area, rows)
    client.force_login(officer)
    url = reverse("partners:partner-list", kwargs={"la_code": area.la_code})
    other = _queries(client, url, {"duty": "cooperate"})
    regard = _queries(client, url, {"duty": "regard"})
    assert other.count("plans_planversion") == 0
    assert regard.count("plans_planversion") == 1
    assert regard.count("partners_partner") == other.count("partners_partner") == 2  # the count, the page
    export = reverse("partners:partner-export", kwargs={"la_code": area.la_code})
    assert _queries(client, export, {}).count("plans_planversion") == 1  # for the duty columns
