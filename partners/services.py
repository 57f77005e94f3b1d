"""Every write to the partner register. One transaction each; the history row (who,
when, before, after) is written by simple_history with the actor set explicitly.

Each service asks ``partners.permissions.policy`` before it writes, so a view that
forgot to ask is still safe (``NotPermitted``: a 404 or a 403 page).

Contacts' accounts (issue 13, finding 9): a contact added by an officer who has no
account yet gets one without a password and an invitation to set one
(``trusts.accounts.invitation_send``); removing a person's last link to a partner of
an area ends their partner-contact access to that area (``trusts.accounts.access_end``),
and the daily sweep (``partners.access``) catches any link removed another way.
"""
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partners.importers import ImportFailed, partners_import
from partners.models import Partner, PartnerContact, PartnerImport
from partners.permissions import policy
from trusts import accounts
from trusts.models import Membership, User
from trusts.permissions import PARTNER_CONTACT
from trusts.validators import validate_visible_text

PARTNER_FIELDS = ["name", "org_type", "phase", "urn", "ukprn", "ods_code", "academy_funding_agreement", "engagement",
                  "agreement_signed_on", "lead_contact_name", "lead_contact_email", "notes"]
CONTACT_FIELDS = ["lead_contact_name", "lead_contact_email", "notes"]
PENDING_IMPORT_HOURS = 24


def _save(partner, actor, reason=None):
    partner._history_user = actor
    if reason:
        partner._change_reason = reason
    partner.full_clean(validate_constraints=False)
    partner.save()
    return partner


@transaction.atomic
def partner_create(*, area, actor, **values):
    policy.require(actor, "add", area)
    unknown = set(values) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown partner fields: {', '.join(sorted(unknown))}")
    return _save(Partner(trust=area, **values), actor)


@transaction.atomic
def partner_update(*, partner, actor, **values):
    unknown = set(values) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown partner fields: {', '.join(sorted(unknown))}")
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    policy.require(actor, "edit", partner)
    for key, value in values.items():
        setattr(partner, key, value)
    return _save(partner, actor)


