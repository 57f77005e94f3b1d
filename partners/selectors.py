"""Reads for the partner pages. Every list runs a fixed number of queries: duties are
computed in Python from the rule table (organisation type x framework), never per row
from the database."""

from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partners import law, regard
from partners.import_report import AreaReport
from partners.models import NationalImport, Partner, PartnerContact
from partners.querysets import open_q
from trusts.dates import long_date

# Register filter "duty under the area's framework": (duty, holds, label)
DUTY_FILTERS = {
    "cooperate": ("cooperate", True, "Bound by the duty to cooperate (relevant partners)"),
    "not_cooperate": ("cooperate", False, "Not bound by the duty to cooperate"),
    "regard": ("regard", True, "Must have regard to the plan"),
    "pool": ("pool", True, "May pool budgets and share resources"),
    "delegate": ("delegate", True, "May take part in delegation of functions"),
}
SORTS = {"name": "Name", "type": "Organisation type", "engagement": "Engagement"}
ENGAGEMENT_ORDER = {value: i for i, value in enumerate(Partner.Engagement.values)}
TYPE_LABELS = dict(law.org_type_choices())
PHASE_LABELS = dict(Partner.Phase.choices)


def _sort_expressions(sort):
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "type":
        # the label a reader sees, not the code
        expr = Case(*[When(org_type=code, then=Value(label)) for code, label in TYPE_LABELS.items()],
                    default=F("org_type"))
    elif key == "engagement":
        expr = Case(*[When(engagement=value, then=Value(i)) for value, i in ENGAGEMENT_ORDER.items()],
                    default=Value(99), output_field=IntegerField())
    else:
        expr = F("name")
    first = expr.desc() if descending else expr.asc()
    return [first, F("name").asc(), F("pk").asc()] if key != "name" else [first, F("pk").asc()]


def partner_list(*, user, area, q="", org_type="", phase="", duty="", engagement="", sort="name", board_plan=None,
                 closed=False, day=None):
    """The area's partners the user may see, filtered and sorted (a queryset, not yet run).

    Partners closed on or before ``day`` (default today) are left out unless ``closed``.
    ``board_plan`` (``partners.regard``): asked once here if not given and the duty filter
    depends on it."""
    qs = Partner.objects.for_user(user).filter(area=area)
    if not closed:
        qs = qs.exclude(closed_on__lte=day or timezone.localdate())
    if q:
        q = q.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(urn=q) | Q(ukprn=q) | Q(ods_code=q.upper()))
    if org_type:
        qs = qs.filter(org_type=org_type)
    if phase:
        qs = qs.filter(phase=phase)
    if engagement:
        qs = qs.filter(engagement=engagement)
    if duty in DUTY_FILTERS:
        name, holds, _label = DUTY_FILTERS[duty]
        framework = area.effective_framework()
        if board_plan is None:
            board_plan = regard.board_plan_for(area, framework.code, name)
        qs = qs.with_duty(name, framework_code=framework.code, two_tier=area.is_two_tier, holds=holds,
                          board_plan=board_plan)
    return qs.order_by(*_sort_expressions(sort if sort.lstrip("-") in SORTS else "name"))


class _Answers:
    """The register's answers under one framework for one area, one per (type, funding
    agreement). Whether a board plan is in force (``partners.regard``) is asked at most once,
    and only when an answer read depends on it."""

    def __init__(self, area, framework, board_plan=None):
        self.area, self.framework, self._board_plan, self._cache = area, framework, board_plan, {}

    @property
    def board_plan(self):
        if self._board_plan is None:
            self._board_plan = regard.board_plan_for(self.area, self.framework.code)
        return self._board_plan

    def get(self, org_type, agreement, duty):
        key = (org_type, agreement, duty)
        if key not in self._cache:
            depends = law.RULES[self.framework.code][org_type][duty].value in law.BOARD_PLAN_VALUES
            self._cache[key] = law.answer(self.framework.code, org_type, duty, two_tier=self.area.is_two_tier,
                                          funding_agreement=agreement, board_plan=depends and self.board_plan)
        return self._cache[key]


class PartnerRow:
    """A row of the register: the partner, and its answers worked out when first read."""

    def __init__(self, partner, answers):
        self.partner, self._answers = partner, answers

    @property
    def cooperate(self):
        return self._answers.get(self.partner.org_type, self.partner.academy_funding_agreement, "cooperate")

    @property
    def regard(self):
        return self._answers.get(self.partner.org_type, self.partner.academy_funding_agreement, "regard")


