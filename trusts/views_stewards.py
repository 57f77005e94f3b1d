"""Pages for national data stewards (outside the admin) and area directions.

The trusts policy decides (``trusts.permissions.TrustPolicy``): every steward reads these
pages, only the "Steward (edit)" group (and superusers) writes through them, and
the services ask again. Anyone who is not a steward is answered 404.
"""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from trusts import csvio, dashboard, forms, services
from trusts.errors import NotPermitted, ServiceError, form_error
from trusts.models import AuthorityType, Direction, FrameworkChange, Region, framework_choices
from trusts.permissions import policy


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


def _dashboard_params(request):
    return {
        "authority_type": request.GET.get("authority_type", ""),
        "region": request.GET.get("region", ""),
        "framework": request.GET.get("framework", ""),
        "flag": request.GET.get("flag", ""),
        "sort": request.GET.get("sort", "name"),
        "descending": request.GET.get("order") == "desc",
    }


@require_safe
@steward_required
def dashboard_page(request):
    params = _dashboard_params(request)
    data = dashboard.build(**params)
    query = request.GET.copy()
    sort_links = []
    for key, label in [("name", "Area")] + [(c.key, c.label) for c in data["columns"]]:
        q = query.copy()
        q["sort"] = key
        q["order"] = "asc" if params["sort"] == key and params["descending"] else ("desc" if params["sort"] == key else "asc")
        state = ("descending" if params["descending"] else "ascending") if params["sort"] == key else "none"
        sort_links.append({"label": label, "href": "?" + q.urlencode(), "aria_sort": state})
    charts = [
        {"title": title, "bars": _bars(items), "items": items, "total": sum(n for _, n in items)}
        for title, items in data["charts"]
    ]
    return render(request, "trusts/stewards/dashboard.html", {
        **data, "params": params, "sort_links": sort_links, "charts": charts,
        "authority_types": AuthorityType.choices, "regions": Region.choices,
        "frameworks": [name for _code, name in framework_choices()],
        "flags": [(c.key, c.flag) for c in data["columns"] if c.flag],
        "csv_query": request.GET.urlencode(),
    })


def _bars(items, width=480, bar_height=28, gap=10, label_width=200):
    """Horizontal bars as plain numbers for the SVG template (no colour needed to read them)."""
    top = max((n for _, n in items), default=0) or 1
    bars = []
    for i, (label, n) in enumerate(items):
        y = i * (bar_height + gap)
        length = int((width - label_width - 60) * n / top)
        bars.append({"label": label, "n": n, "y": y, "text_y": y + bar_height * 0.65, "length": length,
                     "x": label_width, "value_x": label_width + length + 6, "height": bar_height})
    return {"bars": bars, "width": width, "height": max(1, len(items)) * (bar_height + gap),
            "label_width": label_width}


@require_safe
@steward_required
def dashboard_csv(request):
    data = dashboard.build(**_dashboard_params(request))
    header = ["Area", "LA code", "Authority type"] + [c.label for c in data["columns"]]
    rows = [[r["area"].name, r["area"].la_code, r["area"].get_authority_type_display()]
            + [cell.text for cell in r["cells"]] for r in data["rows"]]
    response = HttpResponse(csvio.write_csv(rows, header), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="national-compliance.csv"'
    return response


@require_safe
@steward_required
def direction_list(request):
    directions = Direction.objects.select_related("trust", "issued_by").order_by("-issued_at")
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
        try:
            direction = services.direction_issue(
                area=data["area"], arrangement=data["arrangement"], reason=data["reason"],
                required_action=data["required_action"], due_by=data["due_by"], actor=request.user,
            )
        except NotPermitted:
            raise
        except (ServiceError, ValidationError) as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"Direction issued to {direction.trust.name}")
            return redirect("trusts:direction-detail", direction=direction.pk)
    return render(request, "trusts/stewards/direction_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def direction_detail(request, direction):
    """A direction to an area: its officers respond here; stewards close it."""
    direction = get_object_or_404(
        Direction.objects.for_user(request.user).select_related("trust", "issued_by"), pk=direction
    )
    is_open = direction.status != Direction.Status.CLOSED
    can_respond = is_open and policy.can(request.user, "respond_direction", direction)
    if request.method == "POST":
        policy.require(request.user, "respond_direction", direction)
    form = forms.DirectionResponseForm(request.POST or None) if can_respond or request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        try:
            services.direction_respond(direction=direction, text=form.cleaned_data["text"], actor=request.user)
        except NotPermitted:
            raise
        except (ServiceError, ValidationError) as exc:
            form_error(form, exc)
        else:
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
    try:
        services.direction_close(direction=direction, actor=request.user)
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
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
        try:
            services.framework_change_schedule(framework=data["framework"], effective_on=data["effective_on"],
                                               areas=list(data["areas"]), note=data["note"], actor=request.user)
        except NotPermitted:
            raise
        except (ServiceError, ValidationError) as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Framework change scheduled")
            return redirect("trusts:framework-changes")
    changes = FrameworkChange.objects.select_related("created_by").prefetch_related("areas")[:200]
    return render(request, "trusts/stewards/framework_changes.html", {"form": form, "changes": changes})
