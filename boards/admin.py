"""The national view for data stewards: every area's boards, seats and meetings, with history."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from boards.models import AgendaItem, Attendance, Board, Decision, Meeting, Paper, Seat


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["person", "role", "voting", "constituency", "partner", "term_start", "term_end"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "partner")


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "trust", "is_statutory", "quorum_kind", "quorum_chair_required", "updated_at"]
    list_filter = ["is_statutory", "quorum_kind", "trust__region", "trust__authority_type"]
    search_fields = ["name", "trust__name", "trust__la_code"]
    list_select_related = ["trust"]
    autocomplete_fields = ["trust"]
    filter_horizontal = ["joint_trusts"]
    inlines = [SeatInline]
    show_full_result_count = False


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ["person", "board", "role", "voting", "constituency", "partner", "term_start", "term_end"]
    list_filter = ["role", "voting", "constituency", "board__trust__region"]
    search_fields = ["person__full_name", "person__email", "board__name", "board__trust__name", "partner__name"]
    list_select_related = ["person", "board__trust", "partner"]
    raw_id_fields = ["board", "person", "substitute", "partner"]
    filter_horizontal = ["represented_partners"]
    date_hierarchy = "term_start"
    show_full_result_count = False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "kind", "reference"]
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["seat", "status", "substitute_name"]
    raw_id_fields = ["seat"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seat__person")


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["board", "date", "start_time", "place", "status", "minutes_status"]
    list_filter = ["status", "minutes_status", "board__trust__region"]
    search_fields = ["board__name", "board__trust__name", "board__trust__la_code", "place"]
    list_select_related = ["board__trust"]
    raw_id_fields = ["board", "minutes_approved_at"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline, AttendanceInline]
    show_full_result_count = False


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "position", "kind", "reference"]
    list_filter = ["kind"]
    search_fields = ["title", "reference", "meeting__board__name"]
    list_select_related = ["meeting__board"]
    raw_id_fields = ["meeting"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["item", "outcome", "votes_for", "votes_against", "votes_abstain", "recorded_at"]
    list_filter = ["outcome"]
    search_fields = ["resolution", "item__title", "item__meeting__board__name"]
    list_select_related = ["item__meeting__board"]
    raw_id_fields = ["item", "recorded_by"]


@admin.register(Paper)
class PaperAdmin(SimpleHistoryAdmin):
    list_display = ["title", "item", "extension", "size", "uploaded_at"]
    list_filter = ["extension"]
    search_fields = ["title", "original_name", "item__title"]
    list_select_related = ["item__meeting__board"]
    raw_id_fields = ["item", "uploaded_by"]
