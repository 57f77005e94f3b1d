"""The national data stewards' view of every area's partners, with history."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners.models import Partner, PartnerContact, PartnerImport


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "trust", "org_type", "identifier", "engagement"]
    list_filter = ["org_type", "engagement", "trust__authority_type", "academy_funding_agreement"]
    search_fields = ["name", "urn", "ukprn", "ods_code", "trust__name", "=trust__la_code"]
    list_select_related = ["trust"]
    show_full_result_count = False
    list_per_page = 100
    raw_id_fields = ["trust"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["trust", "name", "org_type", "academy_funding_agreement"]}),
        ("Identifiers", {"fields": ["urn", "ukprn", "ods_code"]}),
        ("Engagement", {"fields": ["engagement", "agreement_signed_on", "lead_contact_name", "lead_contact_email",
                                   "notes"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="Identifier")
    def identifier(self, obj):
        return obj.identifier


@admin.register(PartnerContact)
class PartnerContactAdmin(SimpleHistoryAdmin):
    list_display = ["user", "partner", "created_at"]
    search_fields = ["user__email", "user__full_name", "partner__name", "=partner__trust__la_code"]
    list_select_related = ["user", "partner", "partner__trust"]
    raw_id_fields = ["user", "partner"]
    show_full_result_count = False


@admin.register(PartnerImport)
class PartnerImportAdmin(admin.ModelAdmin):
    """Uploads waiting for confirmation (removed after a day)."""

    list_display = ["filename", "trust", "created_by", "created_at"]
    list_select_related = ["trust", "created_by"]
    exclude = ["data"]
    readonly_fields = ["token", "trust", "created_by", "filename", "created_at"]

    def has_add_permission(self, request):
        return False
