"""Querysets: the one scoping rule. ``Trust.objects.for_user`` gives the areas a user may
see; every area-owned model's queryset reaches them through ``trust_lookup``."""
from django.db import models


class TrustQuerySet(models.QuerySet):
    def for_user(self, user):
        """The one scoping rule: the areas a user may see. Stewards see every area."""
        from trusts.models import Membership

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_steward:
            return self.all()
        return self.filter(pk__in=Membership.objects.filter(user=user).values("trust_id"))


class TrustScopedQuerySet(models.QuerySet):
    """The scoping rule for every area-owned model (used through trusts.scoping by the apps)."""

    trust_lookup = "trust"  # "plan__trust" on child models

    def for_user(self, user):
        from trusts.models import Trust

        if getattr(user, "is_authenticated", False) and user.is_active and user.is_steward:
            return self.all()
        return self.filter(**{f"{self.trust_lookup}__in": Trust.objects.for_user(user).values("pk")})
