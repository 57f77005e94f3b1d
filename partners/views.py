"""Thin views: scope (another area is a 404), form, service or selector, render."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from partners import forms, law, selectors, services
from partners.importers import OUR_COLUMNS, OUR_OPTIONAL, ImportFailed
from partners.selectors import SORTS
from trusts.csvio import write_csv
from trusts.scoping import area_for_user_or_404

PAGE_SIZE = 50
MAX_ERRORS_SHOWN = 200


def _officer_area_or_404(request, la_code):
    """The area, if the user is one of its officers; anyone else sees nothing (404)."""
    area = area_for_user_or_404(request.user, la_code)
    if area.pk not in request.user.officer_trust_ids():
        raise Http404
    return area


def _posted(request):
    """The POST data, even when empty (an empty POST must show errors, not a blank form)."""
    return request.POST if request.method == "POST" else None


def _register_url(area, **params):
    url = reverse("partners:partner-list", kwargs={"area": area.la_code})
    params = {k: v for k, v in params.items() if v}
    return f"{url}?{urlencode(params)}" if params else url


@login_required
def partner_list(request, area):
    area = area_for_user_or_404(request.user, area)
    framework = area.effective_framework()
    form = forms.RegisterFilterForm(request.GET or None, framework=framework)
    filters = form.values()
    queryset = selectors.partner_list(user=request.user, area=area, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.partner_rows(partners=page.object_list, area=area, framework=framework)
    current_sort = filters.get("sort", "name")
    headers = []
    for key, label in SORTS.items():
        active = current_sort.lstrip("-") == key
        descending = current_sort.startswith("-")
        next_sort = f"-{key}" if active and not descending else key
        headers.append({
            "label": label,
            "url": _register_url(area, **{**filters, "sort": next_sort}),
            "aria_sort": ("descending" if descending else "ascending") if active else "none",
        })
    base = {**filters}
    pages = []
    if page.paginator.num_pages > 1:
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
            pages.append({"number": number, "current": number == page.number,
                          "url": _register_url(area, **base, page=number) if isinstance(number, int) else ""})
    return render(request, "partners/partner_list.html", {
        "area": area,
        "framework": framework,
        "form": form,
        "filters": filters,
        "rows": rows,
        "page": page,
        "pages": pages,
        "prev_url": _register_url(area, **base, page=page.previous_page_number()) if page.has_previous() else "",
        "next_url": _register_url(area, **base, page=page.next_page_number()) if page.has_next() else "",
        "headers": headers,
        "export_url": reverse("partners:partner-export", kwargs={"area": area.la_code})
        + (f"?{urlencode(filters)}" if filters else ""),
        "is_officer": area.pk in request.user.officer_trust_ids(),
    })


@login_required
def partner_export(request, area):
    area = area_for_user_or_404(request.user, area)
    form = forms.RegisterFilterForm(request.GET or None)
    queryset = selectors.partner_list(user=request.user, area=area, **form.values())
    body = write_csv(selectors.partner_export_rows(queryset=queryset, area=area), selectors.EXPORT_HEADER)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="partners-{area.la_code}-{stamp}.csv"'
    return response


@login_required
def partner_detail(request, area, partner):
    area = area_for_user_or_404(request.user, area)
    partner = selectors.partner_get(user=request.user, area=area, pk=partner)
    is_officer = area.pk in request.user.officer_trust_ids()
    return render(request, "partners/partner_detail.html", {
        "area": area,
        "partner": partner,
        "frameworks": selectors.partner_duties_by_framework(partner=partner, area=area),
        "history": selectors.partner_history(partner=partner),
        "is_officer": is_officer,
        # a partner contact reaches only their own organisation (for_user), so may edit it
        "can_edit": is_officer or request.user.role == "partner_contact",
    })


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request, area):
    area = _officer_area_or_404(request, area)
    form = forms.PartnerForm(_posted(request), area=area)
    if request.method == "POST" and form.is_valid():
        partner = services.partner_create(area=area, actor=request.user,
                                          **{k: form.cleaned_data[k] for k in services.PARTNER_FIELDS})
        messages.success(request, f"{partner.name} added to the register")
        return redirect("partners:partner-detail", area=area.la_code, partner=partner.pk)
    return render(request, "partners/partner_form.html", {"area": area, "form": form, "partner": None})


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, area, partner):
    area = area_for_user_or_404(request.user, area)
    partner = selectors.partner_get(user=request.user, area=area, pk=partner)
    if area.pk in request.user.officer_trust_ids():
        form = forms.PartnerForm(_posted(request), instance=partner, area=area)
        fields = services.PARTNER_FIELDS
    elif request.user.role == "partner_contact":
        form = forms.PartnerContactForm(_posted(request), instance=partner)
        fields = None
    else:
        raise Http404
    if request.method == "POST" and form.is_valid():
        if fields is None:
            services.partner_contact_details_update(partner=partner, actor=request.user, **form.cleaned_data)
        else:
            services.partner_update(partner=partner, actor=request.user,
                                    **{k: form.cleaned_data[k] for k in fields})
        messages.success(request, f"{partner.name}: changes saved")
        return redirect("partners:partner-detail", area=area.la_code, partner=partner.pk)
    return render(request, "partners/partner_form.html", {"area": area, "form": form, "partner": partner})


@login_required
def framework_compare(request, area):
    area = area_for_user_or_404(request.user, area)
    current = area.effective_framework()
    form = forms.FrameworkPickForm(request.GET or None, current=current)
    changes = None
    if form.is_bound and form.is_valid():
        changes = selectors.framework_changes(area=area, framework_code=form.cleaned_data["framework"])
    return render(request, "partners/framework_compare.html", {
        "area": area, "current": current, "form": form, "changes": changes,
        "register_url": reverse("partners:partner-list", kwargs={"area": area.la_code}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def partner_import(request, area):
    area = _officer_area_or_404(request, area)
    form = forms.ImportUploadForm(_posted(request), request.FILES if request.method == "POST" else None)
    errors = []
    if request.method == "POST" and form.is_valid():
        pending, report, errors = services.partner_import_stage(
            area=area, actor=request.user, data=form.data_bytes, filename=form.cleaned_data["file"].name)
        if pending:
            return render(request, "partners/import_preview.html", {
                "area": area, "report": report, "pending": pending,
                "confirm": forms.ConfirmImportForm(initial={"token": pending.token}),
            })
        form.add_error("file", _errors_message(errors))
    return _import_page(request, area, form, errors)


@login_required
@require_POST
def partner_import_confirm(request, area):
    area = _officer_area_or_404(request, area)
    confirm = forms.ConfirmImportForm(request.POST)
    pending = None
    if confirm.is_valid():
        pending = services.partner_import_pending(area=area, actor=request.user, token=confirm.cleaned_data["token"])
    if pending is None:
        messages.error(request, "That upload has expired or was already imported. Upload the file again.")
        return redirect("partners:partner-import", area=area.la_code)
    try:
        report = services.partner_import_confirm(pending=pending, actor=request.user)
    except ImportFailed as failed:
        # the area's register changed since the preview: nothing saved, say why
        form = forms.ImportUploadForm()
        form.add_error(None, _errors_message(failed.errors))
        return _import_page(request, area, form, failed.errors)
    messages.success(request, f"Import complete: {report.created} added, {report.updated} updated, "
                              f"{report.unchanged} unchanged")
    return redirect("partners:partner-list", area=area.la_code)


def _errors_message(errors):
    if len(errors) == 1 and errors[0][0] is None:
        return errors[0][1]
    return f"The file has {len(errors)} problem{'s' if len(errors) != 1 else ''}: nothing was imported. " \
           "Correct the rows listed below and upload it again."


def _import_page(request, area, form, errors):
    row_errors = [e for e in errors if e[0] is not None]
    return render(request, "partners/import_upload.html", {
        "area": area, "form": form,
        "row_errors": row_errors[:MAX_ERRORS_SHOWN], "more_errors": max(0, len(row_errors) - MAX_ERRORS_SHOWN),
        "columns": OUR_COLUMNS, "optional": OUR_OPTIONAL,
        "types": law.ORG_TYPES,
    }, status=200)
