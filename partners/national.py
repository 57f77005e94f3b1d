"""The national schools import: one Get Information about Schools (GIAS) "all establishments"
extract (``edubasealldata``, as DfE publishes it) updates every area's register in one run.

Each row goes to its area by ``LA (code)`` (``Trust.la_code``) and is read with the per-area
GIAS mapping (``partners.importers``: types, phases, out-of-scope types). What it does:

- **added**: an open establishment not on the area's register (with its opening date and reason);
- **changed**: its name, type, phase or dates changed (the report counts which);
- **closed**: the extract says closed (CloseDate, ReasonEstablishmentClosed): the partner is kept
  with its history and stops being a partner from that date (``Partner.objects.open_on``);
- **converted**: closed for an academy conversion (the reason names an academy): the predecessor
  closes and the academy opens; the two are linked (``Partner.predecessor``) when one academy
  in the area opened for conversion within three months of the close with a name in common;
- **reopened**: closed on the register, open in the extract;
- **unchanged**; **skipped**, with the reason: establishments in Wales (LA codes 660-681), with no
  local authority (LA code 000, "Does not apply"), of types outside an English children's trust
  (``importers.OUT_OF_SCOPE``), not yet open, or closed before they were on the register.

Refused, with nothing changed in any area (one transaction): a missing column, a row cut
short, a quote never closed, a file in neither UTF-8 nor Windows-1252, an unknown type, status
or date, a URN twice, and any row for an LA code that is not an area of the service (the
areas must be loaded first with ``import_areas``): the message names the codes.

Memory stays bounded: the file is read row by row (``csvio.stream_rows``); the registers are
indexed as tuples, not model instances; new and changed partners are written in batches of
2,000 inside the one transaction, with their history (who, when, "National schools import").
"""
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partners import law
from partners.import_report import NationalReport
from partners.importers import (
    _GIAS_LOOKUP,
    _OUT_LOOKUP,
    GIAS_ALIASES,
    GIAS_OPEN_STATUSES,
    GIAS_REQUIRED,
    UKPRN_RE,
    URN_RE,
    ImportFailed,
    _bulk_update,
    _name,
    _phase,
    gias_type_key,
)
from partners.models import PHASED_TYPES, Partner
from trusts import csvio
from trusts.models import Area

MAX_NATIONAL_BYTES = 300 * 1024 * 1024  # the national extract is ~60 MB; room for growth
BATCH = 2000
MAX_ERRORS = 1000
CHANGE_REASON = "National schools import"

NATIONAL_ALIASES = {
    **GIAS_ALIASES,
    "la_name": ["LA (name)"],
    "opened_on": ["OpenDate"],
    "closed_on": ["CloseDate"],
    "opened_reason": ["ReasonEstablishmentOpened (name)"],
    "closed_reason": ["ReasonEstablishmentClosed (name)"],
    "ukprn": ["UKPRN"],
}
NATIONAL_REQUIRED = [*GIAS_REQUIRED, "opened_on", "closed_on", "opened_reason", "closed_reason"]
# DfE LA codes of the 22 Welsh authorities (GIAS lists Welsh establishments too)
WELSH_LA_CODES = frozenset(str(code) for code in range(660, 682))
NO_LA_CODES = frozenset({"", "000"})
SKIP_WELSH = "in Wales (LA codes 660 to 681), outside an English children's trust"
SKIP_NO_LA = "no local authority (LA code 000, \"Does not apply\")"
SKIP_NOT_OPEN = "proposed to open (not open yet)"
SKIP_CLOSED_BEFORE = "closed before it was on the register"
# GIAS reasons that mean "no reason": stored as blank
NO_REASON = {"not applicable", "not recorded", "unknown", ""}
CONVERSION_WINDOW = timedelta(days=92)
_NAME_NOISE = {"school", "academy", "the", "and", "of", "a", "c", "e", "ce", "cofe"}

