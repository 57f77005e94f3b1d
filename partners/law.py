"""The law as data: statutory frameworks as dated rule sets.

Each framework is one row here, with the dates it applies from and to and its
source. The per-organisation-type rules live in the duty table beside it. Adding a
framework is adding rows, not code.
"""
from dataclasses import dataclass
from datetime import date

from trusts.dates import long_date


@dataclass(frozen=True)
class Framework:
    code: str
    name: str
    source: str
    in_force_from: date | None  # None: never in force (a proposal an area may preview or adopt)
    in_force_to: date | None  # None: still in force
    board_statutory: bool
    plan_owner: str  # "authority" or "board"
    plan_required: bool
    plan_deadline: date | None  # a new joint plan must be published by this date
    note: str = ""
    consultation_closes: date | None = None  # proposals: the date comments were asked for by

    def in_force_on(self, day):
        if self.in_force_from is None or day < self.in_force_from:
            return False
        return self.in_force_to is None or day <= self.in_force_to


FRAMEWORKS = (
    Framework(
        code="ca2004",
        name="Children Act 2004 as enacted",
        source="Children Act 2004, s10 and s17; DCSF note 2008, para 2 and 14",
        in_force_from=date(2005, 4, 1),
        in_force_to=date(2010, 3, 31),
        board_statutory=False,
        plan_owner="authority",
        plan_required=True,
        plan_deadline=None,
        note="The duty to cooperate binds the relevant partners named in s10(4); the board is not required (para 38).",
    ),
    Framework(
        code="proposals2008",
        name="The 2008 proposals (Strengthening Children's Trusts)",
        source="DCSF note 2008, para 11, 23-26, 34, 36, 50",
        in_force_from=None,
        in_force_to=None,
        board_statutory=True,
        plan_owner="board",
        plan_required=True,
        plan_deadline=date(2010, 4, 1),
        note="Proposals, never in force as written: schools, PRUs, colleges and Schools Forums become relevant "
             "partners; Academies through their funding agreements.",
        consultation_closes=date(2008, 9, 25),  # para 10
    ),
    Framework(
        code="ascl2009",
        name="As amended by the Apprenticeships, Skills, Children and Learning Act 2009",
        source="ASCL Act 2009, s193-194; Children Act 2004 s10, s12A-12D, s17, s17A; SI 2010/591",
        in_force_from=date(2010, 4, 1),
        in_force_to=date(2010, 10, 30),
        board_statutory=True,
        plan_owner="board",
        plan_required=True,
        plan_deadline=date(2010, 4, 1),
        note="Statutory Children's Trust Board; the board prepares and publishes the joint plan.",
    ),
    Framework(
        code="ascl2009_revoked_plan",
        name="2009 Act after the plan regulations were revoked",
        source="ASCL Act 2009, s193-194; revocation of SI 2010/591 from 31 October 2010",
        in_force_from=date(2010, 10, 31),
        in_force_to=None,
        board_statutory=True,
        plan_owner="board",
        plan_required=False,
        plan_deadline=None,
        note="The board and the new partners' duties stay; a joint plan is no longer required by regulations.",
    ),
)

FRAMEWORKS_BY_CODE = {f.code: f for f in FRAMEWORKS}
# the day the plan regulations (SI 2010/591) were revoked: the revoked framework's first day
PLAN_REGULATIONS_REVOKED = FRAMEWORKS_BY_CODE["ascl2009_revoked_plan"].in_force_from


def framework_choices():
    return [(f.code, f.name) for f in FRAMEWORKS]


def framework_in_force(day):
    for framework in FRAMEWORKS:
        if framework.in_force_on(day):
            return framework
    raise LookupError(f"No framework is in force on {day:%d %B %Y}")


def framework_for_area(area, day=None):
    """The framework an area runs under: its chosen one, else the one in force on the day."""
    from django.utils import timezone

    if area.framework:
        return FRAMEWORKS_BY_CODE[area.framework]
    return framework_in_force(day or timezone.localdate())


