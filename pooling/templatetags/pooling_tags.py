from django import template

from pooling import selectors
from pooling.permissions import policy
from trusts import charts

register = template.Library()


@register.filter
def money(value):
    """£1,234.50"""
    if value is None or value == "":
        return "–"
    return charts.money(value)


@register.simple_tag
def pooling_area_summary(area):
    """The area card's figures: two aggregate queries, whatever the size."""
    return selectors.fund_summary_get(area=area)


@register.simple_tag(takes_context=True)
def pooling_access(context, area):
    """What the signed-in user may see of the area's pooled budgets, for the area card:
    "all" (officers, stewards), "own" (a partner contact: their organisation's) or ""."""
    user = context.get("user")
    if policy.can(user, "read", area):
        return "all"
    return "own" if policy.can(user, "read_own_contributions", area) else ""
