import re

import pytest
from django.core import mail
from django.urls import reverse

from trusts.factories import PASSWORD


def test_sign_in_with_email_lands_on_area_home(client, officer, area):
    response = client.post(reverse("trusts:sign-in"), {"username": officer.email, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert f"{area.name} Children's Trust" in response.content.decode()


def test_sign_in_email_is_case_insensitive(client, officer):
    response = client.post(reverse("trusts:sign-in"), {"username": officer.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


def test_sign_in_error_uses_gov_uk_summary(client, officer):
    response = client.post(reverse("trusts:sign-in"), {"username": officer.email, "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert "govuk-error-summary" in html and "Enter a correct email address and password" in html


def test_sign_in_throttled_after_repeated_failures(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("trusts:sign-in"), {"username": officer.email, "password": "wrong"})
    response = client.post(reverse("trusts:sign-in"), {"username": officer.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post_and_ends_session(client, officer):
    client.force_login(officer)
    response = client.post(reverse("trusts:sign-out"))
    assert response.status_code == 302
    assert client.get(reverse("trusts:account")).status_code == 302


def test_password_reset_by_email_round_trip(client, officer):
    response = client.post(reverse("trusts:password-reset"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Set a new password" in form_page.content.decode()
    new = "a-brand-new-long-passphrase"
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(new)


def test_password_change(client, officer):
    client.force_login(officer)
    new = "another-long-passphrase-2026"
    response = client.post(
        reverse("trusts:password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(new)


@pytest.mark.parametrize("fixture", ["board_member", "partner_contact", "steward"])
def test_home_page_per_role(client, request, fixture):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    html = client.get(reverse("trusts:home")).content.decode()
    expected = {"board_member": "board member", "partner_contact": "partner contact", "steward": "National overview"}
    assert expected[fixture] in html


def test_404_page_is_gov_uk_styled(client, officer):
    client.force_login(officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "govuk-heading-l" in response.content.decode() and "Page not found" in response.content.decode()
