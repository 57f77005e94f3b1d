"""Account life: invitation, set password, reset, and access that ends.

An account's life
-----------------
* Created without a password (a seat, a contact, or a steward in the admin): "Not invited".
* ``invitation_send(user=..., actor=...)``: stamps ``User.invited_at`` (audited) and queues an
  e-mail with a link to set a password: "Invited". The link works once (its token hashes the
  password, which setting one changes), expires after ``ACCOUNT_INVITATION_DAYS`` counted from
  the invitation, and stops working when a newer invitation is sent (it hashes ``invited_at``)
  or the account is closed. The set-password page signs the person in: "Active".
* Password reset works for every open account, with or without a password yet, never for a
  closed one.
* ``access_end(...)`` removes one membership (audited, with the reason) and closes the account
  of a person left with no membership who is not a steward: "Closed". The daily access sweep
  ends every access that a registered ``@access_expiry`` function says is over.

Mail
----
Every message goes through the reminder log (``trusts.notices``), so it is sent by a worker,
exactly once, retried, and visible to stewards. A link in these messages is a credential, so
it is never stored: the log row holds the user's id and the purpose, and the e-mail template
builds the link with ``{% account_link purpose user_id %}`` when the worker renders it.

A reset request only queues a task with the address typed; the worker looks it up. The page
answers the same, in the same time, for known and unknown addresses, so it never tells
whether an address has an account.

Writing an ``access.py``
------------------------
::

    # boards/access.py
    from trusts.accounts import access_expiry

    @access_expiry
    def seat_terms_ended(today):
        for seat in Seat.objects.filter(term_ends__lt=today, ...).select_related("user", "board__area"):
            yield seat.user, seat.board.area, User.Role.BOARD_MEMBER, "Board term ended"

Yield ``(user, area, role, reason)`` only when nothing else still gives that membership (e.g.
another current seat in the same area). Ending is idempotent: a membership already gone is
left alone, so yielding the same access every day is harmless.
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from trusts import reminders
from trusts.audit import audited
from trusts.errors import NotPermitted, TransitionError
from trusts.models import Membership, User
from trusts.notices.registry import DiscoveredRegistry

logger = logging.getLogger("trusts.accounts")

RESET = "reset"
INVITATION = "invitation"


def normalise_email(value):
    """The one form of an address for look-ups and sign-in lockout: trimmed, lower-case."""
    return (value or "").strip().lower()


# -- tokens ----------------------------------------------------------------------------------
class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Set-password links from an invitation: single use, expiring, superseded by a newer one.

    Its own salt, so a reset token is not an invitation token or the reverse. The hash adds
    ``invited_at`` (a newer invitation voids older links) and ``is_active`` (closing the
    account voids them) to Django's password and last-login (used once: voided).
    """

    key_salt = "trusts.accounts.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        invited = "" if user.invited_at is None else user.invited_at.isoformat()
        return f"{super()._make_hash_value(user, timestamp)}{invited}{user.is_active}"

    def check_token(self, user, token):
        # Django's check, with the invitation's own lifetime instead of PASSWORD_RESET_TIMEOUT
        if not (user and token) or user.invited_at is None:
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
                   for secret in [self.secret, *self.secret_fallbacks]):
            return False
        lifetime = timedelta(days=settings.ACCOUNT_INVITATION_DAYS)
        if self._num_seconds(self._now()) - ts > lifetime.total_seconds():
            return False
        return timezone.now() - user.invited_at <= lifetime


invitation_token_generator = InvitationTokenGenerator()


