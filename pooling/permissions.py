"""Who may do what with pooled budgets: the one policy the pooling views and services
ask (see ``trusts.permissions``).

* The area's pooled budgets (funds, figures, charts, exports) are its council officers'
  business; data stewards read them. A board seat gives none of it:
  board members see the budgets only through the plans put to the board.
* A partner contact sees their own organisation's contributions only
  (``contributions-mine``; ``Contribution.objects.for_user`` narrows the rows).
* Changes (funds, contributions, spend): the area's officers only.

Another area's fund stays a 404 (the scoping rule); what the user may know exists but
not use is a 403 with the reason.
"""
from pooling.models import Contribution, PooledFund, Spend
from trusts.models import Area, User
from trusts.permissions import Policy, area_ids, is_area_officer, is_steward, officer_area_ids


class PoolingPolicy(Policy):
    refusals = {
        "read": "Only the area's council officers see its pooled budgets",
        "edit": "Only the area's council officers change its pooled budgets",
        "read_own_contributions": "Only the area's council officers and its partners' contacts see contributions "
                                  "to its pooled funds",
    }

    def visible(self, user):
        """The funds whose figures the user may read."""
        if is_steward(user):
            return PooledFund.objects.all()
        return PooledFund.objects.filter(area_id__in=officer_area_ids(user))

    def area_of(self, obj):
        if isinstance(obj, Area):
            return obj.pk
        if isinstance(obj, (Contribution, Spend)):
            return obj.fund.area_id
        return getattr(obj, "area_id", None)

    def can_read(self, user, obj):
        return is_steward(user) or is_area_officer(user, self.area_of(obj))

    def can_edit(self, user, obj):
        return is_area_officer(user, self.area_of(obj))

    def can_read_own_contributions(self, user, area):
        """Everything for the budgets' readers; a partner contact their organisation's rows."""
        return self.can_read(user, area) or self.area_of(area) in area_ids(user, User.Role.PARTNER_CONTACT)


policy = PoolingPolicy()
