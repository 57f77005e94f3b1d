"""Thin views: scope (another area is a 404), ask the policy (a 403 that says why),
form, service or selector, render. Who may do what: ``partners.permissions``."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from partners import forms, law, selectors, services
from partners.importers import OUR_COLUMNS, OUR_OPTIONAL, ImportFailed
from partners.models import NationalImport, PartnerContact
from partners.permissions import policy
from partners.selectors import SORTS
from trusts import pagecache
from trusts.csvio import write_csv
from trusts.errors import errors_as_message, errors_on
from trusts.pagination import page_links
from trusts.scoping import area_for_user_or_404

PAGE_SIZE = 50
MAX_ERRORS_SHOWN = 200


def _area(request, la_code, action):
    """The area (another area is a 404), if the user may do ``action`` there (else a 403)."""
    area = area_for_user_or_404(request.user, la_code)
    policy.require(request.user, action, area)
    return area


def _partner(request, area, pk, action):
    """One partner of the area the user may know of (else a 404), if they may do ``action``."""
    partner = selectors.partner_get(user=request.user, area=area, pk=pk)
    policy.require(request.user, action, partner)
    return partner


def _posted(request):
    """The POST data, even when empty (an empty POST must show errors, not a blank form)."""
    return request.POST if request.method == "POST" else None


def _register_url(area, **params):
    url = reverse("partners:partner-list", kwargs={"la_code": area.la_code})
    params = {k: v for k, v in params.items() if v}
    return f"{url}?{urlencode(params)}" if params else url


@login_required
@require_safe
def partner_list(request, la_code):
    area = _area(request, la_code, "read_register")
    framework = area.effective_framework()

    def body():
        """The filters and the page of the register: the same for every reader of the area."""
        return render_to_string("partners/_register_body.html", _register_context(request, area, framework),
                                request=request)

    # kept until the register (or anything else it read) changes
    # and the day: a partner whose close date has passed leaves the default list
    vary = [area, framework.code, sorted(request.GET.lists()), timezone.localdate()]
    return render(request, "partners/partner_list.html", {
        "area": area,
        "framework": framework,
        "body": mark_safe(pagecache.fragment("partners:register", vary, body)),
        "export_url": reverse("partners:partner-export", kwargs={"la_code": area.la_code})
        + (f"?{urlencode(_filters(request, framework))}" if request.GET else ""),
        "can_add": policy.can(request.user, "add", area),
        "can_import": policy.can(request.user, "import", area),
    })


def _filters(request, framework):
    return forms.RegisterFilterForm(request.GET or None, framework=framework).values()


def _register_context(request, area, framework):
    form = forms.RegisterFilterForm(request.GET or None, framework=framework)
    filters = form.values()
    queryset = selectors.partner_list(user=request.user, area=area, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.partner_row_list(partners=page.object_list, area=area, framework=framework)
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
    return {
        "area": area,
        "form": form,
        "filters": filters,
        "rows": rows,
        "page": page,
        **page_links(page, lambda number: _register_url(area, **filters, page=number)),
        "headers": headers,
    }


@login_required
@require_safe
def partner_export(request, la_code):
    """The register as CSV, with the contacts' e-mail addresses: the register's readers only."""
    area = _area(request, la_code, "read_register")
    form = forms.RegisterFilterForm(request.GET or None)
    queryset = selectors.partner_list(user=request.user, area=area, **form.values())
    body = write_csv(selectors.partner_export_row_list(queryset=queryset, area=area), selectors.EXPORT_HEADER)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="partners-{area.la_code}-{stamp}.csv"'
    return response


@login_required
@require_safe
def partner_detail(request, la_code, partner):
    area = area_for_user_or_404(request.user, la_code)
    partner = _partner(request, area, partner, "view")
    user = request.user
    can_see_contacts = policy.can(user, "see_contacts", partner)
    on_form = forms.DutiesOnForm(request.GET or None)
    on = on_form.day()

    def make():  # only when the page's cached fragment is stale (trusts.pagecache)
        return {
            "frameworks": selectors.partner_duty_list(partner=partner, area=area, day=on),
            "history": selectors.partner_history_list(partner=partner),
            "contacts": selectors.partner_contact_list(partner=partner) if can_see_contacts else None,
        }

    context = pagecache.lazy_context(make, ("frameworks", "history", "contacts"))
    context.update({
        "area": area,
        "partner": partner,
        "on": on,
        "on_form": on_form,
        # what the reader asked (the date form shows it back) and may do: part of the fragment's key
        "asked": sorted(request.GET.items()),
        "can_see_contacts": can_see_contacts,
        "can_edit": policy.can(user, "edit", partner),
        "can_edit_contact_details": policy.can(user, "edit_contact_details", partner),
        "can_read_register": policy.can(user, "read_register", area),
        "can_manage_contacts": policy.can(user, "manage_contacts", partner),
    })
    return render(request, "partners/partner_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request, la_code):
    area = _area(request, la_code, "add")
    form = forms.PartnerForm(_posted(request), area=area)
    if request.method == "POST" and form.is_valid():
        partner = services.partner_create(area=area, actor=request.user,
                                          **{k: form.cleaned_data[k] for k in services.PARTNER_FIELDS})
        messages.success(request, f"{partner.name} added to the register")
        return redirect("partners:partner-detail", la_code=area.la_code, partner=partner.pk)
    return render(request, "partners/partner_form.html", {"area": area, "form": form, "partner": None})


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, la_code, partner):
    """Officers change everything; the organisation's own contacts its lead contact and notes."""
    area = area_for_user_or_404(request.user, la_code)
    partner = selectors.partner_get(user=request.user, area=area, pk=partner)
    if policy.can(request.user, "edit", partner):
        form = forms.PartnerForm(_posted(request), instance=partner, area=area)
        fields = services.PARTNER_FIELDS
    else:
        policy.require(request.user, "edit_contact_details", partner)
        form = forms.PartnerContactForm(_posted(request), instance=partner)
        fields = None
    if request.method == "POST" and form.is_valid():
        if fields is None:
            services.partner_contact_details_update(partner=partner, actor=request.user, **form.cleaned_data)
        else:
            services.partner_update(partner=partner, actor=request.user,
                                    **{k: form.cleaned_data[k] for k in fields})
        messages.success(request, f"{partner.name}: changes saved")
        return redirect("partners:partner-detail", la_code=area.la_code, partner=partner.pk)
    return render(request, "partners/partner_form.html", {"area": area, "form": form, "partner": partner})


