import pytest
from django.utils import timezone

from boards.models import Board, Constituency, Seat
from boards.tests.factories import BoardFactory, SeatFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def board(area):
    return BoardFactory(area=area, name="Northshire Children's Trust Board", quorum_kind=Board.QuorumKind.FRACTION,
                        quorum_numerator=1, quorum_denominator=2)


@pytest.fixture
def other_board(other_area):
    return BoardFactory(area=other_area, name="Southshire Children's Trust Board")


@pytest.fixture
def make_seats(board):
    """n voting seats in term (the first is the chair)."""

    def make(n, target=None, **kwargs):
        target = target or board
        return [SeatFactory(board=target, role=Seat.Role.CHAIR if i == 0 else Seat.Role.MEMBER,
                            constituency=Constituency.PARENTS, **kwargs) for i in range(n)]

    return make


@pytest.fixture
def member_seat(board, board_member):
    return SeatFactory(board=board, person=board_member, constituency=Constituency.VCS)
