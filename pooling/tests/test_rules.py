"""Every rule, tested at the service: refused with a clear message and nothing changed."""
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pooling import services
from pooling.models import Contribution, PooledFund, Spend
from pooling.tests.factories import PartnerFactory


def refused(call, **kwargs):
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return exc.value.message_dict


def add(fund, officer, partner, **kwargs):
    values = dict(fund=fund, actor=officer, partner=partner, year=2009, value=Decimal("1000.00"))
    values.update(kwargs)
    return services.contribution_create(**values)


def test_contribution_create_records_decimal_to_the_penny(fund, officer, pct):
    c = add(fund, officer, pct, value=Decimal("25000.5"))
    c.refresh_from_db()
    assert c.value == Decimal("25000.50") and isinstance(c.value, Decimal)


@pytest.mark.parametrize(("value", "message"), [
    (Decimal("-1"), "The value must be £0 or more"),
    (Decimal("1000000000.01"), "The value must be £1,000,000,000 (£1bn) or less"),
    (Decimal("10.005"), "Enter the value to the nearest penny: no more than 2 decimal places"),
    (Decimal("NaN"), "Enter the value in pounds, like 25000 or 1250.50"),
    ("twelve", "Enter the value in pounds, like 25000 or 1250.50"),
])
def test_contribution_create_refuses_bad_values(fund, officer, pct, value, message):
    errors = refused(add, fund=fund, officer=officer, partner=pct, value=value)
    assert errors["value"] == [message]
    assert not Contribution.objects.exists()


def test_contribution_create_accepts_exactly_one_billion(fund, officer, pct):
    assert add(fund, officer, pct, value=Decimal("1000000000")).value == Decimal("1000000000.00")


def test_contribution_create_refuses_float(fund, officer, pct):
    with pytest.raises(TypeError):
        add(fund, officer, pct, value=25000.0)


@pytest.mark.parametrize("year", [2007, 2011])
def test_contribution_create_refuses_year_outside_fund(fund, officer, pct, year):
    errors = refused(add, fund=fund, officer=officer, partner=pct, year=year)
    assert errors["year"] == ["Choose a financial year the fund covers: 2008-09 to 2010-11"]
    assert not Contribution.objects.exists()


def test_contribution_create_refuses_other_areas_partner(fund, officer, other_area):
    theirs = PartnerFactory(area=other_area, org_type="pct", name="Southshire PCT")
    errors = refused(add, fund=fund, officer=officer, partner=theirs)
    assert errors["partner"] == ["Choose a partner from this area's children's trust"]
    assert "Southshire" not in str(errors)
    assert not Contribution.objects.exists()


def test_contribution_create_refuses_partner_without_pooling_power_with_reason(fund, officer, vcs):
    errors = refused(add, fund=fund, officer=officer, partner=vcs)
    message = errors["partner"][0]
    assert message.startswith("Northshire Youth Action cannot take part in a section 10 pooled fund")
    # the duty table's reason and its source, with the paragraph
    assert "Voluntary and community sector body" in message
    assert "Only the authority and relevant partners may pool: s10(6); para 14, 48, 50" in message
    assert not Contribution.objects.exists()


def test_contribution_create_refuses_district_council_in_single_tier_area(fund, officer, area):
    district = PartnerFactory(area=area, org_type="district_council", name="Old District")
    message = refused(add, fund=fund, officer=officer, partner=district)["partner"][0]
    assert "single-tier" in message


def test_contribution_create_admits_relevant_partners_and_the_authority(fund, officer, pct, police, authority):
    for partner in (pct, police, authority):
        add(fund, officer, partner)
    assert Contribution.objects.filter(fund=fund).count() == 3


def test_s75_admits_only_local_authority_and_health_bodies(s75_fund, officer, pct, police, authority):
    add(s75_fund, officer, pct)
    add(s75_fund, officer, authority)
    message = refused(add, fund=s75_fund, officer=officer, partner=police)["partner"][0]
    assert message.startswith("Northshire Constabulary cannot take part in a section 75 partnership arrangement")
    assert "para 49" in message
    assert Contribution.objects.filter(fund=s75_fund).count() == 2


