"""Representation by group: one board seat for a whole class of partners.

The law lets one person represent several partners: the board "need not have a separate
representative for each" relevant partner (Children Act 2004 s12A(5), inserted by the ASCL
Act 2009 s194), and schools are represented on the board as a sector (DCSF note 2008
para 40, 46). A real area has hundreds of schools; a seat per school, or a hand-picked
list of them, is neither what the law asks nor something an officer can keep up to date.

So a seat may name *groups*, each a rule over the register's organisation types
(``partners.law.ORG_TYPES``), defined once here as data with its source. Membership is
never stored: it is computed from the register as it stands (the partner's current
organisation type and whether it is still open), so a school that opens joins its group
and one that closes (withdrawn from the register) leaves it, with no stale copied list.
The seat's choice of groups is audited with the seat (django-simple-history); each
partner's own history records when it opened, changed type or closed.

The register does not record a school's phase (primary, secondary), so the groups are by
type of school, not by phase.
"""
from dataclasses import dataclass

from partners import law

S12A5 = "Children Act 2004 s12A(5), inserted by ASCL Act 2009 s194: one person may represent several partners"


@dataclass(frozen=True)
class Group:
    code: str
    label: str  # "All maintained schools": reads after "represents"
    org_types: tuple
    source: str
    hint: str = ""
    constituency: str = ""  # pre-fills "Who does the seat represent?" on "Add a seat"

    def covers(self, partner):
        return partner.org_type in self.org_types


GROUPS = (
    Group("maintained_schools", "All maintained schools", law.MAINTAINED_SCHOOLS,
          f"{S12A5}; ASCL Act 2009 s193 (governing bodies of maintained schools); DCSF note 2008 para 46",
          "Community, foundation, voluntary, special and nursery schools maintained by the authority", "schools"),
    Group("mainstream_schools", "All community, foundation and voluntary schools",
          ("school_community", "school_foundation", "school_voluntary_aided", "school_voluntary_controlled"),
          f"{S12A5}; DCSF note 2008 para 46",
          "Mainstream maintained schools, without special and nursery schools", "schools"),
    Group("special_schools", "All special schools",
          ("school_community_special", "school_foundation_special", "non_maintained_special"),
          f"{S12A5}; ASCL Act 2009 s193 (non-maintained special schools)",
          "Maintained and non-maintained special schools", "schools"),
    Group("nursery_schools", "All maintained nursery schools", ("school_nursery",), S12A5,
          constituency="schools"),
    Group("academies", "All academies and city technology colleges", ("academy", "ctc"),
          f"{S12A5}; ASCL Act 2009 s193 (proprietors of academies and city technology colleges)",
          "Including free schools", "schools"),
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


def org_types_of(codes):
    """Every organisation type the groups cover."""
    return frozenset(t for g in groups_of(codes) for t in g.org_types)


def member_counts(groups, counts_by_type):
    """[(group, members)] from the register's counts of open partners by organisation type."""
    return [(g, sum(counts_by_type.get(t, 0) for t in g.org_types)) for g in groups]
