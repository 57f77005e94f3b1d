"""Notifications (each user their own) and the stewards' reminder pages.

The trusts policy decides who may use the stewards' pages: every steward reads the
reminder list, only the "Steward (edit)" group (and superusers) runs the sweep, and the
service asks again. Anyone who is not a steward gets a 404.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST, require_safe

from trusts.models import Area
from trusts.notices import selectors, services
from trusts.notices.kinds import label as kind_label
from trusts.notices.models import ChaseRule, Notification, ReminderLog
from trusts.permissions import policy

PAGE_SIZE = 50


@login_required
@require_POST
def dismiss(request):
    """Dismiss one of your own notifications; anyone else's is a 404."""
    raw = request.POST.get("notification", "")
    if not raw.isdigit():
        return HttpResponseBadRequest("Choose a reminder to dismiss")
    try:
        services.notification_dismiss(notification_id=int(raw), actor=request.user)
    except Notification.DoesNotExist:
        raise Http404 from None
    messages.success(request, "Reminder dismissed")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("trusts:home")
    return redirect(target)


@require_safe
@login_required
def reminder_list(request):
    """Stewards: every reminder nationally, filterable by area, kind and status."""
    policy.require(request.user, "steward_read")
    areas = list(Area.objects.order_by("name").only("pk", "name", "la_code"))
    by_code = {a.la_code: a for a in areas}
    kinds = sorted(((kind, kind_label(kind)) for kind in ChaseRule.objects.values_list("kind", flat=True)),
                   key=lambda pair: pair[1])
    selected = {
        "area": request.GET.get("area", "") if request.GET.get("area", "") in by_code else "",
        "kind": request.GET.get("kind", "") if request.GET.get("kind", "") in dict(kinds) else "",
        "status": request.GET.get("status", "") if request.GET.get("status", "") in ReminderLog.Status.values else "",
        "overdue": request.GET.get("overdue") == "1",
    }
    rows = selectors.reminder_list(
        area_id=by_code[selected["area"]].pk if selected["area"] else None,
        kind=selected["kind"], status=selected["status"], overdue=selected["overdue"],
    )
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: ("1" if v is True else v) for k, v in selected.items() if v})
    return render(request, "notices/reminder_list.html", {
        "areas": areas, "kinds": kinds, "statuses": ReminderLog.Status.choices, "selected": selected,
        "page_obj": page_obj, "query": f"{query}&" if query else "",
        "can_run_sweep": policy.can(request.user, "steward_edit"),
    })


@login_required
@require_POST
def sweep(request):
    """Stewards who may edit: queue the daily sweep now. If Redis is down that is logged, not a 500."""
    policy.require(request.user, "steward_read")  # anyone else: 404
    policy.require(request.user, "steward_edit")
    if services.reminders_sweep_request(actor=request.user):
        messages.success(request, "The reminder sweep has been queued")
    else:
        messages.error(request, "The reminder sweep could not be queued just now. The daily sweep will catch up.")
    return redirect("notices:reminder-list")
