import factory
from factory.django import DjangoModelFactory

from partners.models import Partner, PartnerContact
from trusts.factories import TrustFactory, UserFactory
from trusts.models import Membership, User


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    org_type = "vcs"


class SchoolFactory(PartnerFactory):
    name = factory.Sequence(lambda n: f"School {n}")
    org_type = "school_community"
    urn = factory.Sequence(lambda n: f"{110000 + n}")


class AcademyFactory(PartnerFactory):
    name = factory.Sequence(lambda n: f"Academy {n}")
    org_type = "academy"
    urn = factory.Sequence(lambda n: f"{140000 + n}")


class PartnerContactFactory(DjangoModelFactory):
    """A partner contact user linked to a partner (and, through a membership, to its area)."""

    class Meta:
        model = PartnerContact
        skip_postgeneration_save = True

    partner = factory.SubFactory(PartnerFactory)
    user = factory.SubFactory(UserFactory, role=User.Role.PARTNER_CONTACT)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(user=obj.user, trust=obj.partner.trust,
                                             kind=Membership.Kind.PARTNER_CONTACT)


URL_KWARGS = {
    "partner": lambda objs: PartnerFactory(trust=objs.area),
}
