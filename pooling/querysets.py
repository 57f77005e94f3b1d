from trusts.models import User
from trusts.scoping import TrustScopedQuerySet


class PooledFundQuerySet(TrustScopedQuerySet):
    trust_lookup = "trust"


class ContributionQuerySet(TrustScopedQuerySet):
    trust_lookup = "fund__trust"

    def for_user(self, user):
        """The area rule, narrowed for a partner contact to their own organisation(s)."""
        from partners.models import PartnerContact

        qs = super().for_user(user)
        if getattr(user, "role", None) == User.Role.PARTNER_CONTACT:
            qs = qs.filter(partner__in=PartnerContact.objects.filter(user=user).values("partner_id"))
        return qs


class SpendQuerySet(TrustScopedQuerySet):
    trust_lookup = "fund__trust"
