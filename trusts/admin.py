"""The national data stewards' admin site, and the rules every admin page of the service keeps.

Who may do what (``trusts.permissions.TrustPolicy``, the groups ``sync_steward_groups`` keeps):

* "Steward (read)": sees every record and its history, writes nothing (no add, change,
  delete, import, action or revert from history).
* "Steward (edit)": adds and changes data. On people: adds people who hold no privileges
  (officers, board members, partner contacts; they set their own password from an
  invitation), changes their name, job title, role and areas, switches an account off,
  and sends invitations. Their sign-in e-mail address is the superusers' to change (a
  changed address plus a password reset would take the account over).
* Superusers only: stewards' and other staff accounts, ``is_staff``, ``is_superuser``,
  groups, permissions, API tokens, other people's passwords, and deleting anything.

``StewardAdminMixin`` holds the rules for every ModelAdmin (and inline); other apps'
admin classes should use it too.

``NationalAdminMixin`` adds what a changelist over every area's rows needs to cost the
same at national scale (40,000 partners) as on a test database; every big changelist of
every app uses it. See its docstring.
"""
import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.functional import cached_property
from import_export.admin import ImportExportMixin
from rest_framework.authtoken.admin import TokenAdmin as BaseTokenAdmin
from rest_framework.authtoken.models import TokenProxy
from simple_history.admin import SimpleHistoryAdmin

from trusts.models import Direction, DirectionResponse, FrameworkChange, Membership, Area, User
from trusts.permissions import STEWARD, policy
from trusts.resources import AreaResource


def admin_can_write(user):
    """A superuser or a member of "Steward (edit)": may add and change data in the admin."""
    return bool(user.is_active and user.is_superuser) or policy.can(user, "steward_edit")