# ---------------------------------------------------------------------------
# Organisation types: a fixed catalogue in code, not editable data.
# ---------------------------------------------------------------------------
class Kind:
    """Groups used by the rules and the import mappings."""

    MAINTAINED_SCHOOL = "maintained school"
    HEALTH = "health body"
    EDUCATION = "education"
    STATUTORY = "statutory service"
    COMMUNITY = "community"
    AUTHORITY = "authority"


@dataclass(frozen=True)
class OrgType:
    code: str
    label: str
    kind: str
    identifier: str = ""  # "urn", "ukprn", "ods" or ""


ORG_TYPES = (
    OrgType("local_authority", "The children's services authority (the council itself)", Kind.AUTHORITY),
    OrgType("district_council", "District council", Kind.STATUTORY),
    OrgType("police_authority", "Police authority", Kind.STATUTORY),
    OrgType("chief_officer_police", "Chief officer of police", Kind.STATUTORY),
    OrgType("sha", "Strategic Health Authority", Kind.HEALTH, "ods"),
    OrgType("pct", "Primary Care Trust", Kind.HEALTH, "ods"),
    OrgType("probation", "Probation service (National Offender Management Service)", Kind.STATUTORY),
    OrgType("yot", "Youth Offending Team", Kind.STATUTORY),
    OrgType("connexions", "Connexions service (s114 Learning and Skills Act 2000)", Kind.STATUTORY),
    OrgType("lsc", "Learning and Skills Council for England", Kind.STATUTORY),
    OrgType("school_community", "Community school", Kind.MAINTAINED_SCHOOL, "urn"),
    OrgType("school_foundation", "Foundation school", Kind.MAINTAINED_SCHOOL, "urn"),
    OrgType("school_voluntary_aided", "Voluntary aided school", Kind.MAINTAINED_SCHOOL, "urn"),
    OrgType("school_voluntary_controlled", "Voluntary controlled school", Kind.MAINTAINED_SCHOOL, "urn"),
    OrgType("school_community_special", "Community special school", Kind.MAINTAINED_SCHOOL, "urn"),
    OrgType("school_foundation_special", "Foundation special school", Kind.MAINTAINED_SCHOOL, "urn"),
    OrgType("school_nursery", "Maintained nursery school", Kind.MAINTAINED_SCHOOL, "urn"),
    OrgType("non_maintained_special", "Non-maintained special school", Kind.EDUCATION, "urn"),
    OrgType("pru", "Pupil Referral Unit", Kind.EDUCATION, "urn"),
    OrgType("sixth_form_college", "Sixth Form College", Kind.EDUCATION, "ukprn"),
    OrgType("fe_college", "Further Education College", Kind.EDUCATION, "ukprn"),
    OrgType("schools_forum", "Schools Forum", Kind.EDUCATION),
    OrgType("academy", "Academy (including free school)", Kind.EDUCATION, "urn"),
    OrgType("ctc", "City Technology College", Kind.EDUCATION, "urn"),
    OrgType("independent_school", "Independent school", Kind.EDUCATION, "urn"),
    OrgType("jobcentre_plus", "Jobcentre Plus", Kind.STATUTORY),
    OrgType("gp_practice", "GP practice", Kind.HEALTH, "ods"),
    OrgType("childrens_centre", "Sure Start Children's Centre", Kind.COMMUNITY, "urn"),
    OrgType("vcs", "Voluntary and community sector body", Kind.COMMUNITY),
    OrgType("private_provider", "Private or independent provider", Kind.COMMUNITY),
    OrgType("other", "Other organisation", Kind.COMMUNITY),
)
ORG_TYPES_BY_CODE = {t.code: t for t in ORG_TYPES}
MAINTAINED_SCHOOLS = tuple(t.code for t in ORG_TYPES if t.kind == Kind.MAINTAINED_SCHOOL)


def org_type_choices():
    return [(t.code, t.label) for t in ORG_TYPES]


def org_type_label(code):
    """The type's label, or the stored code for a type the law no longer lists. (A model's
    generated get_org_type_display re-evaluates the callable choices on every call, which
    a 50-row table pays hundreds of times.)"""
    info = ORG_TYPES_BY_CODE.get(code)
    return info.label if info else code


