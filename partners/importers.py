"""Importing partners from CSV, in one of two formats detected from the headings.

1. **Our columns** (the register's export reads back in): ``name``, ``org_type`` (a code
   such as ``pct`` or a label such as ``Primary Care Trust``), ``urn``, ``ukprn``,
   ``ods_code``, ``engagement`` (invited, engaged, signed, withdrawn, or their labels),
   ``lead_contact_name``, ``lead_contact_email``, ``academy_funding_agreement`` (yes/no),
   and optionally ``agreement_signed_on`` (2009-06-30 or 30/06/2009), ``notes`` and ``phase``
   (the phase of education: a code such as ``primary`` or a GIAS name such as ``Middle
   deemed primary``; only for schools and colleges, an unknown phase is an error on its line).
   Only ``name`` and ``org_type`` are required. On a re-import a blank cell leaves the
   partner's current value alone; other columns (the export's duty columns) are ignored.

2. **A Get Information About Schools (GIAS) extract**, as DfE publishes it (Windows-1252,
   every field quoted, ~130 columns). Read: ``URN``, ``EstablishmentName``,
   ``TypeOfEstablishment (name)``, ``LA (code)``, ``EstablishmentStatus (name)`` and, when
   present, ``FurtherEducationType (name)`` (to tell sixth form colleges from other FE
   colleges) and ``PhaseOfEducation (name)`` (the phase, which board seats for "all
   primary schools" follow; kept only for schools and colleges, and a phase GIAS does not
   have is an error on its line, like an unknown type). Everything else is ignored. Rows of other local authorities and closed
   establishments are skipped and counted (users download the national file); types
   outside an English children's trust (Welsh, overseas, offshore, universities) are
   skipped and counted with the reason; a type we do not know is an error on its line,
   so a new GIAS type is noticed rather than guessed. A GIAS re-import changes only the
   name, type and phase of a partner: engagement, contacts and notes are the officer's.

Both: all or nothing; each bad row reported with its line number and reason; a
re-import matches partners by URN, UKPRN or ODS code, else by name and type, and never
duplicates. Rows are written with ``bulk_create_with_history`` and a batched UPDATE plus
``bulk_history_create``, so the history records who imported what.
"""
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partners import law
from partners.models import PHASED_TYPES, Partner, identifier_errors, phase_from_gias
from trusts import csvio
from trusts.dates import long_date
from trusts.services import ImportFailed
from trusts.validators import SERVICE_EPOCH, validate_visible_text

__all__ = ["ImportFailed", "ImportReport", "partners_import", "GIAS_TYPES", "OUT_OF_SCOPE"]

OUR_COLUMNS = ["name", "org_type", "urn", "ukprn", "ods_code", "engagement", "lead_contact_name",
               "lead_contact_email", "academy_funding_agreement"]
OUR_OPTIONAL = ["agreement_signed_on", "notes", "phase"]
OUR_ALIASES = {
    "name": ["partner", "organisation", "organisation name"],
    "org_type": ["organisation type", "type", "org type code", "organisation type code"],
    "urn": ["unique reference number"],
    "ukprn": [],
    "ods_code": ["ods"],
    "engagement": ["engagement status"],
    "lead_contact_name": ["lead contact"],
    "lead_contact_email": ["lead contact email", "lead contact e-mail"],
    "academy_funding_agreement": ["funding agreement"],
    "agreement_signed_on": ["partnership agreement signed on", "signed on"],
    "notes": [],
    "phase": ["phase of education", "phaseofeducation (name)", "phaseofeducation"],
}
GIAS_ALIASES = {
    "urn": ["URN"],
    "name": ["EstablishmentName"],
    "gias_type": ["TypeOfEstablishment (name)"],
    "la_code": ["LA (code)"],
    "status": ["EstablishmentStatus (name)"],
    "fe_type": ["FurtherEducationType (name)"],
    "phase": ["PhaseOfEducation (name)"],
}
GIAS_REQUIRED = ["urn", "name", "gias_type", "la_code", "status"]
# GIAS EstablishmentStatus (name): Open, Closed, Open but proposed to close, Proposed to open
GIAS_OPEN_STATUSES = {"open", "open, but proposed to close", "open but proposed to close"}

