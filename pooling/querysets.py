from trusts.models import User
from trusts.scoping import AreaScopedQuerySet


class PooledFundQuerySet(AreaScopedQuerySet):
    area_lookup = "area"


class ContributionQuerySet(AreaScopedQuerySet):
    area_lookup = "fund__area"

    def for_user(self, user):
        """The area rule, narrowed for a partner contact to their own organisation(s)."""
        from partners.models import PartnerContact

        qs = super().for_user(user)
        if getattr(user, "role", None) == User.Role.PARTNER_CONTACT:
            qs = qs.filter(partner__in=PartnerContact.objects.filter(user=user).values("partner_id"))
        return qs


class SpendQuerySet(AreaScopedQuerySet):
    area_lookup = "fund__area"