IDENTIFIER_NAMES = {"urn": "URN", "ukprn": "UKPRN", "ods_code": "ODS code"}


def allowed_identifiers(org_type):
    """The identifiers an organisation of this type may have. GIAS gives a URN to every
    establishment it registers (schools, academies, colleges, children's centres, secure
    units, independent providers), learning providers have a UKPRN, health bodies an ODS
    code; statutory services (police, probation, councils...) have none of these."""
    info = ORG_TYPES_BY_CODE[org_type]
    if info.identifier == "ods":
        return {"ods_code"}
    if info.identifier in ("urn", "ukprn") or (info.kind == Kind.COMMUNITY and not info.identifier):
        return {"urn", "ukprn"}
    return set()


# ---------------------------------------------------------------------------
# The duty table. For each framework and organisation type: (a) duty to cooperate,
# (b) duty to have regard to the plan, (c) power to pool or share resources (s10),
# (d) delegation of functions (s31 Health Act 1999 / s75 NHS Act 2006), each with
# the source it rests on. Read it against the 2008 note (seeds/004) and the Acts.
# ---------------------------------------------------------------------------
YES = "yes"
NO = "no"
ENGAGE = "engage"  # not bound, but must be engaged (para 25-26)
IF_TWO_TIER = "if_two_tier"  # district councils: only where the area has them
IF_FUNDING_AGREEMENT = "if_funding_agreement"  # 2008 proposals: academies (para 23)
# after the plan regulations were revoked: only while a plan the board published before then is in force
IF_BOARD_PLAN = "if_board_plan"
IF_TWO_TIER_BOARD_PLAN = "if_two_tier_board_plan"  # district councils: both conditions

DUTIES = ("cooperate", "regard", "pool", "delegate")
DUTY_LABELS = {
    "cooperate": "Duty to cooperate (relevant partner, s10)",
    "regard": "Must have regard to the Children and Young People's Plan",
    "pool": "May pool budgets or share staff, goods, services and accommodation (s10)",
    "delegate": "May take part in delegation of functions (s31 Health Act 1999 / s75 NHS Act 2006)",
}


@dataclass(frozen=True)
class Cell:
    value: str
    source: str


def c(value, source):
    return Cell(value, source)


S10_ENACTED = "Children Act 2004 s10(4); DCSF note 2008 para 14"
S10_POOL = "Children Act 2004 s10(6); para 14, 48"
NOT_RELEVANT_POOL = "Only the authority and relevant partners may pool: s10(6); para 14, 48, 50"
S75 = "s31 Health Act 1999 / s75 NHS Act 2006; para 49"
S75_NO = ("Only prescribed NHS bodies and local authorities may enter partnership arrangements: s75 NHS Act 2006; "
          "SI 2000/617 reg 3; para 49")
# SI 2000/617 reg 3(2) prescribes as local authorities: (a) a district council, (b) a county council,
# (c) a county borough council, (d) a London borough council, (e) the Common Council of the City of London
S75_DISTRICT = ("A district council is a prescribed local authority for partnership arrangements with NHS bodies, "
                "for its health-related functions: s75 NHS Act 2006; SI 2000/617 reg 3(2)(a), reg 6")
