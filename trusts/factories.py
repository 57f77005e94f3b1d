import factory
from factory.django import DjangoModelFactory

from trusts.models import AuthorityType, Membership, Trust, User

PASSWORD = "correct-horse-battery-staple"


class TrustFactory(DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ["la_code"]

    name = factory.Sequence(lambda n: f"Area {n}")
    la_code = factory.Sequence(lambda n: f"{300 + n % 700:03d}")
    gss_code = factory.Sequence(lambda n: f"E06{n:06d}")
    authority_type = AuthorityType.UNITARY


class CountyFactory(TrustFactory):
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
    def trust(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.create(user=obj, trust=extracted or TrustFactory(), kind=Membership.Kind.OFFICER)


class StewardFactory(UserFactory):
    role = User.Role.STEWARD
    is_staff = True
    is_superuser = True


# Objects the URL x role matrix builds for each URL keyword argument. Every app's
# factories.py may add its own; a URL whose keyword has no builder fails the matrix.
def _direction(objs):
    from trusts.models import Direction

    return Direction.objects.create(
        trust=objs.area, arrangement="plan", reason="No plan", required_action="Publish one",
        due_by="2030-01-01", issued_by=StewardFactory(),
    )


URL_KWARGS = {
    "area": lambda objs: objs.area,
    "direction": _direction,
    "la_code": lambda objs: objs.area,
}
# URLs any visitor may open (no sign-in): the matrix checks they never fail with a 500.
PUBLIC_URLS = {
    "trusts:home", "trusts:sign-in", "trusts:sign-out", "trusts:signed-out",
    "trusts:password-reset", "trusts:password-reset-done", "trusts:password-reset-confirm",
    "trusts:password-reset-complete",
    "healthz", "floor", "api:schema", "api:area-list", "api:area-detail", "api:compliance",
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
# The write matrix (trusts/tests/test_write_matrix.py): every route that accepts a
# POST has one ``Write`` entry in its app's ``factories.WRITE_ROUTES``, saying which
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
# -- account routes (sign-in, passwords, invitations): filled by the accounts work --
