"""The partners columns of the national compliance dashboard."""
from datetime import date

import pytest

from partners.dashboard import counts, provide, relevant_q
from partners.models import Partner
from partners.tests.factories import PartnerFactory
from trusts.tests.factories import CountyFactory, AreaFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 1)


def _register(area):
    PartnerFactory(area=area, org_type="pct")
    PartnerFactory(area=area, org_type="yot")
    PartnerFactory(area=area, org_type="district_council")  # relevant only in a two-tier area
    PartnerFactory(area=area, org_type="vcs")  # never relevant
    PartnerFactory(area=area, org_type="academy", academy_funding_agreement=False)


def test_partner_counts_follow_each_area_framework_and_tier():
    county = CountyFactory(name="Fenshire")  # two-tier, framework in force (2009 Act)
    unitary = AreaFactory(name="Portown")  # single-tier
    enacted = AreaFactory(name="Oldtown", framework="ca2004")  # academies not yet relevant
    empty = AreaFactory(name="Emptyshire")
    for area in (county, unitary, enacted):
        _register(area)
    areas = [county, unitary, enacted, empty]
    part = provide(areas, TODAY)
    assert {a.name: (part.values[a.pk]["partners"].sort, part.values[a.pk]["relevant_partners"].sort)
            for a in areas} == {"Fenshire": (5, 4), "Portown": (5, 3), "Oldtown": (5, 2), "Emptyshire": (0, 0)}
    assert part.values[empty.pk]["relevant_partners"].flagged
    assert not part.values[county.pk]["relevant_partners"].flagged
    assert part.totals == ["15 partners registered, 9 of them relevant partners",
                           "1 area with no relevant partners recorded"]
    assert [c.flag for c in part.columns if c.flag] == ["With no relevant partners"]


def test_relevant_q_matches_the_per_area_rule():
    """The batched rule finds exactly what Partner.objects.relevant(area) finds, area by area."""
    areas = [CountyFactory(), AreaFactory(), AreaFactory(framework="ca2004"), AreaFactory(framework="proposals2008")]
    for area in areas:
        _register(area)
        PartnerFactory(area=area, org_type="academy", academy_funding_agreement=True,
                       urn=f"{140000 + area.pk}")
        PartnerFactory(area=area, org_type="school_community")
    batched = set(Partner.objects.filter(relevant_q(areas, TODAY)).values_list("pk", flat=True))
    expected = {p.pk for area in areas for p in Partner.objects.relevant(area, TODAY)}
    assert batched == expected and len(expected) > 8


@pytest.mark.parametrize("n_areas", [3, 30])
def test_partner_provider_one_query_at_any_size(n_areas, django_assert_num_queries):
    areas = [AreaFactory() if i % 2 else CountyFactory() for i in range(n_areas)]
    for area in areas:
        _register(area)
    with django_assert_num_queries(1):
        part = provide(areas, TODAY)
    assert len(part.values) == n_areas
    assert sum(c.sort for row in part.values.values() for key, c in row.items() if key == "partners") == 5 * n_areas


def test_counts_of_no_areas_is_empty():
    assert counts([], TODAY) == {}
