from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from partners.tests import factories as partner_factories
from pooling.models import Contribution, Outcome, PooledFund, ServiceArea, Spend, Stage
from trusts.tests.factories import AreaFactory, Write


class PartnerFactory(partner_factories.PartnerFactory):
    """The partners app's factory, as a primary care trust: a health body, so it may pool under
    s10 (s10(6)) and take part in a s75 arrangement, which most fund tests need."""

    org_type = "pct"


class PooledFundFactory(DjangoModelFactory):
    class Meta:
        model = PooledFund

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Pooled fund {n}")
    purpose = "Early intervention for children and families"
    legal_basis = PooledFund.LegalBasis.S10
    host = factory.LazyAttribute(lambda o: PartnerFactory(area=o.area, org_type="local_authority",
                                                          name=f"{o.area.name} Council"))
    start_date = date(2008, 4, 1)
    end_date = date(2011, 3, 31)
    status = PooledFund.Status.ACTIVE


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    fund = factory.SubFactory(PooledFundFactory)
    partner = factory.LazyAttribute(lambda o: PartnerFactory(area=o.fund.area, org_type="pct"))
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
    outcome = Outcome.BE_HEALTHY
    service_area = ServiceArea.CHILD_HEALTH
    value = Decimal("10000.00")


URL_KWARGS = {
    "fund": lambda objs: PooledFundFactory(area=objs.area),
    "contribution": lambda objs: ContributionFactory(fund=objs["fund"]),
    "spend_entry": lambda objs: SpendFactory(fund=objs["fund"]),
}


# ---------------------------------------------------------------------------
# The write matrix (tests/test_write_matrix.py): pooled budgets are changed by
# the area's officers only; board members, partner contacts and stewards write nothing.
# ---------------------------------------------------------------------------
def _fund_payload(objs, user, host=None):
    host = host or PartnerFactory(area=objs.area, org_type="local_authority", name="Matrix Council")
    return {"name": "Matrix youth fund", "purpose": "Targeted youth support", "legal_basis": "s10",
            "host": host.pk, "start_date_0": "1", "start_date_1": "4", "start_date_2": "2008",
            "end_date_0": "31", "end_date_1": "3", "end_date_2": "2011", "status": "active"}


def _contribution_payload(objs, user):
    partner = PartnerFactory(area=objs.area, org_type="pct", name="Matrix PCT")
    return {"partner": partner.pk, "year": "2010", "kind": "cash", "stage": "planned", "value": "1250.50",
            "description": ""}


WRITE_ROUTES = {
    "pooling:fund-create": Write(ok={"officer"}, payload=_fund_payload),
    "pooling:fund-edit": Write(ok={"officer"},
                               payload=lambda objs, user: _fund_payload(objs, user, host=objs["fund"].host)),
    "pooling:contribution-create": Write(ok={"officer"}, payload=_contribution_payload),
    "pooling:contribution-edit": Write(ok={"officer"},
                                       payload=lambda objs, user: {"value": "123.45", "description": "Corrected"}),
    "pooling:spend-create": Write(ok={"officer"}, payload=lambda objs, user: {
        "year": "2010", "stage": "actual", "outcome": "stay_safe", "service_area": "early_intervention",
        "value": "500", "description": ""}),
    "pooling:spend-edit": Write(ok={"officer"},
                                payload=lambda objs, user: {"value": "999.99", "description": "Corrected"}),
}