# Every GIAS TypeOfEstablishment (name), mapped to the catalogue. Names vary a little
# between extracts ("LA nursery school" / "Local authority nursery school", "Academy
# 16-19 sponsor led" / "Academy 16 to 19 sponsor led"): both spellings are listed.
GIAS_TYPES = {
    "Community school": "school_community",
    "Voluntary aided school": "school_voluntary_aided",
    "Voluntary controlled school": "school_voluntary_controlled",
    "Foundation school": "school_foundation",
    "City technology college": "ctc",
    "Community special school": "school_community_special",
    "Non-maintained special school": "non_maintained_special",
    "Other independent special school": "independent_school",
    "Other independent school": "independent_school",
    "Foundation special school": "school_foundation_special",
    "Pupil referral unit": "pru",
    "LA nursery school": "school_nursery",
    "Local authority nursery school": "school_nursery",
    "Further education": "fe_college",  # sixth form colleges told apart by FurtherEducationType
    # Secure children's homes and the like: in the area and working with children, but
    # named nowhere in s10, so an "other" partner
    "Secure units": "other",
    "Miscellaneous": "other",
    "Academy sponsor led": "academy",
    # LA-run sixth form centres are not sixth form colleges (FE institutions): "other"
    "Sixth form centres": "other",
    "Sixth form centre": "other",
    # independent specialist colleges
    "Special post 16 institution": "private_provider",
    "Special post-16 institution": "private_provider",
    "Academy special sponsor led": "academy",
    "Academy converter": "academy",
    "Free schools": "academy",
    "Free school": "academy",
    "Free schools special": "academy",
    "Free school special": "academy",
    "Free schools alternative provision": "academy",
    "Free school alternative provision": "academy",
    "Free schools 16 to 19": "academy",
    "Free school 16 to 19": "academy",
    "University technical college": "academy",  # UTCs and studio schools are academies
    "Studio schools": "academy",
    "Studio school": "academy",
    "Academy alternative provision converter": "academy",
    "Academy alternative provision sponsor led": "academy",
    "Academy special converter": "academy",
    "Academy 16-19 converter": "academy",
    "Academy 16 to 19 converter": "academy",
    "Academy 16 to 19 sponsor led": "academy",
    "Academy 16-19 sponsor led": "academy",
    "Academy secure 16 to 19": "academy",
    "Online provider": "private_provider",
    "Institution funded by other government department": "other",
    "Children's centre": "childrens_centre",
    "Children's centre linked site": "childrens_centre",
}
# Types outside an English children's trust: skipped and counted, with the reason.
OUT_OF_SCOPE = {
    "Welsh establishment": "in Wales, outside an English children's trust",
    "Offshore schools": "offshore, outside any local area",
    "Service children's education": "overseas schools for service families, outside any local area",
    "British schools overseas": "overseas, outside any local area",
    "Higher education institutions": "a university, not a partner type in a children's trust",
    "Higher education institution": "a university, not a partner type in a children's trust",
}
def gias_type_key(name):
    """A GIAS establishment type as looked up: lower case, one space, a typographic apostrophe as '."""
    return " ".join(name.lower().replace("\u2019", "'").split())


_GIAS_LOOKUP = {gias_type_key(k): v for k, v in GIAS_TYPES.items()}
_OUT_LOOKUP = {gias_type_key(k): (k, v) for k, v in OUT_OF_SCOPE.items()}

