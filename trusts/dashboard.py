"""The national compliance dashboard: one row per area, columns from every app.

Each feature app may have a ``dashboard.py`` with ``provide(areas, today, *, year=None)``
returning a ``Contribution``: its columns, their values per area id, headline totals and
charts. ``today`` is the date the figures are as of (the rules are applied on it); ``year``
the financial year money is shown for (None: the provider's latest year with figures, which
it reports back with the years it has figures for). Providers must use aggregate queries
over all areas at once (never one query per area), so the page runs a constant number of
queries at any scale. This module knows no feature app: providers are discovered by module
name.

Each cell carries what a person reads (``text``), what the table sorts by (``sort``), whether
it is a reason the area does not meet the rules (``flagged``, with the ``reason`` in words),
and the values the CSV export writes (``data``: numbers as numbers, dates in ISO 8601, codes
beside their labels, under the names the column lists in ``exports``).
"""
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone

from trusts.dates import long_date
from trusts.features import app_modules
from trusts.models import Area, Direction

log = logging.getLogger(__name__)


@dataclass
class Column:
    key: str
    label: str
    numeric: bool = False
    # a filter offered on the page, and a reason an area does not meet the rules: its label
    flag: str = ""
    # the CSV columns this column gives, each read from the cell's ``data`` (default: the key,
    # with the cell's sort value)
    exports: tuple = ()

    def export_names(self):
        return self.exports or (self.key,)


@dataclass
class Cell:
    text: str
    sort: object = None
    flagged: bool = False  # e.g. overdue; the row matches this column's filter
    reason: str = ""  # why a flagged cell means the area does not meet the rules, in words
    data: dict = field(default_factory=dict)  # {export name: value} for the CSV

    def export(self, name, column_key):
        if name in self.data:
            return self.data[name]
        return self.sort if name == column_key else None


@dataclass
class Contribution:
    columns: list
    values: dict  # {area_id: {column_key: Cell}}
    totals: list = field(default_factory=list)  # sentences
    charts: list = field(default_factory=list)  # (title, [(label, count)])
    years: tuple = ()  # the financial years this provider has figures for
    year: int | None = None  # the financial year its money is for


def financial_year_label(year):
    """2025 -> "2025-26": the financial year from 1 April 2025 to 31 March 2026."""
    return f"{year}-{(year + 1) % 100:02d}"


def financial_year_of(day):
    return day.year if day.month >= 4 else day.year - 1


# every area's verdict, from the reasons the other columns flag
MEETS_RULES = Column("meets_rules", "Meets the rules", exports=("meets_rules", "reason_codes", "reasons"))


def _trusts_provider(areas, today, *, year=None):
    """Directions as they stood on ``today``: issued by then and not closed by then; overdue when
    their compliance date had passed."""
    issued = Q(issued_at__date__lte=today)
    still_open = issued & (~Q(status=Direction.Status.CLOSED) | Q(closed_at__date__gt=today))
    overdue_q = still_open & Q(due_by__lt=today)
    counts = list(
        Direction.objects.filter(area__in=areas).values("area_id")
        .annotate(n_open=Count("pk", filter=still_open), n_overdue=Count("pk", filter=overdue_q),
                  first_due=Min("due_by", filter=overdue_q))
        .values_list("area_id", "n_open", "n_overdue", "first_due")
    ) if areas else []
    found = {pk: (n_open, n_overdue, first_due) for pk, n_open, n_overdue, first_due in counts}
    values = {}
    frameworks = {}
    for area in areas:
        framework = area.effective_framework(today)
        frameworks[framework.name] = frameworks.get(framework.name, 0) + 1
        n_open, n_overdue, first_due = found.get(area.pk, (0, 0, None))
        values[area.pk] = {
            "framework": Cell(framework.name, framework.name,
                              data={"framework_code": framework.code, "framework": framework.name}),
            "directions": Cell(
                f"{n_open} open" + (f", {n_overdue} overdue" if n_overdue else ""),
                n_open, flagged=n_open > 0,
                reason=f"{n_open} open direction{'s' if n_open != 1 else ''}" if n_open else "",
                data={"directions_open": n_open},
            ),
            "directions_overdue": Cell(
                f"{n_overdue} (due by {long_date(first_due)})" if n_overdue else "None",
                n_overdue, flagged=n_overdue > 0,
                reason=(f"{n_overdue} direction{'s' if n_overdue != 1 else ''} not complied with by "
                        f"{long_date(first_due)}" if n_overdue else ""),
                data={"directions_overdue": n_overdue,
                      "directions_overdue_first_due_on": first_due.isoformat() if first_due else ""},
            ),
        }
    total_open = sum(n for n, _, _ in found.values())
    total_overdue = sum(n for _, n, _ in found.values())
    return Contribution(
        columns=[Column("framework", "Framework", exports=("framework_code", "framework")),
                 Column("directions", "Directions", True, flag="With open directions",
                        exports=("directions_open",)),
                 Column("directions_overdue", "Directions overdue", True, flag="With overdue directions",
                        exports=("directions_overdue", "directions_overdue_first_due_on"))],
        values=values,
        totals=[f"{total_open} open direction{'s' if total_open != 1 else ''}",
                f"{total_overdue} overdue direction{'s' if total_overdue != 1 else ''} (past the date to comply by)"],
    )


