"""Every write to the partner register. One transaction each; the history row (who,
when, before, after) is written by simple_history with the actor set explicitly.

Each service asks ``partners.permissions.policy`` before it writes, so a view that
forgot to ask is still safe (``NotPermitted``: a 404 or a 403 page).

Contacts' accounts: a contact added by an officer who has no
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

from partners.import_report import COUNTS
from partners.importers import ImportFailed, partners_import
from partners.models import NationalImport, Partner, PartnerContact, PartnerImport
from partners.permissions import policy
from trusts import accounts
from trusts.audit import audited
from trusts.errors import TransitionError
from trusts.models import Membership, User
from trusts.permissions import PARTNER_CONTACT
from trusts.validators import validate_visible_text

PARTNER_FIELDS = ["name", "org_type", "phase", "urn", "ukprn", "ods_code", "academy_funding_agreement", "engagement",
                  "agreement_signed_on", "lead_contact_name", "lead_contact_email", "notes", "opened_on", "closed_on",
                  "closed_reason"]
PENDING_IMPORT_HOURS = 24


def _save(partner, actor, reason=None):
    audited(partner, actor, reason)
    partner.full_clean(validate_constraints=False)
    partner.save()
    return partner


@transaction.atomic
def partner_create(*, area, actor, **values):
    policy.require(actor, "add", area)
    unknown = set(values) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown partner fields: {', '.join(sorted(unknown))}")
    return _save(Partner(area=area, **values), actor)


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


def _membership_grant(*, user, area, actor):
    """The partner-contact membership that lets the person see the area (audited)."""
    membership = Membership.objects.filter(user=user, area=area, role=User.Role.PARTNER_CONTACT).first()
    if membership is None:
        membership = audited(Membership(user=user, area=area, role=User.Role.PARTNER_CONTACT), actor,
                              "Partner contact")
        membership.save()
    return membership


@transaction.atomic
def partner_contact_add(*, partner, actor, email, full_name):
    """Add a person as a contact of the partner; a new person gets an account and an invitation.

    Returns the link. A person who already has an account (a contact of another partner)
    is linked; if their account was closed when their access ended, the invitation opens
    it again (``trusts.accounts.invitation_send``; one a steward closed stays closed)."""
    partner = Partner.objects.select_for_update().select_related("area").get(pk=partner.pk)
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
        user = audited(User(email=email, full_name=full_name, role=PARTNER_CONTACT), actor, "Partner contact added")
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
    _membership_grant(user=user, area=partner.area, actor=actor)
    link = audited(PartnerContact(partner=partner, user=user), actor)
    link.save()
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
    link = PartnerContact.objects.select_for_update().select_related("partner__area", "user").get(pk=link.pk)
    policy.require(actor, "manage_contacts", link)
    partner, user = link.partner, link.user
    reason = reason or f"No longer a contact of {partner.name}"
    audited(link, actor, reason[:100]).delete()
    still_a_contact = PartnerContact.objects.filter(user=user, partner__area=partner.area).exists()
    if not still_a_contact and Membership.objects.filter(
            user=user, area=partner.area, role=User.Role.PARTNER_CONTACT).exists():
        accounts.access_end(user=user, area=partner.area, role=User.Role.PARTNER_CONTACT, actor=actor,
                            reason=f"No longer a contact of any partner in {partner.area.name}")
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
        PartnerImport.objects.filter(area=area, created_by=actor).delete()
        pending = PartnerImport.objects.create(token=secrets.token_hex(16), area=area, created_by=actor,
                                               filename=filename[:255], data=data)
    return pending, report, []


def partner_import_pending(*, area, actor, token):
    """The held upload for this officer and area, if still fresh."""
    if not token:
        return None
    return PartnerImport.objects.filter(
        token=token, area=area, created_by=actor,
        created_at__gte=timezone.now() - timedelta(hours=PENDING_IMPORT_HOURS),
    ).first()


@transaction.atomic
def partner_import_confirm(*, pending, actor):
    """Import the held bytes (exactly what was previewed). Raises ImportFailed, saving nothing."""
    policy.require(actor, "import", pending.area)
    report = partners_import(area=pending.area, data=bytes(pending.data), actor=actor)
    pending.delete()
    return report


# -- the national schools import (data stewards) --------------------------------------------------
# A run: uploaded and checked (a dry run) -> confirmed -> imported, or refused with nothing
# changed. The check and the import run as Celery tasks when a broker is configured (the run's
# page refreshes until they finish), in the request when not (CELERY_TASK_ALWAYS_EAGER).
NATIONAL_ERRORS_KEPT = 200
PROGRESS_KEY = "partners:national-import:{}:rows"


def national_import_progress(run):
    """Rows read so far by a check or import in progress (kept in the shared cache: the run's
    own row is written in the import's transaction, which others cannot see until it ends)."""
    from django.core.cache import cache

    return cache.get(PROGRESS_KEY.format(run.pk))


def _progress(run):
    from django.core.cache import cache

    return lambda rows: cache.set(PROGRESS_KEY.format(run.pk), rows, 3600)


def _record(run, report, *, done):
    totals = report.totals
    run.report = report.as_dict()
    run.rows = report.rows
    for name in COUNTS:
        setattr(run, name, getattr(totals, name))
    run.skipped = totals.skipped_total
    run.errors = []
    if done:
        run.status = NationalImport.Status.DONE
        run.finished_at = timezone.now()
    else:
        run.status = NationalImport.Status.CHECKED


def _refuse(run, errors):
    run.status = NationalImport.Status.REFUSED
    run.errors = [[line, message] for line, message in errors[:NATIONAL_ERRORS_KEPT]]
    run.finished_at = timezone.now()
    if run.file:
        run.file.delete(save=False)
    run.save()


@transaction.atomic
def national_import_stage(*, upload, actor):
    """Hold an uploaded national extract and queue its check (a dry run)."""
    from partners.tasks import national_import_check_task

    policy.require(actor, "national_import")
    run = NationalImport(created_by=actor, filename=(upload.name or "")[:255])
    run.file.save(f"gias-{secrets.token_hex(8)}.csv", upload, save=False)
    audited(run, actor).save()
    transaction.on_commit(lambda: national_import_check_task.delay(run.pk))
    return run


def national_import_check(*, run):
    """The check: a dry run of the held file; the run is then checked (with its report) or refused."""
    from partners.national import gias_national_import

    run = NationalImport.objects.get(pk=run.pk)
    if run.status != NationalImport.Status.CHECKING:
        return run  # checked already (a rerun of the task)
    try:
        with run.file.open("rb") as handle:
            report = gias_national_import(source=handle, actor=run.created_by, dry_run=True, progress=_progress(run))
    except ImportFailed as failed:
        _refuse(run, failed.errors)
        return run
    except (OSError, ValueError):
        _refuse(run, [(None, "The uploaded file is no longer held. Upload it again.")])
        return run
    _record(run, report, done=False)
    run.save()
    return run


@transaction.atomic
def national_import_confirm(*, run, actor):
    """Confirm a checked run: the import of exactly the file that was checked is queued."""
    from partners.tasks import national_import_apply_task

    policy.require(actor, "national_import")
    run = NationalImport.objects.select_for_update().get(pk=run.pk)
    if run.status != NationalImport.Status.CHECKED:
        raise TransitionError("Only a checked file can be imported: upload the file again")
    run.status = NationalImport.Status.IMPORTING
    run.created_by = actor
    audited(run, actor).save()
    transaction.on_commit(lambda: national_import_apply_task.delay(run.pk))
    return run


def national_import_apply(*, run):
    """The import itself, in one transaction: the run ends imported, or refused with nothing changed
    (e.g. an area removed since the check)."""
    from partners.national import gias_national_import

    run = NationalImport.objects.get(pk=run.pk)
    if run.status != NationalImport.Status.IMPORTING:
        return run
    try:
        with transaction.atomic():
            with run.file.open("rb") as handle:
                report = gias_national_import(source=handle, actor=run.created_by, progress=_progress(run))
            _record(run, report, done=True)
            run.save()
            _link_areas(run, report)
    except ImportFailed as failed:
        _refuse(run, failed.errors)
        return run
    except (OSError, ValueError):
        _refuse(run, [(None, "The uploaded file is no longer held. Upload it again.")])
        return run
    run.file.delete(save=True)
    return run


def _link_areas(run, report):
    from trusts.models import Area

    codes = [code for code, counts in report.areas.items() if counts.touched or counts.unchanged]
    run.areas.set(Area.objects.filter(la_code__in=codes))


def national_import_from_command(*, source, filename, actor=None, dry_run=False):
    """``manage.py import_gias``: import (or check) a file and, unless a dry run, record the run.
    Returns the ``NationalReport``; raises ``ImportFailed``, changing nothing."""
    from partners.national import gias_national_import

    if actor is not None:
        policy.require(actor, "national_import")
    with transaction.atomic():
        report = gias_national_import(source=source, actor=actor, dry_run=dry_run)
        if not dry_run:
            run = NationalImport(created_by=actor, filename=str(filename)[:255])
            _record(run, report, done=True)
            audited(run, actor).save()
            _link_areas(run, report)
    return report
