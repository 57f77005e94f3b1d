"""A partner's contacts: added by the area's officers with an invitation to set a password,
shown as invited or active, and their access ended when they are removed."""
import pytest
from django.urls import reverse

from partners import access, services
from partners.models import PartnerContact
from partners.tests.factories import PartnerContactFactory, PartnerFactory
from trusts.accounts import access_sweep
from trusts.models import Membership, User
from trusts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def url(name, area, **kwargs):
    return reverse(f"partners:{name}", kwargs={"la_code": area.la_code, **kwargs})


@pytest.fixture
def pct(area):
    return PartnerFactory(area=area, name="Northshire PCT", org_type="pct")


def add_contact(client, area, partner, email="casey@pct.example.org", full_name="Casey Contact"):
    return client.post(url("partner-contact-add", area, partner=partner.pk), {"full_name": full_name, "email": email})


def test_contact_add_creates_an_invited_account(client, officer, area, pct):
    client.force_login(officer)
    response = add_contact(client, area, pct, email="  Casey@PCT.example.org ")
    assert response.status_code == 302
    user = User.objects.get(email="casey@pct.example.org")
    assert (user.role, user.has_usable_password(), user.is_active) == (User.Role.PARTNER_CONTACT, False, True)
    assert user.invited_at is not None
    assert PartnerContact.objects.get(user=user).partner == pct
    assert Membership.objects.filter(user=user, area=area, role=User.Role.PARTNER_CONTACT).exists()
    assert PartnerContact.history.get(user=user).history_user == officer
    page = client.get(url("partner-detail", area, partner=pct.pk)).content.decode()
    assert "Casey Contact" in page and "Invited" in page and "Resend invitation" in page
    # once they have set a password they are shown as active, with no invitation to resend
    user.set_password(PASSWORD)
    user.save()
    page = client.get(url("partner-detail", area, partner=pct.pk)).content.decode()
    assert "Active" in page and "Resend invitation" not in page


def test_contact_resend_invitation_issues_a_new_one(client, officer, area, pct):
    client.force_login(officer)
    add_contact(client, area, pct)
    link = PartnerContact.objects.get()
    first = link.user.invited_at
    response = client.post(url("partner-contact-invite", area, partner=pct.pk, partner_contact=link.pk))
    assert response.status_code == 302
    link.user.refresh_from_db()
    assert link.user.invited_at > first


def test_contact_add_refuses_another_roles_address_and_a_double(client, officer, area, pct, board_member):
    client.force_login(officer)
    response = add_contact(client, area, pct, email=board_member.email)
    assert "belongs to an account that is not a partner contact" in response.context["form"].errors["email"][0]
    add_contact(client, area, pct)
    response = add_contact(client, area, pct)
    assert "Casey Contact is already a contact of Northshire PCT" in response.context["form"].errors["email"]
    assert PartnerContact.objects.count() == 1


def test_contact_of_another_partner_is_linked_without_a_new_account(client, officer, area, pct):
    other = PartnerFactory(area=area, name="Youth Offending Team", org_type="yot")
    client.force_login(officer)
    add_contact(client, area, pct)
    user = User.objects.get(email="casey@pct.example.org")
    user.set_password(PASSWORD)
    user.save()
    invited_at = user.invited_at
    assert add_contact(client, area, other, full_name="").status_code == 302
    user.refresh_from_db()
    assert set(user.partner_links.values_list("partner__name", flat=True)) == {"Northshire PCT",
                                                                               "Youth Offending Team"}
    assert user.invited_at == invited_at  # an active account needs no new invitation


def test_contacts_are_managed_only_by_the_areas_officers(client, area, pct, board_member):
    link = PartnerContactFactory(partner=pct)
    for user in (link.user, board_member):
        client.force_login(user)
        assert add_contact(client, area, pct).status_code == 403
        assert client.post(url("partner-contact-remove", area, partner=pct.pk,
                               partner_contact=link.pk)).status_code == 403
    assert list(PartnerContact.objects.all()) == [link]
    assert not User.objects.filter(email="casey@pct.example.org").exists()
    # the contact sees their organisation's page, without the list of its contacts
    client.force_login(link.user)
    page = client.get(url("partner-detail", area, partner=pct.pk))
    assert page.status_code == 200 and not page.context["can_see_contacts"] and not page.context["contacts"]