def providers():
    """The core's columns, then each feature app's ``dashboard.provide``, in the order the apps are installed."""
    return [_trusts_provider, *(module.provide for config, module in app_modules("dashboard")
                                if config.name != "trusts")]


# the "Show only" value for areas with any flagged cell: those not meeting the rules
NOT_MET = "any"


def build(*, today=None, year=None, authority_type="", region="", framework="", flag="", sort="name",
          descending=False):
    """The dashboard's rows (every area that matches, for the CSV and the API)."""
    today = today or timezone.localdate()
    return select(figures(today, year).national, authority_type=authority_type, region=region,
                  framework=framework, flag=flag, sort=sort, descending=descending)


@lru_cache(maxsize=4)
def columns(today):
    """The columns every provider gives (on ``today``: a column's label may name the year),
    worked out without data: a provider given no areas runs no query. Kept per process,
    so a page served from the page cache can check its filters without the figures."""
    return (MEETS_RULES, *(column for provide in providers() for column in provide([], today).columns))


class Figures:
    """The unfiltered national picture for one day. At national scale the providers take a
    second or two, so it is kept for DASHBOARD_CACHE_SECONDS (in Redis in production, shared
    by every web process); filtering and sorting then run on it in memory.

    ``version`` names the figures in the cache (when they were worked out) and costs one
    small cache read, so a page cached with it as a vary value is made again when the
    figures are, and serving that page never loads them. Without the figures cache
    ``version`` is None: the figures are read from the database as the page is made, and
    the page cache sees the tables they read. ``national`` is loaded when first read."""

    def __init__(self, today, year=None):
        self.today = today
        self.year = year
        self.seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
        self.version = None
        self._national = None
        if self.seconds:
            self.version = _cache_call(cache.get, self._key("version"))
            if self.version is None:
                self._refresh()

    def _key(self, part):
        # the figures differ by the date they are as of and the financial year asked for
        return f"trusts:dashboard:{self.today.isoformat()}:{self.year or 'latest'}:{part}"

    def _refresh(self):
        self._national = _national(self.today, self.year)
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


def figures(today=None, year=None):
    return Figures(today or timezone.localdate(), year)


def _cache_call(method, *args):
    """The cache is an optimisation: if Redis is down the page is computed, not broken."""
    try:
        return method(*args)
    except Exception as exc:  # redis-py raises several kinds; none may break the page
        log.warning("dashboard cache unavailable: %s", exc)
        return None


def _national(today, year=None):
    areas = list(Area.objects.order_by("name"))
    columns, values, totals, charts = [MEETS_RULES], {a.pk: {} for a in areas}, [], []
    years, chosen = set(), None
    for provide in providers():
        part = provide(areas, today, year=year)
        columns.extend(part.columns)
        totals.extend(part.totals)
        charts.extend(part.charts)
        years.update(part.years)
        chosen = chosen or part.year
        for pk, cells in part.values.items():
            values.setdefault(pk, {}).update(cells)
    flagged = [c for c in columns if c.flag]
    for cells in values.values():
        cells[MEETS_RULES.key] = verdict(cells, flagged)
    chosen = chosen or year
    return {"areas": areas, "values": values, "columns": columns, "totals": totals, "charts": charts,
            "as_of": today, "year": chosen,
            "years": [(y, financial_year_label(y)) for y in sorted(years | ({chosen} if chosen else set()),
                                                                     reverse=True)],
            "generated_at": timezone.now()}


def verdict(cells, flagged_columns):
    """Whether an area meets the rules, and why not: every reason a column flags, in words.
    Never "Yes" while any reason applies (the summary counts the same reasons)."""
    reasons = [(c.key, cells[c.key].reason or c.flag) for c in flagged_columns
               if c.key in cells and cells[c.key].flagged]
    if not reasons:
        return Cell("Yes", 0, data={"meets_rules": "yes", "reason_codes": "", "reasons": ""})
    words = "; ".join(text for _, text in reasons)
    return Cell(f"No: {words}", len(reasons), data={
        "meets_rules": "no", "reason_codes": " ".join(key for key, _ in reasons), "reasons": words})


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
            "area_count": len(areas), "generated_at": national["generated_at"], "summary": summary(national),
            "as_of": national.get("as_of"), "year": national.get("year"), "years": national.get("years", [])}


# the CSV's first columns, about the area itself
AREA_EXPORTS = ("la_code", "gss_code", "area", "authority_type_code", "authority_type", "region_code", "region",
                "as_of")


def export(data):
    """(header, rows) for the CSV: one row per area, machine-readable values (numbers as
    numbers, ISO dates, codes beside labels), the names from each column's ``exports``."""
    header = [*AREA_EXPORTS]
    for column in data["columns"]:
        header.extend(column.export_names())
    as_of = data["as_of"].isoformat() if data.get("as_of") else ""
    rows = []
    for row in data["rows"]:
        area = row["area"]
        line = [area.la_code, area.gss_code, area.name, area.authority_type, area.get_authority_type_display(),
                area.region, area.get_region_display() if area.region else "", as_of]
        for column, cell in zip(data["columns"], row["cells"]):
            line.extend(cell.export(name, column.key) for name in column.export_names())
        rows.append(line)
    return header, rows


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