URN_RE = re.compile(r"^\d{5,6}$")
UKPRN_RE = re.compile(r"^1\d{7}$")
ODS_RE = re.compile(r"^[A-Z0-9]{3,6}$")
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0", ""}
_TYPE_LOOKUP = {}
for _t in law.ORG_TYPES:
    _TYPE_LOOKUP[_t.code] = _t.code
    _TYPE_LOOKUP[_t.label.lower()] = _t.code
_ENGAGEMENT_LOOKUP = {v: v for v in Partner.Engagement.values} | {
    label.lower(): value for value, label in Partner.Engagement.choices
}
GIAS_UPDATE_FIELDS = ["name", "org_type", "urn", "phase"]
OUR_FIELDS = ["name", "org_type", "phase", "urn", "ukprn", "ods_code", "engagement", "agreement_signed_on",
              "lead_contact_name", "lead_contact_email", "academy_funding_agreement", "notes"]


@dataclass
class ImportReport:
    format: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_closed: int = 0
    skipped_other_area: int = 0
    skipped_out_of_scope: Counter = field(default_factory=Counter)  # "type: reason" -> rows

    @property
    def format_label(self):
        return {"gias": "Get Information About Schools extract", "ours": "partner register columns"}.get(
            self.format, self.format)

    @property
    def out_of_scope(self):
        """[(reason, rows)] sorted (a list: templates cannot iterate a Counter's items)."""
        return sorted(self.skipped_out_of_scope.items())

    @property
    def skipped(self):
        return self.skipped_closed + self.skipped_other_area + sum(self.skipped_out_of_scope.values())

    def lines(self, *, done=False):
        """The report as plain sentences, for the command and the preview page: what would be
        done, or (``done``) what was done."""
        if done:
            out = [f"{self.created} added, {self.updated} updated, {self.unchanged} unchanged"]
        else:
            out = [f"{self.created} to add, {self.updated} to update, {self.unchanged} unchanged"]
        if self.skipped_closed:
            out.append(f"{self.skipped_closed} closed establishments skipped")
        if self.skipped_other_area:
            out.append(f"{self.skipped_other_area} rows of other local authorities skipped")
        for reason, n in sorted(self.skipped_out_of_scope.items()):
            out.append(f"{n} skipped as {reason}")
        return out


def detect_format(data):
    """'gias' or 'ours', from the first row of headings."""
    text = csvio.decode(data)
    first = text.splitlines()[0] if text else ""
    normalised = csvio.normalise_header(first)
    if "establishmentname" in normalised or "typeofestablishment" in normalised:
        return "gias"
    return "ours"


def partners_import(*, area, data, actor=None, dry_run=False):
    """Import partners into one area from CSV bytes. All or nothing.

    Returns an ImportReport; raises ImportFailed([(line, message), ...]) and saves nothing
    when any row (or the file) is bad. ``dry_run`` checks everything and saves nothing."""
    try:
        data = csvio.read_bytes(data)
        fmt = detect_format(data)
        if fmt == "gias":
            rows = list(csvio.read_rows(data, required=GIAS_REQUIRED, aliases=GIAS_ALIASES))
        else:
            rows = list(csvio.read_rows(data, required=["name", "org_type"], aliases=OUR_ALIASES))
    except csvio.CsvError as exc:
        raise ImportFailed([(None, str(exc))]) from None
    if not rows:
        raise ImportFailed([(None, "The file has headings but no rows")])
    existing = list(Partner.objects.filter(area=area))
    plan = _Plan(area, existing, fmt)
    for line, row in rows:
        try:
            if fmt == "gias":
                plan.gias_row(line, row)
            else:
                plan.our_row(line, row)
        except ValidationError as exc:
            plan.errors.append((line, " ".join(exc.messages)))
    if plan.errors:
        raise ImportFailed(plan.errors)
    plan.report.rows = len(rows)
    if not dry_run:
        plan.save(actor)
    return plan.report


