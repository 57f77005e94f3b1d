"""National data stewards' view of the plans: read-only where the area owns the record.

Stewards watch status, agreement and reviews across areas; plan content, agreements and
approvals belong to the area and its partners, so they are not editable here. The one
thing a steward sets is an area's review interval (e.g. on a direction)."""
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from partners.admin import area_framework_filter
from plans.models import (
    Action,
    AgreementRequest,
    AgreementResponse,
    Consultee,
    GapAction,
    PartnerSpend,
    PlanApproval,
    PlanReview,
    PlanSettings,
    PlanTransition,
    PlanVersion,
    Priority,
    ReviewProgress,
)
from trusts.admin import NationalAdminMixin, ReadOnlyAdminMixin, year_filter

AREA_FILTERS = ["area__authority_type", "area__region"]


def _version_area_filters(path="version__area"):
    return [f"{path}__authority_type", f"{path}__region", area_framework_filter(path)]


class ReviewFilter(admin.SimpleListFilter):
    """Published plans whose annual review is overdue: due date passed and no review recorded
    for it (the same rule as the area's compliance panel and the dashboard)."""

    title = "annual review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("due", "Due, not yet overdue"), ("recorded", "Recorded for its due date")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        published = queryset.filter(status=PlanVersion.Status.PUBLISHED, review_due_on__isnull=False)
        recorded = Exists(PlanReview.objects.filter(version=OuterRef("pk"), due_on=OuterRef("review_due_on")))
        if self.value() == "overdue":
            return published.filter(review_due_on__lt=today).exclude(recorded)
        if self.value() == "due":
            return published.filter(review_due_on__gte=today).exclude(recorded)
        if self.value() == "recorded":
            return published.filter(recorded)
        return queryset


