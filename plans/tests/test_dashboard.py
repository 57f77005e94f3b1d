"""The plan columns of the national compliance dashboard, the batched completeness check,
and the whole dashboard page (every app's columns) at two sizes."""
import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Partner
from plans.completeness import completeness_check
from plans.dashboard import completeness_many, provide
from plans.models import Action, Consultee, PlanVersion
from plans.tests.factories import (
    ActionFactory,
    AgreementRequestFactory,
    ConsulteeFactory,
    GapActionFactory,
    PlanReviewFactory,
    PlanVersionFactory,
    PriorityFactory,
    complete_plan,
)
from trusts.tests.factories import CountyFactory, AreaFactory

pytestmark = pytest.mark.django_db
S = PlanVersion.Status


def _register(area):
    for org_type in ("pct", "yot", "police_authority", "vcs"):
        Partner.objects.create(area=area, name=f"{area.name} {org_type}", org_type=org_type)


def _versions_of_every_kind():
    """Versions from empty to complete, in areas under different frameworks and tiers."""
    law, county, old = (AreaFactory(name="Lawshire", framework="ascl2009"), CountyFactory(name="Fenshire"),
                        AreaFactory(name="Oldtown", framework="ca2004"))
    for area in (law, county, old):
        _register(area)
    Partner.objects.create(area=county, name="Fen District", org_type="district_council")
    Partner.objects.create(area=law, name="Law Primary", org_type="school_community", urn="100001")
    empty = PlanVersionFactory(area=AreaFactory(name="Bareshire"))  # no register at all
    blank = PlanVersionFactory(area=law, status=S.PUBLISHED, published_on=date(2010, 3, 1))
    complete = complete_plan(county)
    partial = complete_plan(old, number=7)
    Action.objects.filter(priority__version=partial, priority__outcome="stay_safe").update(
        responsible_partner=None, due_by=None, measure="")
    Consultee.objects.filter(version=partial, kind=Consultee.Kind.GROUP, group="children").delete()
    some = PlanVersionFactory(area=law, needs_assessment="Needs", laa_link="NI 110")
    PriorityFactory(version=some, outcome="stay_safe")
    ActionFactory(priority__version=some, priority__outcome="be_healthy", due_by=None)
    GapActionFactory(version=some)
    ConsulteeFactory(version=some, kind=Consultee.Kind.PARTNER_TYPE, group="", org_type="pct")
    ConsulteeFactory(version=some, kind=Consultee.Kind.PARTNER_TYPE, group="", org_type="vcs")
    return [empty, blank, complete, partial, some]


def test_batched_completeness_equals_the_check_for_every_version():
    versions = _versions_of_every_kind()
    today = timezone.localdate()
    batched = completeness_many(PlanVersion.objects.filter(pk__in=[v.pk for v in versions]).select_related("area"),
                                day=today)
    figures = []
    for version in versions:
        single = completeness_check(PlanVersion.objects.select_related("area").get(pk=version.pk))
        assert batched[version.pk].percent == single.percent, version.area.name
        assert batched[version.pk].missing == single.missing
        assert batched[version.pk].checks == single.checks
        figures.append(single.percent)
    assert len(set(figures)) == 5 and 100 in figures  # five different figures, one complete


def test_batched_completeness_counts_pooled_contributions_as_spend():
    from pooling.tests.factories import ContributionFactory, PooledFundFactory

    area = AreaFactory()
    _register(area)
    version = complete_plan(area)
    lead = Action.objects.filter(priority__version=version).first().responsible_partner
    version.spends.all().delete()
    assert "No partner's spend recorded" in completeness_many([version])[version.pk].missing
    fund = PooledFundFactory(area=area)
    ContributionFactory(fund=fund, partner=Partner.objects.get(area=area, org_type="vcs"), value=Decimal("10.00"))
    missing = completeness_many([version])[version.pk].missing
    assert "No partner's spend recorded" not in missing
    # the partner responsible for the actions has not contributed to the pooled funds
    assert missing == [("1 partner responsible for an action has no contribution to the pooled funds: "
                       f"1 {'Primary Care Trust' if lead.org_type == 'pct' else lead.org_type}")]
    assert completeness_many([version])[version.pk].percent == completeness_check(version).percent < 100
    ContributionFactory(fund=fund, partner=lead, value=Decimal("10.00"))
    assert completeness_many([version])[version.pk].percent == completeness_check(version).percent == 100


@pytest.mark.parametrize("n_versions", [3, 30])
def test_batched_completeness_five_queries_at_any_size(n_versions, django_assert_num_queries):
    versions = []
    for i in range(n_versions):
        area = AreaFactory()
        _register(area)
        versions.append(complete_plan(area) if i % 2 else PlanVersionFactory(area=area))
    versions = list(PlanVersion.objects.filter(pk__in=[v.pk for v in versions]).select_related("area"))
    with django_assert_num_queries(5):
        result = completeness_many(versions)
    assert sum(1 for c in result.values() if c.complete) == n_versions // 2


