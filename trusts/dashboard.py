"""The national compliance dashboard: one row per area, columns from every app.

Each feature app may have a ``dashboard.py`` with ``provide(areas, today)`` returning a
``Contribution``: its columns, their values per area id, headline totals and charts.
Providers must use aggregate queries over all areas at once (never one query per
area), so the page runs a constant number of queries at any scale. This module
knows no feature app: providers are discovered by module name.
"""
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from trusts.models import Direction, Trust

log = logging.getLogger(__name__)


@dataclass
class Column:
    key: str
    label: str
    numeric: bool = False
    # a filter offered on the page: (label, predicate on the cell's sort value)
    flag: str = ""


@dataclass
class Cell:
    text: str
    sort: object = None
    flagged: bool = False  # e.g. overdue; the row matches this column's filter


@dataclass
class Contribution:
    columns: list
    values: dict  # {trust_id: {column_key: Cell}}
    totals: list = field(default_factory=list)  # sentences
    charts: list = field(default_factory=list)  # (title, [(label, count)])


def _trusts_provider(areas, today):
    still_open = ~Q(status=Direction.Status.CLOSED)
    counts = list(
        Direction.objects.filter(trust__in=areas).values("trust_id")
        .annotate(n_open=Count("pk", filter=still_open), n_overdue=Count("pk", filter=still_open & Q(due_by__lt=today)))
        .values_list("trust_id", "n_open", "n_overdue")
    )
    open_counts = {pk: n for pk, n, _ in counts}
    overdue = {pk: n for pk, _, n in counts}
    values = {}
    frameworks = {}
    for area in areas:
        framework = area.effective_framework(today)
        frameworks[framework.name] = frameworks.get(framework.name, 0) + 1
        n_open = open_counts.get(area.pk, 0)
        values[area.pk] = {
            "framework": Cell(framework.name, framework.name),
            "directions": Cell(
                f"{n_open} open" + (f", {overdue[area.pk]} overdue" if overdue.get(area.pk) else ""),
                n_open, flagged=n_open > 0,
            ),
        }
    total_open = sum(open_counts.values())
    return Contribution(
        columns=[Column("framework", "Framework"), Column("directions", "Directions", True, flag="With open directions")],
        values=values,
        totals=[f"{total_open} open direction{'s' if total_open != 1 else ''}"],
    )


