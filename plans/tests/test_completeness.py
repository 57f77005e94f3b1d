import pytest

from partners.models import Partner
from plans.completeness import completeness_check
from plans.factories import PlanVersionFactory, complete_plan
from plans.models import Action, Consultee, PlanVersion


def test_completeness_empty_plan_says_exactly_what_is_missing(law_area, relevant_partners):
    check = completeness_check(PlanVersionFactory(trust=law_area))
    missing = check.missing
    assert "Stay safe has no action with a responsible partner" in missing
    assert "Be healthy has no priority" in missing
    assert "No relevant partner of type Youth Offending Team consulted" in missing
    assert "No relevant partner of type Primary Care Trust consulted" in missing
    assert "Sure Start Children's Centres: not consulted" in missing
    assert "Enter the joint needs assessment" in missing
    assert "No partner's spend recorded" in missing
    assert "Explain how the plan informs the Local Area Agreement" in missing
    # the 'other' partner (voluntary sector) is not a relevant partner: it is not demanded
    assert not any("Voluntary and community" in m for m in missing)
    assert not check.complete and check.percent < 20
    assert check.complete_count == 0


def test_completeness_complete_plan_is_100(law_area, relevant_partners):
    check = completeness_check(complete_plan(law_area))
    assert check.missing == []
    assert check.percent == 100 and check.complete_count == 6


def test_completeness_one_outcome_without_partner(law_area, relevant_partners):
    version = complete_plan(law_area)
    Action.objects.filter(priority__version=version, priority__outcome="stay_safe").update(responsible_partner=None)
    check = completeness_check(version)
    assert check.missing == ["Stay safe has no action with a responsible partner"]
    assert check.tasks[0].complete is False and check.complete_count == 5
    assert 90 < check.percent < 100


def test_completeness_relevant_types_follow_the_framework(law_area, relevant_partners):
    """Under the 2009 Act a maintained school is a relevant partner; under the 2004 Act it is not."""
    version = complete_plan(law_area)
    Partner.objects.create(trust=law_area, name="Northshire Primary", org_type="school_community", urn="100001")
    assert "No relevant partner of type Community school consulted" in completeness_check(version).missing
    law_area.framework = "ca2004"
    law_area.save()
    version = PlanVersion.objects.get(pk=version.pk)
    assert completeness_check(version).complete


def test_completeness_partner_type_consultation_counts(law_area, relevant_partners):
    version = complete_plan(law_area)
    Consultee.objects.filter(version=version, partner__org_type="yot").delete()
    assert "No relevant partner of type Youth Offending Team consulted" in completeness_check(version).missing
    Consultee.objects.create(version=version, kind="partner_type", org_type="yot", consulted_from="2009-09-01",
                             method="Letter")
    assert completeness_check(version).complete


@pytest.mark.parametrize("size", [(3, 10), (60, 400)])
def test_completeness_queries_constant(law_area, size, django_assert_num_queries):
    actions, partners = size
    Partner.objects.bulk_create([Partner(trust=law_area, name=f"School {i}", org_type="school_community",
                                         urn=f"{200000 + i}") for i in range(partners)])
    version = complete_plan(law_area, actions_per_outcome=actions)
    version = PlanVersion.objects.select_related("trust").get(pk=version.pk)
    with django_assert_num_queries(6):
        check = completeness_check(version)
    assert check.complete
