"""Every write to the partner register. One transaction each; the history row (who,
when, before, after) is written by simple_history with the actor set explicitly."""
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from partners.importers import ImportFailed, partners_import
from partners.models import Partner, PartnerContact, PartnerImport
from trusts.models import Membership
from trusts.services import membership_grant

PARTNER_FIELDS = ["name", "org_type", "urn", "ukprn", "ods_code", "academy_funding_agreement", "engagement",
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
    for key, value in values.items():
        setattr(partner, key, value)
    return _save(partner, actor)


@transaction.atomic
def partner_contact_details_update(*, partner, actor, lead_contact_name, lead_contact_email, notes):
    """What a partner contact may change about their own organisation."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    partner.lead_contact_name = lead_contact_name
    partner.lead_contact_email = lead_contact_email
    partner.notes = notes
    return _save(partner, actor)


@transaction.atomic
def partner_contact_link(*, partner, user, actor=None):
    """Link a partner contact user to their organisation (and so to its area)."""
    membership_grant(user=user, area=partner.trust, kind=Membership.Kind.PARTNER_CONTACT)
    link, created = PartnerContact.objects.get_or_create(partner=partner, user=user)
    return link


@transaction.atomic
def partner_contact_unlink(*, partner, user, actor=None):
    PartnerContact.objects.filter(partner=partner, user=user).delete()


def partner_import_stage(*, area, actor, data, filename=""):
    """Check an upload (a dry run) and hold its bytes for confirmation.

    Returns (pending or None, report or None, errors). Nothing is held when the file has errors."""
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
    report = partners_import(area=pending.trust, data=bytes(pending.data), actor=actor)
    pending.delete()
    return report