def providers():
    found = [_trusts_provider]
    for config in apps.get_app_configs():
        if config.name == "trusts":
            continue
        try:
            module = import_module(f"{config.name}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.dashboard":
                raise
            continue
        found.append(module.provide)
    return found


# the "Show only" value for areas with any flagged cell: those not meeting the rules
NOT_MET = "any"


def build(*, today=None, authority_type="", region="", framework="", flag="", sort="name", descending=False):
    """The dashboard's rows (every area that matches, for the CSV and the API)."""
    today = today or timezone.localdate()
    return select(figures(today).national, authority_type=authority_type, region=region, framework=framework,
                  flag=flag, sort=sort, descending=descending)


@lru_cache(maxsize=4)
def columns(today):
    """The columns every provider gives (on ``today``: a column's label may name the year),
    worked out without data: a provider given no areas runs no query. Kept per process,
    so a page served from the page cache can check its filters without the figures."""
    return tuple(column for provide in providers() for column in provide([], today).columns)


class Figures:
    """The unfiltered national picture for one day. At national scale the providers take a
    second or two, so it is kept for DASHBOARD_CACHE_SECONDS (in Redis in production, shared
    by every web process); filtering and sorting then run on it in memory.

    ``version`` names the figures in the cache (when they were worked out) and costs one
    small cache read, so a page cached with it as a vary value is made again when the
    figures are, and serving that page never loads them. Without the figures cache
    ``version`` is None: the figures are read from the database as the page is made, and
    the page cache sees the tables they read. ``national`` is loaded when first read."""

    def __init__(self, today):
        self.today = today
        self.seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
        self.version = None
        self._national = None
        if self.seconds:
            self.version = _cache_call(cache.get, self._key("version"))
            if self.version is None:
                self._refresh()

    def _key(self, part):
        return f"trusts:dashboard:{self.today.isoformat()}:{part}"

    def _refresh(self):
        self._national = _national(self.today)
        if self.seconds:
            self.version = self._national["generated_at"].isoformat()
            # the figures before their name, so a reader who finds the name finds them
            _cache_call(cache.set, self._key(self.version), self._national, self.seconds)
            _cache_call(cache.set, self._key("version"), self.version, self.seconds)
        return self._national

    @property
    def national(self):
        if self._national is None:
            held = _cache_call(cache.get, self._key(self.version)) if self.version else None
            self._national = held if held is not None else self._refresh()
        return self._national


def figures(today=None):
    return Figures(today or timezone.localdate())


def _cache_call(method, *args):
    """The cache is an optimisation: if Redis is down the page is computed, not broken."""
    try:
        return method(*args)
    except Exception as exc:  # redis-py raises several kinds; none may break the page
        log.warning("dashboard cache unavailable: %s", exc)
        return None


def _national(today):
    areas = list(Trust.objects.order_by("name"))
    columns, values, totals, charts = [], {a.pk: {} for a in areas}, [], []
    for provide in providers():
        part = provide(areas, today)
        columns.extend(part.columns)
        totals.extend(part.totals)
        charts.extend(part.charts)
        for pk, cells in part.values.items():
            values.setdefault(pk, {}).update(cells)
    return {"areas": areas, "values": values, "columns": columns, "totals": totals, "charts": charts,
            "generated_at": timezone.now()}


def select(national, *, authority_type="", region="", framework="", flag="", sort="name", descending=False):
    """The rows matching the filters, sorted, with the national totals and summary."""
    areas, values, columns = national["areas"], national["values"], national["columns"]
    flag_keys = [c.key for c in columns if c.flag]
    rows = []
    for area in areas:
        cells = values[area.pk]
        if authority_type and area.authority_type != authority_type:
            continue
        if region and area.region != region:
            continue
        if framework and cells.get("framework") and cells["framework"].sort != framework:
            continue
        if flag == NOT_MET:
            if not _reasons(cells, flag_keys):
                continue
        elif flag and not (cells.get(flag) and cells[flag].flagged):
            continue
        rows.append({"area": area, "cells": [cells.get(c.key, Cell("–")) for c in columns], "by_key": cells})
    keys = {c.key for c in columns}
    if sort in keys:
        rows.sort(key=lambda r: (r["by_key"].get(sort, Cell("")).sort is None,
                                 _sortable(r["by_key"].get(sort, Cell("")).sort)), reverse=descending)
    else:
        rows.sort(key=lambda r: r["area"].name, reverse=descending)
    return {"columns": columns, "rows": rows, "totals": national["totals"], "charts": national["charts"],
            "area_count": len(areas), "generated_at": national["generated_at"], "summary": summary(national)}


def _reasons(cells, flag_keys):
    """The keys of the columns an area is flagged in: why it does not meet the rules."""
    return [key for key in flag_keys if key in cells and cells[key].flagged]


def summary(national):
    """National counts: areas meeting the rules (flagged in no column) and not, and for each
    reason (a column with a filter) how many areas it applies to; an area may have several."""
    flagged = [c for c in national["columns"] if c.flag]
    counts = dict.fromkeys((c.key for c in flagged), 0)
    not_met = 0
    for area in national["areas"]:
        reasons = _reasons(national["values"][area.pk], counts)
        not_met += bool(reasons)
        for key in reasons:
            counts[key] += 1
    return {
        "areas": len(national["areas"]), "met": len(national["areas"]) - not_met, "not_met": not_met,
        "not_met_flag": NOT_MET,
        "reasons": [{"key": c.key, "label": c.flag, "areas": counts[c.key]} for c in flagged],
    }


def _sortable(value):
    return (0, value) if isinstance(value, (int, float, Decimal)) else (1, str(value or ""))
