"""Pages for national data stewards (outside the admin) and area directions.

The trusts policy decides (``trusts.permissions.TrustPolicy``): every steward reads these
pages, only the "Steward (edit)" group (and superusers) writes through them, and
the services ask again. Anyone who is not a steward is answered 404.
"""
import csv
import io
from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from trusts import csvio, dashboard, forms, pagecache, services
from trusts.charts import count_bars
from trusts.errors import errors_as_message, errors_on
from trusts.models import Direction, FrameworkChange
from trusts.pagination import page_links
from trusts.permissions import policy
from trusts.validators import SERVICE_EPOCH


def steward_required(view):
    """Stewards only (``steward_read``); anyone else gets a 404, never data. A POST
    also needs ``steward_edit`` (the read group gets a 403 that says why)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        policy.require(request.user, "steward_read")
        if request.method not in ("GET", "HEAD"):
            policy.require(request.user, "steward_edit")
        return view(request, *args, **kwargs)

    return wrapper


DASHBOARD_PAGE_SIZE = 50
# the query parameters the dashboard reads: its cached part varies on their values
DASHBOARD_QUERY = ("as_of_0", "as_of_1", "as_of_2", "year", "region", "flag", "authority_type", "framework", "sort",
                   "order", "page")
# what the cached part of the page reads, worked out only when it is made again
DASHBOARD_NAMES = ("generated_at", "summary", "totals", "charts", "columns", "rows", "page", "pages",
                   "prev_url", "next_url", "sort_links", "csv_url", "filtered", "as_of", "year_label",
                   "period_query", "clear_url")
# financial years a steward may ask for: from the service's first records to well past any fund's plans
YEARS_AHEAD = 30


def _dashboard_form(request, today):
    columns = dashboard.columns(today)
    flags = [(dashboard.NOT_MET, "Areas not meeting the rules"), *[(c.key, c.flag) for c in columns if c.flag]]
    current = dashboard.financial_year_of(today)
    years = [(y, dashboard.financial_year_label(y)) for y in range(current + YEARS_AHEAD, SERVICE_EPOCH.year - 1, -1)]
    return forms.DashboardFilterForm(request.GET or None, flags=flags, sorts=["name", *(c.key for c in columns)],
                                     today=today, years=years)


def _select_args(filters):
    """``dashboard.select``'s arguments from the filter form's valid values."""
    return {
        **{name: filters.get(name, "") for name in ("authority_type", "region", "framework", "flag")},
        "sort": filters.get("sort") or "name",
        "descending": filters.get("order") == "desc",
    }


def _period_params(filters):
    """The date and year as the form's query parameters (the date input's day, month, year boxes)."""
    params = {}
    if filters.get("as_of"):
        day = filters["as_of"]
        params.update(as_of_0=day.day, as_of_1=day.month, as_of_2=day.year)
    if filters.get("year"):
        params["year"] = filters["year"]
    return params


def _dashboard_url(name="trusts:dashboard", **params):
    if params.get("page") == 1:
        del params["page"]  # the first page has one address
    period = _period_params(params)
    params = {k: v for k, v in params.items() if v and k not in ("as_of", "year")}
    params = {**period, **params}
    return reverse(name) + (f"?{urlencode(params)}" if params else "")


@require_safe
@steward_required
def dashboard_page(request):
    """A national summary, then the areas 50 to a page, as of a date (today unless asked) and
    for a financial year (the latest with figures unless asked). The part below the heading is
    cached (``{% fragment %}``) until the figures change, so it is rendered once, not per request."""
    today = timezone.localdate()
    form = _dashboard_form(request, today)
    filters = form.values()
    as_of = filters.get("as_of") or today
    figures = dashboard.figures(as_of, filters.get("year"))
    page_number = request.GET.get("page")
    context = pagecache.lazy_context(lambda: _dashboard_context(figures.national, filters, page_number, form),
                                     DASHBOARD_NAMES)
    return render(request, "trusts/stewards/dashboard.html", {
        **context,
        "form": form,
        # everything the cached part shows that is not from the database
        "vary": [figures.version, as_of.isoformat(), filters.get("year"),
                 [(key, request.GET.getlist(key)) for key in DASHBOARD_QUERY]],
    })


def _dashboard_context(national, filters, page_number, form):
    args = _select_args(filters)
    data = dashboard.select(national, **args)
    # the year box offers the years with figures (and the one shown), newest first
    year_label = dashboard.financial_year_label(data["year"]) if data["year"] else ""
    form.fields["year"].widget.choices = [("", "Latest year with figures"), *data["years"]]
    page = Paginator(data["rows"], DASHBOARD_PAGE_SIZE).get_page(page_number)
    sort, descending = args["sort"], args["descending"]
    sort_links = []
    for key, label in [("name", "Area")] + [(c.key, c.label) for c in data["columns"]]:
        active = sort == key
        sort_links.append({
            "label": label,
            # the first select of a column sorts it ascending, the next descending
            "href": _dashboard_url(**{**filters, "sort": key, "order": "desc" if active and not descending else ""}),
            "aria_sort": ("descending" if descending else "ascending") if active else "none",
        })
    charts = [
        count_bars(chart_id=f"chart-{number}", title=title, items=items, label_heading="Status",
                   count_heading="Areas")
        for number, (title, items) in enumerate(data["charts"], start=1)
    ]
    period = _period_params(filters)
    return {
        **data,
        "page": page,
        **page_links(page, lambda number: _dashboard_url(**filters, page=number)),
        "sort_links": sort_links,
        "charts": charts,
        "csv_url": _dashboard_url("trusts:dashboard-csv", **filters),
        "filtered": any(filters.get(k) for k in ("region", "flag", "authority_type", "framework")),
        "year_label": year_label,
        # the summary's links to the areas behind each reason keep the date and year
        "period_query": f"{urlencode(period)}&" if period else "",
        "clear_url": _dashboard_url(**{k: v for k, v in filters.items() if k in ("as_of", "year")}),
    }


@require_safe
@steward_required
def dashboard_csv(request):
    """Every area that matches the filters, on one sheet (the page shows them 50 at a time), for a
    spreadsheet: numbers as numbers, dates in ISO 8601, each code in its own column beside its label."""
    today = timezone.localdate()
    form = _dashboard_form(request, today)
    filters = form.values()
    if form.errors:  # a sheet for another date or year than asked would mislead: say what is wrong
        return HttpResponseBadRequest(
            "\n".join(str(message) for errors in form.errors.values() for message in errors),
            content_type="text/plain; charset=utf-8")
    as_of = filters.get("as_of") or today
    data = dashboard.build(today=as_of, year=filters.get("year"), **_select_args(filters))
    header, rows = dashboard.export(data)
    response = HttpResponse(_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="national-compliance-{as_of.isoformat()}.csv"'
    return response


def _csv(header, rows):
    """The CSV with text made formula-safe (``csvio.safe_cell``); a number is written as a number
    (a negative amount is a number, not a formula)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csvio.safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([v if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else csvio.safe_cell(v)
                         for v in row])
    return out.getvalue()


