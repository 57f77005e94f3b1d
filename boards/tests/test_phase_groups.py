"""Groups by phase of education: a board seats a primary headteachers'
representative, a secondary one, one for special schools and one for colleges. A seat for
"All maintained primary schools" represents the area's maintained primary schools as the
register stands: a school joins and leaves with its phase and its opening or closing."""
import pytest

from boards import groups, selectors, services
from boards.composition import seat_represents
from boards.models import Constituency
from boards.tests.factories import BoardMemberFactory, SeatFactory
from partners.models import Partner
from plans.representation import represented_q

pytestmark = pytest.mark.django_db

Phase = Partner.Phase
MAINSTREAM = ("school_community", "school_voluntary_aided", "school_voluntary_controlled", "school_foundation")


@pytest.fixture(autouse=True)
def statutory(area):
    area.framework = "ascl2009"  # every maintained school and academy is a relevant partner (s193)
    area.save()


def schools(area, n, phase, org_types=MAINSTREAM, start=0):
    return Partner.objects.bulk_create([
        Partner(area=area, name=f"School {start + i:04d}", org_type=org_types[i % len(org_types)], phase=phase,
                urn=f"{110000 + start + i}") for i in range(n)])


def group_seat(board, officer, *codes):
    return services.seat_create(board=board, actor=officer, person=BoardMemberFactory(),
                                constituency=Constituency.SCHOOLS, term_start=SeatFactory.term_start.function(),
                                represented_groups=list(codes))


def partner_checks(board):
    return {c.key: c for c in selectors.board_page(board=board).composition.checks if c.is_partner_check}


def test_phase_groups_are_defined_with_their_rules_and_sources():
    primary = groups.GROUPS_BY_CODE["maintained_primary"]
    secondary = groups.GROUPS_BY_CODE["maintained_secondary"]
    assert set(primary.phases) == {"nursery", "primary", "middle_primary"}
    assert set(secondary.phases) == {"secondary", "middle_secondary", "all_through", "16_plus"}
    assert "school_nursery" in primary.org_types and "academy" not in primary.org_types
    assert set(groups.GROUPS_BY_CODE["secondary_academies"].org_types) == {"academy", "ctc"}
    assert groups.GROUPS_BY_CODE["primary_academies"].phases == primary.phases
    for g in (primary, secondary, groups.GROUPS_BY_CODE["primary_academies"]):
        assert "s12A(5)" in g.source and "PhaseOfEducation" in g.source
    # the groups by type alone still cover every phase, so stored seats keep their meaning
    assert groups.GROUPS_BY_CODE["maintained_schools"].phases == ()
    # a gap of a type is offered the whole-type group, not a phase group
    assert next(g for g in groups.GROUPS if "academy" in g.org_types).code == "academies"


def test_a_primary_school_joins_the_primary_group_and_a_secondary_one_does_not(area):
    primary = groups.GROUPS_BY_CODE["maintained_primary"]
    hill = Partner(area=area, name="Hill Primary", org_type="school_community", phase=Phase.PRIMARY)
    dale = Partner(area=area, name="Dale High", org_type="school_community", phase=Phase.SECONDARY)
    unknown = Partner(area=area, name="Fen School", org_type="school_community", phase="")
    academy = Partner(area=area, name="Oak Primary Academy", org_type="academy", phase=Phase.PRIMARY)
    assert primary.covers(hill)
    assert not primary.covers(dale) and not primary.covers(unknown) and not primary.covers(academy)
    assert groups.GROUPS_BY_CODE["maintained_secondary"].covers(dale)
    assert groups.GROUPS_BY_CODE["primary_academies"].covers(academy)
    assert groups.GROUPS_BY_CODE["maintained_schools"].covers(unknown)  # any phase


def test_primary_seat_represents_primaries_only_and_counts_them(board, area, officer):
    primaries = schools(area, 12, Phase.PRIMARY)
    secondaries = schools(area, 5, Phase.SECONDARY, start=100)
    seat = group_seat(board, officer, "maintained_primary")
    page = selectors.board_page(board=board)
    assert page.group_members == {"maintained_primary": 12}
    checks = partner_checks(board)
    assert sum(c.missing for c in checks.values()) == 5  # the secondary schools, still gaps
    assert sum(c.total for c in checks.values()) == 17
    assert seat_represents(seat, primaries[0], board.area_ids())
    assert not seat_represents(seat, secondaries[0], board.area_ids())
    # the agreement round asks the same rule of the database
    represented = set(Partner.objects.filter(represented_q(seat, board.area_ids())).values_list("pk", flat=True))
    assert represented == {p.pk for p in primaries}


