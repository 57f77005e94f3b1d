"""Representation by group: one board seat for a whole class of partners.

The law lets one person represent several partners: the board "need not have a separate
representative for each" relevant partner (Children Act 2004 s12A(5), inserted by the ASCL
Act 2009 s194), and schools are represented on the board as a sector (DCSF note 2008
para 40, 46). A real area has hundreds of schools; a seat per school, or a hand-picked
list of them, is neither what the law asks nor something an officer can keep up to date.

So a seat may name *groups*, each a rule over the register's organisation types
(``partners.law.ORG_TYPES``) and, for schools, their phase of education
(``Partner.phase``, as the national register GIAS records it), defined once here as data
with its source. Membership is never stored: it is computed from the register as it
stands (the partner's current organisation type, its phase and whether it is still
open), so a school that opens joins its group, one that closes (withdrawn from the
register) leaves it, and one whose phase changes moves between the primary and the
secondary group, with no stale copied list. The seat's choice of groups is audited with
the seat (django-simple-history); each partner's own history records when it opened,
changed type or phase, or closed.

Phase groups follow the seats real boards have: a primary headteachers' representative,
a secondary one, one for special schools and one for colleges.

- *Primary* is GIAS's Nursery, Primary and Middle deemed primary; the primary group for
  maintained schools includes maintained nursery schools (their phase is Nursery), since
  the primary headteachers' representative is the one who speaks for early years
  settings in school. So "primary" + "secondary" + "special schools" seats cover every
  maintained school.
- *Secondary* is Secondary, Middle deemed secondary, All-through and 16 plus: an
  all-through school and a sixth form in a school sit with the secondary heads.
- A school whose phase is blank or "Not applicable" (most special schools and pupil
  referral units) is in neither phase group: it is represented by a group by type (all
  special schools, all academies, all maintained schools) or by name, and until then the
  composition check counts it as a gap of its type.
"""
from dataclasses import dataclass

from django.db.models import Q

from partners import law
from partners.models import Phase

S12A5 = "Children Act 2004 s12A(5), inserted by ASCL Act 2009 s194: one person may represent several partners"


@dataclass(frozen=True)
class Group:
    code: str
    label: str  # "All maintained schools": reads after "represents"
    org_types: tuple
    source: str
    hint: str = ""
    constituency: str = ""  # pre-fills "Who does the seat represent?" on "Add a seat"
    phases: tuple = ()  # Partner.phase values; empty: any phase (or none)

    def covers(self, partner):
        """Is the partner of the group's types and phases? (Open or closed: callers pass
        the open partners, ``Partner.objects.active()``, or use ``members_q``.)"""
        return partner.org_type in self.org_types and (not self.phases or partner.phase in self.phases)

    def q(self):
        """The rule as a filter on Partner (without the area and the open-partner test)."""
        rule = Q(org_type__in=self.org_types)
        return rule & Q(phase__in=self.phases) if self.phases else rule


PRIMARY_PHASES = (Phase.NURSERY.value, Phase.PRIMARY.value, Phase.MIDDLE_PRIMARY.value)
SECONDARY_PHASES = (Phase.SECONDARY.value, Phase.MIDDLE_SECONDARY.value, Phase.ALL_THROUGH.value,
                    Phase.SIXTEEN_PLUS.value)
MAINSTREAM = ("school_community", "school_foundation", "school_voluntary_aided", "school_voluntary_controlled")
PHASE_SOURCE = (f"{S12A5}; DCSF note 2008 para 46 (schools represented on the board); phase as recorded on "
                "Get Information about Schools (PhaseOfEducation)")


