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
