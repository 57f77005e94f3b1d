"""The one completeness engine (plans.completeness): its rules, per partner, its problems,
the task list page, the send guard and the "Send to partners to agree" page."""
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import Partner
from plans import services
from plans.completeness import ITEMS, Problem, completeness_check, completeness_many
from plans.models import (
    Action,
    AgreementRequest,
    Consultee,
    PartnerSpend,
    PlanTransition,
    PlanVersion,
)
from plans.tests.factories import GapActionFactory, PlanVersionFactory, complete_plan
from trusts.errors import TransitionError

S = PlanVersion.Status


def _schools(area, n, org_type="school_community", start=100001):
    return Partner.objects.bulk_create([Partner(area=area, name=f"School {start + i}", org_type=org_type,
                                                urn=f"{start + i}") for i in range(n)])


def _consult(version, **kwargs):
    return Consultee.objects.create(version=version, consulted_from=date(2009, 9, 1), method="Letter", **kwargs)


def _fresh(version):
    return PlanVersion.objects.select_related("area").get(pk=version.pk)


def test_completeness_rules_carry_their_sources():
    sources = {item.key: item.source for item in ITEMS}
    assert list(sources) == ["details", "outcomes", "needs", "consultation", "early", "commissioning", "links"]
    assert sources["details"] == "SI 2010/591 reg 3(2)"
    assert sources["consultation"] == "Para 36 item 4" and sources["commissioning"] == "Para 36 item 7"


def test_completeness_empty_plan_says_exactly_what_is_missing(law_area, relevant_partners):
    check = completeness_check(PlanVersionFactory(area=law_area, period_start=None, period_end=None))
    missing = check.missing
    assert "Enter the plan's period: the date it starts and the date it ends" in missing
    assert "None of the five outcomes has a priority" in missing
    assert "None of the five outcomes has an action with a responsible partner" in missing
    assert ("3 relevant partners have not been consulted, directly or through their type: 1 police authority, "
            "1 Primary Care Trust and 1 Youth Offending Team") in missing
    assert "6 groups have not been consulted: Sure Start Children's Centres, Private and third-sector bodies, " \
           "Professionals and front-line staff, Children, Young people and Families" in missing
    assert "Enter the joint needs assessment" in missing
    assert "No partner's spend recorded" in missing
    assert "Explain how the plan informs the Local Area Agreement" in missing
    # the 'other' partner (voluntary sector) is not a relevant partner: it is not demanded
    assert not any("voluntary and community" in m for m in missing)
    assert not any(";" in m for m in missing)
    assert not check.complete and check.percent < 20
    assert check.complete_count == 0 and check.item_count == 7


def test_completeness_complete_plan_is_100(law_area, relevant_partners):
    check = completeness_check(complete_plan(law_area))
    assert check.missing == [] and check.problems == []
    assert check.percent == 100 and check.complete_count == 7


def test_completeness_plan_period_is_required(law_area, relevant_partners):
    """SI 2010/591 reg 3(2): the plan states its period."""
    version = complete_plan(law_area)
    PlanVersion.objects.filter(pk=version.pk).update(period_end=None)
    check = completeness_check(_fresh(version))
    assert check.missing == ["Enter the date the plan ends"]
    assert check.problems == [Problem("Enter the date the plan ends", "details")]
    assert check.problems[0].anchor == "section-details"
    assert 90 < check.percent < 100


def test_completeness_one_outcome_without_partner(law_area, relevant_partners):
    version = complete_plan(law_area)
    Action.objects.filter(priority__version=version, priority__outcome="stay_safe").update(responsible_partner=None)
    check = completeness_check(version)
    assert check.missing == ["Stay safe has no action with a responsible partner"]
    assert check.tasks[1].key == "outcomes" and check.tasks[1].complete is False and check.complete_count == 6
    assert 90 < check.percent < 100


def test_completeness_one_of_three_schools_consulted_directly_is_incomplete(law_area, relevant_partners):
    """Per partner (para 36 item 4: all relevant partners): consulting 1 of 3 community schools
    covers that one school, not the other two."""
    version = complete_plan(law_area)
    schools = _schools(law_area, 3)
    academies = _schools(law_area, 2, "academy", start=200001)
    Partner.objects.filter(pk__in=[a.pk for a in academies]).update(academy_funding_agreement=True)
    _consult(version, kind="partner", partner=schools[0])
    check = completeness_check(_fresh(version))
    assert check.missing == [("4 relevant partners have not been consulted, directly or through their type: "
                             "2 academies and 2 community schools")]
    assert [(p.section, p.anchor) for p in check.problems] == [("consultation", "section-consultation")]
    assert not check.complete and check.percent < 100
    # consulting the other two directly covers the type
    for school in schools[1:]:
        _consult(version, kind="partner", partner=school)
    assert completeness_check(_fresh(version)).missing == [
        "2 relevant partners have not been consulted, directly or through their type: 2 academies"]


