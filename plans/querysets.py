"""Querysets of the plan: the area rule (``for_user``) reaching the area through the version."""
from trusts.scoping import AreaScopedQuerySet


class VersionQuerySet(AreaScopedQuerySet):
    area_lookup = "area"

    def open(self):
        from plans.models import PlanVersion

        return self.filter(status__in=PlanVersion.OPEN_STATUSES)

    def published(self):
        from plans.models import PlanVersion

        return self.filter(status=PlanVersion.Status.PUBLISHED)


class VersionChildQuerySet(AreaScopedQuerySet):
    area_lookup = "version__area"


class ActionQuerySet(AreaScopedQuerySet):
    area_lookup = "priority__version__area"
