"""Board composition gaps on the national compliance dashboard.

The board page's composition check (``boards.composition``), run for every board in
England from five queries in all: boards, their joint areas, current seats, the
partners those seats represent, and the relevant partners of every area.
"""
from collections import defaultdict

from django.db.models import Prefetch, Q

from boards.composition import composition_for
from boards.models import Board, Seat
from partners.dashboard import relevant_q
from partners.models import Partner
from trusts.dashboard import Cell, Column, Contribution
from trusts.models import Area


def compositions(areas, day):
    """[(board, Composition)] for every board led by or joined by one of ``areas``."""
    ids = [a.pk for a in areas]
    boards = list(
        Board.objects.filter(Q(area__in=ids) | Q(joint_areas__in=ids)).distinct().order_by("pk")
        .select_related("area").prefetch_related(Prefetch("joint_areas", queryset=Area.objects.only(
            "pk", "authority_type", "framework", "name", "la_code")))
    )
    if not boards:
        return []
    seats = defaultdict(list)
    for seat in (
        Seat.objects.filter(board__in=[b.pk for b in boards]).current(day)
        .select_related("partner").only("pk", "board_id", "role", "constituency", "represented_groups",
                                        "partner__id", "partner__org_type")
        .prefetch_related(Prefetch("represented_partners", queryset=Partner.objects.only("pk", "org_type")))
    ):
        seats[seat.board_id].append(seat)
    # every area a board covers, each under its own framework
    covered = {}
    for board in boards:
        covered[board.area_id] = board.area
        covered.update({t.pk: t for t in board.joint_areas.all()})
    relevant = defaultdict(list)
    for partner in (Partner.objects.filter(relevant_q(covered.values(), day)).active(day)
                    .order_by("name").only("pk", "name", "org_type", "phase", "area_id")):
        relevant[partner.area_id].append(partner)
    return [
        (board, composition_for(board, seats=seats[board.pk], day=day,
                                relevant_partners=[p for area_id in board.area_ids() for p in relevant[area_id]]))
        for board in boards
    ]


def provide(areas, today, *, year=None):
    gaps = defaultdict(lambda: [0, 0, 0])  # area id: [boards, gaps, required gaps]
    for board, comp in compositions(areas, today) if areas else []:
        for area_id in board.area_ids():
            gaps[area_id][0] += 1
            gaps[area_id][1] += comp.gap_count
            gaps[area_id][2] += comp.must_gap_count
    values = {}
    with_gaps = without_board = 0
    for area in areas:
        boards, n, required = gaps.get(area.pk, (0, 0, 0))
        if not boards:  # every area has a board (para 38); none recorded is the largest gap
            without_board += 1
            with_gaps += 1
            values[area.pk] = {"board_gaps": Cell("No board recorded", None, flagged=True, reason="No board recorded",
                                                  data={"boards": 0, "board_gaps": "", "board_gaps_required": ""})}
            continue
        if n:
            with_gaps += 1
            text = f"{n} gap{'s' if n != 1 else ''}" + (f" ({required} required)" if required else "")
        else:
            text = "None"
        values[area.pk] = {"board_gaps": Cell(
            text, n, flagged=n > 0, reason=f"{text} in the board's composition" if n else "",
            data={"boards": boards, "board_gaps": n, "board_gaps_required": required})}
    return Contribution(
        columns=[Column("board_gaps", "Board composition gaps", numeric=True, flag="With composition gaps",
                        exports=("boards", "board_gaps", "board_gaps_required"))],
        values=values,
        totals=[
            f"{with_gaps} area{'s' if with_gaps != 1 else ''} with board composition gaps"
            + (f", {without_board} of them with no board recorded" if without_board else ""),
        ],
    )
