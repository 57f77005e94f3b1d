"""Who may do what: the core every app's permission policy is built on, and the roles.

Each app has one ``<app>/permissions.py`` holding its policy: "may this user do this to
this object" (``policy.can(user, "edit", obj)`` / ``policy.require(...)``) and "which
objects may this user see" (``policy.visible(user)``, a queryset). Views ask the policy
to decide what to show; the app's services ask it again where the write happens and
raise ``trusts.errors.NotPermitted``, so a route that forgets to ask is still safe.
(Read wagtail's ``wagtail/permission_policies/base.py`` for the idea.)

Roles are the constants below (``User.Role``); a view or template never compares a
role with a string literal (templates use ``user.is_officer`` and the like, or a flag
the view computed from the policy).

Stewards hold one of two groups: "Steward (read)" sees everything and writes nothing,
anywhere (admin or steward pages); "Steward (edit)" changes data but never users'
privileges, groups, permissions or other people's passwords. Only superusers manage
stewards.
"""
from django.apps import apps as global_apps

from trusts.errors import NotPermitted
from trusts.models import Membership, Area, User

OFFICER = User.Role.OFFICER
BOARD_MEMBER = User.Role.BOARD_MEMBER
PARTNER_CONTACT = User.Role.PARTNER_CONTACT
STEWARD = User.Role.STEWARD

STEWARD_READ = "Steward (read)"
STEWARD_EDIT = "Steward (edit)"
CORE_APPS = {"trusts", "notices", "django_celery_beat"}
# Codenames the edit group never holds: users, groups and permissions are superusers' work.
PRIVILEGED_CODENAMES = {"add_user", "change_user", "delete_user", "add_group", "change_group", "delete_group",
                        "add_permission", "change_permission", "delete_permission"}


def sync_steward_groups(sender=None, apps=global_apps, **kwargs):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    from trusts.features import features

    # the stewards' groups hold the permissions of the core's models and every feature app's
    perms = Permission.objects.filter(content_type__app_label__in=CORE_APPS | {f.label for f in features()})
    read, _ = Group.objects.get_or_create(name=STEWARD_READ)
    edit, _ = Group.objects.get_or_create(name=STEWARD_EDIT)
    read.permissions.set(perms.filter(codename__startswith="view_"))
    # the edit group may see users (to find them) but never change privileges: see trusts/admin.py
    edit.permissions.set(perms.exclude(codename__startswith="delete_").exclude(codename__in=PRIVILEGED_CODENAMES))


# ---------------------------------------------------------------------------
# facts about a user, each asked once per request (cached on the user object)
# ---------------------------------------------------------------------------
def is_active(user):
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_steward(user):
    """Any data steward (read or edit): sees every area."""
    return is_active(user) and user.role == STEWARD and user.is_staff


