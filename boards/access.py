"""Board-member access ends with the last term.

A seat gives its holder board-member access to each area of the board (lead and accepted
joint areas). The daily access sweep (``trusts.accounts``) calls ``seat_terms_ended`` and
ends each access it yields: the person held a seat on a board of the area whose term ended
before today, and holds no seat there now or from a later date (on any board of the area).
``boards.services.seat_end`` ends the access at once when a term is ended in the past; this
catches every term that simply runs out on its end date.

Two queries however many seats: every seat with its board's areas, then the board-member
memberships of the people concerned.
"""
from boards.models import Seat
from trusts.accounts import access_expiry
from trusts.dates import long_date
from trusts.models import Membership, User


def _ended_and_kept(today):
    """(person, area) -> the latest ended term's (end date, board name); and the (person, area)
    pairs a term not yet ended still justifies."""
    ended, kept = {}, set()
    rows = Seat.objects.values_list("person_id", "term_end", "board__name", "board__area_id",
                                    "board__joint_areas")
    for person_id, term_end, board_name, lead_id, joint_id in rows:
        for area_id in (lead_id, joint_id):
            if area_id is None:
                continue
            key = (person_id, area_id)
            if term_end is None or term_end >= today:
                kept.add(key)
            elif key not in ended or ended[key][0] < term_end:
                ended[key] = (term_end, board_name)
    return {key: value for key, value in ended.items() if key not in kept}


@access_expiry
def seat_terms_ended(today):
    """Yield ``(user, area, "board_member", reason)`` for each access whose last term has ended."""
    over = _ended_and_kept(today)
    if not over:
        return
    # a subquery, not a list of ids: the number of past members is not bounded
    ended_people = Seat.objects.filter(term_end__lt=today).values("person_id")
    memberships = (Membership.objects.filter(role=User.Role.BOARD_MEMBER, user_id__in=ended_people)
                   .select_related("user", "area").order_by("user_id", "area_id"))
    for membership in memberships:
        key = (membership.user_id, membership.area_id)
        if key in over:
            end, board_name = over[key]
            yield (membership.user, membership.area, User.Role.BOARD_MEMBER,
                   f"Their term on {board_name} ended on {long_date(end)}")
