from django import template

from partners import selectors
from partners.permissions import policy

register = template.Library()


@register.simple_tag
def partner_counts(area):
    """(partners, relevant partners under the area's framework): one query, for the area card."""
    return selectors.partner_counts_get(area=area)


@register.simple_tag(takes_context=True)
def partner_register_readable(context, area):
    """Whether the signed-in user may read the area's register (the policy, for a card)."""
    return policy.can(context.get("user"), "read_register", area)
