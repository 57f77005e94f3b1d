"""The duty to have regard to the plan after the plan regulations were revoked (31 October 2010).

The department's archived FAQ on Children's Trusts: a local authority's plan runs on to the end
of its period, but relevant partners need not have regard to it; they must have regard to a
plan the Children's Trust Board published before the revocation, to the end of that plan's
period. A voluntary plan published afterwards binds nobody. Which plan is in force is known to
``plans``; ``partners`` asks through ``partners.regard`` (plans registers the provider).
"""
import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from partners import regard
from partners.models import Partner
from partners.tests.factories import PartnerFactory, SchoolFactory
from plans.models import PlanVersion
from plans.selectors import board_plan_in_force
from plans.tests.factories import PlanVersionFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
S = PlanVersion.Status
BOARD_PLAN_IN_FORCE = date(2012, 3, 1)  # within the board plan's period
BOARD_PLAN_ENDED = date(2013, 4, 1)  # the day after its period ended (31 March 2013)


def on(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=LONDON), tick=False)


def url(name, area, **kwargs):
    return reverse(f"partners:{name}", kwargs={"la_code": area.la_code, **kwargs})


@pytest.fixture
def partners(area):
    """Relevant partners under the 2009 Act (a PCT, a maintained school, Jobcentre Plus) and one that is not."""
    return {
        "pct": PartnerFactory(area=area, name="Northshire PCT", org_type="pct"),
        "school": SchoolFactory(area=area, name="Hill School", urn="123456"),
        "jcp": PartnerFactory(area=area, name="Jobcentre Plus Northshire", org_type="jobcentre_plus"),
        "vcs": PartnerFactory(area=area, name="Northshire Play Association", org_type="vcs"),
    }


def board_plan(area, **overrides):
    """Published by the Children's Trust Board in July 2010 (under the 2009 Act), to run to March 2013."""
    fields = {"area": area, "number": 1, "status": S.PUBLISHED, "published_on": date(2010, 7, 15),
              "period_start": date(2010, 4, 1), "period_end": date(2013, 3, 31)}
    return PlanVersionFactory(**{**fields, **overrides})


def regard_of(partner):
    return Partner.objects.get(pk=partner.pk).duty("regard")


# -- the provider ------------------------------------------------------------------------------
def test_board_plan_in_force_to_the_end_of_its_period(area):
    board_plan(area)
    assert board_plan_in_force(area, BOARD_PLAN_IN_FORCE)
    assert board_plan_in_force(area, date(2013, 3, 31))  # its last day
    assert not board_plan_in_force(area, BOARD_PLAN_ENDED)


def test_board_plan_without_an_end_runs_on(area):
    board_plan(area, period_end=None)
    assert board_plan_in_force(area, date(2020, 1, 1))


@pytest.mark.parametrize(("published_on", "why"), [
    (date(2009, 6, 1), "published by the local authority, under the Children Act 2004 as enacted"),
    (date(2012, 1, 10), "a voluntary plan, published after the revocation"),
    (date(2010, 10, 31), "published on the day the regulations were revoked"),
    (date(2004, 6, 1), "published before any framework was in force"),
])
def test_not_a_board_plan(area, published_on, why):
    board_plan(area, published_on=published_on, period_start=None, period_end=None)
    assert not board_plan_in_force(area, BOARD_PLAN_IN_FORCE), why


def test_board_plan_published_on_the_last_day_of_the_regulations(area):
    board_plan(area, published_on=date(2010, 10, 30))
    assert board_plan_in_force(area, BOARD_PLAN_IN_FORCE)


def test_board_plan_replaced_by_a_voluntary_plan_no_longer_counts(area):
    board_plan(area, status=S.SUPERSEDED)
    PlanVersionFactory(area=area, number=2, status=S.PUBLISHED, published_on=date(2011, 9, 1))
    assert not board_plan_in_force(area, BOARD_PLAN_IN_FORCE)