def test_removed_contact_loses_access(client, officer, area, pct):
    from django.test import Client

    client.force_login(officer)
    add_contact(client, area, pct)
    contact = User.objects.get(email="casey@pct.example.org")
    contact.set_password(PASSWORD)
    contact.save()
    link = PartnerContact.objects.get(user=contact)
    theirs = Client()  # the contact, signed in before they are removed
    theirs.force_login(contact)
    assert theirs.get(url("partner-detail", area, partner=pct.pk)).status_code == 200

    client.force_login(officer)
    confirm = client.get(url("partner-contact-remove", area, partner=pct.pk, partner_contact=link.pk))
    assert "Remove Casey Contact as a contact?" in confirm.content.decode()
    response = client.post(url("partner-contact-remove", area, partner=pct.pk, partner_contact=link.pk))
    assert response.status_code == 302
    assert not PartnerContact.objects.exists()
    removed = PartnerContact.history.filter(history_type="-").get()
    assert removed.history_user == officer
    contact.refresh_from_db()
    assert not Membership.objects.filter(user=contact).exists()
    assert not contact.is_active and contact.access_ended_at is not None
    # their session ends (a closed account is signed out) and they cannot come back
    response = theirs.get(url("partner-detail", area, partner=pct.pk))
    assert response.status_code == 302 and response["Location"].startswith(reverse("trusts:sign-in"))
    theirs.force_login(contact)
    assert theirs.get(reverse("trusts:area-detail", kwargs={"la_code": area.la_code})).status_code != 200


def test_removing_one_of_two_links_keeps_access_to_the_area(client, officer, area, pct):
    other = PartnerFactory(area=area, name="Youth Offending Team", org_type="yot")
    link = PartnerContactFactory(partner=pct)
    PartnerContactFactory(partner=other, user=link.user)
    services.partner_contact_unlink(link=link, actor=officer)
    assert Membership.objects.filter(user=link.user, area=area).exists()
    link.user.refresh_from_db()
    assert link.user.is_active
    client.force_login(link.user)
    assert client.get(url("partner-detail", area, partner=other.pk)).status_code == 200
    assert client.get(url("partner-detail", area, partner=pct.pk)).status_code == 404


@pytest.mark.parametrize("rows", [1, 6])
def test_access_expiry_finds_contacts_without_a_partner_in_one_query(area, other_area, rows,
                                                                     django_assert_num_queries):
    kept = PartnerContactFactory(partner__area=area)
    orphans = [PartnerContactFactory(partner__area=area) for _ in range(rows)]
    # still a contact in another area, but no longer in this one
    elsewhere = PartnerContactFactory(partner__area=other_area)
    Membership.objects.create(user=elsewhere.user, area=area, role=User.Role.PARTNER_CONTACT)
    PartnerContact.objects.filter(pk__in=[o.pk for o in orphans]).delete()  # e.g. through the admin
    with django_assert_num_queries(1):
        found = list(access.partner_contacts_without_a_partner(None))
    assert sorted((u.pk, a.pk) for u, a, _, _ in found) == sorted(
        [(o.user.pk, area.pk) for o in orphans] + [(elsewhere.user.pk, area.pk)])
    assert {kind for _, _, kind, _ in found} == {User.Role.PARTNER_CONTACT}
    assert kept.user.pk not in {u.pk for u, _, _, _ in found}


def test_daily_sweep_ends_a_contact_removed_through_the_admin(area):
    link = PartnerContactFactory(partner__area=area)
    user = link.user
    link.delete()
    assert access_sweep() >= 1
    assert not Membership.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert not user.is_active
