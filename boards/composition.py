"""The composition check: is the board made up as the law and the guidance expect?

Derived, never stored. The rules come from the area's framework (``partners.law``):
which partners are relevant (the duty table) and whether the board is statutory
(``Framework.board_statutory``), so the panel changes when the framework does.

Computed from rows the caller has already loaded (current seats with their partner
and represented partners, and the open relevant partners of the board's areas): no
per-partner queries. A seat may represent a group of partners (``boards.groups``);
gaps are counted per organisation type, never listed per partner.
"""
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from boards import groups
from boards.models import Constituency, Seat
from partners import law
from partners.models import Partner

SCHOOL_TYPES = frozenset((*law.MAINTAINED_SCHOOLS, "academy", "ctc", "non_maintained_special", "pru"))

# Where the duty to have a board, and its membership rules, come from, per framework.
S12A = "Children Act 2004 s12A, inserted by ASCL Act 2009 s194"
STATUTORY_BOARD_SOURCES = {
    "proposals2008": {
        "board": "DCSF note 2008 para 44-45 (proposed duty to set up a board)",
        "authority": "DCSF note 2008 para 44-45 (core membership to be prescribed)",
        "partners": "DCSF note 2008 para 40 and 45 (relevant partners as collegiate members)",
    },
    "ascl2009": {
        "board": S12A,
        "authority": f"{S12A}: a representative of the authority",
        "partners": f"{S12A}: a representative of each relevant partner; one person may represent several",
    },
}
STATUTORY_BOARD_SOURCES["ascl2009_revoked_plan"] = STATUTORY_BOARD_SOURCES["ascl2009"]
NOT_STATUTORY_SOURCE = "DCSF note 2008 para 38: no law requires a board, though every area has one"
NOT_STATUTORY_PARTNERS = "Children Act 2004 s10; DCSF note 2008 para 40 (relevant partners as collegiate members)"

MUST = "must"
SHOULD = "should"


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    met: bool
    level: str  # MUST or SHOULD
    detail: str  # who meets it, or what to do
    source: str
    add_query: str = ""  # query string that pre-fills the "add a seat" form
    subject: str = ""  # the organisation type (and area) a partner check is about
    missing: int = 0  # partner checks: relevant partners of the type with no representative
    total: int = 0  # partner checks: relevant partners of the type
    register_url: str = ""  # partner checks: the register filtered to the partners behind the count

    @property
    def status_label(self):
        if self.met:
            return "Done"
        return "Required" if self.level == MUST else "Recommended"

    @property
    def is_partner_check(self):
        return self.key.startswith(PARTNER_KEY)


PARTNER_KEY = "partners-"


@dataclass
class Composition:
    framework: law.Framework
    statutory: bool
    statutory_reason: str
    statutory_source: str
    checks: list = field(default_factory=list)

    @property
    def gaps(self):
        return [c for c in self.checks if not c.met]

    @property
    def gap_count(self):
        return len(self.gaps)

    @property
    def must_gap_count(self):
        return sum(1 for c in self.gaps if c.level == MUST)

    @property
    def to_do(self):
        """The checks to show as tasks: every rule, and each type of relevant partner not all represented."""
        return [c for c in self.checks if not c.is_partner_check or not c.met]

    @property
    def partners_seated(self):
        """The types of relevant partner all represented (one row per type, never per partner)."""
        return [c for c in self.checks if c.is_partner_check and c.met]

    @property
    def partners_missing(self):
        return sum(c.missing for c in self.checks if c.is_partner_check)

    @property
    def partners_total(self):
        return sum(c.total for c in self.checks if c.is_partner_check)


def statutory_answer(framework):
    """(statutory?, reason, source) for a framework: the default for Board.is_statutory."""
    if framework.board_statutory:
        source = STATUTORY_BOARD_SOURCES.get(framework.code, {}).get("board", framework.source)
        return True, (f"The area's framework ({framework.name}) requires every children's services "
                      f"authority to have a Children's Trust Board."), source
    return False, (f"Under the area's framework ({framework.name}) no law requires a Children's Trust "
                   f"Board; the area runs one by choice."), NOT_STATUTORY_SOURCE


