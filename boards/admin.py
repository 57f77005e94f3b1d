"""The national view for data stewards: every area's boards, seats and meetings, with history.

Stewards may correct a board's details and its seats (e.g. while a direction is open);
what the board itself records (agenda, papers, attendance, apologies, decisions,
declarations, actions and the minutes) is the board's record and read-only here. So are a board's joint areas: an
area joins only when its own officers accept an invitation, never
by a steward ticking a box; the invitations are listed read-only."""
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from boards.models import (
    Action,
    AgendaItem,
    Apology,
    Attendance,
    Board,
    CalendarToken,
    Decision,
    Declaration,
    JointAreaInvitation,
    Meeting,
    Paper,
    Seat,
)
from boards.uploads import ALLOWED as PAPER_TYPES
from partners.admin import area_framework_filter
from trusts.admin import NationalAdminMixin, ReadOnlyAdminMixin, year_filter


def _area_filters(path):
    return [f"{path}__authority_type", f"{path}__region", area_framework_filter(path)]


class TermFilter(admin.SimpleListFilter):
    title = "term"
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return [("current", "In term today"), ("ended", "Ended"), ("future", "Not started")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.filter(Q(term_end__isnull=True) | Q(term_end__gte=today), term_start__lte=today)
        if self.value() == "ended":
            return queryset.filter(term_end__lt=today)
        if self.value() == "future":
            return queryset.filter(term_start__gt=today)
        return queryset


class AgendaItemKindFilter(admin.SimpleListFilter):
    """Fixed choices, not a DISTINCT over every item: "general" is the boards' own kind;
    other apps add theirs (see ``AgendaItem``), the plans' approval item among them."""

    title = "kind"
    parameter_name = "kind"
    KINDS = (("general", "General"), ("plan_approval", "Plan approval"))

    def lookups(self, request, model_admin):
        return [*self.KINDS, ("other", "Other kinds")]

    def queryset(self, request, queryset):
        if self.value() == "other":
            return queryset.exclude(kind__in=[code for code, _ in self.KINDS])
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


class PaperTypeFilter(admin.SimpleListFilter):
    """The file types a paper may be (``boards.uploads``), fixed: not a DISTINCT over every paper."""

    title = "file type"
    parameter_name = "extension"

    def lookups(self, request, model_admin):
        return [(extension, f".{extension}") for extension in PAPER_TYPES]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(extension=self.value())
        return queryset


class OverdueMeetingFilter(admin.SimpleListFilter):
    """Meetings in the past still shown as scheduled: the area has not said if they were held."""

    title = "status not updated"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", "Past but still scheduled")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=Meeting.Status.SCHEDULED, date__lt=timezone.localdate())
        return queryset


class SeatInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["person", "role", "voting", "constituency", "partner", "term_start", "term_end"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "partner")


@admin.register(Board)
class BoardAdmin(NationalAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "area", "is_statutory", "quorum_kind", "quorum_chair_required", "updated_at"]
    list_filter = ["is_statutory", "quorum_kind", *_area_filters("area")]
    search_fields = ["name", "area__name", "=area__la_code"]
    list_select_related = ["area"]
    ordering = ["name", "pk"]  # one board or two per area: a short list
    autocomplete_fields = ["area"]
    readonly_fields = ["joint_areas", "created_at", "updated_at"]
    inlines = [SeatInline]


@admin.register(JointAreaInvitation)
class JointAreaInvitationAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["board", "area", "status", "invited_by", "invited_at", "answered_by", "answered_at"]
    list_filter = ["status"]
    search_fields = ["board__name", "area__name", "=area__la_code", "=board__area__la_code"]
    list_select_related = ["board", "area", "invited_by", "answered_by"]


@admin.register(Seat)
class SeatAdmin(NationalAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "board", "area", "role", "voting", "constituency", "partner", "term_start", "term_end"]
    list_filter = [TermFilter, "role", "voting", "constituency", *_area_filters("board__area")]
    search_fields = ["person__full_name", "person__email", "board__name", "board__area__name",
                     "=board__area__la_code", "partner__name"]
    list_select_related = ["person", "board__area", "partner"]
    raw_id_fields = ["board", "person", "substitute", "partner"]
    filter_horizontal = ["represented_partners"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "term_start"

    @admin.display(description="Area", ordering="board__area__name")
    def area(self, obj):
        return obj.board.area


class AgendaItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "kind", "reference"]
    readonly_fields = fields
    show_change_link = True


class AttendanceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["seat", "status", "substitute_name"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seat__person", "seat__partner")


@admin.register(Meeting)
class MeetingAdmin(NationalAdminMixin, SimpleHistoryAdmin):
    list_display = ["board", "area", "date", "start_time", "place", "status", "minutes_status"]
    list_filter = ["status", OverdueMeetingFilter, "minutes_status", *_area_filters("board__area")]
    search_fields = ["board__name", "board__area__name", "=board__area__la_code", "place"]
    list_select_related = ["board__area"]
    raw_id_fields = ["board"]
    ordering = ["-date", "-pk"]  # the latest first: meeting_date_idx
    # the minutes are the board's record, approved at its next meeting
    readonly_fields = ["minutes", "minutes_status", "minutes_approved_at", "created_at", "updated_at"]
    date_hierarchy = "date"  # meeting_date_idx
    inlines = [AgendaItemInline, AttendanceInline]

    @admin.display(description="Area", ordering="board__area__name")
    def area(self, obj):
        return obj.board.area


class _ItemChildAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_select_related = ["item__meeting__board__area"]

    @admin.display(description="Area", ordering="item__meeting__board__area__name")
    def area(self, obj):
        return obj.item.meeting.board.area


@admin.register(AgendaItem)
class AgendaItemAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "meeting", "area", "position", "kind", "reference"]
    # by the meeting's year, not a date drill-down: that reads every item joined to its meeting
    list_filter = [AgendaItemKindFilter, year_filter("meeting__date", "year of the meeting"),
                   *_area_filters("meeting__board__area")]
    search_fields = ["title", "reference", "meeting__board__name", "=meeting__board__area__la_code"]
    list_select_related = ["meeting__board__area"]

    @admin.display(description="Area", ordering="meeting__board__area__name")
    def area(self, obj):
        return obj.meeting.board.area


@admin.register(Decision)
class DecisionAdmin(_ItemChildAdmin):
    list_display = ["item", "area", "outcome", "votes_for", "votes_against", "votes_abstain", "recorded_at"]
    list_filter = ["outcome", *_area_filters("item__meeting__board__area")]
    search_fields = ["resolution", "item__title", "item__meeting__board__name", "=item__meeting__board__area__la_code"]
    date_hierarchy = "recorded_at"  # decision_recorded_idx


@admin.register(Declaration)
class DeclarationAdmin(_ItemChildAdmin):
    list_display = ["person", "item", "area", "recorded_at"]
    list_filter = _area_filters("item__meeting__board__area")
    search_fields = ["person__full_name", "person__email", "item__title", "=item__meeting__board__area__la_code"]
    list_select_related = ["person", "item__meeting__board__area"]
    date_hierarchy = "recorded_at"


@admin.register(Paper)
class PaperAdmin(_ItemChildAdmin):
    list_display = ["title", "item", "area", "extension", "size", "uploaded_at"]
    list_filter = [PaperTypeFilter, *_area_filters("item__meeting__board__area")]
    search_fields = ["title", "original_name", "item__title", "=item__meeting__board__area__la_code"]
    date_hierarchy = "uploaded_at"


@admin.register(Attendance)
class AttendanceAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["seat", "meeting", "status", "recorded_at"]
    list_filter = ["status", *_area_filters("meeting__board__area")]
    search_fields = ["seat__person__full_name", "meeting__board__name", "=meeting__board__area__la_code"]
    list_select_related = ["seat__person", "seat__partner", "meeting__board"]


@admin.register(Apology)
class ApologyAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Apologies the members sent before a meeting: the board's record, read-only."""

    list_display = ["person", "meeting", "substitute_name", "sent_at"]
    list_filter = _area_filters("meeting__board__area")
    search_fields = ["person__full_name", "meeting__board__name", "=meeting__board__area__la_code"]
    list_select_related = ["person", "meeting__board"]


@admin.register(Action)
class ActionAdmin(NationalAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Actions agreed at meetings: the board's record, read-only."""

    list_display = ["description", "meeting", "owner", "due_on", "status"]
    list_filter = ["status", *_area_filters("meeting__board__area")]
    search_fields = ["description", "meeting__board__name", "=meeting__board__area__la_code"]
    list_select_related = ["owner__person", "owner__partner", "meeting__board"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(NationalAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who subscribes to a calendar feed; the secret itself is never shown."""

    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    exclude = ["token"]