def account_link(*, purpose, user_id):
    """The absolute set-password link for an open account, built when the e-mail is rendered.

    Refuses a closed or deleted account (the send then fails and is logged, nothing goes).
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise TransitionError("The account has been closed since the message was queued")
    if purpose == INVITATION:
        route, token = "trusts:invitation-accept", invitation_token_generator.make_token(user)
    elif purpose == RESET:
        route, token = "trusts:password-reset-confirm", default_token_generator.make_token(user)
    else:
        raise ValueError(f"unknown account link {purpose!r}")
    path = reverse(route, kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token})
    return settings.SITE_URL.rstrip("/") + path


# -- mail --------------------------------------------------------------------------------------
def _account_due(*, user, kind, purpose, title, template, deadline, offset, extra=None):
    from trusts.notices.registry import Due, Recipient

    # no user_id on the recipient: these are e-mails only, never in-app notifications
    return Due(
        kind=kind, recipient=Recipient(email=user.email.lower(), name=user.full_name),
        subject_key=f"user:{user.pk}", deadline=deadline, offset=offset, title=title, template=template,
        context={"account_user_id": user.pk, "purpose": purpose, **(extra or {})},
    )


def password_reset_request(*, email):
    """Queue a reset for ``email`` on commit; the worker looks it up (no timing difference)."""
    from trusts.notices.services import enqueue_safely
    from trusts.tasks import password_reset_send_task

    enqueue_safely(password_reset_send_task, normalise_email(email))


def password_reset_send(*, email):
    """Worker side: one reset e-mail per open account with this address, at most one a minute.

    Accounts without a password yet (invited, or never invited) are included: a reset is
    how they get one. Returns how many were queued.
    """
    from trusts.notices.services import reminder_send_now

    now = timezone.localtime()
    expires = timezone.localdate(now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT))
    queued = 0
    for user in User.objects.filter(email__iexact=normalise_email(email), is_active=True):
        due = _account_due(
            user=user, kind=reminders.PASSWORD_RESET, purpose=RESET, template="registration/password_reset_email",
            title=f"Reset your password for the {settings.SERVICE_NAME}",
            deadline=expires, offset=f"requested {now:%H:%M}",
        )
        queued += reminder_send_now(due=due) is not None
    return queued


# -- invitations -------------------------------------------------------------------------------
@transaction.atomic
def invitation_send(*, user, actor):
    """Queue (on commit, never inside the request) an e-mail to ``user`` with a
    single-use, expiring link to set a password; mark the user invited; audited.
    Calling it again resends a fresh link (the old one stops working).

    A closed account is reopened only if it was closed because its access ended and the
    person holds a membership again (a new seat or contact); one a steward closed stays
    closed. Only superusers (or the system, ``actor=None``) invite a steward.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_steward and actor is not None and not actor.is_superuser:
        raise NotPermitted("Only the service's superusers invite data stewards")
    reopen = False
    if not locked.is_active:
        holds_access = locked.is_steward or locked.memberships.exists()
        if locked.access_ended_at is None or not holds_access:
            raise TransitionError(f"The account of {locked.full_name} has been closed. "
                                  "Ask the national data team to reopen it.")
        reopen = True
    now = timezone.now()
    locked.invited_at = now
    fields = ["invited_at"]
    if reopen:
        locked.is_active, locked.access_ended_at = True, None
        fields += ["is_active", "access_ended_at"]
    audited(locked, actor, "Invitation sent" + (" (account reopened)" if reopen else ""))
    locked.save(update_fields=fields)
    for field in fields:
        setattr(user, field, getattr(locked, field))

    from trusts.notices.services import reminder_send_now

    expires = timezone.localtime(now + timedelta(days=settings.ACCOUNT_INVITATION_DAYS))
    reminder_send_now(due=_account_due(
        user=locked, kind=reminders.INVITATION, purpose=INVITATION, template="registration/invitation_email",
        title=f"You have been invited to the {settings.SERVICE_NAME}",
        deadline=expires.date(), offset=f"sent {timezone.localtime(now):%H:%M:%S.%f}",
        extra={"invited_by": actor.full_name if actor is not None else "", "role": locked.get_role_display(),
               "days": settings.ACCOUNT_INVITATION_DAYS},
    ))
    return locked


# -- access that ends --------------------------------------------------------------------------
@transaction.atomic
def access_end(*, user, area, role, actor=None, reason):
    """End ``user``'s ``role`` membership of ``area`` (audited with ``reason``); a user
    left with no membership and no other role is deactivated.

    Idempotent: returns False (and changes nothing) when the membership is already gone.
    """
    membership = Membership.objects.select_for_update().filter(user_id=user.pk, area_id=area.pk, role=role).first()
    if membership is None:
        return False
    audited(membership, actor, reason)
    membership.delete()
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active and not locked.is_steward and not locked.memberships.exists():
        # no area left to see: close the account (sessions end: inactive users are signed out)
        locked.is_active, locked.access_ended_at = False, timezone.now()
        audited(locked, actor, f"Account closed: {reason}")
        locked.save(update_fields=["is_active", "access_ended_at"])
        user.is_active, user.access_ended_at = locked.is_active, locked.access_ended_at
    logger.info("access ended: user %s %s of area %s (%s)", user.pk, role, area.pk, reason)
    return True


class AccessExpiryRegistry(DiscoveredRegistry):
    module_name = "access"

    def register(self, fn):
        return self.add(fn)

    def functions(self):
        return self.registered()


access_registry = AccessExpiryRegistry()


def access_expiry(fn):
    """Register ``fn(today)`` yielding ``(user, area, role, reason)`` for access that
    should end by ``today``; the daily access sweep calls every registered function
    (modules named ``access.py`` in each app are autodiscovered) and ends each."""
    return access_registry.register(fn)


def access_sweep(*, today=None):
    """The daily sweep: end every access a registered function says is over. Returns how many ended.

    Each end is its own transaction; a function that fails is logged and skipped, so one
    broken feature does not keep the others' access open.
    """
    today = today or timezone.localdate()
    ended = 0
    for fn in access_registry.functions():
        name = getattr(fn, "__qualname__", fn)
        try:
            items = list(fn(today) or ())
        except Exception:
            logger.exception("access expiry %s failed", name)
            continue
        for user, area, role, reason in items:
            try:
                ended += access_end(user=user, area=area, role=role, actor=None, reason=reason)
            except Exception:
                logger.exception("access expiry %s: could not end user %s's access to area %s", name,
                                 getattr(user, "pk", user), getattr(area, "pk", area))
    logger.info("access sweep %s: %d ended", today.isoformat(), ended)
    return ended
