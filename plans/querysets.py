"""Querysets of the plan: the area rule (``for_user``) reaching the area through the version."""
from trusts.scoping import TrustScopedQuerySet


class VersionQuerySet(TrustScopedQuerySet):
    trust_lookup = "trust"

    def open(self):
        from plans.models import PlanVersion

        return self.filter(status__in=PlanVersion.OPEN_STATUSES)

    def published(self):
        from plans.models import PlanVersion

        return self.filter(status=PlanVersion.Status.PUBLISHED)


class VersionChildQuerySet(TrustScopedQuerySet):
    trust_lookup = "version__trust"


class ActionQuerySet(TrustScopedQuerySet):
    trust_lookup = "priority__version__trust"