def partner_row_list(*, partners, area, framework, board_plan=None):
    """Rows for the register with their duties under the area's framework, computed in
    bulk from the rule table: no query per row (and at most one, for ``board_plan``, if
    not given and a duty read depends on it)."""
    answers = _Answers(area, framework, board_plan)
    return [PartnerRow(partner, answers) for partner in partners]


def partner_get(*, user, area, pk):
    """One partner of the area, through the scoping rule (a partner contact: only their own), or 404."""
    return get_object_or_404(Partner.objects.for_user(user).select_related("area"), area=area, pk=pk)


def partner_contact_list(*, partner):
    """The partner's contacts with their accounts, in one query (``user.account_status``
    says whether each is invited, active or closed)."""
    return list(PartnerContact.objects.filter(partner=partner).select_related("user")
                .order_by("user__full_name", "pk"))


def partner_duty_list(*, partner, area, board_plan=None, day=None):
    """The four answers under every framework as of ``day`` (default today), the area's own
    then marked (whether a board plan is in force in the area that day is asked once, for every
    framework; not at all for a partner not open that day)."""
    current = area.effective_framework(day).code
    if board_plan is None and partner.is_open_on(day):
        board_plan = regard.board_plan_for(area, [f.code for f in law.FRAMEWORKS], day=day)
    return [
        {"framework": framework, "is_area": framework.code == current,
         "answers": partner.duties(framework.code, board_plan=bool(board_plan), day=day)}
        for framework in law.FRAMEWORKS
    ]


FIELD_LABELS = {f.name: str(f.verbose_name).capitalize() for f in Partner._meta.fields}


