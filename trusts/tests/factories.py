import factory
from factory.django import DjangoModelFactory

from trusts.models import AuthorityType, Membership, Area, User

PASSWORD = "correct-horse-battery-staple"


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["la_code"]

    name = factory.Sequence(lambda n: f"Area {n}")
    la_code = factory.Sequence(lambda n: f"{300 + n % 700:03d}")
    gss_code = factory.Sequence(lambda n: f"E06{n:06d}")
    authority_type = AuthorityType.UNITARY


class CountyFactory(AreaFactory):
    gss_code = factory.Sequence(lambda n: f"E10{n:06d}")
    authority_type = AuthorityType.COUNTY


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    role = User.Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficerFactory(UserFactory):
    role = User.Role.OFFICER

    @factory.post_generation
    def area(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.create(user=obj, area=extracted or AreaFactory(), role=User.Role.OFFICER)


class StewardFactory(UserFactory):
    role = User.Role.STEWARD
    is_staff = True
    is_superuser = True


# Objects the URL x role matrix builds for each URL keyword argument. Every app's
# factories.py may add its own; a URL whose keyword has no builder fails the matrix.
def _direction(objs):
    from trusts.models import Direction

    return Direction.objects.create(
        area=objs.area, arrangement="plan", reason="No plan", required_action="Publish one",
        due_by="2030-01-01", issued_by=StewardFactory(),
    )


URL_KWARGS = {
    "direction": _direction,
    "la_code": lambda objs: objs.area,
}
# URLs any visitor may open (no sign-in): the matrix checks they never fail with a 500.
PUBLIC_URLS = {
    "trusts:home", "trusts:sign-in", "trusts:sign-out", "trusts:signed-out",
    "trusts:password-reset", "trusts:password-reset-done", "trusts:password-reset-confirm",
    "trusts:password-reset-complete",
    # the footer's pages every public service has
    "trusts:accessibility-statement", "trusts:privacy-notice", "trusts:cookies",
    "healthz", "api:schema", "api:area-list", "api:area-detail", "api:compliance",
    "plans_api:plan-list", "plans_api:area-plan-list", "plans_api:review-list",
}
# Extra keyword values for URLs that are not area data (tokens and the like).
URL_KWARG_VALUES = {"uidb64": "MQ", "token": "set-password"}
# URLs only stewards may use (everyone else: 404), even with their own area's objects.
STEWARD_URLS = {"trusts:direction-close"}


class StewardReadFactory(UserFactory):
    """A steward in the "Steward (read)" group: sees everything, writes nothing."""

    role = User.Role.STEWARD
    is_staff = True

    @factory.post_generation
    def steward_group(obj, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group

            from trusts.permissions import STEWARD_READ, sync_steward_groups

            sync_steward_groups()
            obj.groups.add(Group.objects.get(name=STEWARD_READ))


class StewardEditFactory(StewardReadFactory):
    """A steward in the "Steward (edit)" group: changes data, never privileges."""

    @factory.post_generation
    def steward_group(obj, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group

            from trusts.permissions import STEWARD_EDIT, sync_steward_groups

            sync_steward_groups()
            obj.groups.add(Group.objects.get(name=STEWARD_EDIT))


# ---------------------------------------------------------------------------
# The write matrix (tests/test_write_matrix.py): every route that accepts a
# POST has one ``Write`` entry in its app's ``tests/factories.py`` (``WRITE_ROUTES``), saying which
# roles may do it and what the others get. A POST route without an entry fails.
# ---------------------------------------------------------------------------
WRITE_ROLES = ("officer", "other_officer", "board_member", "partner_contact", "steward_read", "steward_edit",
               "anonymous")
OK, NOT_FOUND, FORBIDDEN, SIGN_IN = "ok", 404, 403, "sign-in"
DEFAULT_REFUSAL = {
    "officer": FORBIDDEN, "other_officer": NOT_FOUND, "board_member": FORBIDDEN, "partner_contact": FORBIDDEN,
    "steward_read": FORBIDDEN, "steward_edit": FORBIDDEN, "anonymous": SIGN_IN,
}


class Write:
    """One state-changing route in the write matrix.

    ok:        the roles that may do it (the POST must change the database, unless
               ``changes=False``: the positive control that makes the payload real).
    payload:   ``fn(objs, user) -> dict`` of valid form data for the area's objects.
    expect:    outcomes for refused roles that differ from ``DEFAULT_REFUSAL``
               (``NOT_FOUND``, ``FORBIDDEN``, ``SIGN_IN`` or any status code).
    users:     ``{role: fn(objs) -> user}`` to build a role's user differently (e.g. a
               board member who holds a seat on the board in ``objs``).
    """

    def __init__(self, *, ok, payload=None, expect=None, users=None, changes=True):
        unknown = set(ok) | set(expect or {}) | set(users or {})
        assert unknown <= set(WRITE_ROLES), f"unknown roles {unknown - set(WRITE_ROLES)}"
        self.ok = frozenset(ok)
        self.payload = payload or (lambda objs, user: {})
        self.expect = {**{r: DEFAULT_REFUSAL[r] for r in WRITE_ROLES}, **(expect or {})}
        for role in self.ok:
            self.expect[role] = OK
        self.users = users or {}
        self.changes = changes


# Write entries for the trusts app's routes (areas, directions, steward pages, notices).
WRITE_ROUTES = {}
# -- steward, area and notice routes: filled by the stewards work --
def _days_from_today(days):
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localdate() + timedelta(days=days)).isoformat()


def date_input(name, day):
    """A date as the GOV.UK date input posts it: ``name_0`` day, ``name_1`` month, ``name_2`` year."""
    from datetime import date

    day = date.fromisoformat(day) if isinstance(day, str) else day
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _notification_for(objs, user):
    from trusts.notices.models import Notification

    if user is None:
        return {"notification": "999999"}
    return {"notification": Notification.objects.create(user=user, title="Plan review due").pk}


# Steward pages: a steward of the edit group writes; the read group gets a 403 that says why;
# anyone else is answered as if the page did not exist.
_NOT_STEWARDS = {"officer": NOT_FOUND, "board_member": NOT_FOUND, "partner_contact": NOT_FOUND}
WRITE_ROUTES.update({
    "trusts:area-edit": Write(ok={"officer"}, payload=lambda objs, user: {
        "director_name": "Dana Director", "director_email": "dana@example.org", "lead_member_name": "Lee Member",
        "lead_member_email": "", "framework": "",
    }),
    "trusts:direction-detail": Write(ok={"officer"}, payload=lambda objs, user: {"text": "Meeting booked for May"}),
    "trusts:direction-new": Write(ok={"steward_edit"}, expect=_NOT_STEWARDS, payload=lambda objs, user: {
        "area": objs.area.pk, "arrangement": "board", "reason": "The board has not met for a year",
        "required_action": "Hold a quorate board meeting", **date_input("due_by", _days_from_today(30)),
    }),
    "trusts:direction-close": Write(ok={"steward_edit"}, expect=_NOT_STEWARDS),
    "trusts:framework-changes": Write(ok={"steward_edit"}, expect=_NOT_STEWARDS, payload=lambda objs, user: {
        "framework": "proposals2008", **date_input("effective_on", _days_from_today(1)), "areas": [objs.area.pk],
    }),
    "notices:dismiss": Write(ok={"officer", "other_officer", "board_member", "partner_contact", "steward_read",
                                 "steward_edit"}, payload=_notification_for),
    # queues the sweep (with nothing due, it may write nothing)
    "notices:sweep": Write(ok={"steward_edit"}, expect=_NOT_STEWARDS, changes=False),
})
# -- account routes (sign-in, passwords, invitations): filled by the accounts work --
PUBLIC_URLS.add("trusts:invitation-accept")
_SIGNED_IN = [role for role in WRITE_ROLES if role != "anonymous"]
NEW_PASSWORD = "a-brand-new-long-passphrase-2026"


def _sign_in_payload(objs, user):
    if user is None:
        # typed with other case and spacing: the address is normalised
        UserFactory(email="signing.in@example.org")
        return {"username": "  Signing.In@EXAMPLE.org ", "password": PASSWORD}
    return {"username": user.email, "password": PASSWORD}


WRITE_ROUTES.update({
    # anonymous: signs in (last_login changes); a signed-in user is sent home, nothing changes
    "trusts:sign-in": Write(ok={"anonymous"}, payload=_sign_in_payload, expect={r: 302 for r in _SIGNED_IN}),
    # ends the session only (django_session is not compared); anonymous: nothing to end
    "trusts:sign-out": Write(ok=WRITE_ROLES, changes=False),
    # everyone who is signed in changes their own password (not data: stewards (read) too)
    "trusts:password-change": Write(ok=_SIGNED_IN, payload=lambda objs, user: {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}),
    # queues a task on commit (the worker writes the reminder log): the request writes nothing
    "trusts:password-reset": Write(ok=WRITE_ROLES, changes=False, payload=lambda objs, user: {
        "email": user.email if user is not None else "nobody@example.org"}),
    # the matrix's URL holds no valid token: every role gets the "link expired" page and nothing
    # changes (valid links: trusts/tests/test_auth.py and test_accounts.py)
    "trusts:password-reset-confirm": Write(ok=(), expect={r: 200 for r in WRITE_ROLES}, payload=lambda objs, user: {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}),
    "trusts:invitation-accept": Write(ok=(), expect={r: 200 for r in WRITE_ROLES}, payload=lambda objs, user: {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}),
})
