"""The composition check: derived from the framework table, gaps close as seats fill."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import selectors, services
from boards.composition import MUST, SHOULD, composition_for, relevant_partners_of
from boards.models import Constituency, Seat
from boards.tests.factories import BoardMemberFactory, SeatFactory
from partners.tests.factories import PartnerFactory
from trusts.tests.factories import CountyFactory

pytestmark = pytest.mark.django_db


def checks(board):
    page = selectors.board_page(board=board)
    return {c.key: c for c in page.composition.checks}, page.composition


def set_framework(area, code):
    area.framework = code
    area.save()


def test_every_rule_is_a_gap_on_an_empty_statutory_board(board, area):
    set_framework(area, "ascl2009")
    police = PartnerFactory(area=area, org_type="police_authority", name="Northshire Police Authority")
    PartnerFactory(area=area, org_type="vcs", name="Northshire CVS")  # an 'other' partner: no check of its own
    found, comp = checks(board)
    assert set(found) == {"authority", "partners-police_authority", "schools", "schools_forum", "vcs", "dcs",
                          "lead_member"}
    assert comp.gap_count == 7
    assert found["schools"].level == MUST and found["schools"].source == "DCSF note 2008 para 46"
    assert found["schools_forum"].level == SHOULD
    assert found["vcs"].source == "DCSF note 2008 para 47"
    police_check = found["partners-police_authority"]
    assert police_check.level == MUST and (police_check.missing, police_check.total) == (1, 1)
    assert "s12A" in police_check.source
    assert "give it a seat" in police_check.detail
    assert police_check.add_query == f"constituency=partner&partner={police.pk}"


def test_gaps_close_as_seats_are_filled(board, area, officer):
    set_framework(area, "ascl2009")
    police = PartnerFactory(area=area, org_type="police_authority")
    chief = PartnerFactory(area=area, org_type="chief_officer_police")
    forum = PartnerFactory(area=area, org_type="schools_forum")
    assert checks(board)[1].gap_count == 8

    def seat(**kwargs):
        return services.seat_create(board=board, actor=officer, person=BoardMemberFactory(),
                                    term_start=SeatFactory.term_start.function(), **kwargs)

    # one person represents both police partners (s12A(3))
    seat(constituency=Constituency.PARTNER, partner=police, represented_partners=[chief])
    found, comp = checks(board)
    assert found["partners-police_authority"].met and found["partners-chief_officer_police"].met
    assert comp.gap_count == 6
    seat(constituency=Constituency.DCS)  # the Director also represents the authority
    seat(constituency=Constituency.LEAD_MEMBER)
    seat(constituency=Constituency.SCHOOLS)
    seat(constituency=Constituency.PARTNER, partner=forum)  # Schools Forum through the register
    assert checks(board)[1].gap_count == 1
    seat(constituency=Constituency.VCS)
    assert checks(board)[1].gaps == []


def test_observer_and_ended_terms_do_not_fill_a_gap(board, area, officer):
    SeatFactory(board=board, constituency=Constituency.SCHOOLS, role=Seat.Role.OBSERVER)
    ended = SeatFactory(board=board, constituency=Constituency.VCS)
    services.seat_end(seat=ended, actor=officer, end_on=ended.term_start)
    found, _ = checks(board)
    assert not found["schools"].met and not found["vcs"].met


def test_panel_changes_with_the_framework(board, area):
    school = PartnerFactory(area=area, org_type="school_community", name="Northshire Primary")
    set_framework(area, "ca2004")
    found, comp = checks(board)
    # as enacted: the board is not statutory and schools are not relevant partners
    assert not comp.statutory and "authority" not in found and "partners-school_community" not in found
    set_framework(area, "ascl2009")
    found, comp = checks(board)
    # the 2009 Act: statutory board with the authority and every relevant partner, schools included
    assert comp.statutory and "authority" in found and found["partners-school_community"].level == MUST
    assert found["partners-school_community"].subject == "Community school" and school.name not in str(comp)
    assert "s12A" in comp.statutory_source


def test_relevant_partner_checks_follow_the_two_tier_rule(db):
    county = CountyFactory()
    district = PartnerFactory(area=county, org_type="district_council")
    set_framework(county, "ascl2009")
    assert [p.pk for p in relevant_partners_of([county])] == [district.pk]


def test_joint_board_checks_each_areas_relevant_partners(board, area, other_area):
    board.joint_areas.add(other_area)
    PartnerFactory(area=area, org_type="yot")
    PartnerFactory(area=other_area, org_type="yot")
    unrelated = PartnerFactory(area=CountyFactory(), org_type="yot")
    board = type(board).objects.prefetch_related("joint_areas").select_related("area").get(pk=board.pk)
    found, _ = checks(board)
    # one check per area and type, each linking to its own area's register
    assert found["partners-yot"].total == 1 and found[f"partners-yot-{other_area.pk}"].total == 1
    assert found[f"partners-yot-{other_area.pk}"].register_url.startswith(f"/areas/{other_area.la_code}/partners/")
    assert sum(c.total for c in found.values()) == 2  # not the unrelated area's team
    assert unrelated.pk


@pytest.mark.parametrize("partners", [3, 40])
def test_composition_is_computed_in_constant_queries(board, area, partners):
    set_framework(area, "ascl2009")
    for i in range(partners):
        p = PartnerFactory(area=area, org_type="school_community", urn=f"{120000 + i}")
        if i % 2:
            SeatFactory(board=board, constituency=Constituency.PARTNER, partner=p)
    board = type(board).objects.prefetch_related("joint_areas").select_related("area").get(pk=board.pk)
    seats = list(board.seats.current().select_related("partner").prefetch_related("represented_partners"))
    with CaptureQueriesContext(connection) as ctx:
        relevant = relevant_partners_of([board.area])
        comp = composition_for(board, seats=seats, relevant_partners=relevant)
    assert len(ctx.captured_queries) == 1
    # one grouped check with the count, never a row per school
    (check,) = [c for c in comp.checks if c.is_partner_check]
    assert (check.missing, check.total) == (partners - partners // 2, partners)