class StewardAdminMixin:
    """Every admin page: the model permission AND the edit group (the read group writes
    nothing even if someone grants it a permission by hand); deleting is superusers'
    only; reverting to an old version from the history is a change."""

    def has_add_permission(self, request, *args, **kwargs):  # inlines pass obj
        return admin_can_write(request.user) and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return admin_can_write(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_import_permission(self, request):
        return admin_can_write(request.user) and super().has_import_permission(request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a POST to this page with only the view permission checked
        if request.method == "POST" and not self.has_change_permission(request, self.get_object(request,
                                                                                               unquote(object_id))):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    """For records an area owns: stewards see them (and their history) but never change them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _reads_whole_table(queryset):
    """No filter, search, DISTINCT, grouping or slice: the rows are the table's (the joins
    of ``list_select_related`` follow foreign keys and add no rows)."""
    query = queryset.query
    return not (query.where or query.distinct or query.combinator or query.group_by is not None
                or query.low_mark or query.high_mark is not None)


class NationalPaginator(Paginator):
    """Never counts a whole big table.

    A filtered list counts at most ``CAP`` rows (a COUNT over a LIMIT subquery): beyond
    that a steward narrows the list with search or filters instead of paging through it.
    An unfiltered list on PostgreSQL takes the database's own figure for the table's rows
    when it is above ``CAP`` (the page says "39,921 partners" without reading them): the
    planner's ``reltuples`` (kept by autovacuum's ANALYZE), or the statistics collector's
    live-row count for a table never analysed. Below ``CAP`` it counts, in the same single
    query, so the page costs one query either way."""

    CAP = 10_000

    @cached_property
    def count(self):
        rows = self.object_list
        if not hasattr(rows, "query"):
            return len(rows)
        connection = connections[rows.db]
        if connection.vendor == "postgresql" and _reads_whole_table(rows):
            return self._estimate_or_count(connection, rows.model._meta.db_table)
        return rows.order_by()[: self.CAP].count()  # the order is irrelevant to a count

    def _estimate_or_count(self, connection, table):
        quoted = connection.ops.quote_name(table)
        # the counting subquery is an InitPlan: PostgreSQL runs it only if the ELSE branch is taken
        sql = (
            "SELECT CASE WHEN e.n > %s THEN e.n"
            f" ELSE (SELECT COUNT(*) FROM (SELECT 1 FROM {quoted} LIMIT %s) capped) END"
            " FROM (SELECT CASE WHEN c.reltuples > 0 THEN c.reltuples::bigint"
            " ELSE pg_stat_get_live_tuples(c.oid) END AS n FROM pg_class c WHERE c.oid = %s::regclass) e"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.CAP, self.CAP, quoted])
            return cursor.fetchone()[0]


def _localdate(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _span(first, last, kind):
    """Every year, month or day from ``first`` to ``last`` (dates), as dates."""
    if kind == "year":
        return [datetime.date(y, 1, 1) for y in range(first.year, last.year + 1)]
    if kind == "month":
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        return [datetime.date(m // 12, m % 12 + 1, 1) for m in months]
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


class DateSpanQuerySetMixin:
    """The admin's date drill-down (``date_hierarchy``) from the first and last date alone.

    Django lists the years (then months, then days) that hold rows with a DISTINCT over
    every row of the list; here they are every year from the first date to the last, found
    by MIN and MAX (two ends of the field's index). A year with no rows can be listed and
    then shows an empty list: the price of not reading 40,000 rows on every page."""

    SPAN_LIMIT = 400  # more choices than this (never reached by drilling down): the exact query

    def _date_span(self, field_name, kind):
        if kind not in ("year", "month", "day"):
            return None
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = _localdate(bounds["first"]), _localdate(bounds["last"])
        span = _span(first, last, kind)
        return span if len(span) <= self.SPAN_LIMIT else None

    def dates(self, field_name, kind, order="ASC"):
        span = self._date_span(field_name, kind)
        if span is None:
            return super().dates(field_name, kind, order)
        return span[::-1] if order == "DESC" else span

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        span = self._date_span(field_name, kind) if tzinfo is None else None
        if span is None:
            return super().datetimes(field_name, kind, order, tzinfo)
        return span[::-1] if order == "DESC" else span


_DATE_SPAN_CLASSES = {}


def with_date_span(queryset):
    """The same queryset, its ``dates()`` and ``datetimes()`` answered by ``DateSpanQuerySetMixin``."""
    cls = type(queryset)
    if issubclass(cls, DateSpanQuerySetMixin):
        return queryset
    if cls not in _DATE_SPAN_CLASSES:
        _DATE_SPAN_CLASSES[cls] = type(f"DateSpan{cls.__name__}", (DateSpanQuerySetMixin, cls), {})
    queryset = queryset._chain()
    queryset.__class__ = _DATE_SPAN_CLASSES[cls]
    return queryset


def _year_bounds(model, field_name):
    bounds = model._default_manager.aggregate(first=Min(field_name), last=Max(field_name))
    if bounds["first"] is None:
        return None
    first, last = bounds["first"], bounds["last"]
    if not isinstance(first, int):
        first, last = _localdate(first).year, _localdate(last).year
    return first, last


def year_filter(field_path, title, *, financial=False):
    """A list filter by year on a date (or a financial-year number, 2009 for 2009-10, with
    ``financial=True``), on this model or across a relation ("meeting__date").

    The choices are every year from the first to the last in the table that holds the
    field (MIN and MAX: two ends of its index), not a DISTINCT over every row, which is
    what Django's filter on a field without choices, or ``date_hierarchy`` across a
    relation, would run."""
    *path, field_name = field_path.split("__")
    lookup = field_path if financial else f"{field_path}__year"

    class YearFilter(admin.SimpleListFilter):
        # one word: the admin refuses a parameter that looks like a lookup across a relation
        parameter_name = field_path if financial else f"{field_path.replace('__', '_')}_year"

        def lookups(self, request, model_admin):
            model = model_admin.model
            for name in path:
                model = model._meta.get_field(name).related_model
            bounds = _year_bounds(model, field_name)
            if bounds is None:
                return []
            return [(str(y), f"{y}-{(y + 1) % 100:02d}" if financial else str(y))
                    for y in range(bounds[1], bounds[0] - 1, -1)]

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            if not value.isdigit():
                return queryset.none()
            return queryset.filter(**{lookup: int(value)})

    YearFilter.title = title
    return YearFilter


class NationalChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return with_date_span(queryset) if self.date_hierarchy else queryset


class NationalAdminMixin(StewardAdminMixin):
    """What every stewards' changelist over every area's rows shares, so that it costs the
    same at national scale (150 areas, 40,000 partners) as on a test database:

    * no count of the whole table (``show_full_result_count = False`` and ``NationalPaginator``);
    * a total order an index stands behind: newest first by primary key unless the admin
      names another (then with a named index in the model's Meta, e.g. partners by name);
    * the date drill-down from the first and last date (``DateSpanQuerySetMixin``), with an
      index on the field where the table is big;
    * list filters whose choices are fixed or read from a small table, never a DISTINCT
      over the big one (``AllValuesFieldListFilter``: use a SimpleListFilter instead);
    * ``list_select_related`` for whatever the rows show of other tables;
    * 25 rows a page: each row of a changelist costs about 0.3 ms of template rendering,
      and a steward narrows a national list by search and filters, not by paging.

    And the stewards' write rules (``StewardAdminMixin``)."""

    paginator = NationalPaginator
    show_full_result_count = False
    ordering = ["-pk"]
    list_per_page = 25

    def get_changelist(self, request, **kwargs):
        return NationalChangeList


class MembershipInline(StewardAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["area"]
    fk_name = "user"


@admin.register(Area)
class AreaAdmin(NationalAdminMixin, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [AreaResource]
    list_display = ["name", "la_code", "gss_code", "authority_type", "region", "framework", "updated_at"]
    list_filter = ["authority_type", "region", "framework"]
    search_fields = ["name", "la_code", "gss_code"]
    date_hierarchy = "updated_at"
    ordering = ["name", "pk"]


class UserAddForm(forms.ModelForm):
    """A new person. No password here: they set their own from the invitation."""

    send_invitation = forms.BooleanField(
        label="Send them an invitation to set a password now", required=False, initial=True,
        help_text="The link works once and expires. You can send it again from the list of users.",
    )

    class Meta:
        model = User
        fields = ["email", "full_name", "job_title", "role"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(NationalAdminMixin, SimpleHistoryAdmin, BaseUserAdmin):
    """People. Privileges and passwords are superusers' (see the module docstring)."""

    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "role")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    # what the edit group sees and changes: no password, no privileges
    steward_fieldsets = (
        (None, {"fields": ("email",)}),
        ("Person", {"fields": ("full_name", "job_title", "role")}),
        ("Access", {"fields": ("is_active",)}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_form = UserAddForm
    add_form_template = None
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "job_title", "role",
                                                              "send_invitation")}),)
    readonly_fields = ["last_login", "date_joined"]
    actions = ["send_invitation"]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not policy.can(request.user, "manage_privileges"):
            return self.steward_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not policy.can(request.user, "manage_privileges"):
            fields.append("email")  # with a reset, a changed address would take the account over
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not policy.can(request.user, "manage_privileges"):
            kwargs["choices"] = [("", "---------")] + [c for c in User.Role.choices if c[0] != STEWARD]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_add_permission(self, request, *args, **kwargs):
        # the group holds no add_user (PRIVILEGED_CODENAMES): the policy decides instead
        return admin_can_write(request.user) and policy.can(request.user, "manage_user")

    def has_change_permission(self, request, obj=None):
        return admin_can_write(request.user) and policy.can(request.user, "manage_user", obj)

    def has_delete_permission(self, request, obj=None):
        return policy.can(request.user, "manage_privileges")

    def has_manage_user_permission(self, request):
        return self.has_change_permission(request)

    def user_change_password(self, request, id, form_url=""):
        # nobody but a superuser sets another person's password here (people use their invitation)
        policy.require(request.user, "manage_privileges")
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        # asked again of the record as saved: a non-superuser can never make or change a steward
        policy.require(request.user, "manage_user", obj)
        if change and not policy.can(request.user, "manage_privileges"):
            before = User.objects.get(pk=obj.pk)
            policy.require(request.user, "manage_user", before)
        super().save_model(request, obj, form, change)
        if not change and form.cleaned_data.get("send_invitation"):
            self._invite(request, [obj])

    @admin.action(description="Send an invitation to set a password", permissions=["manage_user"])
    def send_invitation(self, request, queryset):
        self._invite(request, list(queryset))

    def _invite(self, request, users):
        from trusts.accounts import invitation_send

        sent, skipped = 0, []
        for user in users:
            if not user.is_active or not policy.can(request.user, "manage_user", user):
                skipped.append(user.email)
                continue
            invitation_send(user=user, actor=request.user)
            sent += 1
        if sent:
            self.message_user(request, f"Invitation sent to {sent} {'person' if sent == 1 else 'people'}",
                              messages.SUCCESS)
        if skipped:
            self.message_user(request, "No invitation sent to " + ", ".join(skipped)
                              + ": the account is switched off, or only a superuser may invite a steward",
                              messages.WARNING)


@admin.register(Membership)
class MembershipAdmin(NationalAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "area", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "area__name", "area__la_code"]
    list_select_related = ["user", "area"]
    autocomplete_fields = ["user", "area"]


class DirectionResponseInline(StewardAdminMixin, admin.TabularInline):
    model = DirectionResponse
    extra = 0
    readonly_fields = ["responder", "text", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # responses are the area officers' (the direction page)


@admin.register(Direction)
class DirectionAdmin(StewardAdminMixin, SimpleHistoryAdmin):
    list_display = ["area", "arrangement", "due_by", "status", "issued_by", "issued_at"]
    list_filter = ["status", "arrangement", "area__authority_type", "area__region"]
    search_fields = ["area__name", "area__la_code", "reason", "required_action"]
    date_hierarchy = "due_by"
    list_select_related = ["area", "issued_by"]
    autocomplete_fields = ["area"]
    readonly_fields = ["issued_by", "issued_at", "closed_at"]
    inlines = [DirectionResponseInline]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.issued_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(FrameworkChange)
class FrameworkChangeAdmin(StewardAdminMixin, SimpleHistoryAdmin):
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


# API tokens are keys to the national data: superusers only, even to look at.
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(BaseTokenAdmin):
    def has_module_permission(self, request):
        return policy.can(request.user, "manage_privileges")

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "manage_privileges")

    def has_add_permission(self, request):
        return policy.can(request.user, "manage_privileges")

    def has_change_permission(self, request, obj=None):
        return policy.can(request.user, "manage_privileges")

    def has_delete_permission(self, request, obj=None):
        return policy.can(request.user, "manage_privileges")


# The beat schedule (django-celery-beat): the edit group may switch a scheduled task on
# or off and change when it runs, but which task runs, with what arguments and on which
# queue is code-level configuration: superusers only.
from django_celery_beat.admin import PeriodicTaskAdmin as BasePeriodicTaskAdmin  # noqa: E402
from django_celery_beat.models import PeriodicTask  # noqa: E402

PERIODIC_TASK_CODE_FIELDS = ("name", "task", "args", "kwargs", "queue", "exchange", "routing_key",
                             "headers", "priority", "one_off", "expire_seconds", "expires")


class PeriodicTaskAdmin(StewardAdminMixin, BasePeriodicTaskAdmin):
    def has_add_permission(self, request, *args, **kwargs):
        return request.user.is_superuser and super().has_add_permission(request, *args, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in PERIODIC_TASK_CODE_FIELDS if f not in fields]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser:
            return form

        class ScheduleOnlyForm(form):
            def clean(self):
                # the task is read-only here: the base form's check needs it, so keep the stored one
                self.cleaned_data.setdefault("task", self.instance.task)
                return super().clean()

        return ScheduleOnlyForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # the task picker ("regtask") is a form-only field: drop it (the task shows read-only)
        return [(title, {**opts, "fields": [f for f in opts["fields"] if f != "regtask"]})
                for title, opts in fieldsets]


admin.site.unregister(PeriodicTask)
admin.site.register(PeriodicTask, PeriodicTaskAdmin)