def test_board_plan_of_another_area_does_not_count(area, other_area):
    board_plan(other_area)
    assert not board_plan_in_force(area, BOARD_PLAN_IN_FORCE)


def test_a_draft_does_not_count(area):
    board_plan(area, status=S.DRAFT, published_on=None)
    assert not board_plan_in_force(area, BOARD_PLAN_IN_FORCE)


def test_board_plan_in_force_is_one_query(area, django_assert_num_queries):
    board_plan(area)
    PlanVersionFactory(area=area, number=2, status=S.SUPERSEDED, published_on=date(2009, 6, 1))
    with django_assert_num_queries(1):
        assert regard.board_plan_in_force(area, BOARD_PLAN_IN_FORCE)


def test_plans_registers_the_provider_at_start_up(area, monkeypatch):
    board_plan(area)
    with on(BOARD_PLAN_IN_FORCE):
        assert regard.board_plan_in_force(area)  # today, by the provider plans registered
    monkeypatch.setattr(regard, "_provider", None)
    assert regard.board_plan_in_force(area, BOARD_PLAN_IN_FORCE) is False  # no provider: no board plan known


def test_no_query_when_the_framework_has_no_such_rule(area, django_assert_num_queries):
    board_plan(area)
    with django_assert_num_queries(0):
        assert regard.board_plan_for(area, "ascl2009") is False
        assert regard.board_plan_for(area, "ascl2009_revoked_plan", "cooperate") is False


# -- the duty, by which plan is in force ---------------------------------------------------------
def test_relevant_partners_have_regard_to_a_board_plan_until_its_period_ends(area, partners):
    board_plan(area)
    with on(BOARD_PLAN_IN_FORCE):
        for key in ("pct", "school", "jcp"):
            got = regard_of(partners[key])
            assert got.applies, key
            assert "such a plan is in force in the area" in got.reason
        assert not regard_of(partners["vcs"]).applies
    with on(BOARD_PLAN_ENDED):
        for key in ("pct", "school", "jcp"):
            got = regard_of(partners[key])
            assert not got.applies, key
            assert "no such plan is in force" in got.reason
        # they stay relevant partners: the duty to cooperate did not go with the regulations
        assert all(Partner.objects.get(pk=partners[k].pk).duty("cooperate").applies for k in ("pct", "school", "jcp"))


def test_no_regard_to_a_local_authority_plan_after_the_revocation(area, partners):
    # published by the authority under the Children Act 2004 as enacted, to run to 2012
    PlanVersionFactory(area=area, number=1, status=S.PUBLISHED, published_on=date(2009, 6, 1),
                       period_start=date(2009, 4, 1), period_end=date(2012, 3, 31))
    with on(date(2010, 9, 1)):  # before the revocation the 2009 Act's rule holds: relevant partners have regard
        assert regard_of(partners["pct"]).applies
    with on(date(2011, 6, 1)):  # the plan still runs, but nobody need have regard to it
        got = regard_of(partners["pct"])
        assert not got.applies
        assert "a local authority's plan or a voluntary plan does not count" in got.reason
        assert "Children's Trusts: frequently asked questions (archived)" in got.source


def test_no_regard_to_a_voluntary_plan(area, partners):
    PlanVersionFactory(area=area, number=1, status=S.PUBLISHED, published_on=date(2012, 1, 10),
                       period_start=date(2012, 4, 1), period_end=date(2015, 3, 31))
    with on(date(2012, 6, 1)):
        assert not any(regard_of(partners[k]).applies for k in ("pct", "school", "jcp"))


# -- the pages ---------------------------------------------------------------------------------
def _regard_on_page(client, area, partner):
    """(summary, reason) of the regard answer under this area's framework on the partner's page."""
    response = client.get(url("partner-detail", area, partner=partner.pk))
    entry = next(e for e in response.context["frameworks"] if e["is_area"])
    answer = next(a for a in entry["answers"] if a.duty == "regard")
    body = response.content.decode()
    assert answer.reason.replace("'", "&#x27;") in body
    return answer.summary, answer.reason


