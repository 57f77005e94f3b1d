"""The law as data: statutory frameworks as dated rule sets.

Each framework is one row here, with the dates it applies from and to and its
source. The per-organisation-type rules live in the duty table beside it. Adding a
framework is adding rows, not code.
"""
from dataclasses import dataclass
from datetime import date


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


def framework_choices():
    return [(f.code, f.name) for f in FRAMEWORKS]


def framework_in_force(day):
    for framework in FRAMEWORKS:
        if framework.in_force_on(day):
            return framework
    raise LookupError(f"No framework is in force on {day:%d %B %Y}")


def framework_for_trust(trust, day=None):
    """The framework an area runs under: its chosen one, else the one in force on the day."""
    from django.utils import timezone

    if trust.framework:
        return FRAMEWORKS_BY_CODE[trust.framework]
    return framework_in_force(day or timezone.localdate())
