"""Server-rendered SVG charts for every page (the pooled budgets, the national dashboard),
shown through one include, ``templates/includes/chart.html``, that puts the table of the
same figures beside the chart.

No JavaScript, no style attributes (the CSP forbids them), readable without colour (each
series has its own pattern and a number drawn on it; a count is written beside its bar),
with role="img", <title> and <desc>."""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

# The service's font stack (govuk-frontend's, compiled without GDS Transport), so a chart reads
# like the page around it: without it SVG text falls back to a serif.
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT = f'font-family="{FONT_FAMILY}"'
INK = "#0b0c0c"
# (fill colour, pattern drawing) pairs; colour helps, the pattern and the number carry the meaning
PATTERNS = [
    ("#1d70b8", ""),
    ("#f47738", '<path d="M0 8 L8 0" stroke="#0b0c0c" stroke-width="1.5"/>'),
    ("#85994b", '<circle cx="4" cy="4" r="1.6" fill="#0b0c0c"/>'),
    ("#d4351c", '<path d="M0 4 H8" stroke="#ffffff" stroke-width="2"/>'),
    ("#ffdd00", '<path d="M0 0 L8 8 M8 0 L0 8" stroke="#0b0c0c" stroke-width="1"/>'),
    ("#4c2c92", '<path d="M4 0 V8" stroke="#ffffff" stroke-width="2"/>'),
    ("#b1b4b6", '<path d="M0 0 L8 8" stroke="#0b0c0c" stroke-width="1.5"/>'),
    ("#28a197", '<rect x="2" y="2" width="4" height="4" fill="#0b0c0c"/>'),
]


def money(value):
    """£1,234.50 (and -£50.00): the tables' format."""
    value = Decimal(value)
    return f"-£{-value:,.2f}" if value < 0 else f"£{value:,.2f}"


def money_short(value):
    value = Decimal(value)
    if value >= 1_000_000:
        return f"£{value / 1_000_000:,.1f}m"
    if value >= 1_000:
        return f"£{value / 1_000:,.0f}k"
    return f"£{value:,.0f}"


def _nice_max(value):
    """A round axis maximum at or above the largest value."""
    value = Decimal(value)
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = magnitude * Decimal(str(step))
        if top >= value:
            return top
    return magnitude * 10


def _defs(chart_id, count):
    parts = []
    for i in range(count):
        colour, drawing = PATTERNS[i % len(PATTERNS)]
        parts.append(
            f'<pattern id="{chart_id}-p{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{drawing}</pattern>'
        )
    return "<defs>" + "".join(parts) + "</defs>"


def _open(chart_id, title, desc, width, height):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="app-chart" focusable="false" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


@dataclass
class Chart:
    id: str
    title: str
    desc: str
    svg: str
    columns: list  # the table's column headings
    rows: list  # [row heading, cells...] with cells already formatted
    footer: list | None = None


def _legend(chart_id, names, top, x=20):
    parts = []
    for i, name in enumerate(names):
        y = top + i * 24
        parts.append(
            f'<rect x="{x}" y="{y}" width="18" height="18" fill="url(#{chart_id}-p{i})" stroke="{INK}"/>'
            f'<text x="{x + 26}" y="{y + 14}" font-size="14" {FONT} fill="{INK}">{i + 1}. {escape(name)}</text>'
        )
    return "".join(parts)


def stacked_bars(*, chart_id, title, desc, categories, series):
    """Vertical bars, one per category (a financial year), stacked by series (a partner).

    ``series`` is [(name, [value per category])]. Each segment carries its series
    number and a tooltip; the table has a row per series and a total row."""
    width, left, top, plot_h = 760, 90, 30, 260
    plot_w = width - left - 20
    totals = [sum((values[i] for _, values in series), Decimal(0)) for i in range(len(categories))]
    top_value = _nice_max(max(totals, default=0))
    legend_top = top + plot_h + 50
    height = legend_top + 24 * len(series) + 10
    slot = plot_w / max(len(categories), 1)
    bar_w = min(80, slot * 0.6)
    out = [_open(chart_id, title, desc, width, height), _defs(chart_id, len(series))]
    for step in range(5):
        value = top_value * step / 4
        y = top + plot_h - plot_h * step / 4
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>'
                   f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" {FONT} '
                   f'fill="{INK}">{money_short(value)}</text>')
    for ci, category in enumerate(categories):
        x = left + slot * ci + (slot - bar_w) / 2
        base = top + plot_h
        for si, (name, values) in enumerate(series):
            value = values[ci]
            if value <= 0:
                continue
            h = float(plot_h * value / top_value)
            base -= h
            label = f"{name}, {category}: {money(value)}"
            out.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="url(#{chart_id}-p{si})" '
                f'stroke="{INK}" stroke-width="1" data-series="{escape(name)}" data-category="{escape(category)}" '
                f'data-value="{value:.2f}"><title>{escape(label)}</title></rect>'
            )
            if h >= 18:
                cx, cy = x + bar_w / 2, base + h / 2 + 5
                out.append(f'<rect x="{cx - 11:.1f}" y="{cy - 13:.1f}" width="22" height="18" fill="#ffffff"/>'
                           f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" font-size="13" font-weight="bold" '
                           f'{FONT} fill="{INK}">{si + 1}</text>')
        out.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 20}" text-anchor="middle" font-size="13" {FONT} '
            f'fill="{INK}">{escape(category)}</text>'
            f'<text x="{x + bar_w / 2:.1f}" y="{base - 6:.1f}" text-anchor="middle" font-size="12" font-weight="bold" '
            f'{FONT} fill="{INK}">{money_short(totals[ci])}</text>'
        )
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 20}" y2="{top + plot_h}" stroke="{INK}"/>')
    out.append(_legend(chart_id, [name for name, _ in series], legend_top))
    out.append("</svg>")
    rows = [[f"{i + 1}. {name}", *[money(v) for v in values], money(sum(values, Decimal(0)))]
            for i, (name, values) in enumerate(series)]
    footer = ["Total", *[money(t) for t in totals], money(sum(totals, Decimal(0)))]
    return Chart(chart_id, title, desc, mark_safe("".join(out)), ["Partner", *categories, "Total"], rows, footer)


