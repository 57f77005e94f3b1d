"""Every write to areas and users, directions and framework changes.

Each write that a person makes asks the trusts policy again where it happens
(``policy.require(actor, ...)``), so a view that forgot to ask is still safe:
directions and framework changes are the "Steward (edit)" group's (or a superuser's),
an area's contacts are its officers', a response to a direction is the area's officers'.
Refusals are ``trusts.errors`` (``NotPermitted``, ``TransitionError``).
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from trusts import csvio
from trusts.audit import audited
from trusts.errors import TransitionError
from trusts.models import GSS_PREFIX_TYPES, AuthorityType, Membership, Region, Area
from trusts.permissions import policy

AREA_COLUMNS = ["la_code", "gss_code", "name", "authority_type"]
AREA_OPTIONAL = ["region", "director_name", "director_email", "lead_member_name", "lead_member_email"]
# Headers used by the published registers (DfE, ONS) for the same things.
AREA_ALIASES = {
    "la_code": ["LA (code)", "LA code", "new_la_code", "New LA code", "LEA code", "la"],
    "gss_code": ["GSS code", "GSS", "ons code", "la gss code", "new_la_gss", "CTYUA code"],
    "name": ["LA (name)", "LA name", "la_name", "Local authority", "Name", "CTYUA name"],
    "authority_type": ["type", "authority type", "la type"],
}
TYPE_WORDS = {
    "county": AuthorityType.COUNTY,
    "county council": AuthorityType.COUNTY,
    "shire county": AuthorityType.COUNTY,
    "unitary": AuthorityType.UNITARY,
    "unitary authority": AuthorityType.UNITARY,
    "metropolitan": AuthorityType.METROPOLITAN,
    "metropolitan district": AuthorityType.METROPOLITAN,
    "metropolitan borough": AuthorityType.METROPOLITAN,
    "london": AuthorityType.LONDON,
    "london borough": AuthorityType.LONDON,
}
REGION_WORDS = {r.label.lower(): r.value for r in Region} | {r.value: r.value for r in Region}


class ImportFailed(Exception):
    def __init__(self, errors):
        self.errors = errors  # [(line, message)]
        super().__init__("; ".join(f"line {line}: {msg}" if line else msg for line, msg in errors))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)


def _area_type(value, gss_code):
    if value:
        found = TYPE_WORDS.get(" ".join(value.lower().split()))
        if not found:
            raise ValidationError(
                f"authority type {value!r} is not one of: county, unitary, metropolitan district, london borough"
            )
        return found
    # The published registers often leave the type out: the GSS prefix fixes it.
    found = GSS_PREFIX_TYPES.get(gss_code[:3])
    if not found:
        raise ValidationError("give an authority type, or a GSS code that starts E06, E08, E09 or E10")
    return found


@transaction.atomic
def areas_import(*, data: bytes, dry_run=False, actor=None):
    """Load the national list of areas: all or nothing; re-import updates by LA code."""
    errors = []
    parsed = []
    seen_la, seen_gss = {}, {}
    try:
        rows = list(csvio.read_rows(data, required=["la_code", "gss_code", "name"], aliases=AREA_ALIASES))
    except csvio.CsvError as exc:
        raise ImportFailed([(None, str(exc))]) from None
    if not rows:
        raise ImportFailed([(None, "The file has headings but no rows")])
    existing = {t.la_code: t for t in Area.objects.all()}
    gss_owner = {t.gss_code: t.la_code for t in existing.values()}
    for line, row in rows:
        la_code = row.get("la_code", "")
        gss_code = row.get("gss_code", "").upper()
        try:
            values = {
                "la_code": la_code,
                "gss_code": gss_code,
                "name": row.get("name", ""),
                "authority_type": _area_type(row.get("authority_type", ""), gss_code),
            }
            region = row.get("region", "")
            if region:
                if region.lower() not in REGION_WORDS:
                    raise ValidationError(f"region {region!r} is not an English region")
                values["region"] = REGION_WORDS[region.lower()]
            for name in AREA_OPTIONAL[1:]:
                if row.get(name):
                    values[name] = row[name]
            if la_code in seen_la:
                raise ValidationError(f"LA code {la_code} is already on line {seen_la[la_code]}")
            if gss_code in seen_gss:
                raise ValidationError(f"GSS code {gss_code} is already on line {seen_gss[gss_code]}")
            owner = gss_owner.get(gss_code)
            if owner and owner != la_code:
                raise ValidationError(f"GSS code {gss_code} already belongs to LA {owner}")
            area = existing.get(la_code) or Area()
            before = {k: getattr(area, k) for k in values} if area.pk else None
            for key, value in values.items():
                setattr(area, key, value)
            area.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors.append((line, _message(exc)))
            continue
        seen_la[la_code] = line
        seen_gss[gss_code] = line
        parsed.append((area, before, values))
    if errors:
        raise ImportFailed(errors)
    report = ImportReport()
    for area, before, values in parsed:
        if before is None:
            report.created += 1
        elif before == values:
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        if not dry_run:
            if actor is not None:
                audited(area, actor)
            area.save()
    if dry_run:
        transaction.set_rollback(True)
    return report


def _message(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{name.replace('_', ' ')}: {' '.join(msgs)}" if name != "__all__" else " ".join(msgs)
                         for name, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


def membership_grant(*, user, area, role):
    membership, _ = Membership.objects.get_or_create(user=user, area=area, role=role)
    return membership


# A direction is due within this many years: a later date is a typing error.
DIRECTION_MAX_YEARS = 5
# A framework change is scheduled at most this far ahead (statutory guidance is announced a year or two out).
FRAMEWORK_CHANGE_MAX_YEARS = 10
AREA_CONTACT_FIELDS = ("director_name", "director_email", "lead_member_name", "lead_member_email", "framework")


@transaction.atomic
def area_contacts_update(*, area, actor, **values):
    """An officer changes their area's contacts and framework (codes and type are stewards')."""
    policy.require(actor, "edit", area)
    unknown = set(values) - set(AREA_CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"not an area contact field: {', '.join(sorted(unknown))}")
    area = Area.objects.select_for_update().get(pk=area.pk)
    for name, value in values.items():
        setattr(area, name, value)
    area.full_clean()
    audited(area, actor).save()
    return area


@transaction.atomic
def direction_issue(*, area, arrangement, reason, required_action, due_by, actor):
    from django.utils import timezone

    from trusts.models import Direction

    policy.require(actor, "steward_edit")
    today = timezone.localdate()
    if due_by < today:
        raise TransitionError("The date the direction must be met by must be today or in the future", field="due_by")
    if due_by > today + timedelta(days=366 * DIRECTION_MAX_YEARS):
        raise TransitionError(f"The date the direction must be met by must be within {DIRECTION_MAX_YEARS} years",
                              field="due_by")
    direction = Direction(area=area, arrangement=arrangement, reason=reason, required_action=required_action,
                          due_by=due_by, issued_by=actor)
    audited(direction, actor).save()
    return direction


@transaction.atomic
def direction_respond(*, direction, text, actor):
    from trusts.models import Direction, DirectionResponse

    policy.require(actor, "respond_direction", direction)
    direction = Direction.objects.select_for_update().get(pk=direction.pk)
    if direction.status == Direction.Status.CLOSED:
        raise TransitionError("This direction is closed: it cannot take a new response")
    response = DirectionResponse(direction=direction, responder=actor, text=text)
    audited(response, actor).save()
    direction.status = Direction.Status.RESPONDED
    audited(direction, actor).save(update_fields=["status"])
    return response


@transaction.atomic
def direction_close(*, direction, actor):
    from django.utils import timezone

    from trusts.models import Direction

    policy.require(actor, "steward_edit")
    direction = Direction.objects.select_for_update().get(pk=direction.pk)
    if direction.status == Direction.Status.CLOSED:
        raise TransitionError("This direction is already closed")
    direction.status = Direction.Status.CLOSED
    direction.closed_at = timezone.now()
    audited(direction, actor).save(update_fields=["status", "closed_at"])
    return direction


@transaction.atomic
def framework_change_schedule(*, framework, effective_on, areas, note="", actor):
    from trusts.models import FrameworkChange

    from django.utils import timezone

    policy.require(actor, "steward_edit")
    today = timezone.localdate()
    if effective_on <= today:
        raise TransitionError("The date it comes into force must be in the future", field="effective_on")
    if effective_on > today + timedelta(days=366 * FRAMEWORK_CHANGE_MAX_YEARS):
        raise TransitionError(f"The date it comes into force must be within {FRAMEWORK_CHANGE_MAX_YEARS} years",
                              field="effective_on")
    change = FrameworkChange(framework=framework, effective_on=effective_on, all_areas=not areas, note=note,
                             created_by=actor)
    audited(change, actor).save()
    if areas:
        change.areas.set(areas)
    return change


def framework_changes_apply(*, today):
    """Bring every scheduled change that is due into force; each area's change is audited.

    Runs daily (beat) and is safe to run twice: a change is applied once."""
    from django.utils import timezone

    from trusts.models import FrameworkChange

    applied = 0
    due = list(FrameworkChange.objects.filter(applied_at__isnull=True, effective_on__lte=today).values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic():
            change = FrameworkChange.objects.select_for_update().filter(pk=pk, applied_at__isnull=True).first()
            if change is None:
                continue
            targets = Area.objects.all() if change.all_areas else change.areas.all()
            for area in targets.exclude(framework=change.framework):
                area.framework = change.framework
                audited(area, change.created_by, f"Framework change scheduled for {change.effective_on:%d %B %Y}")
                area.save(update_fields=["framework", "updated_at"])
                applied += 1
            change.applied_at = timezone.now()
            change.save(update_fields=["applied_at"])
    return applied
