import re

import pytest
from django.core import mail
from django.urls import reverse

from trusts.tests.factories import PASSWORD


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


def test_password_reset_by_email_round_trip(client, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("trusts:password-reset"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0])
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


# -- sign-in throttling -----------------------------------------------------------------------
def _sign_in(client, username, password="wrong", **meta):
    return client.post(reverse("trusts:sign-in"), {"username": username, "password": password}, **meta)


def test_lockout_ignores_case_and_spacing(client, officer, settings):
    variants = ["OLIVE@NORTHSHIRE.EXAMPLE.ORG", " olive@northshire.example.org", "Olive@Northshire.Example.Org ",
                "olive@NORTHSHIRE.example.org", "  OLIVE@northshire.EXAMPLE.org  "]
    assert len(variants) == settings.AXES_FAILURE_LIMIT
    for variant in variants[:-1]:
        assert _sign_in(client, variant).status_code == 200  # the form again, with an error
    assert _sign_in(client, variants[-1]).status_code == 429  # the fifth failure locks the account
    # the account is locked however the address is typed, even with the right password
    for variant in ("OFFICER", "olive@northshire.example.org", "OLIVE@NORTHSHIRE.EXAMPLE.ORG"):
        address = officer.email if variant == "OFFICER" else variant
        response = _sign_in(client, address, PASSWORD)
        assert response.status_code == 429
        assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_lockout_is_per_account_not_per_address(client, officer, other_officer):
    for _ in range(5):
        _sign_in(client, officer.email)
    # another account from the same connection still signs in (the address limit is 10)
    assert _sign_in(client, other_officer.email.upper(), PASSWORD).status_code == 302


def test_sign_in_success_does_not_clear_another_accounts_failures(client, officer, other_officer):
    for _ in range(4):
        _sign_in(client, officer.email)
    assert _sign_in(client, other_officer.email, PASSWORD).status_code == 302  # own account, same address
    client.logout()
    assert _sign_in(client, officer.email).status_code == 429  # the fifth failure still locks


def test_sign_in_limit_per_client_address_across_accounts(client, officer, settings):
    import time_machine

    assert settings.SIGN_IN_IP_FAILURE_LIMIT == 10
    attacker, neighbour = {"REMOTE_ADDR": "203.0.113.5"}, {"REMOTE_ADDR": "203.0.113.6"}
    with time_machine.travel("2026-03-02 10:00", tick=False) as traveller:
        for n in range(10):  # ten guesses, each at a different account: no account is locked
            assert _sign_in(client, f"guess{n}@example.org", **attacker).status_code == 200
        # the eleventh guess from that address is refused, whatever the account
        response = _sign_in(client, officer.email, PASSWORD, **attacker)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        # another client address is not affected
        assert _sign_in(client, officer.email, PASSWORD, **neighbour).status_code == 302
        client.logout()
        # the window is 5 minutes: the failures age out
        traveller.shift(5 * 60 + 1)
        assert _sign_in(client, officer.email, PASSWORD, **attacker).status_code == 302