def grouped_bars(*, chart_id, title, desc, categories, series):
    """Horizontal bars: for each category (an outcome) one bar per series (planned, actual),
    each labelled directly with its series name and value."""
    width, left, top, bar_h, gap = 760, 210, 20, 20, 14
    plot_w = width - left - 170
    group_h = bar_h * len(series) + gap
    top_value = _nice_max(max((v for _, values in series for v in values), default=0))
    legend_top = top + group_h * len(categories) + 10
    height = legend_top + 24 * len(series) + 10
    out = [_open(chart_id, title, desc, width, height), _defs(chart_id, len(series))]
    for ci, category in enumerate(categories):
        y0 = top + group_h * ci
        out.append(f'<text x="{left - 10}" y="{y0 + bar_h * len(series) / 2 + 5:.1f}" text-anchor="end" '
                   f'font-size="13" {FONT} fill="{INK}">{escape(category)}</text>')
        for si, (name, values) in enumerate(series):
            value = values[ci]
            y = y0 + bar_h * si
            w = float(plot_w * value / top_value)
            label = f"{category}, {name}: {money(value)}"
            out.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" fill="url(#{chart_id}-p{si})" '
                f'stroke="{INK}" stroke-width="1" data-series="{escape(name)}" data-category="{escape(category)}" '
                f'data-value="{value:.2f}"><title>{escape(label)}</title></rect>'
                f'<text x="{left + w + 6:.1f}" y="{y + bar_h - 6}" font-size="12" {FONT} fill="{INK}">'
                f'{escape(name)} {money_short(value)}</text>'
            )
    out.append(f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{legend_top - 10}" stroke="{INK}"/>')
    out.append(_legend(chart_id, [name for name, _ in series], legend_top))
    out.append("</svg>")
    rows = [[category, *[money(values[ci]) for _, values in series]] for ci, category in enumerate(categories)]
    footer = ["Total", *[money(sum(values, Decimal(0))) for _, values in series]]
    return Chart(chart_id, title, desc, mark_safe("".join(out)), ["Outcome", *[n for n, _ in series]], rows, footer)


def count_bars(*, chart_id, title, items, label_heading, count_heading):
    """Horizontal bars, one per (label, count) in ``items``, each with its count written beside it;
    the table has a row per item. The description reads out every count."""
    width, bar_h, gap, label_w = 480, 28, 10, 200
    top_value = max((n for _, n in items), default=0) or 1
    height = max(1, len(items)) * (bar_h + gap)
    desc = "".join(f"{label}: {n}. " for label, n in items)
    out = [_open(chart_id, title, desc, width, height)]
    for i, (label, n) in enumerate(items):
        y = i * (bar_h + gap)
        text_y = y + bar_h * 0.65
        length = int((width - label_w - 60) * n / top_value)
        short = label if len(label) <= 28 else label[:27] + "\u2026"
        out.append(
            f'<text x="0" y="{text_y:.1f}" font-size="14" {FONT} fill="{INK}">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{length}" height="{bar_h}" fill="#1d70b8" '
            f'data-category="{escape(label)}" data-value="{n}"><title>{escape(label)}: {n}</title></rect>'
            f'<text x="{label_w + length + 6}" y="{text_y:.1f}" font-size="14" font-weight="bold" {FONT} '
            f'fill="{INK}">{n}</text>'
        )
    out.append("</svg>")
    return Chart(chart_id, title, desc, mark_safe("".join(out)), [label_heading, count_heading],
                 [[label, n] for label, n in items])