def test_contribution_create_refuses_double_entry(fund, officer, pct):
    add(fund, officer, pct)
    errors = refused(add, fund=fund, officer=officer, partner=pct, value=Decimal("5"))
    assert errors["__all__"] == [
        "There is already a planned cash contribution from Northshire PCT for 2009-10. "
        "Change that entry instead of adding another"
    ]
    assert Contribution.objects.get().value == Decimal("1000.00")
    # a different kind, stage or year is a different entry
    add(fund, officer, pct, stage="actual")
    add(fund, officer, pct, kind="staff", description="Two health visitors")
    assert Contribution.objects.count() == 3


def test_contribution_in_kind_needs_a_description(fund, officer, pct):
    errors = refused(add, fund=fund, officer=officer, partner=pct, kind="accommodation", description="  ")
    assert errors["description"] == ["Describe the accommodation given and how it is valued"]
    assert not Contribution.objects.exists()


def test_contribution_update_changes_figure_and_checks_value(fund, officer, pct):
    c = add(fund, officer, pct)
    services.contribution_update(contribution=c, actor=officer, value=Decimal("1500"))
    c.refresh_from_db()
    assert c.value == Decimal("1500.00")
    errors = refused(services.contribution_update, contribution=c, actor=officer, value=Decimal("-3"))
    assert errors["value"] == ["The value must be £0 or more"]
    c.refresh_from_db()
    assert c.value == Decimal("1500.00")


def test_spend_create_and_rules(fund, officer):
    s = services.spend_create(fund=fund, actor=officer, year=2010, outcome="stay_safe",
                              service_area="youth_offending", value=Decimal("70000"))
    assert s.value == Decimal("70000.00")
    errors = refused(services.spend_create, fund=fund, actor=officer, year=2010, outcome="stay_safe",
                     service_area="youth_offending", value=Decimal("1"))
    assert "There is already planned spend on stay safe (youth offending) for 2010-11" in errors["__all__"][0]
    errors = refused(services.spend_create, fund=fund, actor=officer, year=2012, outcome="stay_safe",
                     service_area="other", value=Decimal("-1"))
    assert errors == {"year": ["Choose a financial year the fund covers: 2008-09 to 2010-11"],
                      "value": ["The value must be £0 or more"]}
    assert Spend.objects.count() == 1


def test_fund_create_refuses_host_that_cannot_take_part(area, officer, police, vcs):
    base = dict(area=area, actor=officer, name="Fund", purpose="x", start_date=date(2009, 4, 1),
                end_date=date(2010, 3, 31))
    errors = refused(services.fund_create, legal_basis=PooledFund.LegalBasis.S75, host=police, **base)
    assert "section 75" in errors["host"][0] and "para 49" in errors["host"][0]
    errors = refused(services.fund_create, legal_basis=PooledFund.LegalBasis.S10, host=vcs, **base)
    assert "para 14, 48, 50" in errors["host"][0]
    assert not PooledFund.objects.exists()


def test_fund_create_refuses_other_areas_host_and_bad_dates(area, officer, other_area, authority):
    theirs = PartnerFactory(area=other_area, org_type="local_authority")
    base = dict(area=area, actor=officer, name="Fund", purpose="x", legal_basis="s10")
    errors = refused(services.fund_create, host=theirs, start_date=date(2009, 4, 1), end_date=date(2010, 3, 31),
                     **base)
    assert errors["host"] == ["Choose a host from this area's partners"]
    errors = refused(services.fund_create, host=authority, start_date=date(2010, 4, 1),
                     end_date=date(2009, 3, 31), **base)
    assert errors["end_date"] == ["The end date must be the same as or after the start date"]
    assert not PooledFund.objects.exists()


def test_fund_create_refuses_duplicate_name_in_area(fund, area, officer, authority):
    errors = refused(services.fund_create, area=area, actor=officer, name="early HELP fund", purpose="x",
                     legal_basis="s10", host=authority, start_date=date(2009, 4, 1), end_date=date(2010, 3, 31))
    assert errors["name"] == ["There is already a fund called early HELP fund in this area"]


def test_fund_update_refuses_dates_that_strand_figures(fund, officer, pct):
    add(fund, officer, pct, year=2008)
    errors = refused(services.fund_update, fund=fund, actor=officer, start_date=date(2009, 4, 1))
    assert errors["end_date"][0].startswith("Figures are recorded for 2008-09, outside these dates")
    fund.refresh_from_db()
    assert fund.start_date == date(2008, 4, 1)
