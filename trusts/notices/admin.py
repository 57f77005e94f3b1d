"""Reminders in the admin: the rules of every admin page (``trusts.admin.StewardAdminMixin``):
the read group looks, the edit group changes rules and retries failed sends, only
superusers delete. The log and the notifications are national lists of every area's rows:
``trusts.admin.NationalAdminMixin``."""
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from trusts.admin import NationalAdminMixin, StewardAdminMixin
from trusts.notices import services
from trusts.notices.kinds import label as kind_label
from trusts.notices.models import ChaseRule, Notification, ReminderLog


@admin.display(description="kind", ordering="kind")
def kind_name(obj):
    """The kind as people read it (the code is in the rule's page and the filter's links)."""
    return obj.kind_label


@admin.register(ChaseRule)
class ChaseRuleAdmin(StewardAdminMixin, SimpleHistoryAdmin):
    list_display = [kind_name, "kind", "direction", "offsets", "unit", "repeat_every", "enabled", "updated_at"]
    list_display_links = [kind_name]
    list_editable = ["offsets", "repeat_every", "enabled"]
    list_filter = ["direction", "unit", "enabled"]
    search_fields = ["kind", "description"]
    readonly_fields = ["updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # the code is what chasers look up: fixed once the rule exists
        return [*self.readonly_fields, "kind"] if obj else self.readonly_fields


class ReminderKindFilter(admin.SimpleListFilter):
    """The kinds the chase rules name (a short table, as on the stewards' reminders page),
    not a DISTINCT over every reminder; "other" finds any kind sent without a rule."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = ChaseRule.objects.order_by("kind").values_list("kind", flat=True)
        return [(kind, kind_label(kind)) for kind in kinds] + [("other", "Other kinds")]

    def queryset(self, request, queryset):
        if self.value() == "other":
            return queryset.exclude(kind__in=ChaseRule.objects.values("kind"))
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(ReminderLog)
class ReminderLogAdmin(NationalAdminMixin, admin.ModelAdmin):
    list_display = ["queued_at", kind_name, "area", "recipient_email", "subject_key", "deadline", "offset", "status",
                    "attempts", "sent_at"]
    list_filter = [ReminderKindFilter, "status", "area"]
    date_hierarchy = "queued_at"  # reminderlog_queued_idx
    search_fields = ["recipient_email", "recipient_name", "subject_key", "title", "last_error"]
    list_select_related = ["area", "recipient"]
    readonly_fields = [f.name for f in ReminderLog._meta.fields]
    actions = ["retry_failed"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send the selected failed reminders again", permissions=["change"])
    def retry_failed(self, request, queryset):
        count = services.reminders_retry(log_ids=list(queryset.values_list("pk", flat=True)), actor=request.user)
        self.message_user(request, f"{count} failed reminder(s) queued again", messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(NationalAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "dismissed_at"]
    list_filter = ["dismissed_at"]
    search_fields = ["title", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"  # notification_created_idx
    readonly_fields = ["user", "title", "body", "link", "created_at", "dismissed_at", "reminder"]

    def has_add_permission(self, request):
        return False