def steward_can_edit(user):
    """A steward who may change data: a superuser or a member of "Steward (edit)"."""
    if not is_steward(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_steward_can_edit", None)
    if cached is None:
        cached = user._steward_can_edit = user.groups.filter(name=STEWARD_EDIT).exists()
    return cached


def area_ids(user, role=None):
    """The ids of the areas the user belongs to (optionally in one role)."""
    if not is_active(user):
        return frozenset()
    cache = getattr(user, "_area_ids_by_role", None)
    if cache is None:
        cache, codes = {}, {}
        # the areas' LA codes in the same query: the navigation links to an officer's area
        for area_id, member_role, code in Membership.objects.filter(user=user).values_list(
                "area_id", "role", "area__la_code"):
            cache.setdefault(member_role, set()).add(area_id)
            codes[area_id] = code
        user._area_ids_by_role, user._area_codes = cache, codes
    if role is None:
        return frozenset().union(*cache.values())
    return frozenset(cache.get(role, ()))


def officer_area_ids(user):
    if not is_active(user) or user.role != OFFICER:
        return frozenset()
    return area_ids(user, User.Role.OFFICER)


def officer_area_codes(user):
    """The LA codes of the areas the user is an officer of, in order (no further query)."""
    ids = officer_area_ids(user)
    return sorted(user._area_codes[i] for i in ids) if ids else []


def _pk(obj):
    return obj if isinstance(obj, int) else getattr(obj, "pk", None)


def is_area_officer(user, area):
    """An officer of this area (a ``Area`` or its id)."""
    return _pk(area) in officer_area_ids(user)


def can_see_area(user, area):
    """The one scoping rule, as a yes/no: stewards see every area, others their own."""
    return is_steward(user) or _pk(area) in area_ids(user)


def require(allowed, message, *, hidden=False):
    """Refuse with ``NotPermitted`` unless ``allowed`` (``hidden``: answer as if not found)."""
    if not allowed:
        raise NotPermitted(message, hidden=hidden)


class Policy:
    """Base of each app's policy. Subclasses define ``can_<action>(user, obj)`` methods,
    a ``refusals`` dict of GOV.UK messages per action, ``visible(user)`` (a queryset),
    and ``area_of(obj)``: the area the object belongs to (for the 404/403 choice)."""

    refusals = {}
    default_refusal = "You cannot do that"

    def visible(self, user):
        raise NotImplementedError

    def area_of(self, obj):
        return getattr(obj, "area_id", None)

    def can_see(self, user, obj):
        """Whether the user may know the object exists (else a refusal is a 404)."""
        area = self.area_of(obj)
        return area is None or can_see_area(user, area)

    def can(self, user, action, obj=None):
        return bool(getattr(self, f"can_{action}")(user, obj))

    def require(self, user, action, obj=None):
        """Raise ``NotPermitted`` unless the user may do ``action`` to ``obj``."""
        if self.can(user, action, obj):
            return
        hidden = obj is not None and not self.can_see(user, obj)
        raise NotPermitted(self.refusals.get(action, self.default_refusal), hidden=hidden)


def is_privileged(user):
    """A user whose account carries privileges: a steward, admin-site user or superuser.
    Only superusers create, change or delete such accounts."""
    return bool(user.is_superuser or user.is_staff or user.role == STEWARD)


class AreaPolicy(Policy):
    """Local areas, directions and framework changes (the trusts app), the steward pages
    and the admin site's user pages.

    * Steward pages: reading needs ``steward_read`` (any steward), every write needs
      ``steward_edit`` (a superuser or the "Steward (edit)" group). Someone who is not a
      steward is answered as if the page did not exist (404); a read-group steward gets a
      403 that says why.
    * Users in the admin: ``manage_user`` (change a person's name, job title, role and
      areas, switch the account off, send an invitation) is the edit group's for people
      who are not privileged; ``manage_privileges`` (stewards, staff, superusers, groups,
      permissions, tokens, other people's passwords, deleting anyone) is superusers' only.
    """

    refusals = {
        "edit": "Only the area's council officers change its details",
        "respond_direction": "Only the area's council officers respond to a direction",
        "steward_read": "Only data stewards see this page",
        "steward_edit": "Your steward account can read national data but not change it",
        "manage_user": "Only a superuser changes a data steward's account",
        "manage_privileges": "Only a superuser changes who may do what",
    }
    # actions whose refusal is a 404 for anyone who is not a steward: the pages are not theirs to know
    steward_actions = frozenset({"steward_read", "steward_edit"})

    def require(self, user, action, obj=None):
        if action in self.steward_actions and not self.can(user, action, obj):
            raise NotPermitted(self.refusals[action], hidden=not is_steward(user))
        super().require(user, action, obj)

    def visible(self, user):
        return Area.objects.for_user(user)

    def area_of(self, obj):
        if isinstance(obj, Area):
            return obj.pk
        return getattr(obj, "area_id", None)

    def can_view(self, user, area):
        return can_see_area(user, area)

    def can_edit(self, user, area):
        return is_area_officer(user, area)

    def can_respond_direction(self, user, direction):
        return is_area_officer(user, direction.area_id)

    def can_steward_read(self, user, obj=None):
        return is_steward(user)

    def can_steward_edit(self, user, obj=None):
        return steward_can_edit(user)

    def can_manage_user(self, user, target=None):
        """Change people who hold no privileges (``target=None``: anyone of them)."""
        if not is_active(user):
            return False
        if user.is_superuser:
            return True
        return steward_can_edit(user) and (target is None or not is_privileged(target))

    def can_manage_privileges(self, user, obj=None):
        return is_active(user) and user.is_superuser


policy = AreaPolicy()
