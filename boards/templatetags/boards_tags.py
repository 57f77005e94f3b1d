"""Tags that let other pages show boards data with only ``area`` or ``user`` in context."""
from django import template

from boards import selectors

register = template.Library()


@register.simple_tag
def board_area_card(area):
    """The boards of an area (lead or joint) for its card on the area page, in a fixed number of
    queries. The including page has already scoped ``area`` to the user."""
    return selectors.area_card(area=area)


@register.simple_tag
def board_member_panel(user):
    """What a board member sees on their home page: their boards, next meetings, items awaiting them."""
    if not getattr(user, "is_authenticated", False):
        return None
    return selectors.member_view(user=user, limit=5)