@transaction.atomic
def partner_contact_details_update(*, partner, actor, lead_contact_name, lead_contact_email, notes):
    """What a partner contact may change about their own organisation."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    policy.require(actor, "edit_contact_details", partner)
    partner.lead_contact_name = lead_contact_name
    partner.lead_contact_email = lead_contact_email
    partner.notes = notes
    return _save(partner, actor)


def _audited(obj, actor, reason=None):
    obj._history_user = actor
    if reason:
        obj._change_reason = reason
    return obj


def _membership_grant(*, user, area, actor):
    """The partner-contact membership that lets the person see the area (audited)."""
    membership = Membership.objects.filter(user=user, trust=area, kind=Membership.Kind.PARTNER_CONTACT).first()
    if membership is None:
        membership = _audited(Membership(user=user, trust=area, kind=Membership.Kind.PARTNER_CONTACT), actor,
                              "Partner contact")
        membership.save()
    return membership


@transaction.atomic
def partner_contact_link(*, partner, user, actor):
    """Link an existing partner-contact user to an organisation (and so to its area)."""
    policy.require(actor, "manage_contacts", partner)
    if user.role != PARTNER_CONTACT:
        raise ValidationError({"email": "This email address belongs to an account that is not a partner contact. "
                                        "Use the contact's own address"})
    _membership_grant(user=user, area=partner.trust, actor=actor)
    link = PartnerContact.objects.filter(partner=partner, user=user).first()
    if link is None:
        link = _audited(PartnerContact(partner=partner, user=user), actor)
        link.save()
    return link


@transaction.atomic
def partner_contact_add(*, partner, actor, email, full_name):
    """Add a person as a contact of the partner; a new person gets an account and an invitation.

    Returns the link. A person who already has an account (a contact of another partner)
    is linked; if their account was closed when their access ended, the invitation opens
    it again (``trusts.accounts.invitation_send``; one a steward closed stays closed)."""
    partner = Partner.objects.select_for_update().select_related("trust").get(pk=partner.pk)
    policy.require(actor, "manage_contacts", partner)
    email = accounts.normalise_email(email)
    full_name = " ".join((full_name or "").split())
    if not email:
        raise ValidationError({"email": "Enter the contact's email address"})
    user = User.objects.filter(email__iexact=email).first()
    invite = False
    if user is None:
        if not full_name:
            raise ValidationError({"full_name": "Enter the contact's full name"})
        try:
            validate_visible_text(full_name)
        except ValidationError as exc:
            raise ValidationError({"full_name": exc.messages}) from None
        user = _audited(User(email=email, full_name=full_name, role=PARTNER_CONTACT), actor, "Partner contact added")
        user.set_unusable_password()
        user.save()
        invite = True
    elif user.role != PARTNER_CONTACT:
        raise ValidationError({"email": "This email address belongs to an account that is not a partner contact. "
                                        "Use the contact's own address"})
    elif PartnerContact.objects.filter(partner=partner, user=user).exists():
        raise ValidationError({"email": f"{user.full_name} is already a contact of {partner.name}"})
    else:
        # a closed account (their access had ended) is reopened by the invitation, now
        # that they are a contact again; one who never set a password gets a fresh link
        invite = not user.is_active or not user.has_usable_password()
    link = partner_contact_link(partner=partner, user=user, actor=actor)
    if invite:
        accounts.invitation_send(user=user, actor=actor)
    return link


@transaction.atomic
def partner_contact_invite(*, link, actor):
    """Send the contact a fresh invitation (the link in the last one stops working)."""
    policy.require(actor, "manage_contacts", link)
    accounts.invitation_send(user=link.user, actor=actor)
    return link


@transaction.atomic
def partner_contact_unlink(*, link, actor, reason=""):
    """Remove a person as a contact of a partner (audited). Their access to the area ends
    when they are no longer a contact of any partner there."""
    link = PartnerContact.objects.select_for_update().select_related("partner__trust", "user").get(pk=link.pk)
    policy.require(actor, "manage_contacts", link)
    partner, user = link.partner, link.user
    reason = reason or f"No longer a contact of {partner.name}"
    _audited(link, actor, reason[:100]).delete()
    still_a_contact = PartnerContact.objects.filter(user=user, partner__trust=partner.trust).exists()
    if not still_a_contact and Membership.objects.filter(
            user=user, trust=partner.trust, kind=Membership.Kind.PARTNER_CONTACT).exists():
        accounts.access_end(user=user, area=partner.trust, kind=Membership.Kind.PARTNER_CONTACT, actor=actor,
                            reason=f"No longer a contact of any partner in {partner.trust.name}")
    return partner


def partner_import_stage(*, area, actor, data, filename=""):
    """Check an upload (a dry run) and hold its bytes for confirmation.

    Returns (pending or None, report or None, errors). Nothing is held when the file has errors."""
    policy.require(actor, "import", area)
    try:
        report = partners_import(area=area, data=data, actor=actor, dry_run=True)
    except ImportFailed as failed:
        return None, None, failed.errors
    with transaction.atomic():
        PartnerImport.objects.filter(created_at__lt=timezone.now() - timedelta(hours=PENDING_IMPORT_HOURS)).delete()
        PartnerImport.objects.filter(trust=area, created_by=actor).delete()
        pending = PartnerImport.objects.create(token=secrets.token_hex(16), trust=area, created_by=actor,
                                               filename=filename[:255], data=data)
    return pending, report, []


def partner_import_pending(*, area, actor, token):
    """The held upload for this officer and area, if still fresh."""
    if not token:
        return None
    return PartnerImport.objects.filter(
        token=token, trust=area, created_by=actor,
        created_at__gte=timezone.now() - timedelta(hours=PENDING_IMPORT_HOURS),
    ).first()


@transaction.atomic
def partner_import_confirm(*, pending, actor):
    """Import the held bytes (exactly what was previewed). Raises ImportFailed, saving nothing."""
    policy.require(actor, "import", pending.trust)
    report = partners_import(area=pending.trust, data=bytes(pending.data), actor=actor)
    pending.delete()
    return report