def _display(field, value):
    if value in (None, ""):
        return ""
    if field == "org_type":
        return TYPE_LABELS.get(value, value)
    if field == "engagement":
        return dict(Partner.Engagement.choices).get(value, value)
    if field == "phase":
        return PHASE_LABELS.get(value, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{long_date(value)}"
    return value


def partner_history_list(*, partner, limit=50):
    """Who changed the partner, when, and each field before and after, newest first."""
    records = list(partner.history.select_related("history_user").order_by("-history_date", "-history_id")
                   [: limit + 1])
    rows = []
    for newer, older in zip(records, records[1:] + [None]):
        if older is None:
            changes = [("Added to the register", "", "")]
        else:
            delta = newer.diff_against(older, excluded_fields=["updated_at", "created_at", "predecessor"])
            changes = [(FIELD_LABELS.get(c.field, c.field), _display(c.field, c.old), _display(c.field, c.new))
                       for c in delta.changes]
            if not changes:
                continue
        rows.append({"when": newer.history_date, "who": newer.history_user, "changes": changes,
                     "reason": newer.history_change_reason or ""})
    return rows[:limit]


def partner_counts_get(*, area, day=None):
    """(partners open on the day, relevant partners among them under the area's framework) in
    one query (day: default today; closed partners are kept on the register but not counted)."""
    day = day or timezone.localdate()
    framework = area.effective_framework(day)
    always, by_agreement = law.duty_values(framework.code, "cooperate", two_tier=area.is_two_tier)
    relevant = Q(org_type__in=always) | Q(org_type__in=by_agreement, academy_funding_agreement=True)
    counts = Partner.objects.filter(area=area).filter(open_q(day)).aggregate(
        total=Count("pk"), relevant=Count("pk", filter=relevant))
    return counts["total"], counts["relevant"]


def _change_key(current, target, org_type, agreement, two_tier, board_plan):
    changes = []
    for duty in law.DUTIES:
        before = law.answer(current, org_type, duty, two_tier=two_tier, funding_agreement=agreement,
                            board_plan=board_plan)
        after = law.answer(target, org_type, duty, two_tier=two_tier, funding_agreement=agreement,
                           board_plan=board_plan)
        if (before.applies, before.engaged_only) != (after.applies, after.engaged_only):
            changes.append((duty, before, after))
    return changes


def framework_change_get(*, area, framework_code, names_per_type=10, board_plan=None):
    """What changes for the area's partners if it ran under another framework.

    Counts come from one GROUP BY on (organisation type, funding agreement): the rule
    table answers per group, never per partner. A second query fetches the first few
    names of each changing group for the page (and one asks, if either framework's answers
    depend on it, whether a board plan is in force: ``partners.regard``). Returns groups
    sorted by size."""
    current = area.effective_framework()
    target = law.FRAMEWORKS_BY_CODE[framework_code]
    if board_plan is None:
        board_plan = regard.board_plan_for(area, (current.code, target.code))
    counts = (Partner.objects.filter(area=area).open_on().values("org_type", "academy_funding_agreement")
              .annotate(n=Count("pk")).order_by())
    groups = {}
    changing = []
    for row in counts:
        org_type, agreement, n = row["org_type"], row["academy_funding_agreement"], row["n"]
        changes = _change_key(current.code, target.code, org_type, agreement, area.is_two_tier, board_plan)
        if not changes:
            continue
        key = tuple((duty, before.summary, after.summary) for duty, before, after in changes)
        group = groups.setdefault(key, {
            "changes": [{"duty": duty, "label": law.DUTY_LABELS[duty], "before": before, "after": after}
                        for duty, before, after in changes],
            "count": 0, "types": [],
        })
        group["count"] += n
        group["types"].append({"org_type": org_type, "label": TYPE_LABELS.get(org_type, org_type),
                               "agreement": agreement, "count": n, "names": []})
        changing.append(Q(org_type=org_type, academy_funding_agreement=agreement))
    if changing:
        where = changing[0]
        for q in changing[1:]:
            where |= q
        names = (Partner.objects.filter(area=area).open_on().filter(where)
                 .annotate(rank=Window(RowNumber(), partition_by=[F("org_type"), F("academy_funding_agreement")],
                                       order_by=[F("name").asc(), F("pk").asc()]))
                 .filter(rank__lte=names_per_type)
                 .values("pk", "name", "org_type", "academy_funding_agreement"))
        by_type = {}
        for row in names:
            by_type.setdefault((row["org_type"], row["academy_funding_agreement"]), []).append(row)
        for group in groups.values():
            for entry in group["types"]:
                entry["names"] = by_type.get((entry["org_type"], entry["agreement"]), [])
                entry["more"] = entry["count"] - len(entry["names"])
            group["types"].sort(key=lambda t: (-t["count"], t["label"]))
    result = sorted(groups.values(), key=lambda g: (-g["count"], g["changes"][0]["duty"]))
    return {
        "current": current,
        "target": target,
        "groups": result,
        "total": sum(g["count"] for g in result),
    }


EXPORT_HEADER = ["name", "org_type", "organisation_type", "urn", "ukprn", "ods_code", "engagement",
                 "agreement_signed_on", "lead_contact_name", "lead_contact_email", "academy_funding_agreement",
                 "phase", "duty_to_cooperate", "have_regard_to_plan", "may_pool", "may_delegate", "framework"]


def partner_export_row_list(*, queryset, area, board_plan=None):
    """CSV rows for the register (the columns our importer reads, then the derived duties)."""
    framework = area.effective_framework()
    if board_plan is None:
        board_plan = regard.board_plan_for(area, framework.code)
    cache = {}
    for p in queryset.values_list("name", "org_type", "urn", "ukprn", "ods_code", "engagement",
                                  "agreement_signed_on", "lead_contact_name", "lead_contact_email",
                                  "academy_funding_agreement", "phase").iterator(chunk_size=2000):
        key = (p[1], p[9])
        if key not in cache:
            cache[key] = [law.answer(framework.code, p[1], duty, two_tier=area.is_two_tier,
                                     funding_agreement=p[9], board_plan=board_plan).summary for duty in law.DUTIES]
        yield [p[0], p[1], TYPE_LABELS.get(p[1], p[1]), p[2], p[3], p[4], p[5],
               p[6].isoformat() if p[6] else "", p[7], p[8], "yes" if p[9] else "no", PHASE_LABELS.get(p[10], ""),
               *cache[key], framework.code]


def national_import_list(*, user, area=None, limit=20):
    """The latest runs of the national schools import: every run for a steward (``area`` None),
    else the completed runs that touched the area, which the caller has scoped (``read_register``)."""
    qs = NationalImport.objects.select_related("created_by")
    if area is not None:
        qs = qs.filter(areas=area, status=NationalImport.Status.DONE)
    return list(qs[:limit])


def national_import_area_list(*, run):
    """[(la_code, AreaReport)] of one run, by area name."""
    areas = (run.report or {}).get("areas", {})
    return sorted(((code, AreaReport.from_dict(data)) for code, data in areas.items()), key=lambda r: r[1].name)


def national_import_totals_get(*, run):
    """The run's totals (an AreaReport), or None before it has a report."""
    data = (run.report or {}).get("totals")
    return AreaReport.from_dict(data) if data else None
