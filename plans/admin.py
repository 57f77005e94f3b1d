"""National data stewards' view of the plans: read-only where the area owns the record.

Stewards watch status, agreement and reviews across areas; plan content, agreements and
approvals belong to the area and its partners, so they are not editable here."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import (
    AgreementRequest,
    AgreementResponse,
    PlanApproval,
    PlanReview,
    PlanSettings,
    PlanTransition,
    PlanVersion,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyMixin, admin.TabularInline):
    model = PlanTransition
    fields = ["at", "from_status", "to_status", "actor", "comment"]
    readonly_fields = fields
    extra = 0


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "trust", "number", "status", "published_on", "review_due_on", "agreement_round"]
    list_filter = ["status", "trust__region"]
    list_select_related = ["trust"]
    search_fields = ["title", "trust__name", "trust__la_code"]
    date_hierarchy = "published_on"
    inlines = [TransitionInline]


@admin.register(PlanTransition)
class PlanTransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    list_select_related = ["version__trust", "actor"]
    search_fields = ["version__trust__name", "comment"]


class ResponseInline(ReadOnlyMixin, admin.TabularInline):
    model = AgreementResponse
    fields = ["at", "decision", "reasons", "actor", "via"]
    readonly_fields = fields
    extra = 0


@admin.register(AgreementRequest)
class AgreementRequestAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["partner", "version", "round", "asked_at", "latest_decision"]
    list_filter = ["latest_decision", "version__status"]
    list_select_related = ["partner", "version__trust"]
    search_fields = ["partner__name", "version__trust__name"]
    exclude = ["nonce"]
    inlines = [ResponseInline]


@admin.register(PlanApproval)
class PlanApprovalAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["version", "meeting", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["version__trust", "meeting__board", "decided_by"]


@admin.register(PlanReview)
class PlanReviewAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["version", "due_on", "reviewed_on", "noted_on"]
    list_filter = ["noted_on"]
    list_select_related = ["version__trust"]
    search_fields = ["version__trust__name"]


@admin.register(PlanSettings)
class PlanSettingsAdmin(SimpleHistoryAdmin):
    """Stewards may correct an area's review interval (e.g. on a direction)."""

    list_display = ["trust", "review_interval_months"]
    list_select_related = ["trust"]
