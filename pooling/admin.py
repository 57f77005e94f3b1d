"""The data stewards' national view of pooled budgets, with the history of every change."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pooling.models import Contribution, PooledFund, Spend


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    fields = ["partner", "year", "kind", "stage", "value", "description"]
    raw_id_fields = ["partner"]
    show_change_link = True


@admin.register(PooledFund)
class PooledFundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "trust", "legal_basis", "host", "start_date", "end_date", "status"]
    list_filter = ["legal_basis", "status", "trust__region", "trust"]
    search_fields = ["name", "trust__name", "trust__la_code", "host__name"]
    list_select_related = ["trust", "host"]
    raw_id_fields = ["host"]
    autocomplete_fields = ["trust"]
    date_hierarchy = "start_date"
    show_full_result_count = False
    inlines = [ContributionInline]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ["fund", "partner", "year", "kind", "stage", "value", "updated_at"]
    list_filter = ["stage", "kind", "fund__legal_basis", "year", "fund__trust"]
    search_fields = ["fund__name", "partner__name", "fund__trust__name", "fund__trust__la_code"]
    list_select_related = ["fund", "partner"]
    raw_id_fields = ["fund", "partner"]
    show_full_result_count = False


@admin.register(Spend)
class SpendAdmin(SimpleHistoryAdmin):
    list_display = ["fund", "year", "outcome", "service_area", "stage", "value", "updated_at"]
    list_filter = ["stage", "outcome", "service_area", "year", "fund__trust"]
    search_fields = ["fund__name", "fund__trust__name", "fund__trust__la_code"]
    list_select_related = ["fund"]
    raw_id_fields = ["fund"]
    show_full_result_count = False