GROUPS = (
    Group("maintained_schools", "All maintained schools", law.MAINTAINED_SCHOOLS,
          f"{S12A5}; ASCL Act 2009 s193 (governing bodies of maintained schools); DCSF note 2008 para 46",
          "Community, foundation, voluntary, special and nursery schools maintained by the authority", "schools"),
    Group("mainstream_schools", "All community, foundation and voluntary schools", MAINSTREAM,
          f"{S12A5}; DCSF note 2008 para 46",
          "Mainstream maintained schools, without special and nursery schools", "schools"),
    Group("maintained_primary", "All maintained primary schools", (*MAINSTREAM, "school_nursery"), PHASE_SOURCE,
          "Community, foundation and voluntary schools whose phase is primary or middle deemed primary, "
          "and maintained nursery schools", "schools", phases=PRIMARY_PHASES),
    Group("maintained_secondary", "All maintained secondary schools", MAINSTREAM, PHASE_SOURCE,
          "Community, foundation and voluntary schools whose phase is secondary, middle deemed secondary, "
          "all-through or 16 plus", "schools", phases=SECONDARY_PHASES),
    Group("special_schools", "All special schools",
          ("school_community_special", "school_foundation_special", "non_maintained_special"),
          f"{S12A5}; ASCL Act 2009 s193 (non-maintained special schools)",
          "Maintained and non-maintained special schools", "schools"),
    Group("nursery_schools", "All maintained nursery schools", ("school_nursery",), S12A5,
          constituency="schools"),
    Group("academies", "All academies and city technology colleges", ("academy", "ctc"),
          f"{S12A5}; ASCL Act 2009 s193 (proprietors of academies and city technology colleges)",
          "Including free schools", "schools"),
    Group("primary_academies", "All primary academies", ("academy",),
          f"{PHASE_SOURCE}; ASCL Act 2009 s193 (proprietors of academies)",
          "Academies and free schools whose phase is nursery, primary or middle deemed primary", "schools",
          phases=PRIMARY_PHASES),
    Group("secondary_academies", "All secondary academies and city technology colleges", ("academy", "ctc"),
          f"{PHASE_SOURCE}; ASCL Act 2009 s193 (proprietors of academies and city technology colleges)",
          "Academies, free schools and city technology colleges whose phase is secondary, middle deemed "
          "secondary, all-through or 16 plus", "schools", phases=SECONDARY_PHASES),
    Group("pupil_referral_units", "All pupil referral units", ("pru",), f"{S12A5}; DCSF note 2008 para 23-24",
          constituency="schools"),
    Group("colleges", "All further education and sixth form colleges", ("fe_college", "sixth_form_college"),
          f"{S12A5}; ASCL Act 2009 s193 (institutions in the further education sector)"),
    Group("vcs", "The voluntary and community sector", ("vcs",),
          "DCSF note 2008 para 47: the sector should have a place on the board",
          "Every voluntary and community sector body on the register", "vcs"),
)
GROUPS_BY_CODE = {g.code: g for g in GROUPS}


def group_choices():
    return [(g.code, g.label) for g in GROUPS]


def groups_of(codes):
    """The groups for stored codes, in catalogue order (an unknown code is ignored)."""
    wanted = set(codes or ())
    return [g for g in GROUPS if g.code in wanted]


def members_q(codes):
    """The groups' rules as one filter on Partner, or None when no group is named.

    Add the area and ``~Q(engagement="withdrawn")``: a closed partner is in no group."""
    rules = [g.q() for g in groups_of(codes)]
    if not rules:
        return None
    combined = rules[0]
    for rule in rules[1:]:
        combined |= rule
    return combined


class Coverage:
    """The partners that the groups named on one or more seats cover, tested in Python
    (no query): ``covers(partner)`` reads the partner's org_type and phase only."""

    def __init__(self, codes):
        self.groups = groups_of(codes)
        self.org_types = frozenset(t for g in self.groups for t in g.org_types)

    def __bool__(self):
        return bool(self.groups)

    def covers(self, partner):
        return partner.org_type in self.org_types and any(g.covers(partner) for g in self.groups)


def member_counts(groups, counts):
    """[(group, members)] from the register's counts of open partners.

    ``counts`` is keyed by ``(org_type, phase)`` (``values_list("org_type", "phase")``);
    a count keyed by organisation type alone is accepted for groups without phases only."""
    result = []
    for g in groups:
        n = 0
        for key, count in counts.items():
            org_type, phase = key if isinstance(key, tuple) else (key, None)
            if org_type in g.org_types and (not g.phases or phase in g.phases):
                n += count
        result.append((g, n))
    return result