def test_sign_in_nine_failures_from_one_address_do_not_lock_it(client, officer):
    for n in range(9):
        _sign_in(client, f"guess{n}@example.org", REMOTE_ADDR="203.0.113.9")
    assert _sign_in(client, officer.email, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_sign_in_client_address_ignores_forwarded_for_without_areaed_proxies(client, officer, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    # a client forging X-Forwarded-For cannot spread its guesses over many addresses
    for n in range(10):
        _sign_in(client, f"guess{n}@example.org", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = _sign_in(client, officer.email, PASSWORD, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert response.status_code == 429


def test_sign_in_client_address_from_forwarded_for_behind_areaed_proxy(client, officer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(10):
        # the leftmost entry is forged by the client; the proxy appended the real address
        _sign_in(client, f"guess{n}@example.org", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7", **proxy)
    locked = _sign_in(client, officer.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7", **proxy)
    assert locked.status_code == 429
    # another client behind the same proxy is not locked out with the attacker
    other = _sign_in(client, officer.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert other.status_code == 302


@pytest.mark.parametrize(("count", "forwarded", "expected"), [
    (0, "198.51.100.7", "10.0.0.2"),
    (1, "198.51.100.7", "198.51.100.7"),
    (1, "192.0.2.1, 198.51.100.7", "198.51.100.7"),
    (2, "192.0.2.1, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
    (2, "198.51.100.7", "10.0.0.2"),  # fewer hops than proxies: not believed
    (1, "not-an-address", "10.0.0.2"),
    (1, "", "10.0.0.2"),
])
def test_client_ip_trusts_only_configured_proxies(rf, settings, count, forwarded, expected):
    from trusts.signin import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.post("/sign-in/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# -- password reset ------------------------------------------------------------------------------
def _reset(client, email, callbacks_fixture):
    with callbacks_fixture(execute=False) as callbacks:
        response = client.post(reverse("trusts:password-reset"), {"email": email})
    return response, callbacks


def _run(callbacks, callbacks_fixture):
    with callbacks_fixture(execute=True):  # and whatever they queue in turn
        for callback in callbacks:
            callback()


def _link(message):
    from django.conf import settings

    return re.search(re.escape(settings.SITE_URL.rstrip("/")) + r"(/\S+)", message.body).group(1)


def test_password_reset_mail_is_queued_not_sent_in_request(client, officer,
                                                                     django_capture_on_commit_callbacks):
    from trusts.notices.models import ReminderLog

    known, known_callbacks = _reset(client, officer.email.upper(), django_capture_on_commit_callbacks)
    unknown, unknown_callbacks = _reset(client, "nobody@example.org", django_capture_on_commit_callbacks)
    # the request only queues one task, the same for a known and an unknown address
    assert mail.outbox == [] and not ReminderLog.objects.exists()
    assert len(known_callbacks) == len(unknown_callbacks) == 1
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"]) \
        == (302, reverse("trusts:password-reset-done"))

    _run(unknown_callbacks, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not ReminderLog.objects.exists()
    _run(known_callbacks, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[f"Olive Officer <{officer.email}>"]]
    # sent through the reminder log, which does not hold the link (a credential)
    log = ReminderLog.objects.get()
    assert (log.kind, log.status, log.recipient_email) == ("password_reset", ReminderLog.Status.SENT, officer.email)
    token = _link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    stored = " ".join(str(getattr(log, f.attname)) for f in ReminderLog._meta.fields)
    assert token not in stored and "password-reset/" not in stored


def test_password_reset_page_reads_the_same_for_any_address(client, officer):
    known = client.post(reverse("trusts:password-reset"), {"email": officer.email}, follow=True)
    unknown = client.post(reverse("trusts:password-reset"), {"email": "nobody@example.org"}, follow=True)
    assert known.content == unknown.content
    assert "If that address has an account" in known.content.decode()


def test_password_reset_refuses_a_badly_formed_address(client):
    response = client.post(reverse("trusts:password-reset"), {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.content.decode()


def _invited_board_member():
    from trusts.models import Membership, User
    from trusts.tests.factories import AreaFactory, UserFactory

    user = UserFactory(role=User.Role.BOARD_MEMBER, email="new.member@example.org", full_name="Nina New")
    user.set_unusable_password()  # as a seat creates them
    user.save()
    Membership.objects.create(user=user, area=AreaFactory(), role=User.Role.BOARD_MEMBER)
    return user


def test_reset_works_for_invited_user(client, db, django_capture_on_commit_callbacks):
    user = _invited_board_member()
    response, callbacks = _reset(client, " New.Member@example.org ", django_capture_on_commit_callbacks)
    _run(callbacks, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    form_page = client.get(_link(mail.outbox[0]), follow=True)
    assert "Set a new password" in form_page.content.decode()
    new = "a-brand-new-long-passphrase"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.check_password(new)
    assert _sign_in(client, user.email, new).status_code == 302


def test_password_reset_never_for_a_closed_account(client, db, django_capture_on_commit_callbacks):
    user = _invited_board_member()
    user.is_active = False
    user.save()
    response, callbacks = _reset(client, user.email, django_capture_on_commit_callbacks)
    _run(callbacks, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and mail.outbox == []


def test_password_reset_link_stops_working_when_the_account_is_closed(client, officer,
                                                                      django_capture_on_commit_callbacks):
    response, callbacks = _reset(client, officer.email, django_capture_on_commit_callbacks)
    _run(callbacks, django_capture_on_commit_callbacks)
    officer.is_active = False
    officer.save()
    page = client.get(_link(mail.outbox[0]), follow=True)
    assert "This link has expired or been used" in page.content.decode()
