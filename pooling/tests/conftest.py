from datetime import date

import pytest

from pooling import services
from pooling.models import PooledFund
from pooling.tests.factories import PartnerFactory


@pytest.fixture
def authority(area):
    return PartnerFactory(area=area, name="Northshire Council", org_type="local_authority")


@pytest.fixture
def pct(area):
    return PartnerFactory(area=area, name="Northshire PCT", org_type="pct")


@pytest.fixture
def police(area):
    return PartnerFactory(area=area, name="Northshire Constabulary", org_type="chief_officer_police")


@pytest.fixture
def vcs(area):
    return PartnerFactory(area=area, name="Northshire Youth Action", org_type="vcs")


@pytest.fixture
def school(area):
    return PartnerFactory(area=area, name="Hill Primary School", org_type="school_community", urn="110123")


@pytest.fixture
def fund(area, authority, officer):
    return services.fund_create(
        area=area, actor=officer, name="Early help fund", purpose="Early intervention",
        legal_basis=PooledFund.LegalBasis.S10, host=authority, start_date=date(2008, 4, 1),
        end_date=date(2011, 3, 31), status=PooledFund.Status.ACTIVE,
    )


@pytest.fixture
def s75_fund(area, authority, officer):
    return services.fund_create(
        area=area, actor=officer, name="Child health arrangement", purpose="Community child health",
        legal_basis=PooledFund.LegalBasis.S75, host=authority, start_date=date(2009, 4, 1),
        end_date=date(2011, 3, 31), status=PooledFund.Status.ACTIVE,
    )
