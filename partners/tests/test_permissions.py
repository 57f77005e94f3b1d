"""The partner policy: services refuse by themselves, whatever the view did."""
import pytest

from partners import services
from partners.permissions import policy
from partners.tests.factories import PartnerContactFactory, PartnerFactory
from trusts.errors import NotPermitted
from trusts.tests.factories import StewardEditFactory

pytestmark = pytest.mark.django_db


def test_services_ask_the_policy(officer, other_officer, board_member, area):
    partner = PartnerFactory(area=area, name="Keep me")
    link = PartnerContactFactory(partner=partner)
    for actor in (board_member, link.user, StewardEditFactory()):
        with pytest.raises(NotPermitted) as refused:
            services.partner_update(partner=partner, actor=actor, name="Renamed")
        assert not refused.value.hidden  # they may know the partner exists: a 403 that says why
    with pytest.raises(NotPermitted) as refused:
        services.partner_update(partner=partner, actor=other_officer, name="Renamed")
    assert refused.value.hidden  # another area's partner: a 404
    with pytest.raises(NotPermitted, match="Only the area's council officers add partners"):
        services.partner_create(area=area, actor=board_member, name="New", org_type="vcs")
    with pytest.raises(NotPermitted):
        services.partner_contact_add(partner=partner, actor=link.user, email="x@example.org", full_name="X")
    services.partner_contact_details_update(partner=partner, actor=link.user, lead_contact_name="Pat",
                                            lead_contact_email="", notes="")
    partner.refresh_from_db()
    assert (partner.name, partner.lead_contact_name) == ("Keep me", "Pat")
    assert services.partner_update(partner=partner, actor=officer, name="Renamed").name == "Renamed"


def test_policy_roles(officer, board_member, steward, area):
    partner = PartnerFactory(area=area)
    link = PartnerContactFactory(partner=partner)
    other = PartnerFactory(area=area)
    assert policy.can(officer, "read_register", area) and policy.can(steward, "read_register", area)
    assert not policy.can(board_member, "read_register", area)
    assert not policy.can(link.user, "read_register", area)
    assert policy.can(link.user, "view", partner) and not policy.can(link.user, "view", other)
    assert not policy.can(steward, "edit", partner) and not policy.can(board_member, "view", partner)
    assert set(policy.visible(link.user)) == {partner}
    assert set(policy.visible(officer)) == {partner, other}
    assert not policy.visible(board_member).exists()