S38 = "s38 Education and Inspections Act 2006 (Education Act 2002 s21(5)); para 20, 30"
NO_REGARD_ENACTED = "As enacted, only maintained schools must have regard to the plan: para 20, 30, 31"
OTHER_PARTNER = "An 'other' partner: engaged but not bound (s10(1)(c); para 14, 47)"
ENGAGED = "Must be engaged but is not a relevant partner: para 25-26"
P2008 = "DCSF note 2008 para 11, 23-24 (proposed amendment of s10)"
P2008_REGARD = "Every partner under the duty to cooperate must have regard: para 11, 34"
A2009 = "Children Act 2004 s10(4) as amended by ASCL Act 2009 s193"
A2009_POOL = "Children Act 2004 s10(5A), s10(6) as amended by ASCL Act 2009 s193"
A2009_REGARD = "Relevant partners must have regard to the joint plan: Children Act 2004 s17A (ASCL Act 2009)"
NO_REGARD_2008 = "Only partners under the duty to cooperate would have to have regard to the plan: para 11, 34"
NO_REGARD_2009 = "Only relevant partners (and maintained schools, s38 EIA 2006) must have regard: s17A"
# The department's archived FAQ on Children's Trusts: a local authority's plan runs to the end of
# its period unless the board published a new one first, but relevant partners need not have regard
# to it; nobody need review it. So the duty survives only for a plan the board published under the
# regulations, while that plan's period runs.
REVOKED_REGARD = (f"Relevant partners must have regard only to a plan the Children's Trust Board published before "
                  f"{long_date(PLAN_REGULATIONS_REVOKED)}, to the end of its period; not to a local authority's plan "
                  f"or a voluntary one: Children Act 2004 s17A (ASCL Act 2009); SI 2010/591 revoked from "
                  f"{long_date(PLAN_REGULATIONS_REVOKED)}; Department for Education, Children's Trusts: "
                  f"frequently asked questions (archived)")


def _restate_no_regard(rows, source):
    """The as-enacted reason for 'no regard' would mislead under a later framework."""
    for code, row in rows.items():
        if row["regard"].value == NO and row["regard"].source == NO_REGARD_ENACTED:
            rows[code] = dict(row, regard=c(NO, source))
    return rows


def _row(cooperate, regard, pool, delegate):
    return {"cooperate": cooperate, "regard": regard, "pool": pool, "delegate": delegate}


def _enacted():
    relevant = _row(c(YES, S10_ENACTED), c(NO, NO_REGARD_ENACTED), c(YES, S10_POOL), c(NO, S75_NO))
    health = _row(c(YES, S10_ENACTED), c(NO, NO_REGARD_ENACTED), c(YES, S10_POOL), c(YES, S75))
    school = _row(c(NO, OTHER_PARTNER), c(YES, S38), c(NO, NOT_RELEVANT_POOL), c(NO, S75_NO))
    other = _row(c(NO, OTHER_PARTNER), c(NO, NO_REGARD_ENACTED), c(NO, NOT_RELEVANT_POOL), c(NO, S75_NO))
    engaged = _row(c(ENGAGE, ENGAGED), c(NO, NO_REGARD_ENACTED), c(NO, NOT_RELEVANT_POOL), c(NO, S75_NO))
    rows = {code: other for code in ORG_TYPES_BY_CODE}
    rows.update({code: school for code in MAINTAINED_SCHOOLS})
    rows.update(
        local_authority=_row(
            c(NO, "The authority makes the arrangements; it is not its own partner: s10(1)"),
            c(YES, "The authority prepares and publishes the plan: Children Act 2004 s17"),
            c(YES, S10_POOL),
            c(YES, S75),
        ),
        district_council=_row(
            c(IF_TWO_TIER, S10_ENACTED), c(NO, NO_REGARD_ENACTED), c(IF_TWO_TIER, S10_POOL), c(YES, S75_DISTRICT)
        ),
        police_authority=relevant, chief_officer_police=relevant, probation=relevant, yot=relevant,
        connexions=relevant, lsc=relevant, sha=health, pct=health,
        gp_practice=engaged, childrens_centre=engaged,
    )
    return rows


def _proposals2008(enacted):
    rows = dict(enacted)
    widened = _row(c(YES, P2008), c(YES, P2008_REGARD), c(YES, S10_POOL + "; para 23"), c(NO, S75_NO))
    for code, row in enacted.items():
        if row["cooperate"].value in (YES, IF_TWO_TIER):
            # regard follows the duty to cooperate: a district council only where the area is two-tier
            rows[code] = dict(row, regard=c(row["cooperate"].value, P2008_REGARD))
    rows.update({code: widened for code in (*MAINTAINED_SCHOOLS, "pru", "sixth_form_college", "fe_college",
                                            "schools_forum")})
    rows["academy"] = _row(
        c(IF_FUNDING_AGREEMENT, "Future Academies come within scope through the model funding agreement: para 11, 23"),
        c(IF_FUNDING_AGREEMENT, P2008_REGARD),
        c(IF_FUNDING_AGREEMENT, S10_POOL),
        c(NO, S75_NO),
    )
    rows["gp_practice"] = dict(enacted["gp_practice"], regard=c(NO, "GPs should have regard, but no duty is proposed: para 25"))
    return _restate_no_regard(rows, NO_REGARD_2008)


