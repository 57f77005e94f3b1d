"""Who may do what with the partner register: the one policy the partner views and
services ask (see ``trusts.permissions``).

* The register (the list, its CSV export with contacts' e-mail addresses, the framework
  comparison, imports) is the area's council officers' working list; data stewards read
  it. Board members see none of it: a seat gives the board's own business, not the
  area's register.
* A partner's page: the area's officers, stewards, and the organisation's own contacts.
* Changes: officers change any partner of their area; a partner contact changes only
  their own organisation's lead contact and notes (``PartnerContactForm``).
* Contacts (add, remove, resend an invitation): the area's officers.
* The national schools import (one GIAS extract into every area's register): data stewards
  read its runs, the "Steward (edit)" group runs it; anyone else gets a 404. Each area's
  officers read what a run changed in their own area (``read_register``).

Another area's partner stays a 404 (the scoping rule, ``Partner.objects.for_user``);
a partner the user can know exists but may not use is a 403 with the reason.
"""
from partners.models import Partner, PartnerContact
from trusts.models import Area
from trusts.errors import NotPermitted
from trusts.permissions import (
    PARTNER_CONTACT,
    Policy,
    is_active,
    is_area_officer,
    is_steward,
    officer_area_ids,
    steward_can_edit,
)


def contact_partner_ids(user):
    """The ids of the partners this user is a contact of (one query, cached on the user)."""
    if not is_active(user) or user.role != PARTNER_CONTACT:
        return frozenset()
    cached = getattr(user, "_contact_partner_ids", None)
    if cached is None:
        cached = user._contact_partner_ids = frozenset(
            PartnerContact.objects.filter(user=user).values_list("partner_id", flat=True))
    return cached


class PartnerPolicy(Policy):
    refusals = {
        "read_register": "Only the area's council officers see its partner register",
        "add": "Only the area's council officers add partners to the register",
        "import": "Only the area's council officers import partners into the register",
        "view": "Only the area's council officers and the organisation's own contacts see a partner's details",
        "edit": "Only the area's council officers change a partner's details",
        "edit_contact_details": "Only the organisation's own contacts and the area's council officers change its "
                                "lead contact and notes",
        "manage_contacts": "Only the area's council officers add, remove or invite a partner's contacts",
        "national_import_read": "Only data stewards see the national schools import",
        "national_import": "Your steward account can read national data but not change it",
    }
    # the national schools import is the stewards': anyone else is answered as if it did not exist
    steward_actions = frozenset({"national_import_read", "national_import"})

    def require(self, user, action, obj=None):
        if action in self.steward_actions and not self.can(user, action, obj):
            raise NotPermitted(self.refusals[action], hidden=not is_steward(user))
        super().require(user, action, obj)

    def visible(self, user):
        """The partners whose page the user may open."""
        if is_steward(user):
            return Partner.objects.all()
        return Partner.objects.filter(area_id__in=officer_area_ids(user)) | Partner.objects.filter(
            pk__in=contact_partner_ids(user))

    def area_of(self, obj):
        if isinstance(obj, Area):
            return obj.pk
        if isinstance(obj, PartnerContact):
            return obj.partner.area_id
        return getattr(obj, "area_id", None)

    # -- the register of an area --------------------------------------------------------
    def can_read_register(self, user, area):
        return is_steward(user) or is_area_officer(user, area)

    def can_add(self, user, area):
        return is_area_officer(user, area)

    def can_import(self, user, area):
        return is_area_officer(user, area)

    # -- one partner -----------------------------------------------------------------------
    def can_view(self, user, partner):
        return (is_steward(user) or is_area_officer(user, partner.area_id)
                or partner.pk in contact_partner_ids(user))

    def can_edit(self, user, partner):
        return is_area_officer(user, partner.area_id)

    def can_edit_contact_details(self, user, partner):
        return is_area_officer(user, partner.area_id) or partner.pk in contact_partner_ids(user)

    def can_see_contacts(self, user, partner):
        """The list of the partner's contacts (names, e-mail addresses, account state)."""
        return is_steward(user) or is_area_officer(user, partner.area_id)

    # -- the national schools import (every area's register from one GIAS extract) ------------
    def can_national_import_read(self, user, obj=None):
        return is_steward(user)

    def can_national_import(self, user, obj=None):
        return steward_can_edit(user)

    def can_manage_contacts(self, user, partner):
        if isinstance(partner, PartnerContact):
            partner = partner.partner
        return is_area_officer(user, partner.area_id)


policy = PartnerPolicy()