def test_partner_page_shows_the_answer_and_its_reason(client, officer, area, partners):
    board_plan(area)
    client.force_login(officer)
    with on(BOARD_PLAN_IN_FORCE):
        summary, reason = _regard_on_page(client, area, partners["pct"])
        assert summary == "Yes" and "such a plan is in force in the area" in reason
    with on(BOARD_PLAN_ENDED):
        summary, reason = _regard_on_page(client, area, partners["pct"])
        assert summary == "No" and "no such plan is in force" in reason


def test_partner_page_asks_once_for_every_framework(client, officer, area, partners):
    board_plan(area)
    client.force_login(officer)
    with on(BOARD_PLAN_IN_FORCE):
        response = client.get(url("partner-detail", area, partner=partners["pct"].pk))
    by_framework = {e["framework"].code: {a.duty: a.applies for a in e["answers"]}
                    for e in response.context["frameworks"]}
    assert by_framework["ascl2009_revoked_plan"]["regard"] and by_framework["ascl2009"]["regard"]
    assert not by_framework["ca2004"]["regard"]  # as enacted, a PCT never had to


def test_register_filter_must_have_regard(client, officer, area, partners):
    client.force_login(officer)

    def names():
        response = client.get(url("partner-list", area), {"duty": "regard"})
        return sorted(row.partner.name for row in response.context["rows"])

    with on(BOARD_PLAN_IN_FORCE):
        assert names() == []  # no board plan: nobody must have regard
        board_plan(area)  # publishing it makes the cached register stale
        assert names() == ["Hill School", "Jobcentre Plus Northshire", "Northshire PCT"]
    with on(BOARD_PLAN_ENDED):
        assert names() == []


def test_register_filter_in_a_two_tier_area_includes_district_councils_only_with_a_board_plan(client, county):
    from trusts.tests.factories import OfficerFactory

    officer = OfficerFactory(area=county)
    PartnerFactory(area=county, name="Dale District Council", org_type="district_council")
    client.force_login(officer)

    def names():
        response = client.get(url("partner-list", county), {"duty": "regard"})
        return [row.partner.name for row in response.context["rows"]]

    with on(BOARD_PLAN_IN_FORCE):
        assert names() == []
        board_plan(county)
        assert names() == ["Dale District Council"]


def test_export_says_whether_each_partner_must_have_regard(client, officer, area, partners):
    board_plan(area)
    client.force_login(officer)

    def regard_column():
        body = client.get(url("partner-export", area)).content.decode()
        rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
        return {r["name"]: r["have_regard_to_plan"] for r in rows}

    with on(BOARD_PLAN_IN_FORCE):
        assert regard_column() == {"Hill School": "Yes", "Jobcentre Plus Northshire": "Yes", "Northshire PCT": "Yes",
                                   "Northshire Play Association": "No"}
    with on(BOARD_PLAN_ENDED):
        assert set(regard_column().values()) == {"No"}


def test_framework_comparison_shows_regard_returning_only_without_a_board_plan(client, officer, area, partners):
    client.force_login(officer)

    def regard_changes():
        response = client.get(url("framework-compare", area), {"framework": "ascl2009"})
        return sorted(t["label"] for g in response.context["changes"]["groups"]
                      for t in g["types"] if any(c["duty"] == "regard" for c in g["changes"]))

    with on(BOARD_PLAN_IN_FORCE):
        # under the 2009 Act before the revocation they would have to have regard to the plan
        assert regard_changes() == ["Community school", "Jobcentre Plus", "Primary Care Trust"]
        board_plan(area)
        assert regard_changes() == []  # with a board plan in force, they already must


@pytest.fixture
def county(db):
    from trusts.tests.factories import CountyFactory

    return CountyFactory(name="Daleshire", la_code="850", gss_code="E10000950")