def test_completeness_type_consultation_covers_every_partner_of_the_type(law_area, relevant_partners):
    version = complete_plan(law_area)
    _schools(law_area, 40)
    assert completeness_check(_fresh(version)).missing == [
        "40 relevant partners have not been consulted, directly or through their type: 40 community schools"]
    _consult(version, kind="partner_type", org_type="school_community")
    assert completeness_check(_fresh(version)).complete


def test_completeness_another_areas_partner_does_not_count(law_area, relevant_partners, other_area):
    version = complete_plan(law_area)
    _schools(law_area, 1)
    (elsewhere,) = _schools(other_area, 1, start=300001)
    _consult(version, kind="partner", partner=elsewhere)
    assert not completeness_check(_fresh(version)).complete


def test_completeness_relevant_types_follow_the_framework(law_area, relevant_partners):
    """Under the 2009 Act a maintained school is a relevant partner; under the 2004 Act it is not."""
    version = complete_plan(law_area)
    Partner.objects.create(area=law_area, name="Northshire Primary", org_type="school_community", urn="100001")
    assert ("1 relevant partner has not been consulted, directly or through their type: 1 community school"
            in completeness_check(version).missing)
    law_area.framework = "ca2004"
    law_area.save()
    assert completeness_check(_fresh(version)).complete


def test_completeness_missing_spend_for_a_responsible_partner(law_area, relevant_partners):
    """Para 36 item 7: the spend of each partner; one row from the lead partner is not enough
    when another partner is responsible for a key action."""
    _pct, yot, police = relevant_partners
    version = complete_plan(law_area)
    GapActionFactory(version=version, responsible_partner=yot)
    GapActionFactory(version=version, responsible_partner=police)
    check = completeness_check(version)
    assert check.missing == [("2 partners responsible for actions have no spend recorded: 1 police authority and "
                             "1 Youth Offending Team")]
    assert check.problems[0].section == "commissioning"
    PartnerSpend.objects.create(version=version, partner=yot, financial_year=2009, spend_area="youth_offending",
                                amount=Decimal("1000.00"))
    assert completeness_check(version).missing == [
        "1 partner responsible for an action has no spend recorded: 1 police authority"]
    PartnerSpend.objects.create(version=version, partner=police, financial_year=2009, spend_area="youth_offending",
                                amount=Decimal("1000.00"))
    assert completeness_check(version).complete


def test_completeness_pooled_statement_needs_each_responsible_partner(law_area, relevant_partners):
    from pooling.tests.factories import ContributionFactory, PooledFundFactory

    pct, yot, _police = relevant_partners
    version = complete_plan(law_area)  # the PCT leads every action
    GapActionFactory(version=version, responsible_partner=yot)
    PartnerSpend.objects.create(version=version, partner=yot, financial_year=2009, spend_area="youth_offending",
                                amount=Decimal("1000.00"))
    assert completeness_check(version).complete
    # once the area has pooled funds, the statement is theirs: hand-entered rows no longer count
    fund = PooledFundFactory(area=law_area)
    ContributionFactory(fund=fund, partner=pct, value=Decimal("30000.00"))
    assert completeness_check(version).missing == [
        "1 partner responsible for an action has no contribution to the pooled funds: 1 Youth Offending Team"]
    ContributionFactory(fund=fund, partner=yot, value=Decimal("500.00"))
    assert completeness_check(version).complete


def test_completeness_outcome_problems_are_grouped(law_area, relevant_partners):
    version = complete_plan(law_area, actions_per_outcome=2)
    Action.objects.filter(priority__version=version, priority__outcome__in=["stay_safe", "be_healthy"]).update(
        due_by=None)
    assert completeness_check(version).missing == [
        "4 actions have no date to be done by: 2 in Be healthy and 2 in Stay safe"]


