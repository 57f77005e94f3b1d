from django import template

from plans import selectors

register = template.Library()


@register.simple_tag
def plan_card(area, user=None):
    """The plan summary for the area page (constant queries), as far as the user may see it."""
    return selectors.area_card(trust=area, user=user)


@register.simple_tag
def plan_pending_approvals(user):
    """Plan versions waiting for a decision at meetings of boards the user sits on."""
    return selectors.pending_approvals_for(user=user)


@register.filter
def status_tag_class(status):
    return {
        "draft": "govuk-tag--grey", "consultation": "govuk-tag--light-blue", "agreement": "govuk-tag--yellow",
        "approval": "govuk-tag--orange", "published": "govuk-tag--green", "superseded": "govuk-tag--grey",
    }.get(status, "")


@register.simple_tag
def plan_agreements_awaiting(user):
    """Plan versions the user's organisation is asked to agree and has not yet agreed."""
    return selectors.agreements_awaiting(user=user)
