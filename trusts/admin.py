from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from trusts.models import Direction, DirectionResponse, FrameworkChange, Membership, Trust, User
from trusts.resources import TrustResource


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["trust"]
    fk_name = "user"


@admin.register(Trust)
class TrustAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [TrustResource]
    list_display = ["name", "la_code", "gss_code", "authority_type", "region", "framework", "updated_at"]
    list_filter = ["authority_type", "region", "framework"]
    search_fields = ["name", "la_code", "gss_code"]
    date_hierarchy = "updated_at"
    ordering = ["name"]
    show_full_result_count = False


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "role")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "role", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "trust", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "user__full_name", "trust__name", "trust__la_code"]
    list_select_related = ["user", "trust"]
    autocomplete_fields = ["user", "trust"]


class DirectionResponseInline(admin.TabularInline):
    model = DirectionResponse
    extra = 0
    readonly_fields = ["responder", "text", "created_at"]
    can_delete = False


@admin.register(Direction)
class DirectionAdmin(SimpleHistoryAdmin):
    list_display = ["trust", "arrangement", "due_by", "status", "issued_by", "issued_at"]
    list_filter = ["status", "arrangement", "trust__authority_type", "trust__region"]
    search_fields = ["trust__name", "trust__la_code", "reason", "required_action"]
    date_hierarchy = "due_by"
    list_select_related = ["trust", "issued_by"]
    autocomplete_fields = ["trust"]
    readonly_fields = ["issued_by", "issued_at", "closed_at"]
    inlines = [DirectionResponseInline]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.issued_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(FrameworkChange)
class FrameworkChangeAdmin(SimpleHistoryAdmin):
    list_display = ["framework", "effective_on", "all_areas", "applied_at", "created_by"]
    list_filter = ["framework", "all_areas"]
    date_hierarchy = "effective_on"
    readonly_fields = ["applied_at", "created_by", "created_at"]
    filter_horizontal = ["areas"]
    list_select_related = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