def test_a_school_that_closes_leaves_the_group_and_one_that_opens_joins(board, area, officer):
    made = schools(area, 6, Phase.PRIMARY)
    seat = group_seat(board, officer, "maintained_primary")
    closing = Partner.objects.get(pk=made[0].pk)
    closing.engagement = Partner.Engagement.WITHDRAWN
    closing.save()
    assert selectors.board_page(board=board).group_members == {"maintained_primary": 5}
    assert not seat_represents(seat, closing, board.area_ids())
    assert not Partner.objects.filter(represented_q(seat, board.area_ids()), pk=closing.pk).exists()

    schools(area, 1, Phase.MIDDLE_PRIMARY, start=50)
    page = selectors.board_page(board=board)
    assert page.group_members == {"maintained_primary": 6}
    assert page.composition.partners_missing == 0 and page.composition.partners_total == 6


def test_a_school_that_changes_phase_moves_between_the_groups(board, area, officer):
    made = schools(area, 3, Phase.PRIMARY)
    group_seat(board, officer, "maintained_primary")
    school = Partner.objects.get(pk=made[0].pk)
    school.phase = Phase.ALL_THROUGH
    school.save()
    checks = partner_checks(board)
    assert sum(c.missing for c in checks.values()) == 1


def test_primary_and_secondary_seats_satisfy_the_check_for_all_maintained_schools(board, area, officer):
    schools(area, 40, Phase.PRIMARY)
    schools(area, 4, Phase.MIDDLE_PRIMARY, start=200)
    schools(area, 3, Phase.NURSERY, org_types=("school_nursery",), start=300)
    schools(area, 10, Phase.SECONDARY, start=400)
    schools(area, 2, Phase.ALL_THROUGH, start=500)
    schools(area, 1, Phase.SIXTEEN_PLUS, start=600)
    before = partner_checks(board)
    assert sum(c.missing for c in before.values()) == 60
    assert len(before) == 5  # grouped by type with counts, never a row per school

    group_seat(board, officer, "maintained_primary")
    missing = {k: c.missing for k, c in partner_checks(board).items() if c.missing}
    assert sum(missing.values()) == 13  # the secondary phases, counted by type
    assert "partners-school_nursery" not in missing

    group_seat(board, officer, "maintained_secondary")
    comp = selectors.board_page(board=board).composition
    assert comp.partners_missing == 0 and comp.partners_total == 60
    assert all(c.met for c in comp.checks if c.is_partner_check)
    assert next(c for c in comp.checks if c.key == "schools").met


def test_academies_by_phase(board, area, officer):
    schools(area, 6, Phase.PRIMARY, org_types=("academy",))
    schools(area, 3, Phase.SECONDARY, org_types=("academy",), start=100)
    schools(area, 1, Phase.SECONDARY, org_types=("ctc",), start=200)
    group_seat(board, officer, "primary_academies")
    checks = partner_checks(board)
    assert (checks["partners-academy"].missing, checks["partners-academy"].total) == (3, 9)
    assert checks["partners-ctc"].missing == 1
    group_seat(board, officer, "secondary_academies")
    page = selectors.board_page(board=board)
    assert page.composition.partners_missing == 0
    assert page.group_members == {"primary_academies": 6, "secondary_academies": 4}


def test_a_school_without_a_recorded_phase_is_a_gap_of_its_type(board, area, officer):
    schools(area, 5, Phase.PRIMARY)
    schools(area, 2, "", org_types=("school_community",), start=100)
    group_seat(board, officer, "maintained_primary", "maintained_secondary")
    checks = partner_checks(board)
    community = checks["partners-school_community"]
    assert (community.missing, community.total) == (2, 4)
    assert community.title == "Community school: 2 of 4 not represented"
    assert community.detail.endswith("The board's groups cover this type for some phases of education only: "
                                     "check their phase on the register.")
    assert "check" not in checks["partners-school_voluntary_aided"].detail  # all represented


def test_board_page_queries_do_not_grow_with_phase_groups(board, area, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group_seat(board, officer, "maintained_primary", "maintained_secondary")
    counts = []
    for start in (0, 1000):  # 30 schools, then 330
        schools(area, 20 if not start else 200, Phase.PRIMARY, start=start)
        schools(area, 10 if not start else 100, Phase.SECONDARY, start=start + 500)
        selectors.board_page(board=board)
        with CaptureQueriesContext(connection) as captured:
            page = selectors.board_page(board=board)
        assert page.composition.partners_missing == 0
        counts.append(len(captured.captured_queries))
    assert page.composition.partners_total == 330
    assert counts[0] == counts[1]
