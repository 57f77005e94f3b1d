from django import template

from pooling import charts, selectors

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
    return selectors.area_summary(trust=area)
