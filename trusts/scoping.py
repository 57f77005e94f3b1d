"""The one scoping rule. Every query for area data goes through ``for_user``.

A user asking for another area's record gets a 404, never a 403 and never the record.
"""
from django.shortcuts import get_object_or_404

from trusts.models import Area
from trusts.querysets import AreaScopedQuerySet

__all__ = ["AreaScopedQuerySet", "area_for_user_or_404"]


def area_for_user_or_404(user, la_code):
    return get_object_or_404(Area.objects.for_user(user), la_code=la_code)
