"""Chasers: who feature apps tell, about what, and when. See the package docstring."""
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.utils.module_loading import autodiscover_modules

from trusts.notices import kinds as reminder_kinds

logger = logging.getLogger("trusts.notices")


@dataclass(frozen=True)
class Recipient:
    """Whom to tell: an e-mail address and name, and the user (for the in-app notification) if any."""

    email: str
    name: str = ""
    user_id: int | None = None

    @classmethod
    def of(cls, user):
        return cls(email=user.email.lower(), name=user.full_name, user_id=user.pk)


@dataclass(frozen=True)
class Due:
    """One reminder due today to one person. Everything in it is stored on the ReminderLog row.

    ``deadline`` is the date the rule counts from (the due date; for "after" rules the
    date the thing became due). ``subject_key`` is a stable string naming the thing
    chased ("plan:12", "agreement:4:partner:9"). ``context`` must be JSON-able; the
    e-mail is rendered from ``template + ".txt"`` and ``template + ".html"``.
    """

    kind: str
    recipient: Recipient
    subject_key: str
    deadline: date
    offset: str
    title: str
    area_id: int | None = None
    template: str = "notices/email/reminder"
    context: dict = field(default_factory=dict, hash=False, compare=False)
    link: str = ""

    def __post_init__(self):
        object.__setattr__(self, "kind", reminder_kinds.get(self.kind))  # UnknownKind for a typo

    @property
    def key(self):
        return (self.kind, self.recipient.email.lower(), self.subject_key, self.deadline, self.offset)


class DiscoveredRegistry:
    """Functions that apps register with a decorator in modules named ``module_name``
    (``chasers.py``, ``access.py``), found on first use; ``override`` runs only the given
    functions instead (tests and the benchmark)."""

    module_name = None

    def __init__(self):
        self._registered = []
        self._discovered = False
        self._override = None

    def add(self, fn):
        if fn not in self._registered:
            self._registered.append(fn)
        return fn

    def registered(self):
        if self._override is not None:
            return list(self._override)
        if not self._discovered:
            self._discovered = True
            autodiscover_modules(self.module_name)
        return list(self._registered)

    @contextmanager
    def override(self, *fns):
        """Run only these functions."""
        previous, self._override = self._override, fns
        try:
            yield
        finally:
            self._override = previous


class Registry(DiscoveredRegistry):
    module_name = "chasers"

    def __init__(self):
        super().__init__()
        self._checks = {}

    def register(self, fn, kinds=()):
        fn.chase_kinds = reminder_kinds.require(*kinds)  # an undeclared kind stops the start
        return self.add(fn)

    def chasers(self):
        return self.registered()

    def register_check(self, fn, kinds):
        for kind in reminder_kinds.require(*kinds):
            self._checks[kind] = fn
        return fn

    def still_due(self, log):
        """Asked again when a logged reminder is sent: False when its condition has been met since."""
        self.chasers()  # the checks live next to the chasers
        check = self._checks.get(log.kind)
        return True if check is None else bool(check(log))


registry = Registry()


def chaser(*kinds):
    """Register ``fn(today, rules)`` as a chaser for these kinds of reminder (declared kinds:
    ``trusts.notices.kinds``; an undeclared one raises ``UnknownKind`` on import).

    It is called once per sweep, only when at least one of its kinds is enabled;
    ``rules`` maps each enabled kind to its ChaseRule (a disabled kind is absent).
    """
    def decorate(fn):
        return registry.register(fn, kinds)

    return decorate


def still_due(*kinds):
    """Register ``fn(log) -> bool`` for these kinds: the send task asks it before sending, and
    a reminder whose condition has been met since it was logged is withdrawn, not sent."""
    def decorate(fn):
        return registry.register_check(fn, kinds)

    return decorate


def discover():
    """Import every app's ``reminders.py`` and ``chasers.py`` (the notices app does it when Django
    starts, so a chaser for an undeclared kind stops the start instead of being skipped)."""
    autodiscover_modules("reminders")
    registry.chasers()


def enabled_rules():
    from trusts.notices.models import ChaseRule

    return {rule.kind: rule for rule in ChaseRule.objects.filter(enabled=True)}


def collect(today, rules=None):
    """Every Due item from every chaser, each (kind, whom, what, deadline, offset) once.

    A chaser that fails is logged and skipped: one broken feature must not stop the others'
    reminders.
    """
    rules = enabled_rules() if rules is None else rules
    found = {}
    for fn in registry.chasers():
        kinds = getattr(fn, "chase_kinds", ())
        if kinds and not any(k in rules for k in kinds):
            continue
        try:
            for due in fn(today, rules) or ():
                if due.kind not in rules:
                    continue
                if not due.recipient.email:
                    logger.warning("reminder %s %s has no e-mail address for %s", due.kind, due.subject_key,
                                   due.recipient.name or due.recipient.user_id)
                    continue
                found.setdefault(due.key, due)
        except Exception:
            logger.exception("chaser %s failed", getattr(fn, "__qualname__", fn))
    return list(found.values())
