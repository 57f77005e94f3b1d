from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from trusts.models import Membership, Trust, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["trust"]
    fk_name = "user"


@admin.register(Trust)
class TrustAdmin(SimpleHistoryAdmin):
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