class _Plan:
    """Rows checked and matched against the area's partners, ready to save."""

    def __init__(self, area, existing, fmt):
        self.area = area
        self.report = ImportReport(format=fmt)
        self.errors = []
        self.by_key = {}
        self.by_name = {}
        for partner in existing:
            for name in ("urn", "ukprn", "ods_code"):
                value = getattr(partner, name)
                if value:
                    self.by_key[(name, value)] = partner
            self.by_name.setdefault((partner.name.lower(), partner.org_type), partner)
        self.seen = {}  # key -> line, for duplicates within the file
        self.claimed = {}  # existing partner pk -> line
        self.to_create = []
        self.to_update = {}  # pk -> partner

    # -- GIAS ---------------------------------------------------------------------------
    def gias_row(self, line, row):
        status = " ".join(row.get("status", "").lower().split())
        if status == "closed":
            self.report.skipped_closed += 1
            return
        if status == "proposed to open":  # not yet open: not yet a relevant partner
            self.report.skipped_out_of_scope["proposed to open (not open yet)"] += 1
            return
        if status not in GIAS_OPEN_STATUSES:
            # never guess "open": a row cut short or a new status must be looked at
            raise ValidationError(f"unknown establishment status {row.get('status')!r}" if status
                                  else "EstablishmentStatus (name) is empty")
        if row.get("la_code", "").strip() != self.area.la_code:
            self.report.skipped_other_area += 1
            return
        gias_type = row.get("gias_type", "")
        key = gias_type_key(gias_type)
        if key in _OUT_LOOKUP:
            name, reason = _OUT_LOOKUP[key]
            self.report.skipped_out_of_scope[f"{name} ({reason})"] += 1
            return
        org_type = _GIAS_LOOKUP.get(key)
        if org_type is None:
            raise ValidationError(
                f"unknown establishment type {gias_type!r}" if gias_type else "TypeOfEstablishment (name) is empty"
            )
        if org_type == "fe_college" and "sixth form" in row.get("fe_type", "").lower():
            org_type = "sixth_form_college"
        urn = row.get("urn", "")
        if not URN_RE.match(urn):
            raise ValidationError(f"URN {urn!r} is not a URN of 5 or 6 digits" if urn else "URN is empty")
        name = _name(row)
        self._dedupe(line, [("urn", urn)])
        partner = self.by_key.get(("urn", urn))
        if partner is None:
            by_name = self.by_name.get((name.lower(), org_type))
            if by_name is not None and not by_name.urn:
                partner = by_name
        values = {"name": name, "org_type": org_type, "urn": urn}
        phase = _phase(row.get("phase", ""), "PhaseOfEducation (name)")
        if phase and org_type in PHASED_TYPES:
            values["phase"] = phase
        elif partner is not None and partner.phase and org_type not in PHASED_TYPES:
            values["phase"] = ""  # no longer a school: a phase would be refused on its page
        if partner is None:
            self.to_create.append(Partner(area=self.area, **values))
            self.report.created += 1
            return
        self._claim(line, partner)
        if values["org_type"] != "academy" and partner.academy_funding_agreement:
            values["academy_funding_agreement"] = False
        self._apply(partner, values)

    # -- our columns ----------------------------------------------------------------------
    def our_row(self, line, row):
        name = _name(row)
        given_type = row.get("org_type", "")
        org_type = _TYPE_LOOKUP.get(given_type.lower()) or _TYPE_LOOKUP.get(given_type.lower().replace(" ", "_"))
        if org_type is None:
            raise ValidationError(
                f"unknown organisation type {given_type!r}: use a code or name from the catalogue, "
                "for example pct or Primary Care Trust" if given_type else "org_type is empty"
            )
        ids = {
            "urn": row.get("urn", ""),
            "ukprn": row.get("ukprn", ""),
            "ods_code": row.get("ods_code", "").upper().replace(" ", ""),
        }
        problems = []
        if ids["urn"] and not URN_RE.match(ids["urn"]):
            problems.append(f"URN {ids['urn']!r} is not 5 or 6 digits")
        if ids["ukprn"] and not UKPRN_RE.match(ids["ukprn"]):
            problems.append(f"UKPRN {ids['ukprn']!r} is not 8 digits starting with 1")
        if ids["ods_code"] and not ODS_RE.match(ids["ods_code"]):
            problems.append(f"ODS code {ids['ods_code']!r} is not 3 to 6 letters and digits")
        problems.extend(identifier_errors(org_type, **ids).values())
        values = {"name": name, "org_type": org_type}
        values.update({k: v for k, v in ids.items() if v})
        engagement = row.get("engagement", "")
        if engagement:
            found = _ENGAGEMENT_LOOKUP.get(engagement.lower())
            if found is None:
                problems.append(f"engagement {engagement!r} is not one of invited, engaged, signed, withdrawn")
            values["engagement"] = found
        signed = row.get("agreement_signed_on", "")
        if signed:
            parsed = _date(signed)
            if parsed is None:
                problems.append(f"agreement_signed_on {signed!r} is not a date like 2009-06-30 or 30/06/2009")
            elif parsed > timezone.localdate():
                problems.append("agreement_signed_on is in the future")
            elif parsed < SERVICE_EPOCH:
                problems.append(f"agreement_signed_on is before {long_date(SERVICE_EPOCH)}")
            values["agreement_signed_on"] = parsed
        email = row.get("lead_contact_email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(f"lead_contact_email {email!r} is not an email address")
            values["lead_contact_email"] = email
        for text, limit in (("lead_contact_name", 120), ("notes", 10000)):
            if row.get(text):
                if len(row[text]) > limit:
                    problems.append(f"{text} is longer than {limit} characters")
                if text == "lead_contact_name" and (problem := _invisible("lead_contact_name", row[text])):
                    problems.append(problem)
                values[text] = row[text]
        given_phase = row.get("phase", "")
        if given_phase:
            try:
                phase = _phase(given_phase, "phase")
            except ValidationError as exc:
                problems.extend(exc.messages)
            else:
                if org_type not in PHASED_TYPES and phase != Partner.Phase.NOT_APPLICABLE:
                    problems.append("phase is only for schools and colleges")
                elif org_type in PHASED_TYPES:
                    values["phase"] = phase
        agreement = row.get("academy_funding_agreement", "").lower()
        if agreement in TRUE_WORDS:
            if org_type != "academy":
                problems.append("academy_funding_agreement is only for academies")
            values["academy_funding_agreement"] = True
        elif agreement in FALSE_WORDS:
            if row.get("academy_funding_agreement"):
                values["academy_funding_agreement"] = False
        else:
            problems.append(f"academy_funding_agreement {agreement!r} must be yes or no")
        if problems:
            raise ValidationError("; ".join(problems))
        keys = [(k, v) for k, v in ids.items() if v] or [("name", (name.lower(), org_type))]
        self._dedupe(line, keys)
        matches = {self.by_key[k].pk: self.by_key[k] for k in keys if k in self.by_key}
        if len(matches) > 1:
            names = " and ".join(sorted(p.name for p in matches.values()))
            raise ValidationError(f"its identifiers belong to different partners ({names})")
        partner = next(iter(matches.values()), None)
        if partner is None and not any(v for v in ids.values()):
            partner = self.by_name.get((name.lower(), org_type))
        if partner is None:
            new = Partner(area=self.area, **values)
            self._check_agreement(new)
            self.to_create.append(new)
            self.report.created += 1
            return
        self._claim(line, partner)
        self._apply(partner, values)

    # -- shared -----------------------------------------------------------------------------
    def _dedupe(self, line, keys):
        for key in keys:
            if key in self.seen:
                label = law.IDENTIFIER_NAMES.get(key[0])
                what = f"{label} {key[1]}" if label else "the same name and type"
                raise ValidationError(f"{what} is also on line {self.seen[key]}")
        for key in keys:
            self.seen[key] = line

    def _claim(self, line, partner):
        if partner.pk in self.claimed:
            raise ValidationError(f"it matches {partner.name}, as line {self.claimed[partner.pk]} does")
        self.claimed[partner.pk] = line

    def _apply(self, partner, values):
        changed = {k: v for k, v in values.items() if getattr(partner, k) != v}
        if not changed:
            self.report.unchanged += 1
            return
        # check the result before touching the instance
        merged = {f: getattr(partner, f) for f in OUR_FIELDS} | changed
        self._check_agreement(Partner(**merged))
        for k, v in changed.items():
            setattr(partner, k, v)
        self.to_update[partner.pk] = partner
        self.report.updated += 1

    @staticmethod
    def _check_agreement(partner):
        problems = []
        if partner.engagement == Partner.Engagement.SIGNED and not partner.agreement_signed_on:
            problems.append("give agreement_signed_on for a partner that signed the partnership agreement")
        if partner.agreement_signed_on and partner.engagement not in (Partner.Engagement.SIGNED,
                                                                       Partner.Engagement.WITHDRAWN):
            problems.append("agreement_signed_on is only for a partner that signed the partnership agreement")
        if partner.academy_funding_agreement and partner.org_type != "academy":
            problems.append("academy_funding_agreement is only for academies")
        if problems:
            raise ValidationError("; ".join(problems))

    @transaction.atomic
    def save(self, actor):
        now = timezone.now()
        if self.to_create:
            for partner in self.to_create:
                partner.created_at = partner.updated_at = now
            bulk_create_with_history(self.to_create, Partner, batch_size=2000, default_user=actor,
                                     default_change_reason="Imported")
        if self.to_update:
            changed = list(self.to_update.values())
            for partner in changed:
                partner.updated_at = now
            fields = sorted({*(GIAS_UPDATE_FIELDS if self.report.format == "gias" else OUR_FIELDS),
                             "academy_funding_agreement", "updated_at"})
            _bulk_update(changed, fields)
            # the same history rows bulk_update_with_history would write (who, when, after)
            Partner.history.bulk_history_create(changed, batch_size=2000, update=True, default_user=actor,
                                                default_change_reason="Imported")


def _bulk_update(partners, fields):
    """UPDATE ... WHERE id = %s through executemany. Django's bulk_update builds a CASE
    expression per field per batch, which takes ~40 s for 18,000 rows (mostly in Python);
    this takes a few seconds on PostgreSQL."""
    model_fields = [Partner._meta.get_field(name) for name in fields]
    table = connection.ops.quote_name(Partner._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in model_fields)
    sql = f"UPDATE {table} SET {assignments} WHERE {connection.ops.quote_name('id')} = %s"
    params = [
        [f.get_db_prep_save(getattr(partner, f.attname), connection) for f in model_fields] + [partner.pk]
        for partner in partners
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 2000):
            cursor.executemany(sql, params[start:start + 2000])


def _phase(value, column):
    """The phase code for a cell ("" when blank); an unknown phase is an error on its line."""
    found = phase_from_gias(value)
    if found is None:
        names = ", ".join(label for _value, label in Partner.Phase.choices)
        raise ValidationError(f"{column} {value!r} is not a phase of education: use one of {names}")
    return found


def _name(row):
    name = row.get("name", "")
    if not name:
        raise ValidationError("the name is empty")
    if len(name) > 200:
        raise ValidationError("the name is longer than 200 characters")
    if problem := _invisible("the name", name):
        raise ValidationError(problem)
    return name


def _invisible(what, value):
    """Why a name cannot be shown as stored (no visible character, or text-direction
    controls, which show text other than what is stored), or None."""
    try:
        validate_visible_text(value)
    except ValidationError as exc:
        if exc.code == "bidi":
            return f"{what} contains hidden text-direction characters: remove them"
        return f"{what} has no letters or numbers"
    return None


def _date(value):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
