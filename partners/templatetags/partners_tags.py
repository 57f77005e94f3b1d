from django import template

from partners import selectors

register = template.Library()


@register.simple_tag
def partner_counts(area):
    """(partners, relevant partners under the area's framework): one query, for the area card."""
    return selectors.area_partner_counts(area=area)
