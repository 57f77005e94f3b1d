from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from trusts.models import Trust
from trusts.notices import selectors, services
from trusts.notices.models import ChaseRule, Notification, ReminderLog

PAGE_SIZE = 50


def _steward_or_404(user):
    if not user.is_steward:
        raise Http404


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


@login_required
@require_GET
def reminder_list(request):
    """Stewards: every reminder nationally, filterable by area, kind and status."""
    _steward_or_404(request.user)
    areas = list(Trust.objects.order_by("name").only("pk", "name", "la_code"))
    by_code = {a.la_code: a for a in areas}
    kinds = list(ChaseRule.objects.order_by("kind").values_list("kind", flat=True))
    selected = {
        "area": request.GET.get("area", "") if request.GET.get("area", "") in by_code else "",
        "kind": request.GET.get("kind", "") if request.GET.get("kind", "") in kinds else "",
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
    })


@login_required
@require_POST
def sweep(request):
    """Stewards: queue the daily sweep now. If Redis is down that is logged, not a 500."""
    _steward_or_404(request.user)
    from trusts.notices.tasks import sweep_task

    if services.publish_safely(sweep_task):
        messages.success(request, "The reminder sweep has been queued")
    else:
        messages.error(request, "The reminder sweep could not be queued just now. The daily sweep will catch up.")
    return redirect("notices:reminder-list")
