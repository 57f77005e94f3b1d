"""The project's routes for the sweeps over every URL (scoping, writes, query budget,
security, accessibility, fuzzing): the URL conf's named patterns, and the objects of one area
their keywords point at, built by the builders each app declares in its ``tests/factories.py``
(``URL_KWARGS``, ``URL_KWARG_VALUES``, ``PUBLIC_URLS``, ``STEWARD_URLS``, ``WRITE_ROUTES``)."""
from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from trusts.models import Direction, Membership, Area
from trusts.tests.factories import OfficerFactory, StewardEditFactory, StewardReadFactory, AreaFactory, UserFactory

PROJECT_APPS = ["trusts", "partners", "boards", "pooling", "plans"]


def factory_registry(attr):
    """One name (``URL_KWARGS``, ``WRITE_ROUTES``, ...) merged over every app's ``tests/factories.py``."""
    merged = {} if attr not in ("PUBLIC_URLS", "STEWARD_URLS") else set()
    for label in PROJECT_APPS:
        module = import_module(f"{label}.tests.factories")
        value = getattr(module, attr, None)
        if value:
            merged.update(value)
    return merged


def _patterns(resolver=None, prefix_ns=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{prefix_ns}{entry.namespace}:" if entry.namespace else prefix_ns
            yield from _patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix_ns}{entry.name}", list(entry.pattern.converters) or _regex_kwargs(entry)


def _regex_kwargs(entry):
    return list(entry.pattern.regex.groupindex)


ALL_PATTERNS = sorted(set((name, tuple(kwargs)) for name, kwargs in _patterns()))


class Objects:
    """Builds (and caches) the objects of one area that URL keywords point at."""

    def __init__(self, area, builders):
        self.area = area
        self.builders = builders
        self.cache = {}

    def __getitem__(self, name):
        if name not in self.cache:
            if name not in self.builders:
                pytest.fail(f"URL keyword {name!r} has no builder: add one to URL_KWARGS in an app's tests/factories.py")
            self.cache[name] = self.builders[name](self)
        return self.cache[name]

    def value(self, name):
        obj = self[name]
        if isinstance(obj, Area):
            return obj.la_code
        return getattr(obj, "url_value", None) or getattr(obj, "pk", obj)


def route_url(name, kwargs, objs):
    """The URL of a named pattern, its keywords filled with fixed values or the objects of ``objs``."""
    fixed = factory_registry("URL_KWARG_VALUES")
    values = {k: fixed[k] if k in fixed else objs.value(k) for k in kwargs}
    return reverse(name, kwargs=values)


def write_user(role, objs, entry):
    """The user who POSTs as ``role`` in the write matrix (``None``: an anonymous visitor)."""
    if role in entry.users:
        return entry.users[role](objs)
    if role == "officer":
        return OfficerFactory(area=objs.area)
    if role == "other_officer":
        return OfficerFactory(area=AreaFactory())
    if role in ("board_member", "partner_contact"):
        user = UserFactory(role=role)
        Membership.objects.create(user=user, area=objs.area, role=role)
        return user
    if role == "steward_read":
        return StewardReadFactory()
    if role == "steward_edit":
        return StewardEditFactory()
    return None  # anonymous


# Pages that do their work only when asked something: the query string the budget visits them
# with, and the objects built first so that the data grows around what the page finds.
ASKED = {
    "trusts:search": ({"q": "school or partner or hall or agenda or plan or priority or action"},
                      ("meeting", "version")),
}

STEWARD_PAGES = {"trusts:dashboard", "trusts:dashboard-csv", "trusts:direction-list", "trusts:direction-new",
                 "trusts:framework-changes", "notices:reminder-list"}


def grow(objs, steward, *, n, year):
    """Add ``n`` of each kind of data around the objects the page shows (spend for ``year``)."""
    from boards.tests.factories import AgendaItemFactory, MeetingFactory, SeatFactory
    from partners.tests.factories import PartnerFactory, SchoolFactory
    from plans.tests.factories import ActionFactory, ConsulteeFactory, PriorityFactory
    from pooling.tests.factories import ContributionFactory, SpendFactory

    area = objs.area
    PartnerFactory.create_batch(n, area=area)
    SchoolFactory.create_batch(n, area=area)
    for _ in range(n):
        Direction.objects.create(area=area, arrangement="plan", reason="r", required_action="a",
                                 due_by="2030-01-01", issued_by=steward)
    cache = objs.cache
    if "board" in cache:
        SeatFactory.create_batch(n, board=cache["board"])
        MeetingFactory.create_batch(n, board=cache["board"])
    if "meeting" in cache:
        AgendaItemFactory.create_batch(n, meeting=cache["meeting"])
    if "fund" in cache:
        from pooling.models import Outcome

        for outcome in Outcome.values:
            SpendFactory(fund=cache["fund"], year=year, outcome=outcome)
        ContributionFactory.create_batch(n, fund=cache["fund"], year=year)
    if "version" in cache:
        for priority in PriorityFactory.create_batch(n, version=cache["version"]):
            ActionFactory.create_batch(2, priority=priority)
        ConsulteeFactory.create_batch(n, version=cache["version"])
    if "priority" in cache:
        ActionFactory.create_batch(n, priority=cache["priority"])
