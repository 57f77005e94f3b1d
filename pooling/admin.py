"""The data stewards' national view of pooled budgets, with the history of every change.

Funds, contributions and spend are the area's own figures, agreed between its
partners: stewards read them (and their history) but never change them here."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners.admin import area_framework_filter
from pooling.models import Contribution, PooledFund, Spend
from trusts.admin import NationalAdminMixin, ReadOnlyAdminMixin, year_filter

FINANCIAL_YEAR = year_filter("year", "financial year", financial=True)


class ContributionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Contribution
    extra = 0
    fields = ["partner", "year", "kind", "stage", "value", "description"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")


@admin.register(PooledFund)
class PooledFundAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "area", "legal_basis", "host", "start_date", "end_date", "status"]
    list_filter = ["legal_basis", "status", "area__authority_type", "area__region", area_framework_filter("area")]
    search_fields = ["name", "area__name", "=area__la_code", "host__name"]
    list_select_related = ["area", "host"]
    ordering = ["name", "pk"]  # a few funds per area: a short list
    date_hierarchy = "start_date"
    inlines = [ContributionInline]


@admin.register(Contribution)
class ContributionAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["fund", "area", "partner", "year", "kind", "stage", "value", "updated_at"]
    list_filter = ["stage", "kind", "fund__legal_basis", FINANCIAL_YEAR, "fund__area__authority_type",
                   "fund__area__region", area_framework_filter("fund__area")]
    search_fields = ["fund__name", "partner__name", "fund__area__name", "=fund__area__la_code"]
    list_select_related = ["fund__area", "partner"]

    @admin.display(description="Area", ordering="fund__area__name")
    def area(self, obj):
        return obj.fund.area


@admin.register(Spend)
class SpendAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["fund", "area", "year", "outcome", "service_area", "stage", "value", "updated_at"]
    list_filter = ["stage", "outcome", "service_area", FINANCIAL_YEAR, "fund__area__authority_type",
                   "fund__area__region", area_framework_filter("fund__area")]
    search_fields = ["fund__name", "fund__area__name", "=fund__area__la_code"]
    list_select_related = ["fund__area"]

    @admin.display(description="Area", ordering="fund__area__name")
    def area(self, obj):
        return obj.fund.area
