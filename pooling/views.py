"""Pooled budgets pages. Thin: scope, ask the policy, form, service or selector, render.

Who may do what (``pooling.permissions``): an area's officers read and change its
pooled budgets; data stewards read them; a partner contact sees only their own
organisation's contributions; board members none of it (a 403 that says why).
Anything of another area is a 404.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from pooling import charts, exports, selectors, services
from pooling.forms import ContributionForm, FigureEditForm, FundForm, SpendForm
from pooling.models import Contribution, PooledFund, Spend, Stage
from pooling.permissions import policy
from pooling.years import FinancialYear
from trusts import pagecache
from trusts.errors import errors_on
from trusts.scoping import area_for_user_or_404


def _area(request, la_code, action):
    """The area (another area is a 404), if the user may do ``action`` there (else a 403)."""
    area = area_for_user_or_404(request.user, la_code)
    policy.require(request.user, action, area)
    return area


def _fund(request, area, fund):
    queryset = PooledFund.objects.for_user(request.user).select_related("area", "host__area")
    return get_object_or_404(queryset, pk=fund, area=area)


def fund_url(fund):
    return reverse("pooling:fund-detail", kwargs={"la_code": fund.area.la_code, "fund": fund.pk})


@login_required
@require_safe
def area_pooled_budgets(request, la_code):
    area = area_for_user_or_404(request.user, la_code)
    if not policy.can(request.user, "read", area) and policy.can(request.user, "read_own_contributions", area):
        # a partner contact: their own organisation's contributions are what they may see
        return redirect("pooling:contributions-mine", la_code=area.la_code)
    policy.require(request.user, "read", area)
    funds = list(selectors.fund_list(area=area))
    statement = selectors.spend_statement_list(area=area)
    outcomes = selectors.outcome_spend_list(area=area)
    context = {
        "area": area,
        "funds": funds,
        "statement": statement,
        "statement_totals": selectors.spend_statement_totals(statement),
        "charts": [
            c for c in (
                charts.contributions_chart(chart_id="area-planned", rows=statement, stage=Stage.PLANNED,
                                           title="Planned contributions per partner per year, all funds"),
                charts.contributions_chart(chart_id="area-actual", rows=statement, stage=Stage.ACTUAL,
                                           title="Actual contributions per partner per year, all funds"),
            ) if c.rows
        ],
        "outcome_chart": charts.outcome_chart(chart_id="area-outcomes", rows=outcomes,
                                              title="Spend by Every Child Matters outcome, all funds"),
        "can_edit": policy.can(request.user, "edit", area),
    }
    return render(request, "pooling/area.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fund_create(request, la_code):
    area = _area(request, la_code, "edit")
    form = FundForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            fund = services.fund_create(area=area, actor=request.user, **form.cleaned_data)
            messages.success(request, f"Fund {fund.name} set up")
            return redirect(fund_url(fund))
    return render(request, "pooling/form.html", {
        "area": area, "form": form, "heading": "Set up a pooled fund",
        "back": reverse("pooling:area", kwargs={"la_code": area.la_code}),
        "guidance": "fund",
    })


@login_required
@require_safe
def fund_detail(request, la_code, fund):
    area = _area(request, la_code, "read")
    fund = _fund(request, area, fund)
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and len(asked) == 4 else None
    context = pagecache.lazy_context(lambda: _fund_page(fund, year), FUND_PAGE_NAMES)
    context.update(area=area, fund=fund, asked_year=year, can_edit=policy.can(request.user, "edit", fund))
    return render(request, "pooling/fund_detail.html", context)


FUND_PAGE_NAMES = ("framework", "contributions", "spend", "flags", "years", "total", "charts", "outcome_chart",
                   "history", "year", "year_label", "HISTORY_ROWS")
HISTORY_ROWS = 20  # the latest changes; every change is in the admin's history of each figure


def _shown_year(years, asked):
    """The financial year whose contributions and spend the page lists: the one asked for if the
    fund has it, else the current year if it has figures, else the latest year with figures."""
    known = [row.year for row in years]
    if asked in known:
        return asked
    with_figures = [row.year for row in years
                    if row.contributed_planned or row.contributed_actual or row.spent_planned or row.spent_actual]
    current = FinancialYear.current()
    if current in with_figures:
        return current
    return (with_figures or known or [current])[-1]


def _fund_page(fund, asked_year=None):
    """What the fund page shows, the same for every reader (worked out when its cached fragment is
    stale). A fund may run for years with every partner contributing: its contributions and spend
    are listed one financial year at a time, the balance of every year above them."""
    every_contribution = selectors.contribution_list(fund=fund)
    flags = selectors.fund_flag_list(fund=fund, contributions=every_contribution)
    flagged_ids = {f.contribution.pk for f in flags if f.contribution}
    years, total = selectors.fund_reconciliation_get(fund=fund)
    year = _shown_year(years, asked_year)
    contributions = [c for c in every_contribution if c.year == year]
    partner_years = selectors.partner_year_list(fund=fund)
    outcomes = selectors.outcome_spend_list(fund=fund)
    contribution_charts = [
        c for c in (
            charts.contributions_chart(chart_id="fund-planned", rows=partner_years, stage=Stage.PLANNED,
                                       years=fund.years),
            charts.contributions_chart(chart_id="fund-actual", rows=partner_years, stage=Stage.ACTUAL,
                                       years=fund.years),
        ) if c.rows
    ]
    return {
        "framework": fund.area.effective_framework(),
        "contributions": [(c, c.pk in flagged_ids) for c in contributions],
        "spend": [s for s in selectors.spend_list(fund=fund) if s.year == year],
        "year": year,
        "year_label": FinancialYear.label(year),
        "HISTORY_ROWS": HISTORY_ROWS,
        "flags": flags,
        "years": years,
        "total": total,
        "charts": contribution_charts,
        "outcome_chart": charts.outcome_chart(chart_id="fund-outcomes", rows=outcomes),
        "history": selectors.fund_history_list(fund=fund, limit=HISTORY_ROWS),
    }


@login_required
@require_http_methods(["GET", "POST"])
def fund_edit(request, la_code, fund):
    area = _area(request, la_code, "edit")
    fund = _fund(request, area, fund)
    initial = {name: getattr(fund, name) for name in services.FUND_FIELDS}
    form = FundForm(request.POST or None, area=area, initial=initial)
    form.submit_label = "Save changes"
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.fund_update(fund=fund, actor=request.user, **form.cleaned_data)
            messages.success(request, "Fund details saved")
            return redirect(fund_url(fund))
    return render(request, "pooling/form.html", {
        "area": area, "fund": fund, "form": form, "heading": "Change the fund's details", "back": fund_url(fund),
        "guidance": "fund",
    })


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create(request, la_code, fund):
    area = _area(request, la_code, "edit")
    fund = _fund(request, area, fund)
    form = ContributionForm(request.POST or None, fund=fund)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            contribution = services.contribution_create(fund=fund, actor=request.user, **form.cleaned_data)
            messages.success(request, f"Contribution recorded: {contribution}")
            return redirect(fund_url(fund))
    return render(request, "pooling/form.html", {
        "area": area, "fund": fund, "form": form, "heading": "Record a contribution", "back": fund_url(fund),
        "guidance": fund.legal_basis,
    })


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request, la_code, fund, contribution):
    area = _area(request, la_code, "edit")
    fund = _fund(request, area, fund)
    contribution = get_object_or_404(Contribution.objects.for_user(request.user).select_related("partner"),
                                     pk=contribution, fund=fund)
    form = FigureEditForm(request.POST or None,
                          initial={"value": contribution.value, "description": contribution.description})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.contribution_update(contribution=contribution, actor=request.user, **form.cleaned_data)
            messages.success(request, f"Contribution changed: {contribution}")
            return redirect(fund_url(fund))
    return render(request, "pooling/form.html", {
        "area": area, "fund": fund, "form": form, "heading": "Change a contribution", "back": fund_url(fund),
        "subject": str(contribution),
    })


@login_required
@require_http_methods(["GET", "POST"])
def spend_create(request, la_code, fund):
    area = _area(request, la_code, "edit")
    fund = _fund(request, area, fund)
    form = SpendForm(request.POST or None, fund=fund)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            spend = services.spend_create(fund=fund, actor=request.user, **form.cleaned_data)
            messages.success(request, f"Spend recorded: {spend}")
            return redirect(fund_url(fund))
    return render(request, "pooling/form.html", {
        "area": area, "fund": fund, "form": form, "heading": "Record spend", "back": fund_url(fund),
    })


@login_required
@require_http_methods(["GET", "POST"])
def spend_edit(request, la_code, fund, spend_entry):
    area = _area(request, la_code, "edit")
    fund = _fund(request, area, fund)
    spend = get_object_or_404(Spend.objects.for_user(request.user), pk=spend_entry, fund=fund)
    form = FigureEditForm(request.POST or None, initial={"value": spend.value, "description": spend.description})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.spend_update(spend=spend, actor=request.user, **form.cleaned_data)
            messages.success(request, f"Spend changed: {spend}")
            return redirect(fund_url(fund))
    return render(request, "pooling/form.html", {
        "area": area, "fund": fund, "form": form, "heading": "Change spend", "back": fund_url(fund),
        "subject": str(spend),
    })


@login_required
@require_safe
def contributions_mine(request, la_code):
    """A partner contact's own organisation's contributions; the budgets' readers see the area's."""
    area = _area(request, la_code, "read_own_contributions")
    rows = selectors.partner_contribution_list(user=request.user, area=area)
    return render(request, "pooling/contributions_mine.html", {
        "area": area, "rows": rows, "is_contact": not policy.can(request.user, "read", area),
    })


@login_required
@require_safe
def export_csv(request, la_code, what):
    area = _area(request, la_code, "read")
    header, rows = exports.TABLES[what](area=area)
    response = HttpResponse("\ufeff" + exports.to_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pooled-budgets-{area.la_code}-{what}.csv"'
    return response


@login_required
@require_safe
def export_xlsx(request, la_code):
    area = _area(request, la_code, "read")
    response = HttpResponse(
        exports.to_xlsx(area=area),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    year = FinancialYear.current()
    response["Content-Disposition"] = f'attachment; filename="pooled-budgets-{area.la_code}-{year}.xlsx"'
    return response