def _ascl2009(enacted):
    rows = dict(enacted)
    added = _row(c(YES, A2009), c(YES, A2009_REGARD), c(YES, A2009_POOL), c(NO, S75_NO))
    for code, row in enacted.items():
        if row["cooperate"].value in (YES, IF_TWO_TIER):
            rows[code] = dict(row, regard=c(row["cooperate"].value, A2009_REGARD),
                              pool=Cell(row["pool"].value, A2009_POOL))
    rows.update({code: added for code in (*MAINTAINED_SCHOOLS, "non_maintained_special", "academy", "ctc",
                                            "sixth_form_college", "fe_college", "jobcentre_plus")})
    rows["lsc"] = _row(
        c(NO, "The Learning and Skills Council was abolished on 1 April 2010 (ASCL Act 2009 Part 3)"),
        c(NO, "Abolished 1 April 2010"), c(NO, "Abolished 1 April 2010"), c(NO, S75_NO),
    )
    rows["pru"] = dict(enacted["pru"], cooperate=c(NO, "Pupil Referral Units were left to regulations, not added by s193"))
    rows["local_authority"] = dict(
        enacted["local_authority"], regard=c(YES, "The authority is represented on the board that owns the plan: s12A, s17")
    )
    return _restate_no_regard(rows, NO_REGARD_2009)


def _ascl2009_revoked_plan(ascl2009):
    """The board and the relevant partners stay (schools, colleges and Jobcentre Plus among them);
    their duty to have regard holds only while a plan the board published before the revocation is
    in force, never for a local authority's plan or a voluntary one."""
    rows = dict(ascl2009)
    for code, row in ascl2009.items():
        cooperate = row["cooperate"].value
        if cooperate == YES:
            rows[code] = dict(row, regard=c(IF_BOARD_PLAN, REVOKED_REGARD))
        elif cooperate == IF_TWO_TIER:
            rows[code] = dict(row, regard=c(IF_TWO_TIER_BOARD_PLAN, REVOKED_REGARD))
    return rows


_ENACTED = _enacted()
_ASCL2009 = _ascl2009(_ENACTED)
RULES = {
    "ca2004": _ENACTED,
    "proposals2008": _proposals2008(_ENACTED),
    "ascl2009": _ASCL2009,
    "ascl2009_revoked_plan": _ascl2009_revoked_plan(_ASCL2009),
}
BOARD_PLAN_VALUES = (IF_BOARD_PLAN, IF_TWO_TIER_BOARD_PLAN)


def depends_on_board_plan(framework_code, duty=None):
    """Whether an answer under the framework (for one duty, or any) turns on a board plan being
    in force, so a caller asks the database only when it matters."""
    duties = (duty,) if duty else DUTIES
    return any(row[d].value in BOARD_PLAN_VALUES for row in RULES[framework_code].values() for d in duties)


# ---------------------------------------------------------------------------
# Asking the table. Every answer comes with its reason and source.
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    duty: str
    applies: bool
    engaged_only: bool
    reason: str
    source: str

    @property
    def label(self):
        return DUTY_LABELS[self.duty]

    @property
    def summary(self):
        if self.engaged_only:
            return "Engaged, not bound"
        return "Yes" if self.applies else "No"


BOARD_PLAN_ONLY = (f"while a plan the Children's Trust Board published before {long_date(PLAN_REGULATIONS_REVOKED)} "
                   f"is in force")
NO_BOARD_PLAN = ("it does not apply: no such plan is in force in the area (a local authority's plan or a voluntary "
                 "plan does not count).")