FIELD_NAMES = {"name": "name", "org_type": "type", "phase": "phase", "opened_on": "opening date",
               "opened_reason": "opening date", "closed_on": "closing date", "closed_reason": "closing date"}
UPDATE_FIELDS = ["name", "org_type", "urn", "phase", "opened_on", "opened_reason", "closed_on", "closed_reason",
                 "academy_funding_agreement", "updated_at"]
# what the import compares and writes, in the order the index holds it
_KNOWN = ("pk", "area_id", "urn", "name", "org_type", "phase", "opened_on", "opened_reason", "closed_on",
          "closed_reason", "academy_funding_agreement")


def _gias_date(value, column):
    """A GIAS date (dd-mm-yyyy; also dd/mm/yyyy and yyyy-mm-dd), or None when blank."""
    if not value:
        return None
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"{column} {value!r} is not a date like 31-08-2012")


def _reason(value):
    text = " ".join((value or "").split())
    return "" if text.lower() in NO_REASON else text[:100]


def is_conversion(reason):
    """Whether a GIAS opening or closing reason means an academy conversion (``Academy
    converter``, ``Academy sponsor led``, ``For academy conversion`` ...)."""
    return "academy" in (reason or "").lower()


def _name_key(name):
    return frozenset(w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _NAME_NOISE)


