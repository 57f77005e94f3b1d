"""Querysets: the one scoping rule. ``Area.objects.for_user`` gives the areas a user may
see; every area-owned model's queryset reaches them through ``area_lookup``."""
from django.db import models


class AreaQuerySet(models.QuerySet):
    def for_user(self, user):
        """The one scoping rule: the areas a user may see. Stewards see every area."""
        from trusts.models import Membership

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_steward:
            return self.all()
        return self.filter(pk__in=Membership.objects.filter(user=user).values("area_id"))


class AreaScopedQuerySet(models.QuerySet):
    """The scoping rule for every area-owned model (used through trusts.scoping by the apps)."""

    area_lookup = "area"  # "plan__area" on child models

    def for_user(self, user):
        from trusts.models import Area

        if getattr(user, "is_authenticated", False) and user.is_active and user.is_steward:
            return self.all()
        return self.filter(**{f"{self.area_lookup}__in": Area.objects.for_user(user).values("pk")})