def relevant_partners_of(trusts, day=None):
    """The open relevant partners of several areas in ONE query (each area under its own
    framework). A partner withdrawn from the register, or closed on the day (``closed_on``), needs no seat."""
    trusts = list(trusts)
    if not trusts:
        return []
    qs = Partner.objects.relevant(trusts[0], day)
    for area in trusts[1:]:
        qs = qs | Partner.objects.relevant(area, day)
    return list(qs.active(day).order_by("name").only("pk", "name", "org_type", "phase", "area_id"))


def _represented(seats):
    """(partner ids named on a seat, the groups' ``groups.Coverage`` (by type and phase), every type seated)."""
    partner_ids, codes, types = set(), set(), set()
    for seat in seats:
        partners = [seat.partner] if seat.partner_id else []
        partners += list(seat.represented_partners.all())
        for partner in partners:
            partner_ids.add(partner.pk)
            types.add(partner.org_type)
        codes.update(seat.represented_groups)
    coverage = groups.Coverage(codes)
    return partner_ids, coverage, types | coverage.org_types


def seat_represents(seat, partner, area_ids):
    """Does this seat represent the partner, by name or through one of its groups?

    ``area_ids``: the board's areas (a group covers only the partners of the board's areas);
    a closed (withdrawn) partner is in no group."""
    if partner.pk == seat.partner_id or partner in seat.represented_partners.all():
        return True
    return (partner.area_id in area_ids and partner.engagement != Partner.Engagement.WITHDRAWN
            and groups.Coverage(seat.represented_groups).covers(partner))


def _add(**params):
    return urlencode({k: v for k, v in params.items() if v})


def _group_for(org_type):
    return next((g for g in groups.GROUPS if org_type in g.org_types), None)


def _partner_checks(board, relevant_partners, partner_ids, group_types, *, level, source, framework):
    """One check per (area, organisation type) of relevant partner, with counts: an area of
    400 schools has a handful of rows here, never one per school."""
    areas = {board.area_id: board.area, **{t.pk: t for t in board.joint_areas.all()}}
    joint = len(areas) > 1
    tally = {}  # (area id, org type): [total, missing, first missing partner]
    for partner in relevant_partners:
        if partner.area_id not in areas:
            continue
        row = tally.setdefault((partner.area_id, partner.org_type), [0, 0, None])
        row[0] += 1
        if partner.pk not in partner_ids and not group_types.covers(partner):
            row[1] += 1
            row[2] = row[2] or partner
    order = {t.code: i for i, t in enumerate(law.ORG_TYPES)}
    checks = []
    for (area_id, org_type), (total, missing, first) in sorted(
            tally.items(), key=lambda kv: (kv[0][0] != board.area_id, kv[0][0], order.get(kv[0][1], 99))):
        area = areas[area_id]
        label = law.ORG_TYPES_BY_CODE[org_type].label if org_type in law.ORG_TYPES_BY_CODE else org_type
        subject = f"{label} ({area.name})" if joint else label
        key = PARTNER_KEY + org_type + (f"-{area_id}" if area_id != board.area_id else "")
        # the register filtered to the partners behind the count (partners.forms.RegisterFilterForm)
        register = (reverse("partners:partner-list", kwargs={"la_code": area.la_code}) + "?"
                    + _add(org_type=org_type, duty="cooperate"))
        group = _group_for(org_type)
        if not missing:
            title = f"{subject}: represented" if total == 1 else f"{subject}: all {total} represented"
            detail = ("Represented on the board." if total == 1 else
                      f"All {total} are represented, through a group seat or by name.")
            add = ""
        else:
            title = f"{subject}: {missing} of {total} not represented"
            what = "It is" if missing == 1 else "They are"
            detail = f"{what} relevant partner{'s' if missing != 1 else ''} under {framework.name}: "
            if group:
                detail += (f"give a seat the group \u201c{group.label}\u201d, or name "
                           f"{'it' if missing == 1 else 'them'} on an existing seat.")
                add = _add(constituency=group.constituency, group=group.code)
            elif missing == 1:
                detail += "give it a seat, or add it to the partners an existing member represents."
                add = _add(constituency=Constituency.PARTNER, partner=first.pk)
            else:
                detail += "give them seats, or add them to the partners an existing member represents."
                add = _add(constituency=Constituency.PARTNER)
        if missing and org_type in group_types.org_types:  # a phase group covers this type's other phases
            detail += (" The board's groups cover this type for some phases of education only: check "
                       f"{'its' if missing == 1 else 'their'} phase on the register.")
        checks.append(Check(key, title, not missing, level, detail, source, add, subject,
                            missing=missing, total=total, register_url=register))
    return checks