class _National:
    def __init__(self, *, actor, dry_run, today, progress):
        self.actor, self.dry_run, self.today, self.progress = actor, dry_run, today, progress
        self.report = NationalReport()
        self.errors = []
        self.unknown_la = Counter()
        self.areas = {t.la_code: t for t in Area.objects.only("pk", "la_code", "name", "authority_type")}
        self.by_urn, self.by_ukprn, self.by_name = {}, set(), {}
        for row in Partner.objects.order_by().values_list(*_KNOWN, "ukprn").iterator(chunk_size=5000):
            known, ukprn = row[:-1], row[-1]
            if known[2]:
                self.by_urn[(known[1], known[2])] = known
            else:
                self.by_name.setdefault((known[1], known[3].lower(), known[4]), known)
            if ukprn:
                self.by_ukprn.add((known[1], ukprn))
        self.seen = {}  # urn -> line
        self.claimed = set()  # partner pks matched by a row
        self.to_create, self.to_update = [], {}  # pk -> {field: value}
        self.predecessors, self.successors = [], []  # conversions, for linking

    def row(self, line, row):
        status = " ".join(row.get("status", "").lower().split())
        if status == "closed":
            is_open = False
        elif status in GIAS_OPEN_STATUSES or status == "proposed to open":
            is_open = True
        else:
            raise ValidationError(f"unknown establishment status {row.get('status')!r}" if status
                                  else "EstablishmentStatus (name) is empty")
        gias_type = row.get("gias_type", "")
        key = gias_type_key(gias_type)
        if key in _OUT_LOOKUP:
            name, reason = _OUT_LOOKUP[key]
            self.report.skipped[f"{name} ({reason})"] += 1
            return
        la_code = row.get("la_code", "").strip()
        if la_code in NO_LA_CODES or row.get("la_name", "").strip().lower() == "does not apply":
            self.report.skipped[SKIP_NO_LA] += 1
            return
        if la_code in WELSH_LA_CODES:
            self.report.skipped[SKIP_WELSH] += 1
            return
        area = self.areas.get(la_code)
        if area is None:
            self.unknown_la[la_code] += 1
            return
        counts = self.report.area(area)
        if status == "proposed to open":
            counts.skipped[SKIP_NOT_OPEN] += 1
            return
        org_type = _GIAS_LOOKUP.get(key)
        if org_type is None:
            raise ValidationError(
                f"unknown establishment type {gias_type!r}" if gias_type else "TypeOfEstablishment (name) is empty")
        if org_type == "fe_college" and "sixth form" in row.get("fe_type", "").lower():
            org_type = "sixth_form_college"
        urn = row.get("urn", "")
        if not URN_RE.match(urn):
            raise ValidationError(f"URN {urn!r} is not a URN of 5 or 6 digits" if urn else "URN is empty")
        name = _name(row)
        opened_on = _gias_date(row.get("opened_on", ""), "OpenDate")
        closed_on = _gias_date(row.get("closed_on", ""), "CloseDate")
        opened_reason, closed_reason = _reason(row.get("opened_reason")), _reason(row.get("closed_reason"))
        if is_open:
            # "Open, but proposed to close": a future close date is kept, and takes effect on the day
            if closed_on is None or closed_on <= self.today:
                closed_on, closed_reason = None, ""
        if opened_on and closed_on and closed_on < opened_on:
            raise ValidationError(f"CloseDate {closed_on:%d-%m-%Y} is before OpenDate {opened_on:%d-%m-%Y}")
        if urn in self.seen:
            raise ValidationError(f"URN {urn} is also on line {self.seen[urn]}")
        self.seen[urn] = line
        phase = _phase(row.get("phase", ""), "PhaseOfEducation (name)")
        known = self.by_urn.get((area.pk, urn))
        if known is None:
            by_name = self.by_name.get((area.pk, name.lower(), org_type))
            if by_name is not None and by_name[0] not in self.claimed:
                known = by_name
        if not is_open and closed_on is None:
            # closed, with no date given: closed from the day it is first imported as closed
            closed_on = (known and known[8]) or self.today
        values = {"name": name, "org_type": org_type, "urn": urn, "opened_on": opened_on,
                  "opened_reason": opened_reason, "closed_on": closed_on, "closed_reason": closed_reason}
        if org_type in PHASED_TYPES:
            if phase:
                values["phase"] = phase
        else:
            values["phase"] = ""  # not a school or college: a phase would be refused on its page
        if known is None:
            if not is_open:
                counts.skipped[SKIP_CLOSED_BEFORE] += 1
                return
            ukprn = row.get("ukprn", "")
            if UKPRN_RE.match(ukprn) and (area.pk, ukprn) not in self.by_ukprn \
                    and "ukprn" in law.allowed_identifiers(org_type):
                values["ukprn"] = ukprn
                self.by_ukprn.add((area.pk, ukprn))
            partner = Partner(area_id=area.pk, **values)
            counts.added += 1
            if is_conversion(opened_reason) and org_type == "academy":
                self.successors.append((area, partner, opened_on))
            self._create(partner)
            return
        if known[0] in self.claimed:
            raise ValidationError(f"it matches {known[3]}, as another line does")
        self.claimed.add(known[0])
        current = dict(zip(_KNOWN, known))
        if org_type != "academy" and current["academy_funding_agreement"]:
            values["academy_funding_agreement"] = False
        changed = {k: v for k, v in values.items() if current[k] != v}
        was_closed = current["closed_on"] is not None and current["closed_on"] <= self.today
        if not is_open and not was_closed:
            if is_conversion(closed_reason):
                counts.converted += 1
                self.predecessors.append((area, current["pk"], name, closed_on))
            else:
                counts.closed += 1
        elif is_open and was_closed:
            counts.reopened += 1
        elif changed:
            counts.changed += 1
            counts.changed_fields.update({FIELD_NAMES[k] for k in changed if k in FIELD_NAMES})
        else:
            counts.unchanged += 1
        if changed:
            self.to_update[current["pk"]] = changed
            if len(self.to_update) >= BATCH:
                self._flush_updates()

    # -- writing, in batches ------------------------------------------------------------------
    def _create(self, partner):
        self.to_create.append(partner)
        if len(self.to_create) >= BATCH:
            self._flush_creates()

    def _flush_creates(self):
        if not self.dry_run and self.to_create:
            now = timezone.now()
            for partner in self.to_create:
                partner.created_at = partner.updated_at = now
            bulk_create_with_history(self.to_create, Partner, batch_size=BATCH, default_user=self.actor,
                                     default_change_reason=CHANGE_REASON)
        self.to_create = []

    def _flush_updates(self):
        if not self.dry_run and self.to_update:
            now = timezone.now()
            partners = list(Partner.objects.filter(pk__in=list(self.to_update)).order_by())
            for partner in partners:
                for name, value in self.to_update[partner.pk].items():
                    setattr(partner, name, value)
                partner.updated_at = now
            _bulk_update(partners, UPDATE_FIELDS)
            Partner.history.bulk_history_create(partners, batch_size=BATCH, update=True, default_user=self.actor,
                                                default_change_reason=CHANGE_REASON)
        self.to_update = {}

    def finish(self):
        self._flush_creates()
        self._flush_updates()
        self._link_conversions()

    def _link_conversions(self):
        """Link each academy opened for conversion to the school it replaced: same area, opened
        within three months of the close, the most words of the name in common (at least one)."""
        by_area = defaultdict(list)
        for area, partner, opened_on in self.successors:
            by_area[area.pk].append([partner, opened_on, _name_key(partner.name), False])
        links = []
        for area, pk, name, closed_on in sorted(self.predecessors, key=lambda p: (p[3], p[1])):
            key, best, best_score = _name_key(name), None, 0
            for candidate in by_area.get(area.pk, ()):
                partner, opened_on, candidate_key, taken = candidate
                if taken or opened_on is None or not (closed_on <= opened_on <= closed_on + CONVERSION_WINDOW):
                    continue
                score = len(key & candidate_key)
                if score > best_score:
                    best, best_score = candidate, score
            if best is not None:
                best[3] = True
                self.report.area(area).linked += 1
                links.append((pk, best[0]))
        if links and not self.dry_run:
            table = connection.ops.quote_name(Partner._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {table} SET predecessor_id = %s WHERE id = %s",
                                   [(pk, successor.pk) for pk, successor in links])


