"""Partner contacts' access that should end (found by the daily access sweep).

A partner-contact membership lets a person see an area because they are a contact of
one of its partners. Removing a contact through the partner page ends the membership
at once (``services.partner_contact_unlink``); a link removed any other way (the admin,
a partner's deletion) leaves a membership with no partner behind it, which this finds.
"""
from django.db.models import Exists, OuterRef

from partners.models import PartnerContact
from trusts.accounts import access_expiry
from trusts.models import Membership, User

ROLE = User.Role.PARTNER_CONTACT


@access_expiry
def partner_contacts_without_a_partner(today):
    """Yield (user, area, kind, reason) for each partner-contact membership of an area in
    which the person is no longer a contact of any partner: one query, whatever the size."""
    links = PartnerContact.objects.filter(user=OuterRef("user_id"), partner__area=OuterRef("area_id"))
    orphans = (Membership.objects.filter(role=ROLE).exclude(Exists(links))
               .select_related("user", "area").order_by("pk"))
    for membership in orphans.iterator(chunk_size=500):
        yield (membership.user, membership.area, ROLE,
               f"No longer a contact of any partner in {membership.area.name}")
