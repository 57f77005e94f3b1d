"""Tags that let other pages show boards data with only ``area`` or ``user`` in context."""
from django import template

from boards import selectors
from boards.permissions import policy

register = template.Library()


@register.simple_tag
def board_area_card(area, user=None):
    """The boards of an area (lead or joint) for its card on the area page, in a fixed number of
    queries. The including page has already scoped ``area`` to the user; with a signed-in user
    only the boards they may open are listed."""
    if not getattr(user, "is_authenticated", False):
        user = None
    return selectors.area_card(area=area, user=user)


@register.simple_tag
def board_invitations_pending(area, user=None):
    """Invitations waiting for this area's answer, for its own officers (none for anyone else)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [i for i in selectors.invitation_list(user=user, area=area)
            if i.status == i.Status.PENDING and policy.can(user, "answer_invitation", i)]


@register.simple_tag
def board_member_panel(user):
    """What a board member sees on their home page: their boards, next meetings, items awaiting them."""
    if not getattr(user, "is_authenticated", False):
        return None
    return selectors.member_view(user=user, limit=5)


@register.simple_tag
def board_member_actions(user):
    """The open actions a board member owns, for their home page: (first ten, how many)."""
    if not getattr(user, "is_authenticated", False):
        return [], 0
    return selectors.action_list(user=user, limit=10)