TODAY = date(2012, 6, 1)
# Since the plan regulations were revoked (31 October 2010) no plan, and no review, is required
# (test_revoked_framework_requires_no_plan_nor_review): the areas whose plans and reviews are
# judged here run under the 2009 Act as it stood before, by choice.
STATUTORY = "ascl2009"


def _areas_with_plans(framework=STATUTORY):
    """One area in each state the columns show."""
    published = AreaFactory(framework=framework, name="A Published")
    PlanVersionFactory(area=published, number=1, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                       review_due_on=date(2100, 3, 1))
    overdue = AreaFactory(framework=framework, name="B Overdue")
    PlanVersionFactory(area=overdue, number=1, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                       review_due_on=date(2011, 3, 1))
    PlanVersionFactory(area=overdue, number=2, status=S.DRAFT)
    recorded = AreaFactory(framework=framework, name="C Recorded")
    PlanReviewFactory(version=PlanVersionFactory(area=recorded, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                                                 review_due_on=date(2011, 3, 1)))
    agreement = AreaFactory(framework=framework, name="D Agreement")
    version = PlanVersionFactory(area=agreement, status=S.AGREEMENT, agreement_round=2)
    AgreementRequestFactory(version=version, round=2, latest_decision="agree")
    AgreementRequestFactory(version=version, round=2, latest_decision="agree")
    AgreementRequestFactory(version=version, round=2)
    AgreementRequestFactory(version=version, round=1, latest_decision="agree")  # an earlier round
    none = AreaFactory(framework=framework, name="E None")
    return [published, overdue, recorded, agreement, none]


def test_plan_columns_totals_and_chart():
    areas = _areas_with_plans()
    part = provide(areas, TODAY)
    rows = {a.name: part.values[a.pk] for a in areas}

    def text(name, key):
        cell = rows[name].get(key)
        return cell.text if cell else None

    assert [text(n, "plan_status") for n in rows] == [
        "Published", "Published; new version draft", "Published", "Awaiting partner agreement", "No plan"]
    assert [rows[n]["plan_status"].flagged for n in rows] == [False, False, False, True, True]
    assert text("A Published", "plan_published") == "1 March 2010"
    assert text("E None", "plan_published") == "Not published"
    assert text("B Overdue", "plan_completeness").endswith("(version 2)")  # the version being worked on
    assert text("D Agreement", "plan_agreement") == "2 of 3"
    assert text("A Published", "plan_agreement") is None
    assert text("A Published", "plan_review") == "Due 1 March 2100"
    assert text("B Overdue", "plan_review") == "Overdue (due 1 March 2011)"
    assert rows["B Overdue"]["plan_review"].flagged
    assert text("C Recorded", "plan_review") == "Recorded (due 1 March 2011)"
    assert not rows["C Recorded"]["plan_review"].flagged
    assert part.totals == ["3 of 5 areas have a published joint plan", "1 overdue review",
                           "0 plans past their period where a plan is required"]
    assert part.charts == [("Plan status across areas", [
        ("No plan", 1), ("Draft", 0), ("In consultation", 0), ("Awaiting partner agreement", 1),
        ("Awaiting board approval", 0), ("Published", 3)])]
    assert {c.key: c.flag for c in part.columns if c.flag} == {
        "plan_status": "Without a plan published in time", "plan_review": "Overdue reviews",
        "plan_period": "Plans past their period"}


def test_completeness_column_matches_the_check():
    area = AreaFactory()
    _register(area)
    version = complete_plan(area)
    Action.objects.filter(priority__version=version, priority__outcome="stay_safe").update(responsible_partner=None)
    cell = provide([area], timezone.localdate()).values[area.pk]["plan_completeness"]
    assert cell.sort == completeness_check(version).percent and 90 < cell.sort < 100
    assert cell.text == f"{cell.sort}% (version {version.number})"


def test_revoked_framework_requires_no_plan_nor_review():
    """Under the framework in force from 31 October 2010 an area without a plan, or with a review
    overdue, still meets the rules: nothing is flagged. A voluntary plan is still shown."""
    areas = _areas_with_plans(framework="")
    part = provide(areas, TODAY)
    rows = {a.name: part.values[a.pk] for a in areas}
    assert not any(cell.flagged for cells in rows.values() for cell in cells.values())
    assert rows["E None"]["plan_status"].text == "No plan (not required since 31 October 2010)"
    assert rows["D Agreement"]["plan_status"].text == "Awaiting partner agreement (not required since 31 October 2010)"
    assert rows["B Overdue"]["plan_review"].text == "Not required since 31 October 2010 (due 1 March 2011)"
    assert rows["C Recorded"]["plan_review"].text == "Recorded (due 1 March 2011)"
    assert rows["A Published"]["plan_review"].text == "Not required since 31 October 2010 (due 1 March 2100)"
    assert rows["A Published"]["plan_status"].text == "Published"
    assert part.totals == ["3 of 5 areas have a published joint plan", "0 overdue reviews",
                           "0 plans past their period where a plan is required"]
    # the same areas on a day before the revocation: a plan and its review are required again
    before = provide(areas, date(2010, 10, 30))
    assert before.values[areas[4].pk]["plan_status"].flagged  # E None: no plan
    assert before.values[areas[4].pk]["plan_status"].text == "No plan"