def gias_national_import(*, source, actor=None, dry_run=False, progress=None, today=None):
    """Import a national GIAS extract into every area's register. All or nothing.

    ``source``: a path or a seekable binary file. Returns a ``NationalReport``; raises
    ``ImportFailed([(line, message), ...])`` and changes nothing when the file, any row, or any
    LA code is bad. ``dry_run`` checks everything and changes nothing. ``progress(rows)`` is
    called every 5,000 rows."""
    today = today or timezone.localdate()
    with transaction.atomic():
        plan = _National(actor=actor, dry_run=dry_run, today=today, progress=progress)
        try:
            for line, row in csvio.stream_rows(source, required=NATIONAL_REQUIRED, aliases=NATIONAL_ALIASES,
                                               max_bytes=MAX_NATIONAL_BYTES):
                plan.report.rows += 1
                try:
                    plan.row(line, row)
                except ValidationError as exc:
                    if len(plan.errors) < MAX_ERRORS:
                        plan.errors.append((line, " ".join(exc.messages)))
                if progress and plan.report.rows % 5000 == 0:
                    progress(plan.report.rows)
        except csvio.CsvError as exc:
            raise ImportFailed([(None, str(exc))]) from None
        except OSError as exc:
            raise ImportFailed([(None, f"The file cannot be read ({exc.strerror or exc})")]) from None
        if plan.unknown_la:
            codes = ", ".join(f"{code} ({n} row{'s' if n != 1 else ''})" for code, n in sorted(plan.unknown_la.items()))
            plan.errors.insert(0, (None, f"The file has rows for local authorities that are not areas of the service: "
                                         f"{codes}. Load the areas first (manage.py import_areas), then import the "
                                         f"file again. Nothing was imported."))
        if plan.errors:
            raise ImportFailed(plan.errors)
        if not plan.report.rows:
            raise ImportFailed([(None, "The file has headings but no rows")])
        plan.finish()
    return plan.report