@pytest.mark.parametrize("size", [(3, 10), (60, 400)])
def test_completeness_queries_constant(law_area, size, django_assert_num_queries):
    actions, partners = size
    version = complete_plan(law_area, actions_per_outcome=actions)
    _schools(law_area, partners)
    version = _fresh(version)
    for school in Partner.objects.filter(org_type="school_community")[:partners // 2]:
        _consult(version, kind="partner", partner=school)
    with django_assert_num_queries(5):
        check = completeness_check(version)
    assert check.missing == [(f"{partners - partners // 2} relevant partners have not been consulted, directly or "
                             f"through their type: {partners - partners // 2} community schools")]


@pytest.mark.parametrize("n_areas", [2, 12])
def test_completeness_many_queries_constant(db, n_areas, django_assert_num_queries):
    from trusts.tests.factories import AreaFactory

    ids = []
    for i in range(n_areas):
        area = AreaFactory(framework="ascl2009")
        _schools(area, 5, start=100001 + 10 * i)
        version = complete_plan(area)
        _consult(version, kind="partner", partner=Partner.objects.filter(area=area, org_type="school_community")[0])
        ids.append(version.pk)
    versions = list(PlanVersion.objects.filter(pk__in=ids).select_related("area"))
    with django_assert_num_queries(5):
        result = completeness_many(versions)
    assert len(result) == n_areas and all(c.complete for c in result.values())


# ---------------------------------------------------------------------------
# the pages and the send guard
# ---------------------------------------------------------------------------
def _incomplete_in_consultation(area):
    version = complete_plan(area, status=S.CONSULTATION)
    PlanTransition.objects.create(version=version, from_status=S.DRAFT, to_status=S.CONSULTATION)
    PlanVersion.objects.filter(pk=version.pk).update(period_end=None, laa_link="")
    _schools(area, 3)
    return _fresh(version)


def test_send_guard_refuses_an_incomplete_plan_with_one_message(law_area, relevant_partners, officer):
    version = _incomplete_in_consultation(law_area)
    with pytest.raises(TransitionError) as refused:
        services.plan_agreement_start(version=version, actor=officer, notify=False)
    assert str(refused.value) == (
        "The plan is not complete: 3 things to do before partners can be asked to agree it. "
        "They are listed on the plan page.")
    assert ";" not in str(refused.value)
    version.refresh_from_db()
    assert version.status == S.CONSULTATION and version.agreement_round == 0
    assert not AgreementRequest.objects.filter(version=version).exists()


def test_send_page_lists_each_problem_once_and_offers_no_button(client, law_area, relevant_partners, officer):
    version = _incomplete_in_consultation(law_area)
    client.force_login(officer)
    url = reverse("plans:version-status", kwargs={"la_code": law_area.la_code, "version": version.number})
    html = client.get(url, {"action": "agreement"}).content.decode()
    problems = completeness_check(version).problems
    assert len(problems) == 3
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    plan_url = reverse("plans:version-detail", kwargs={"la_code": law_area.la_code, "version": version.number})
    for problem in problems:
        assert html.count(problem.message) == 1, problem.message
        assert f'href="{plan_url}#{problem.anchor}"' in main
    assert "cannot be sent to partners to agree until it is complete" in main
    assert 'type="submit"' not in main and "<form" not in main
    # a POST (a stale page) is refused with the one sentence; the list is still there once
    response = client.post(url, {"action": "agreement", "comment": "", "due_on_0": "1", "due_on_1": "1",
                                 "due_on_2": "2100"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The plan is not complete: 3 things to do" in html
    for problem in problems:
        assert html.count(problem.message) == 1
    assert PlanVersion.objects.get(pk=version.pk).status == S.CONSULTATION


def test_send_page_for_a_complete_plan_has_the_button(client, law_area, relevant_partners, officer):
    version = complete_plan(law_area, status=S.CONSULTATION)
    client.force_login(officer)
    url = reverse("plans:version-status", kwargs={"la_code": law_area.la_code, "version": version.number})
    html = client.get(url, {"action": "agreement"}).content.decode()
    assert "The plan is complete." in html and 'type="submit"' in html


def test_task_list_page_uses_the_engine(client, law_area, relevant_partners, officer):
    version = _incomplete_in_consultation(law_area)
    client.force_login(officer)
    html = client.get(reverse("plans:version-tasks", kwargs={"la_code": law_area.la_code,
                                                             "version": version.number})).content.decode()
    check = completeness_check(version)
    assert f"{check.complete_count} of 7 items are complete" in html
    assert "Source: SI 2010/591 reg 3(2)." in html
    for problem in check.problems:
        assert html.count(problem.message) == 1


def test_plan_page_and_dashboard_give_the_same_percent(client, law_area, relevant_partners, officer):
    from plans.dashboard import provide

    version = _incomplete_in_consultation(law_area)
    percent = completeness_check(version).percent
    cell = provide([law_area], date.today()).values[law_area.pk]["plan_completeness"]
    assert cell.sort == percent and cell.text == f"{percent}% (version {version.number})"
    client.force_login(officer)
    html = client.get(reverse("plans:version-detail", kwargs={"la_code": law_area.la_code,
                                                              "version": version.number})).content.decode()
    assert f"Completeness: {percent}%" in html


def test_fill_plan_completes_a_plan_with_actions_already_entered(law_area, relevant_partners):
    """As the browser journey does: an officer's action names the YOT, then the rest is filled in."""
    from plans.tests.factories import ActionFactory, fill_plan

    _pct, yot, _police = relevant_partners
    version = PlanVersionFactory(area=law_area, period_start=None, period_end=None)
    ActionFactory(priority__version=version, priority__outcome="stay_safe", responsible_partner=yot)
    check = completeness_check(version)
    assert "4 outcomes have no priority: Be healthy, Enjoy and achieve, Make a positive contribution and " \
           "Achieve economic well-being" in check.missing
    fill_plan(_fresh(version))
    assert completeness_check(_fresh(version)).percent == 100
