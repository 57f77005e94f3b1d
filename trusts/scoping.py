"""The one scoping rule. Every query for area data goes through ``for_user``.

A user asking for another area's record gets a 404, never a 403 and never the record.
"""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404

from trusts.models import Trust, TrustScopedQuerySet

__all__ = ["TrustScopedQuerySet", "TrustScopedMixin", "area_for_user_or_404", "scoped_get_or_404"]


def scoped_get_or_404(queryset, user, **lookup):
    """Fetch one area-owned record through the scoping rule, or 404."""
    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    return get_object_or_404(queryset.for_user(user), **lookup)


def area_for_user_or_404(user, la_code):
    return get_object_or_404(Trust.objects.for_user(user), la_code=la_code)


class TrustScopedMixin(LoginRequiredMixin):
    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)
