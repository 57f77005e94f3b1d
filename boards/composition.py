"""The composition check: is the board made up as the law and the guidance expect?

Derived, never stored. The rules come from the area's framework (``partners.law``):
which partners are relevant (the duty table) and whether the board is statutory
(``Framework.board_statutory``), so the panel changes when the framework does.

Computed from rows the caller has already loaded (current seats with their partner
and represented partners, and the relevant partners of the board's areas): no
per-partner queries.
"""
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone

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
    subject: str = ""  # the partner a partner check is about

    @property
    def status_label(self):
        if self.met:
            return "Done"
        return "Required" if self.level == MUST else "Recommended"


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
        """The checks to show as tasks: every rule, and each relevant partner still without a seat."""
        return [c for c in self.checks if not c.key.startswith("partner-") or not c.met]

    @property
    def partners_seated(self):
        return [c for c in self.checks if c.key.startswith("partner-") and c.met]


def statutory_answer(framework):
    """(statutory?, reason, source) for a framework: the default for Board.is_statutory."""
    if framework.board_statutory:
        source = STATUTORY_BOARD_SOURCES.get(framework.code, {}).get("board", framework.source)
        return True, (f"The area's framework ({framework.name}) requires every children's services "
                      f"authority to have a Children's Trust Board."), source
    return False, (f"Under the area's framework ({framework.name}) no law requires a Children's Trust "
                   f"Board; the area runs one by choice."), NOT_STATUTORY_SOURCE


def relevant_partners_of(trusts, day=None):
    """The relevant partners of several areas in ONE query (each area under its own framework)."""
    trusts = list(trusts)
    if not trusts:
        return []
    qs = Partner.objects.relevant(trusts[0], day)
    for trust in trusts[1:]:
        qs = qs | Partner.objects.relevant(trust, day)
    return list(qs.order_by("name").only("pk", "name", "org_type", "trust_id"))


def _seated_partner_types(seats):
    partner_ids, types = set(), set()
    for seat in seats:
        partners = [seat.partner] if seat.partner_id else []
        partners += list(seat.represented_partners.all())
        for partner in partners:
            partner_ids.add(partner.pk)
            types.add(partner.org_type)
    return partner_ids, types


def _add(**params):
    return urlencode(params)


def composition_for(board, *, seats, relevant_partners, day=None):
    """The checks for a board, from its current seats and its areas' relevant partners.

    ``seats``: the board's seats in term (partner and represented_partners loaded);
    ``relevant_partners``: from ``relevant_partners_of`` (may include other boards' areas)."""
    day = day or timezone.localdate()
    framework = board.trust.effective_framework(day)
    statutory, reason, source = statutory_answer(framework)
    sources = STATUTORY_BOARD_SOURCES.get(framework.code, {}) if statutory else {}
    counted = [s for s in seats if s.role != Seat.Role.OBSERVER]  # an observer does not represent anyone
    constituencies = {s.constituency for s in counted}
    partner_ids, types = _seated_partner_types(counted)
    areas = set(board.area_ids())
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
    level = MUST if statutory else SHOULD
    partner_source = sources.get("partners", NOT_STATUTORY_PARTNERS)
    for partner in relevant_partners:
        if partner.trust_id not in areas:
            continue
        met = partner.pk in partner_ids
        checks.append(Check(
            f"partner-{partner.pk}", f"{partner.name} has a seat", met, level,
            "Represented on the board." if met else
            f"{partner.name} is a relevant partner under {framework.name}: give it a seat, or add it to "
            "the partners an existing member represents.",
            partner_source, _add(constituency=Constituency.PARTNER, partner=partner.pk), partner.name,
        ))

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
