"""Kinds of reminder: declared once, as constants, by the app that owns them.

A kind is the code a chaser yields, a chase rule is keyed on and the reminder log stores
(``"plan_review_due"``). Each app declares its own in its ``reminders.py``::

    PLAN_REVIEW_DUE = declare("plan_review_due", "Plan review due", rule=DefaultRule(
        "before", "30,10,1", "working", None, "Annual review of the plan due: ..."))

and uses the constant everywhere (``@chaser(PLAN_REVIEW_DUE)``, ``rules[PLAN_REVIEW_DUE]``,
``send_now(kind=PLAN_REVIEW_DUE, ...)``). A ``ReminderKind`` *is* its code (a ``str``), so it
is stored, compared and used as a dict key like the string it is.

A kind that was never declared is an error, not a reminder skipped in silence: the notices
app imports every ``reminders.py`` and ``chasers.py`` when Django starts, and a chaser or
check registered for an unknown kind stops the start (``ImproperlyConfigured``); a ``Due``
or an immediate message of an unknown kind raises ``UnknownKind`` where it is made.

A kind with a ``DefaultRule`` is chased: that rule is put in the database after every
``migrate`` if no rule of the kind is there (stewards then change it in the admin). A kind
without one is sent at once (an invitation, a password reset) or chased only when a steward
adds a rule for it.
"""
import sys
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


class UnknownKind(ImproperlyConfigured):
    pass


@dataclass(frozen=True)
class DefaultRule:
    """The chase rule a kind starts with: before or after its deadline, at which offsets, in
    working or calendar days, repeated every N units (None: not repeated)."""

    direction: str
    offsets: str
    unit: str
    repeat_every: int | None
    description: str


class ReminderKind(str):
    """A declared kind: its code, the name people read, and its default chase rule (if chased)."""

    label: str
    rule: DefaultRule | None
    owner: str

    def __new__(cls, code, label, rule=None, owner=""):
        kind = super().__new__(cls, code)
        kind.label, kind.rule, kind.owner = label, rule, owner
        return kind


_declared: dict[str, ReminderKind] = {}


def declare(code, label, *, rule=None):
    """Declare a kind of reminder (once, in the owning app's ``reminders.py``)."""
    owner = sys._getframe(1).f_globals.get("__name__", "")
    known = _declared.get(code)
    if known is not None and known.owner != owner:
        raise ImproperlyConfigured(f"The reminder kind {code!r} is declared twice ({known.owner} and {owner})")
    kind = ReminderKind(code, label, rule, owner)
    _declared[code] = kind
    return kind


def get(code):
    """The declared kind with this code; ``UnknownKind`` if none (a typo, or an undeclared kind)."""
    try:
        return _declared[str(code)]
    except KeyError:
        raise UnknownKind(f"No reminder kind {code!r} is declared (declare it in its app's reminders.py)") from None


def require(*codes):
    """Each code as its declared kind; ``UnknownKind`` for the first that is not declared."""
    return tuple(get(code) for code in codes)


def declared():
    """Every declared kind, by code."""
    return sorted(_declared.values())


def label(code):
    """The name of a kind; a kind found in old data but no longer declared reads as words."""
    kind = _declared.get(str(code or ""))
    return kind.label if kind is not None else str(code or "").replace("_", " ").capitalize()


def choices():
    return [(kind, kind.label) for kind in declared()]


def add_missing_rules(ChaseRule, using="default"):
    """Create the default rule of each chased kind that has no rule in the database (a rule a
    steward changed or disabled is left as it is: to stop one, disable it)."""
    present = set(ChaseRule.objects.using(using).values_list("kind", flat=True))
    ChaseRule.objects.using(using).bulk_create([
        ChaseRule(kind=str(kind), direction=kind.rule.direction, offsets=kind.rule.offsets, unit=kind.rule.unit,
                  repeat_every=kind.rule.repeat_every, description=kind.rule.description, enabled=True)
        for kind in declared() if kind.rule is not None and kind not in present
    ])


def sync_chase_rules(sender=None, using="default", apps=None, **kwargs):
    """post_migrate (also after a test database's flush): add any default rule missing by kind."""
    if apps is None:
        from django.apps import apps
    try:
        ChaseRule = apps.get_model("notices", "ChaseRule")
    except LookupError:  # not migrated yet
        return
    add_missing_rules(ChaseRule, using)
