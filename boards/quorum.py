"""Quorum, computed from the board's rule and the attendance recorded (never stored).

Before the meeting's day nobody is present yet, so the page forecasts instead:
the voting members seated on the day less those who sent apologies without a substitute,
against the quorum. A forecast is never "not quorate"; it is never quorate either, so no
decision can rest on it.

For one agenda item, members who declared an interest and left the room are not counted.
"""
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
    expected: bool = False  # a forecast for a meeting still to come (see expected_quorate)
    expected_quorate: bool = False
    apologies: int = 0
    left_room: int = 0


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def compute_quorum(*, meeting, seats, attendances, apologies=(), left_seat_ids=(), forecast=False, today=None):
    """``seats``: the board's seats in term on the meeting's date; ``attendances``: the meeting's;
    ``apologies``: the meeting's Apology rows (for a forecast); ``left_seat_ids``: seats whose
    member left the room for the item being decided; ``forecast``: forecast a meeting whose day
    has not come (``today``)."""
    board = meeting.board
    voting = [s for s in seats if s.voting]
    required = board.quorum_required(len(voting))
    if forecast and meeting.status != Meeting.Status.CANCELLED and today is not None and meeting.date > today:
        away = {a.seat_id for a in apologies if not a.substitute_name}
        expected = sum(1 for s in voting if s.pk not in away)
        sent = sum(1 for s in voting if s.pk in away)
        reason = (f"Expected: {_plural(expected, 'voting member')} ({_plural(len(voting), 'voting seat')} filled, "
                  f"{sent} sent apologies without a substitute); "
                  f"the quorum is {required} ({board.quorum_rule_text.lower()}).")
        return Quorum(False, 0, required, False, reason, len(voting), expected=True,
                      expected_quorate=expected >= required, apologies=sent)
    left = set(left_seat_ids)
    by_seat = {a.seat_id: a for a in attendances}
    present = [s for s in voting if s.pk in by_seat and by_seat[s.pk].counts_present]
    present_voting = sum(1 for s in present if s.pk not in left)
    left_count = sum(1 for s in present if s.pk in left)
    chairs = [s for s in seats if s.role == Seat.Role.CHAIR]
    # the chair counts as present only in person: a substitute does not take the chair
    chair_present = any(s.pk in by_seat and by_seat[s.pk].status == Attendance.Status.PRESENT and s.pk not in left
                        for s in chairs)
    counted = (f"{_plural(present_voting, 'voting member')} present; the quorum is {required} "
               f"({board.quorum_rule_text.lower()}, {_plural(len(voting), 'voting seat')} filled)")
    if left_count:
        counted += (f". {_plural(left_count, 'member')} who declared an interest left the room and "
                    f"{'is' if left_count == 1 else 'are'} not counted")
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
        return Quorum(False, present_voting, required, chair_present, reason, len(voting), left_room=left_count)
    return Quorum(True, present_voting, required, chair_present, f"Quorate: {counted}.", len(voting),
                  left_room=left_count)
