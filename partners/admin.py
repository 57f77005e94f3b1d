"""The national data stewards' view of every area's partners, with history, bulk import
and export. The area filters here (framework, relevance) are reused by the boards,
pooling and plans admins.

Changelists cost the same at national scale (``trusts.admin.NationalAdminMixin``: no
count of the whole table, an index behind the order, every filter and the date drill-down
answered without reading every row; ``ReadOnlyAdminMixin`` for what areas own)."""
from django.contrib import admin
from django.utils import timezone
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from partners import law
from partners.dashboard import relevant_q
from partners.models import Partner, PartnerContact, PartnerImport
from partners.resources import PartnerResource
from trusts.admin import NationalAdminMixin, ReadOnlyAdminMixin
from trusts.models import Area


def area_framework_filter(area_path):
    """A list filter on the framework an area runs under today: its chosen one, or (when
    it has none) the one in force, so "blank" areas are found under the framework they follow."""

    class AreaFrameworkFilter(admin.SimpleListFilter):
        title = "framework"
        parameter_name = "framework"

        def lookups(self, request, model_admin):
            return law.framework_choices()

        def queryset(self, request, queryset):
            code = self.value()
            if code not in law.FRAMEWORKS_BY_CODE:
                return queryset
            in_force = law.framework_in_force(timezone.localdate()).code
            if code == in_force:
                return queryset.filter(**{f"{area_path}__framework__in": [code, ""]})
            return queryset.filter(**{f"{area_path}__framework": code})

    return AreaFrameworkFilter


class RelevantFilter(admin.SimpleListFilter):
    """Relevant partners (duty to cooperate, s10) under each area's own framework."""

    title = "relevant partner (s10)"
    parameter_name = "relevant"

    def lookups(self, request, model_admin):
        return [("yes", "Relevant partners"), ("no", "Other partners")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        areas = Area.objects.only("pk", "authority_type", "framework")
        q = relevant_q(areas, timezone.localdate())
        return queryset.filter(q) if self.value() == "yes" else queryset.exclude(q)


@admin.register(Partner)
class PartnerAdmin(NationalAdminMixin, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [PartnerResource]
    list_display = ["name", "area", "org_type_label", "identifier", "engagement", "agreement_signed_on"]
    list_filter = [RelevantFilter, "org_type", "engagement", "area__authority_type", "area__region",
                   area_framework_filter("area"), "academy_funding_agreement"]
    search_fields = ["name", "urn", "ukprn", "ods_code", "area__name", "=area__la_code"]
    list_select_related = ["area"]
    ordering = ["name", "pk"]  # partner_name_idx
    date_hierarchy = "agreement_signed_on"  # partner_signed_on_idx
    raw_id_fields = ["area"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["area", "name", "org_type", "academy_funding_agreement"]}),
        ("Identifiers", {"fields": ["urn", "ukprn", "ods_code"]}),
        ("Engagement", {"fields": ["engagement", "agreement_signed_on", "lead_contact_name", "lead_contact_email",
                                   "notes"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="Organisation type", ordering="org_type")
    def org_type_label(self, obj):
        # not the field itself: the admin would evaluate the callable choices once a row
        return law.org_type_label(obj.org_type)

    @admin.display(description="Identifier")
    def identifier(self, obj):
        return obj.identifier


@admin.register(PartnerContact)
class PartnerContactAdmin(NationalAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "partner", "area", "created_at"]
    list_filter = ["partner__area__authority_type", "partner__area__region"]
    search_fields = ["user__email", "user__full_name", "partner__name", "=partner__area__la_code"]
    list_select_related = ["user", "partner__area"]
    raw_id_fields = ["user", "partner"]
    date_hierarchy = "created_at"

    @admin.display(description="Area", ordering="partner__area__name")
    def area(self, obj):
        return obj.partner.area


@admin.register(PartnerImport)
class PartnerImportAdmin(NationalAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Officers' uploads waiting for confirmation (removed after a day): the officer's, not the steward's."""

    list_display = ["filename", "area", "created_by", "created_at"]
    list_filter = ["area__region"]
    search_fields = ["filename", "=area__la_code", "area__name"]
    list_select_related = ["area", "created_by"]
    exclude = ["data"]
    readonly_fields = ["token", "area", "created_by", "filename", "created_at"]