@require_safe
@steward_required
def direction_list(request):
    directions = Direction.objects.select_related("area", "issued_by").order_by("-issued_at")
    status = request.GET.get("status", "")
    if status in Direction.Status.values:
        directions = directions.filter(status=status)
    page = Paginator(directions, 50).get_page(request.GET.get("page"))
    return render(request, "trusts/stewards/direction_list.html",
                  {"page": page, "status": status, "statuses": Direction.Status.choices,
                   "can_issue": policy.can(request.user, "steward_edit")})


@require_http_methods(["GET", "POST"])
@steward_required
def direction_new(request):
    policy.require(request.user, "steward_edit")  # the form is for issuing: the read group has no use for it
    form = forms.DirectionForm(request.POST or None, initial={"area": request.GET.get("area")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_on(form):
            direction = services.direction_issue(
                area=data["area"], arrangement=data["arrangement"], reason=data["reason"],
                required_action=data["required_action"], due_by=data["due_by"], actor=request.user,
            )
            messages.success(request, f"Direction issued to {direction.area.name}")
            return redirect("trusts:direction-detail", direction=direction.pk)
    return render(request, "trusts/stewards/direction_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def direction_detail(request, direction):
    """A direction to an area: its officers respond here; stewards close it."""
    direction = get_object_or_404(
        Direction.objects.for_user(request.user).select_related("area", "issued_by"), pk=direction
    )
    is_open = direction.status != Direction.Status.CLOSED
    can_respond = is_open and policy.can(request.user, "respond_direction", direction)
    if request.method == "POST":
        policy.require(request.user, "respond_direction", direction)
    form = forms.DirectionResponseForm(request.POST or None) if can_respond or request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.direction_respond(direction=direction, text=form.cleaned_data["text"], actor=request.user)
            messages.success(request, "Your response has been sent to the data stewards")
            return redirect("trusts:direction-detail", direction=direction.pk)
    responses = direction.responses.select_related("responder")
    return render(request, "trusts/direction_detail.html", {
        "direction": direction, "responses": responses, "form": form,
        "can_close": is_open and policy.can(request.user, "steward_edit"),
    })


@require_POST
@steward_required
def direction_close(request, direction):
    direction = get_object_or_404(Direction, pk=direction)
    with errors_as_message(request):
        services.direction_close(direction=direction, actor=request.user)
        messages.success(request, "Direction closed")
    return redirect("trusts:direction-detail", direction=direction.pk)


@require_http_methods(["GET", "POST"])
@steward_required
def framework_changes(request):
    """Scheduled framework changes: every steward reads the list; the edit group schedules."""
    can_schedule = policy.can(request.user, "steward_edit")
    form = forms.FrameworkChangeForm(request.POST or None) if can_schedule else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_on(form):
            services.framework_change_schedule(framework=data["framework"], effective_on=data["effective_on"],
                                               areas=list(data["areas"]), note=data["note"], actor=request.user)
            messages.success(request, "Framework change scheduled")
            return redirect("trusts:framework-changes")
    changes = FrameworkChange.objects.select_related("created_by").prefetch_related("areas")[:200]
    return render(request, "trusts/stewards/framework_changes.html", {"form": form, "changes": changes})
