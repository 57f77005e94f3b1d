"""Querysets of the partner register: the area rule (``for_user``), partners open on a day,
and the duties as a database filter (``with_duty``), so lists never decide per row."""
from django.db.models import Q
from django.utils import timezone

from partners import law
from trusts.models import User
from trusts.scoping import AreaScopedQuerySet


def open_q(day, *, prefix=""):
    """A Q matching partners open on ``day``: opened on or before it (or no opening date
    recorded) and not closed on or before it. A closed establishment is never deleted: it keeps
    its history and stops being a partner from its close date (GIAS CloseDate). ``prefix`` is
    the path to the partner from the queried model (e.g. "partner__")."""
    opened = Q(**{f"{prefix}opened_on__isnull": True}) | Q(**{f"{prefix}opened_on__lte": day})
    not_closed = Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    return opened & not_closed


class PartnerQuerySet(AreaScopedQuerySet):
    def open_on(self, day=None):
        """The partners open on the day (default today): see ``open_q``."""
        return self.filter(open_q(day or timezone.localdate()))

    def for_user(self, user):
        """The area rule, narrowed for a partner contact to their own organisation(s)."""
        from partners.models import PartnerContact

        qs = super().for_user(user)
        if getattr(user, "role", None) == User.Role.PARTNER_CONTACT:
            qs = qs.filter(pk__in=PartnerContact.objects.filter(user=user).values("partner_id"))
        return qs

    def with_duty(self, duty, *, framework_code, two_tier, holds=True, board_plan=False):
        """Partners for which a duty holds (or not) under a framework, in the database.

        ``two_tier`` and ``board_plan`` (a board plan published before the plan regulations
        were revoked is in force: ``partners.regard``) are the area's: use within one area."""
        always, by_agreement = law.duty_values(framework_code, duty, two_tier=two_tier, board_plan=board_plan)
        q = Q(org_type__in=always) | Q(org_type__in=by_agreement, academy_funding_agreement=True)
        return self.filter(q) if holds else self.exclude(q)

    def relevant(self, area, day=None):
        """The area's relevant partners on the day (default today): bound by the duty to
        cooperate under the area's framework then, and open then (not yet closed)."""
        framework = area.effective_framework(day)
        return self.filter(area=area).open_on(day).with_duty("cooperate", framework_code=framework.code,
                                                               two_tier=area.is_two_tier)

    def active(self, day=None):
        """Partners taking part on the day (default today): open then, and not withdrawn."""
        from partners.models import Partner

        return self.exclude(engagement=Partner.Engagement.WITHDRAWN).open_on(day)
