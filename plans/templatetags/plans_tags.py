from django import template

from plans import selectors

register = template.Library()


@register.simple_tag
def plan_card(area, user=None):
    """The plan summary for the area page (constant queries), as far as the user may see it."""
    return selectors.area_card(area=area, user=user)


@register.simple_tag
def plan_pending_approvals(user):
    """Plan versions waiting for a decision at meetings of boards the user sits on."""
    return selectors.pending_approval_list(user=user)


@register.simple_tag
def plan_agreements_awaiting(user):
    """Plan versions the user's organisation is asked to agree and has not yet agreed."""
    return selectors.open_request_list(user=user)