class LatestDecisionFilter(admin.SimpleListFilter):
    """The answers a request can hold, fixed: not a DISTINCT over every request."""

    title = "latest answer"
    parameter_name = "latest_decision"

    def lookups(self, request, model_admin):
        return [*AgreementResponse.Decision.choices, ("none", "Not answered")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(latest_decision="")
        if self.value() in AgreementResponse.Decision.values:
            return queryset.filter(latest_decision=self.value())
        return queryset


class TransitionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlanTransition
    fields = ["at", "from_status", "to_status", "actor", "comment"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(PlanVersion)
class PlanVersionAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "area", "number", "status", "published_on", "review_due_on", "review_overdue",
                    "agreement_round"]
    list_filter = ["status", ReviewFilter, *AREA_FILTERS, area_framework_filter("area")]
    list_select_related = ["area"]
    search_fields = ["title", "area__name", "=area__la_code"]
    date_hierarchy = "published_on"
    inlines = [TransitionInline]

    def get_queryset(self, request):
        recorded = PlanReview.objects.filter(version=OuterRef("pk"), due_on=OuterRef("review_due_on"))
        return super().get_queryset(request).annotate(review_recorded=Exists(recorded))

    @admin.display(description="Review overdue", boolean=True)
    def review_overdue(self, obj):
        if obj.status != PlanVersion.Status.PUBLISHED or not obj.review_due_on:
            return None
        return obj.review_due_on < timezone.localdate() and not obj.review_recorded


@admin.register(PlanTransition)
class PlanTransitionAdmin(NationalAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["version", "area", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status", *_version_area_filters()]
    list_select_related = ["version__area", "actor"]
    search_fields = ["version__area__name", "=version__area__la_code", "comment"]
    date_hierarchy = "at"

    @admin.display(description="Area", ordering="version__area__name")
    def area(self, obj):
        return obj.version.area


class _VersionChildAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Plan content: the area's words, read-only for stewards."""

    list_select_related = ["version__area"]
    search_fields = ["version__area__name", "=version__area__la_code"]

    @admin.display(description="Area", ordering="version__area__name")
    def area(self, obj):
        return obj.version.area


@admin.register(Priority)
class PriorityAdmin(_VersionChildAdmin):
    list_display = ["title", "outcome", "version", "area"]
    list_filter = ["outcome", *_version_area_filters()]
    search_fields = ["title", *_VersionChildAdmin.search_fields]


@admin.register(Action)
class ActionAdmin(_VersionChildAdmin):
    list_display = ["__str__", "priority", "responsible_partner", "due_by", "area"]
    list_filter = ["priority__outcome", *_version_area_filters("priority__version__area")]
    list_select_related = ["priority__version__area", "responsible_partner"]
    search_fields = ["description", "priority__version__area__name", "=priority__version__area__la_code"]
    date_hierarchy = "due_by"

    @admin.display(description="Area", ordering="priority__version__area__name")
    def area(self, obj):
        return obj.priority.version.area


@admin.register(GapAction)
class GapActionAdmin(_VersionChildAdmin):
    list_display = ["__str__", "version", "responsible_partner", "due_by", "area"]
    list_filter = _version_area_filters()
    list_select_related = ["version__area", "responsible_partner"]
    search_fields = ["gap", "description", *_VersionChildAdmin.search_fields]
    date_hierarchy = "due_by"


@admin.register(Consultee)
class ConsulteeAdmin(_VersionChildAdmin):
    list_display = ["label", "kind", "version", "consulted_from", "area"]
    list_filter = ["kind", "group", *_version_area_filters()]
    list_select_related = ["version__area", "partner"]
    date_hierarchy = "consulted_from"


@admin.register(PartnerSpend)
class PartnerSpendAdmin(_VersionChildAdmin):
    list_display = ["partner", "financial_year", "spend_area", "amount", "version", "area"]
    list_filter = [year_filter("financial_year", "financial year", financial=True), "spend_area",
                   *_version_area_filters()]
    list_select_related = ["version__area", "partner"]
    search_fields = ["partner__name", *_VersionChildAdmin.search_fields]


class ResponseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AgreementResponse
    fields = ["at", "decision", "reasons", "actor", "via"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(AgreementRequest)
class AgreementRequestAdmin(_VersionChildAdmin):
    list_display = ["partner", "version", "round", "asked_at", "latest_decision", "area"]
    list_filter = [LatestDecisionFilter, "version__status", *_version_area_filters()]
    list_select_related = ["partner", "version__area"]
    search_fields = ["partner__name", *_VersionChildAdmin.search_fields]
    date_hierarchy = "asked_at"  # agreement_request_asked_idx
    exclude = ["nonce"]
    inlines = [ResponseInline]


@admin.register(AgreementResponse)
class AgreementResponseAdmin(NationalAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["request", "decision", "via", "actor", "at"]
    list_filter = ["decision", "via", "request__version__area__authority_type", "request__version__area__region"]
    list_select_related = ["request__partner", "request__version", "actor"]
    search_fields = ["request__partner__name", "request__version__area__name", "=request__version__area__la_code"]
    date_hierarchy = "at"  # agreement_response_at_idx


@admin.register(PlanApproval)
class PlanApprovalAdmin(_VersionChildAdmin):
    list_display = ["version", "meeting", "outcome", "decided_by", "decided_at", "area"]
    list_filter = ["outcome", *_version_area_filters()]
    list_select_related = ["version__area", "meeting__board", "decided_by"]
    date_hierarchy = "created_at"


class ProgressInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReviewProgress
    fields = ["outcome", "progress"]
    readonly_fields = fields
    extra = 0


@admin.register(PlanReview)
class PlanReviewAdmin(_VersionChildAdmin):
    list_display = ["version", "due_on", "reviewed_on", "noted_on", "area"]
    list_filter = [("noted_on", admin.EmptyFieldListFilter), *_version_area_filters()]
    date_hierarchy = "due_on"
    inlines = [ProgressInline]


@admin.register(ReviewProgress)
class ReviewProgressAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["review", "outcome"]
    list_filter = ["outcome", "review__version__area__region"]
    list_select_related = ["review__version"]
    search_fields = ["review__version__area__name", "=review__version__area__la_code"]


@admin.register(PlanSettings)
class PlanSettingsAdmin(NationalAdminMixin, SimpleHistoryAdmin):
    """Stewards may correct an area's review interval (e.g. on a direction): the one field they own here."""

    list_display = ["area", "review_interval_months", "updated_at"]
    list_filter = [*AREA_FILTERS, "review_interval_months"]
    list_select_related = ["area"]
    search_fields = ["area__name", "=area__la_code"]
    raw_id_fields = ["area"]

    def get_readonly_fields(self, request, obj=None):
        return ["area", "updated_at"] if obj is not None else ["updated_at"]

    def has_delete_permission(self, request, obj=None):
        return False
