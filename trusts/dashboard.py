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


def build(*, today=None, authority_type="", region="", framework="", flag="", sort="name", descending=False):
    """The dashboard's rows. At national scale the providers take a second or two, so the
    unfiltered national picture is kept for DASHBOARD_CACHE_SECONDS (in Redis in production,
    shared by every web process); filtering and sorting then run on it in memory."""
    today = today or timezone.localdate()
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
    key = f"trusts:dashboard:{today.isoformat()}"
    national = _cache_call(cache.get, key) if seconds else None
    if national is None:
        national = _national(today)
        if seconds:
            _cache_call(cache.set, key, national, seconds)
    return _select(national, authority_type=authority_type, region=region, framework=framework, flag=flag,
                   sort=sort, descending=descending)


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


def _select(national, *, authority_type, region, framework, flag, sort, descending):
    areas, values, columns = national["areas"], national["values"], national["columns"]
    rows = []
    for area in areas:
        cells = values[area.pk]
        if authority_type and area.authority_type != authority_type:
            continue
        if region and area.region != region:
            continue
        if framework and cells.get("framework") and cells["framework"].sort != framework:
            continue
        if flag and not (cells.get(flag) and cells[flag].flagged):
            continue
        rows.append({"area": area, "cells": [cells.get(c.key, Cell("–")) for c in columns], "by_key": cells})
    keys = {c.key for c in columns}
    if sort in keys:
        rows.sort(key=lambda r: (r["by_key"].get(sort, Cell("")).sort is None,
                                 _sortable(r["by_key"].get(sort, Cell("")).sort)), reverse=descending)
    else:
        rows.sort(key=lambda r: r["area"].name, reverse=descending)
    return {"columns": columns, "rows": rows, "totals": national["totals"], "charts": national["charts"],
            "area_count": len(areas), "generated_at": national["generated_at"]}


def _sortable(value):
    return (0, value) if isinstance(value, (int, float, Decimal)) else (1, str(value or ""))
