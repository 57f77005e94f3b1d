"""Quorum, computed from the board's rule and the attendance recorded (never stored)."""
from dataclasses import dataclass

from boards.models import Attendance, Meeting, Seat


@dataclass(frozen=True)
class Quorum:
    quorate: bool
    present_voting: int
    required: int
    chair_present: bool
    reason: str
    voting_seats: int = 0


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def compute_quorum(*, meeting, seats, attendances):
    """``seats``: the board's seats in term on the meeting's date; ``attendances``: the meeting's."""
    board = meeting.board
    by_seat = {a.seat_id: a for a in attendances}
    voting = [s for s in seats if s.voting]
    present_voting = sum(1 for s in voting if s.pk in by_seat and by_seat[s.pk].counts_present)
    required = board.quorum_required(len(voting))
    chairs = [s for s in seats if s.role == Seat.Role.CHAIR]
    # the chair counts as present only in person: a substitute does not take the chair
    chair_present = any(s.pk in by_seat and by_seat[s.pk].status == Attendance.Status.PRESENT for s in chairs)
    counted = (f"{_plural(present_voting, 'voting member')} present; the quorum is {required} "
               f"({board.quorum_rule_text.lower()}, {_plural(len(voting), 'voting seat')} filled)")
    problems = []
    if meeting.status == Meeting.Status.CANCELLED:
        problems.append("the meeting was cancelled")
    if not attendances:
        problems.append("no attendance has been recorded yet")
    if present_voting < required:
        problems.append(f"{_plural(required - present_voting, 'more voting member')} must be present")
    if board.quorum_chair_required and not chair_present:
        problems.append("the chair must be present and is not" if chairs else
                        "the chair must be present, and the board has no chair in term")
    if problems:
        detail = "; ".join(problems)
        reason = f"Not quorate: {counted}. {detail[0].upper()}{detail[1:]}."
        return Quorum(False, present_voting, required, chair_present, reason, len(voting))
    return Quorum(True, present_voting, required, chair_present, f"Quorate: {counted}.", len(voting))
