"""Account life: invitations (single use, expiring, superseded), access that ends, the daily sweep."""
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from trusts.accounts import access_end, access_registry, access_sweep, invitation_send
from trusts.errors import NotPermitted, TransitionError
from trusts.models import Membership, User
from trusts.notices.models import Notification, ReminderLog
from trusts.tests.factories import PASSWORD, StewardFactory, UserFactory

NEW = "a-brand-new-long-passphrase"


@pytest.fixture
def member(area):
    """A board member as a seat creates them: no password yet."""
    user = UserFactory(role=User.Role.BOARD_MEMBER, full_name="Nina New", email="nina@example.org")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, area=area, role=User.Role.BOARD_MEMBER)
    return user


def _invite(user, actor, capture):
    with capture(execute=True):
        invitation_send(user=user, actor=actor)
    return re.search(re.escape(settings.SITE_URL.rstrip("/")) + r"(/\S+)", mail.outbox[-1].body).group(1)


def _set_password(client, link, password=NEW):
    page = client.get(link, follow=True)
    assert "Set your password" in page.content.decode(), page.content.decode()
    return client.post(page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def _expired(client, link):
    return "This link has expired or been used" in client.get(link, follow=True).content.decode()


# -- invitations ---------------------------------------------------------------------------------
def test_invited_user_can_set_password_and_sign_in(client, member, officer,
                                                            django_capture_on_commit_callbacks):
    assert member.account_status == User.AccountStatus.NOT_INVITED
    assert client.post(reverse("trusts:sign-in"), {"username": member.email, "password": PASSWORD}).status_code == 200

    link = _invite(member, officer, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    assert member.account_status == User.AccountStatus.INVITED
    message = mail.outbox[-1]
    assert message.to == ["Nina New <nina@example.org>"]
    assert "Olive Officer has invited you" in message.body and "board member" in message.body

    response = _set_password(client, link)
    assert response.status_code == 302 and response["Location"] == reverse("trusts:home")
    assert client.session["_auth_user_id"] == str(member.pk)  # signed in by the set-password page
    member.refresh_from_db()
    assert member.check_password(NEW) and member.account_status == User.AccountStatus.ACTIVE

    client.logout()
    response = client.post(reverse("trusts:sign-in"), {"username": member.email, "password": NEW})
    assert response.status_code == 302


def test_invitation_is_queued_not_sent_in_request_and_link_not_stored(member, officer,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation_send(user=member, actor=officer)
    assert mail.outbox == [] and len(callbacks) == 1
    log = ReminderLog.objects.get()
    assert (log.kind, log.recipient_email, log.status) == ("invitation", member.email, ReminderLog.Status.QUEUED)
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()
    log.refresh_from_db()
    assert log.status == ReminderLog.Status.SENT
    token = re.search(r"/invitation/\S+/(\S+)/", mail.outbox[0].body).group(1)
    stored = " ".join(str(getattr(log, f.attname)) for f in ReminderLog._meta.fields)
    assert token not in stored and "/invitation/" not in stored
    assert not Notification.objects.exists()  # an e-mail only


def test_invitation_link_works_once(client, member, officer, django_capture_on_commit_callbacks):
    link = _invite(member, officer, django_capture_on_commit_callbacks)
    _set_password(client, link)
    client.logout()
    assert _expired(client, link)


def test_invitation_link_expires_after_seven_days(client, member, officer, settings,
                                                  django_capture_on_commit_callbacks):
    assert settings.ACCOUNT_INVITATION_DAYS == 7
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        link = _invite(member, officer, django_capture_on_commit_callbacks)
    with time_machine.travel(start + timedelta(days=7, minutes=1), tick=False):
        assert _expired(client, link)
    with time_machine.travel(start + timedelta(days=6, hours=23), tick=False):
        assert not _expired(client, link)
        _set_password(client, link)
    member.refresh_from_db()
    assert member.check_password(NEW)


def test_invitation_link_superseded_by_newer_invitation(client, member, officer,
                                                        django_capture_on_commit_callbacks):
    first = _invite(member, officer, django_capture_on_commit_callbacks)
    second = _invite(member, officer, django_capture_on_commit_callbacks)
    assert first != second and len(mail.outbox) == 2
    assert _expired(client, first)
    _set_password(client, second)
    member.refresh_from_db()
    assert member.check_password(NEW)


def test_invitation_link_is_not_a_reset_link(client, member, officer, django_capture_on_commit_callbacks):
    link = _invite(member, officer, django_capture_on_commit_callbacks)
    as_reset = link.replace("/invitation/", "/password-reset/")
    assert _expired(client, as_reset)


def test_invitation_audited_without_password(member, officer):
    invitation_send(user=member, actor=officer)
    record = member.history.first()
    assert (record.history_user, record.history_change_reason) == (officer, "Invitation sent")
    assert record.invited_at is not None
    assert "password" not in {f.name for f in record._meta.fields}


def test_invitation_refused_for_an_account_a_steward_closed(member, officer):
    member.is_active = False
    member.save()
    with pytest.raises(TransitionError, match="has been closed"):
        invitation_send(user=member, actor=officer)
    assert not ReminderLog.objects.exists()


def test_invitation_reopens_an_account_closed_when_access_ended(member, officer, area,
                                                                django_capture_on_commit_callbacks):
    access_end(user=member, area=area, role=User.Role.BOARD_MEMBER, actor=officer, reason="Term ended")
    member.refresh_from_db()
    assert member.account_status == User.AccountStatus.CLOSED
    with pytest.raises(TransitionError):  # no access any more: nothing to invite them to
        invitation_send(user=member, actor=officer)
    Membership.objects.create(user=member, area=area, role=User.Role.BOARD_MEMBER)  # a new seat
    _invite(member, officer, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    assert member.is_active and member.access_ended_at is None
    assert member.account_status == User.AccountStatus.INVITED


def test_invitation_of_a_steward_needs_a_superuser(db):
    from trusts.tests.factories import StewardEditFactory

    steward = StewardEditFactory(email="new.steward@example.gov.uk")
    with pytest.raises(NotPermitted):
        invitation_send(user=steward, actor=StewardEditFactory())
    invitation_send(user=steward, actor=StewardFactory())  # a superuser
    assert ReminderLog.objects.filter(recipient_email=steward.email).count() == 1


def test_closed_account_invitation_link_stops_working(client, member, officer, area,
                                                      django_capture_on_commit_callbacks):
    link = _invite(member, officer, django_capture_on_commit_callbacks)
    access_end(user=member, area=area, role=User.Role.BOARD_MEMBER, reason="Removed")
    assert _expired(client, link)


# -- access that ends ----------------------------------------------------------------------------
def test_access_end_removes_membership_audited_and_closes_account(client, partner_contact, area, officer):
    client.force_login(partner_contact)
    assert access_end(user=partner_contact, area=area, role=User.Role.PARTNER_CONTACT, actor=officer,
                      reason="Contact removed") is True
    assert not Membership.objects.filter(user=partner_contact).exists()
    removed = Membership.history.filter(user_id=partner_contact.pk, history_type="-").get()
    assert (removed.history_user, removed.history_change_reason) == (officer, "Contact removed")

    partner_contact.refresh_from_db()
    assert not partner_contact.is_active and partner_contact.access_ended_at is not None
    closed = partner_contact.history.first()
    assert (closed.history_user, closed.is_active) == (officer, False)
    assert closed.history_change_reason == "Account closed: Contact removed"
    # the closed account is signed out and cannot sign in
    assert client.get(reverse("trusts:account")).status_code == 302
    client.logout()
    response = client.post(reverse("trusts:sign-in"), {"username": partner_contact.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session and response.status_code == 200


def test_access_end_keeps_account_with_other_access(board_member, area, other_area):
    Membership.objects.create(user=board_member, area=other_area, role=User.Role.BOARD_MEMBER)
    access_end(user=board_member, area=area, role=User.Role.BOARD_MEMBER, reason="Term ended")
    board_member.refresh_from_db()
    assert board_member.is_active
    assert list(board_member.memberships.values_list("area_id", flat=True)) == [other_area.pk]


def test_access_end_never_closes_a_steward(steward, area):
    Membership.objects.create(user=steward, area=area, role=User.Role.OFFICER)
    access_end(user=steward, area=area, role=User.Role.OFFICER, reason="Left the council")
    steward.refresh_from_db()
    assert steward.is_active


def test_access_end_twice_changes_nothing_more(board_member, area):
    assert access_end(user=board_member, area=area, role=User.Role.BOARD_MEMBER, reason="Term ended")
    history = board_member.history.count()
    assert access_end(user=board_member, area=area, role=User.Role.BOARD_MEMBER, reason="Term ended") is False
    assert board_member.history.count() == history


def test_access_sweep_ends_each_registered_access_once(board_member, partner_contact, officer, area):
    seen = []

    def terms_ended(today):  # a test-local access.py function
        seen.append(today)
        yield board_member, area, User.Role.BOARD_MEMBER, "Board term ended"

    with access_registry.override(terms_ended):
        today = timezone.localdate()
        assert access_sweep(today=today) == 1
        assert access_sweep(today=today) == 0  # rerun: nothing more ends
    assert seen == [today, today]
    assert not Membership.objects.filter(user=board_member).exists()
    assert Membership.history.filter(user_id=board_member.pk, history_type="-").count() == 1
    board_member.refresh_from_db()
    assert not board_member.is_active
    assert board_member.history.filter(is_active=False).count() == 1
    # nobody else's access was touched
    assert Membership.objects.filter(user__in=[partner_contact, officer]).count() == 2


def test_access_sweep_survives_a_broken_function(board_member, area):
    def broken(today):
        raise RuntimeError("boom")

    def ended(today):
        yield board_member, area, User.Role.BOARD_MEMBER, "Board term ended"

    with access_registry.override(broken, ended):
        assert access_sweep() == 1


def test_access_sweep_task_runs_daily_from_the_database_schedule(board_member, area):
    from trusts.tasks import access_sweep_task

    task = PeriodicTask.objects.get(name="Daily access sweep")
    assert (task.task, task.enabled, task.crontab.hour, task.crontab.minute) == ("trusts.access_sweep", True, "5", "30")
    assert task.task == access_sweep_task.name

    def ended(today):
        assert today.isoformat() == "2026-04-01"
        yield board_member, area, User.Role.BOARD_MEMBER, "Board term ended"

    with access_registry.override(ended):
        assert access_sweep_task.apply(args=["2026-04-01"]).get() == 1


def test_access_modules_are_autodiscovered(monkeypatch):
    from trusts.accounts import AccessExpiryRegistry

    calls = []
    monkeypatch.setattr("trusts.notices.registry.autodiscover_modules", lambda name: calls.append(name))
    registry = AccessExpiryRegistry()
    registry.functions()
    registry.functions()
    assert calls == ["access"]


def test_account_status_labels(db):
    user = UserFactory()
    assert user.account_status.label == "Active"
    user.set_unusable_password()
    assert user.account_status.label == "Not invited"
    user.invited_at = timezone.now()
    assert user.account_status.label == "Invited"
    user.is_active = False
    assert user.account_status.label == "Closed"


def test_access_end_keeps_the_other_kind_of_membership(officer, area):
    # an officer who was also a partner contact: ending the contact keeps the officer access
    Membership.objects.create(user=officer, area=area, role=User.Role.PARTNER_CONTACT)
    access_end(user=officer, area=area, role=User.Role.PARTNER_CONTACT, reason="Contact removed")
    officer.refresh_from_db()
    assert officer.is_active
    assert list(officer.memberships.values_list("role", flat=True)) == [User.Role.OFFICER]


def test_account_status_tag_include(member, officer):
    from django.template.loader import render_to_string

    def tag(user):
        status = user.account_status
        return " ".join(render_to_string("includes/status_tag.html",
                                         {"of": "account", "status": status, "label": status.label}).split())

    assert tag(member) == '<strong class="govuk-tag govuk-tag--grey">Not invited</strong>'
    invitation_send(user=member, actor=officer)
    member.refresh_from_db()
    assert tag(member) == '<strong class="govuk-tag govuk-tag--blue">Invited</strong>'
    assert tag(officer) == '<strong class="govuk-tag govuk-tag--green">Active</strong>'
