"""Board composition gaps on the national compliance dashboard."""
from datetime import timedelta

import pytest
from django.utils import timezone

from boards.dashboard import compositions, provide
from boards.selectors import board_page
from boards.tests.factories import BoardFactory, SeatFactory
from partners.tests.factories import PartnerFactory
from trusts.tests.factories import CountyFactory, AreaFactory

pytestmark = pytest.mark.django_db


def _register(area):
    return {t: PartnerFactory(area=area, org_type=t) for t in ("pct", "yot", "police_authority", "vcs")}


def _boards_of_every_kind():
    """Boards from bare to fully composed, under different frameworks, one of them joint."""
    full_area, bare_area, old_area, joint_a, joint_b = (
        CountyFactory(name="Fullshire"), AreaFactory(name="Bareshire"),
        AreaFactory(name="Oldtown", framework="ca2004"), AreaFactory(name="Jointa"), AreaFactory(name="Jointb"))
    for area in (full_area, bare_area, old_area, joint_a, joint_b):
        _register(area)
    PartnerFactory(area=full_area, org_type="district_council", name="Fen District")
    full = BoardFactory(area=full_area)
    for constituency in ("authority", "schools", "schools_forum", "vcs", "dcs", "lead_member"):
        SeatFactory(board=full, constituency=constituency)
    seat = SeatFactory(board=full, constituency="partner",
                       partner=full_area.partners.get(org_type="pct"))
    seat.represented_partners.set(full_area.partners.exclude(org_type__in=["pct", "vcs"]))
    SeatFactory(board=full, constituency="partner", partner=full_area.partners.get(org_type="vcs"))
    bare = BoardFactory(area=bare_area)
    old = BoardFactory(area=old_area, is_statutory=False)
    SeatFactory(board=old, constituency="dcs")
    SeatFactory(board=old, constituency="lead_member", role="observer")  # an observer represents no one
    SeatFactory(board=old, constituency="partner", partner=old_area.partners.get(org_type="yot"),
                term_end=timezone.localdate() - timedelta(days=1))  # a term that has ended
    joint = BoardFactory(area=joint_a)
    joint.joint_areas.add(joint_b)
    SeatFactory(board=joint, constituency="partner", partner=joint_b.partners.get(org_type="pct"))
    return [full_area, bare_area, old_area, joint_a, joint_b], [full, bare, old, joint]


def test_batched_gaps_equal_the_board_page_check():
    areas, boards = _boards_of_every_kind()
    today = timezone.localdate()
    batched = {board.pk: comp for board, comp in compositions(areas, today)}
    assert set(batched) == {b.pk for b in boards}
    gaps = []
    for board in boards:
        single = board_page(board=board, day=today).composition
        assert [c.key for c in batched[board.pk].gaps] == [c.key for c in single.gaps], board.name
        assert batched[board.pk].must_gap_count == single.must_gap_count
        gaps.append(single.gap_count)
    assert gaps[0] == 0 and len(set(gaps)) == 4  # four different gap counts, one board complete


def test_gap_column_totals_and_flag():
    areas, boards = _boards_of_every_kind()
    no_board = AreaFactory(name="Noboard")
    part = provide([*areas, no_board], timezone.localdate())
    cells = {a.name: part.values[a.pk]["board_gaps"] for a in [*areas, no_board]}
    assert cells["Fullshire"].text == "None" and not cells["Fullshire"].flagged
    bare = board_page(board=boards[1]).composition
    assert cells["Bareshire"].text == f"{bare.gap_count} gaps ({bare.must_gap_count} required)"
    assert cells["Bareshire"].sort == bare.gap_count and cells["Bareshire"].flagged
    # a joint board's gaps count for each of its areas
    assert cells["Jointa"].text == cells["Jointb"].text and cells["Jointb"].flagged
    assert (cells["Noboard"].text, cells["Noboard"].flagged) == ("No board recorded", True)
    assert part.totals == ["5 areas with board composition gaps, 1 of them with no board recorded"]
    assert part.columns[0].flag == "With composition gaps"


@pytest.mark.parametrize("n_areas", [3, 30])
def test_board_provider_five_queries_at_any_size(n_areas, django_assert_num_queries):
    areas = []
    for i in range(n_areas):
        area = CountyFactory() if i % 2 else AreaFactory()
        partners = _register(area)
        board = BoardFactory(area=area)
        SeatFactory(board=board, constituency="dcs")
        seat = SeatFactory(board=board, constituency="partner", partner=partners["pct"])
        seat.represented_partners.add(partners["yot"])
        if i % 3 == 0:
            board.joint_areas.add(AreaFactory())
        areas.append(area)
    # boards, their joint areas, current seats, represented partners, relevant partners
    with django_assert_num_queries(5):
        part = provide(areas, timezone.localdate())
    assert all(part.values[a.pk]["board_gaps"].flagged for a in areas)