def answer(framework_code, org_type, duty, *, two_tier, funding_agreement=False, board_plan=False):
    """The answer for one organisation type and duty, with its reason and source.

    ``board_plan``: whether a plan the board published before the plan regulations were
    revoked is in force in the area on the day (``partners.regard.board_plan_in_force``)."""
    cell = RULES[framework_code][org_type][duty]
    framework = FRAMEWORKS_BY_CODE[framework_code]
    label = ORG_TYPES_BY_CODE[org_type].label
    if cell.value == IF_TWO_TIER:
        applies = two_tier
        why = ("it applies because the area is two-tier" if two_tier
               else "it does not apply: the area is single-tier, so it has no district councils")
        reason = f"{label}: named for two-tier areas under {framework.name}; {why}."
    elif cell.value == IF_FUNDING_AGREEMENT:
        applies = funding_agreement
        why = ("its funding agreement brings it within scope" if funding_agreement
               else "its funding agreement does not bring it within scope")
        reason = f"{label}: within scope under {framework.name} only through its funding agreement; {why}."
    elif cell.value == IF_BOARD_PLAN:
        applies = bool(board_plan)
        why = "it applies: such a plan is in force in the area." if applies else NO_BOARD_PLAN
        reason = f"{label}: under {framework.name} this applies only {BOARD_PLAN_ONLY}; {why}"
    elif cell.value == IF_TWO_TIER_BOARD_PLAN:
        applies = two_tier and bool(board_plan)
        if not two_tier:
            why = "it does not apply: the area is single-tier, so it has no district councils."
        else:
            why = "it applies: the area is two-tier and such a plan is in force." if applies else NO_BOARD_PLAN
        reason = f"{label}: under {framework.name} this applies only in a two-tier area, {BOARD_PLAN_ONLY}; {why}"
    else:
        applies = cell.value == YES
        verb = "applies" if applies else ("does not bind it, but it must be engaged" if cell.value == ENGAGE
                                          else "does not apply")
        reason = f"{label}: under {framework.name} this {verb}."
    return Answer(duty, applies, cell.value == ENGAGE, reason, cell.source)


# A partner is an organisation that exists: an establishment closed on or before the day (or not yet
# open) has no governing body or proprietor for a duty to bind. Dates as Get Information about
# Schools records them (OpenDate, CloseDate); the closed school's record is kept, not deleted.
NOT_OPEN_SOURCE = ("Children Act 2004 s10(4) binds bodies that exist: a closed establishment has no governing "
                   "body or proprietor; opening and closing dates from Get Information about Schools "
                   "(OpenDate, CloseDate)")


def not_open_answer(framework_code, org_type, duty, *, day, opened_on=None, closed_on=None, closed_reason=""):
    """The answer for a partner that is not open on ``day``: no duty holds, and why."""
    label = ORG_TYPES_BY_CODE[org_type].label if org_type in ORG_TYPES_BY_CODE else org_type
    if closed_on is not None and closed_on <= day:
        why = f"it closed on {long_date(closed_on)}" + (f" ({closed_reason})" if closed_reason else "")
    else:
        why = f"it had not opened on {long_date(day)}" + (
            f" (it opened on {long_date(opened_on)})" if opened_on else "")
    name = FRAMEWORKS_BY_CODE[framework_code].name
    return Answer(duty, False, False, f"{label}: under {name} this does not apply on {long_date(day)}: {why}.",
                  NOT_OPEN_SOURCE)


def duty_values(framework_code, duty, *, two_tier, board_plan=False):
    """(types for which the duty always applies, types where it depends on the funding agreement),
    for an area that is two-tier or not, with or without a board plan in force (see ``answer``).

    Lets a query filter partners in the database instead of in Python."""
    always, by_agreement = [], []
    for org_type, row in RULES[framework_code].items():
        value = row[duty].value
        if (value == YES or (value == IF_TWO_TIER and two_tier) or (value == IF_BOARD_PLAN and board_plan)
                or (value == IF_TWO_TIER_BOARD_PLAN and two_tier and board_plan)):
            always.append(org_type)
        elif value == IF_FUNDING_AGREEMENT:
            by_agreement.append(org_type)
    return always, by_agreement


def plan_deadline(framework_code):
    return FRAMEWORKS_BY_CODE[framework_code].plan_deadline
