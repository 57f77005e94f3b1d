from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from partners.models import Partner
from pooling.models import ECM_OUTCOMES, Contribution, PooledFund, ServiceArea, Spend, Stage
from trusts.factories import TrustFactory


class PartnerFactory(DjangoModelFactory):
    """A small stand-in until the partners app's factories land."""

    class Meta:
        model = Partner

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    org_type = "pct"


class PooledFundFactory(DjangoModelFactory):
    class Meta:
        model = PooledFund

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"Pooled fund {n}")
    purpose = "Early intervention for children and families"
    legal_basis = PooledFund.LegalBasis.S10
    host = factory.LazyAttribute(lambda o: PartnerFactory(trust=o.trust, org_type="local_authority",
                                                          name=f"{o.trust.name} Council"))
    start_date = date(2008, 4, 1)
    end_date = date(2011, 3, 31)
    status = PooledFund.Status.ACTIVE


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    fund = factory.SubFactory(PooledFundFactory)
    partner = factory.LazyAttribute(lambda o: PartnerFactory(trust=o.fund.trust, org_type="pct"))
    year = 2009
    kind = Contribution.Kind.CASH
    stage = Stage.PLANNED
    value = Decimal("25000.00")


class SpendFactory(DjangoModelFactory):
    class Meta:
        model = Spend

    fund = factory.SubFactory(PooledFundFactory)
    year = 2009
    stage = Stage.PLANNED
    outcome = ECM_OUTCOMES.BE_HEALTHY
    service_area = ServiceArea.CHILD_HEALTH
    value = Decimal("10000.00")


URL_KWARGS = {
    "fund": lambda objs: PooledFundFactory(trust=objs.area),
    "contribution": lambda objs: ContributionFactory(fund=objs["fund"]),
    "spend_entry": lambda objs: SpendFactory(fund=objs["fund"]),
}
