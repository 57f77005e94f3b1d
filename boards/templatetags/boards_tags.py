"""Tags that let other pages show boards data with only ``area`` or ``user`` in context."""
from django import template

from boards import selectors

register = template.Library()


@register.simple_tag
def board_area_card(area, user=None):
    """The boards of an area for its card on the area page (a fixed number of queries)."""
    return selectors.area_card(area=area, user=user)


@register.simple_tag
def board_member_panel(user):
    """What a board member sees on their home page: their boards, next meetings, items awaiting them."""
    if not getattr(user, "is_authenticated", False):
        return None
    return selectors.member_view(user=user, limit=5)