@pytest.mark.parametrize("copies", [1, 6])
def test_plan_provider_six_queries_at_any_size(copies, django_assert_num_queries):
    areas = []
    for _ in range(copies):
        areas += _areas_with_plans()
    for area in areas:
        _register(area)
    with django_assert_num_queries(6):
        part = provide(areas, TODAY)
    assert part.totals[1] == f"{copies} overdue review{'s' if copies > 1 else ''}"


# ---------------------------------------------------------------------------
# the whole page, with every app's data
# ---------------------------------------------------------------------------
def _full_area(i):
    from boards.tests.factories import BoardFactory, SeatFactory
    from pooling.tests.factories import ContributionFactory, PooledFundFactory
    from pooling.years import FinancialYear

    area = (CountyFactory(name=f"Area {i:03d}", framework=STATUTORY) if i % 2
            else AreaFactory(name=f"Area {i:03d}", framework=STATUTORY))
    _register(area)
    board = BoardFactory(area=area)
    SeatFactory(board=board, constituency="dcs")
    SeatFactory(board=board, constituency="partner", partner=Partner.objects.filter(area=area).first())
    ContributionFactory(fund=PooledFundFactory(area=area), partner=Partner.objects.get(area=area, org_type="pct"),
                        year=FinancialYear.current(), value=Decimal("1000.00"))
    published = PlanVersionFactory(area=area, number=1, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                                   review_due_on=date(2011, 3, 1))
    if i % 3 == 0:
        PlanReviewFactory(version=published)
    version = complete_plan(area, number=2, status=S.AGREEMENT, agreement_round=1)
    AgreementRequestFactory(version=version, round=1, latest_decision="agree")
    return area


@pytest.mark.parametrize("n_areas", [3, 30])
def test_dashboard_page_with_full_data_queries_flat(client, steward, n_areas, django_assert_num_queries):
    for i in range(n_areas):
        _full_area(i)
    client.force_login(steward)
    # session, user, areas, directions (2); partners 1; boards 5; pooling 1; plans 6
    with django_assert_num_queries(17):
        response = client.get(reverse("trusts:dashboard"))
    body = response.content.decode()
    assert f"{n_areas} of {n_areas} areas have a published joint plan" in body
    overdue = n_areas - len(range(0, n_areas, 3))
    assert f"{overdue} overdue reviews" in body
    assert "Plan status across areas" in body
    assert len(response.context["rows"]) == n_areas


def test_dashboard_filters_overdue_reviews_and_exports_the_columns(client, steward):
    areas = _areas_with_plans()
    client.force_login(steward)
    rows = client.get(reverse("trusts:dashboard"), {"flag": "plan_review"}).context["rows"]
    assert [r["area"].name for r in rows] == ["B Overdue"]
    body = client.get(reverse("trusts:dashboard-csv"), {"sort": "plan_status"}).content.decode()
    table = list(csv.reader(io.StringIO(body)))
    header = table[0]
    for name in ("plan_status_code", "plan_status", "plan_published_on", "plan_completeness_percent",
                 "partners_agreed", "partners_asked", "plan_review_due_on", "plan_review_code", "board_gaps",
                 "partners", "relevant_partners"):
        assert name in header
    rows = [dict(zip(header, r)) for r in table[1:]]
    assert (rows[0]["plan_status_code"], rows[0]["plan_status"]) == ("none", "No plan")  # sorted: no plan first
    overdue = next(r for r in rows if r["area"] == "B Overdue")
    assert (overdue["plan_review_due_on"], overdue["plan_review_code"]) == ("2011-03-01", "overdue")
    assert overdue["plan_published_on"] == "2010-03-01" and overdue["meets_rules"] == "no"
    agreement = next(r for r in rows if r["area"] == "D Agreement")
    assert (agreement["partners_agreed"], agreement["partners_asked"]) == ("2", "3")
    assert len(table) == len(areas) + 1


def test_dashboard_review_due_soon_is_not_overdue(client, steward):
    area = AreaFactory(name="Soon")
    PlanVersionFactory(area=area, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                       review_due_on=timezone.localdate() + timedelta(days=10))
    client.force_login(steward)
    response = client.get(reverse("trusts:dashboard"))
    assert "0 overdue reviews" in response.content.decode()