@login_required
@require_safe
def framework_compare(request, la_code):
    area = _area(request, la_code, "read_register")
    current = area.effective_framework()
    form = forms.FrameworkPickForm(request.GET or None, current=current)
    changes = None
    if form.is_bound and form.is_valid():
        changes = selectors.framework_change_get(area=area, framework_code=form.cleaned_data["framework"])
    return render(request, "partners/framework_compare.html", {
        "area": area, "current": current, "form": form, "changes": changes,
        "register_url": reverse("partners:partner-list", kwargs={"la_code": area.la_code}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def partner_import(request, la_code):
    area = _area(request, la_code, "import")
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
def partner_import_confirm(request, la_code):
    area = _area(request, la_code, "import")
    confirm = forms.ConfirmImportForm(request.POST)
    pending = None
    if confirm.is_valid():
        pending = services.partner_import_pending(area=area, actor=request.user, token=confirm.cleaned_data["token"])
    if pending is None:
        messages.error(request, "That upload has expired or was already imported. Upload the file again.")
        return redirect("partners:partner-import", la_code=area.la_code)
    try:
        report = services.partner_import_confirm(pending=pending, actor=request.user)
    except ImportFailed as failed:
        # the area's register changed since the preview: nothing saved, say why
        form = forms.ImportUploadForm()
        form.add_error(None, _errors_message(failed.errors))
        return _import_page(request, area, form, failed.errors)
    messages.success(request, f"Import complete: {report.created} added, {report.updated} updated, "
                              f"{report.unchanged} unchanged")
    return redirect("partners:partner-list", la_code=area.la_code)


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


# -- a partner's contacts (officers of the area) -------------------------------------------------
def _contact(request, partner, contact):
    link = get_object_or_404(PartnerContact.objects.select_related("user", "partner__area"),
                             pk=contact, partner=partner)
    policy.require(request.user, "manage_contacts", link)
    return link


@login_required
@require_http_methods(["GET", "POST"])
def partner_contact_add(request, la_code, partner):
    """Add a contact: a person new to the service gets an invitation to set a password."""
    area = area_for_user_or_404(request.user, la_code)
    partner = _partner(request, area, partner, "manage_contacts")
    form = forms.ContactAddForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            link = services.partner_contact_add(partner=partner, actor=request.user, **form.cleaned_data)
            messages.success(request, f"{link.user.full_name} added as a contact of {partner.name}")
            return redirect("partners:partner-detail", la_code=area.la_code, partner=partner.pk)
    return render(request, "partners/contact_form.html", {"area": area, "partner": partner, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def partner_contact_remove(request, la_code, partner, partner_contact):
    """Confirm, then remove a contact; their access to the area ends with their last link."""
    area = area_for_user_or_404(request.user, la_code)
    partner = _partner(request, area, partner, "manage_contacts")
    link = _contact(request, partner, partner_contact)
    form = forms.ContactRemoveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.partner_contact_unlink(link=link, actor=request.user)
        messages.success(request, f"{link.user.full_name} is no longer a contact of {partner.name}")
        return redirect("partners:partner-detail", la_code=area.la_code, partner=partner.pk)
    return render(request, "partners/contact_remove.html", {
        "area": area, "partner": partner, "link": link, "form": form,
    })


@login_required
@require_POST
def partner_contact_invite(request, la_code, partner, partner_contact):
    """Send the contact a fresh invitation (the button beside an invited contact)."""
    area = area_for_user_or_404(request.user, la_code)
    partner = _partner(request, area, partner, "manage_contacts")
    link = _contact(request, partner, partner_contact)
    with errors_as_message(request):
        services.partner_contact_invite(link=link, actor=request.user)
        messages.success(request, f"Invitation sent to {link.user.email}")
    return redirect("partners:partner-detail", la_code=area.la_code, partner=partner.pk)


# -- the national schools import (data stewards; each area's officers read their part) -------------
@login_required
@require_http_methods(["GET", "POST"])
def national_import(request):
    """Upload a national GIAS extract (checked first, imported on confirmation) and the latest runs."""
    policy.require(request.user, "national_import_read")
    if request.method == "POST":
        policy.require(request.user, "national_import")
    can_run = policy.can(request.user, "national_import")
    form = None
    if can_run:
        form = forms.NationalImportUploadForm(_posted(request), request.FILES if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            run = services.national_import_stage(upload=form.cleaned_data["file"], actor=request.user)
            return redirect("partners:national-import-detail", national_import=run.pk)
    return render(request, "partners/national_import.html", {
        "form": form, "runs": selectors.national_import_list(user=request.user),
    })


@login_required
@require_safe
def national_import_detail(request, national_import):
    """One run: in progress (the page refreshes itself), checked (with the import button), imported
    or refused; the report per area."""
    policy.require(request.user, "national_import_read")
    run = get_object_or_404(NationalImport.objects.select_related("created_by"), pk=national_import)
    response = render(request, "partners/national_import_detail.html", {
        "run": run,
        "done": run.status == NationalImport.Status.DONE,
        "progress": services.national_import_progress(run) if run.in_progress else None,
        "totals": selectors.national_import_totals_get(run=run),
        "area_rows": selectors.national_import_area_list(run=run),
        "can_confirm": run.status == NationalImport.Status.CHECKED and policy.can(request.user, "national_import"),
    })
    if run.in_progress:
        # the browser asks again every 5 seconds until the run ends (an HTTP refresh: no JavaScript)
        response["Refresh"] = "5"
    return response


@login_required
@require_POST
def national_import_confirm(request, national_import):
    policy.require(request.user, "national_import")
    run = get_object_or_404(NationalImport, pk=national_import)
    with errors_as_message(request):
        services.national_import_confirm(run=run, actor=request.user)
    return redirect("partners:national-import-detail", national_import=run.pk)


@login_required
@require_safe
def area_national_imports(request, la_code):
    """What the national schools import changed in this area (its officers; stewards)."""
    area = _area(request, la_code, "read_register")
    runs = selectors.national_import_list(user=request.user, area=area)
    return render(request, "partners/area_national_imports.html", {
        "area": area, "rows": [(run, run.area_report(area.la_code)) for run in runs],
    })