def composition_for(board, *, seats, relevant_partners, day=None):
    """The checks for a board, from its current seats and its areas' relevant partners.

    ``seats``: the board's seats in term (partner and represented_partners loaded);
    ``relevant_partners``: from ``relevant_partners_of`` (may include other boards' areas).
    A relevant partner is represented by a seat for it, by being named on a seat, or by a
    seat for a group that covers its type (s12A(5)); groups follow the register, so the
    partners passed in (open ones) are the groups' members."""
    day = day or timezone.localdate()
    framework = board.area.effective_framework(day)
    statutory, reason, source = statutory_answer(framework)
    sources = STATUTORY_BOARD_SOURCES.get(framework.code, {}) if statutory else {}
    counted = [s for s in seats if s.role != Seat.Role.OBSERVER]  # an observer does not represent anyone
    constituencies = {s.constituency for s in counted}
    partner_ids, group_types, types = _represented(counted)
    checks = []

    if statutory:
        authority_met = bool(constituencies & {Constituency.AUTHORITY, Constituency.DCS, Constituency.LEAD_MEMBER}) \
            or "local_authority" in types
        checks.append(Check(
            "authority", "The local authority is represented", authority_met, MUST,
            "The authority has a seat." if authority_met else
            "Add a seat for the local authority (its Director, Lead Member or another representative).",
            sources.get("authority", source), _add(constituency=Constituency.AUTHORITY),
        ))

    # every relevant partner of each of the board's areas, under that area's framework
    checks += _partner_checks(board, relevant_partners, partner_ids, group_types,
                              level=MUST if statutory else SHOULD,
                              source=sources.get("partners", NOT_STATUTORY_PARTNERS), framework=framework)

    schools_met = Constituency.SCHOOLS in constituencies or bool(types & SCHOOL_TYPES)
    checks.append(Check(
        "schools", "Schools are represented", schools_met, MUST,
        "Schools have a seat." if schools_met else "Add a seat for a representative of the area's schools.",
        "DCSF note 2008 para 46", _add(constituency=Constituency.SCHOOLS),
    ))
    forum_met = Constituency.SCHOOLS_FORUM in constituencies or "schools_forum" in types
    checks.append(Check(
        "schools_forum", "The Schools Forum is represented", forum_met, SHOULD,
        "The Schools Forum has a seat." if forum_met else
        "Add a seat for the Schools Forum. It cannot be the only voice of schools.",
        "DCSF note 2008 para 46", _add(constituency=Constituency.SCHOOLS_FORUM),
    ))
    vcs_met = Constituency.VCS in constituencies or "vcs" in types
    checks.append(Check(
        "vcs", "The voluntary and community sector has a place", vcs_met, SHOULD,
        "The sector has a seat." if vcs_met else
        "Add a seat for the voluntary and community sector so it can influence the board's work early.",
        "DCSF note 2008 para 47", _add(constituency=Constituency.VCS),
    ))
    dcs_met = Constituency.DCS in constituencies
    checks.append(Check(
        "dcs", "The Director of Children's Services sits on the board", dcs_met, MUST,
        "The Director has a seat." if dcs_met else "Add a seat for the Director of Children's Services.",
        "Children Act 2004 s18; DCSF note 2008 para 2", _add(constituency=Constituency.DCS),
    ))
    lead_met = Constituency.LEAD_MEMBER in constituencies
    checks.append(Check(
        "lead_member", "The Lead Member for Children's Services sits on the board", lead_met, MUST,
        "The Lead Member has a seat." if lead_met else "Add a seat for the Lead Member for Children's Services.",
        "Children Act 2004 s19; DCSF note 2008 para 2", _add(constituency=Constituency.LEAD_MEMBER),
    ))
    return Composition(framework, statutory, reason, source, checks)
