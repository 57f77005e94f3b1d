"""Sign-in throttling on top of django-axes.

Two limits, both checked before a password is tried:

* per account: ``AXES_FAILURE_LIMIT`` (5) failures for one e-mail address lock it for
  ``AXES_COOLOFF_TIME`` (15 minutes). The key is the address trimmed and lower-cased
  (``sign_in_username``), because sign-in itself ignores case: keyed on the typed text,
  ``OFFICER@...`` and ``officer@...`` were separate counters for the same account.
* per client address, across accounts: more than ``SIGN_IN_IP_FAILURE_LIMIT`` (10)
  failures in ``SIGN_IN_IP_WINDOW`` (5 minutes) from one address lock that address
  (Cyber Essentials: "no more than 10 guesses in 5 minutes"). Counted exactly from
  axes' failure log (one row per failure), so the window slides.

The client address is ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` proxies are
configured in front of the service; then it is the address the outermost of them saw
(``client_ip``). Behind a proxy without that setting every client has the proxy's
address, and the per-address limit would lock everyone at once.
"""
import ipaddress
from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from trusts.accounts import normalise_email


def sign_in_username(request, credentials):
    """``AXES_USERNAME_CALLABLE``: one lockout key per address, however it was typed."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "data", request.POST).get(field)
    return normalise_email(value) or None


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request):
    """``AXES_CLIENT_IP_CALLABLE``: the client's address, trusting only configured proxies.

    Each proxy appends the address it received the request from to X-Forwarded-For, and
    the last one is ``REMOTE_ADDR``. With N trusted proxies the N-th entry from the right
    was written by the outermost of them: the client. Anything further left came from the
    client and may be forged, so it is never used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            address = _valid_ip(hops[-count])
            if address:
                return address
    return remote


def ip_failures(ip_address, *, now=None):
    """Failed sign-ins from one address within the window, whatever the accounts."""
    since = (now or timezone.now()) - timedelta(seconds=settings.SIGN_IN_IP_WINDOW)
    return AccessFailureLog.objects.filter(ip_address=ip_address, attempt_time__gte=since).count()


class SignInThrottle(AxesDatabaseHandler):
    """axes' database handler with our two counts (``AXES_LOCKOUT_PARAMETERS`` names both).

    axes would hold each parameter to the one account limit (5 in 15 minutes); we count
    the account in axes' attempts within the cool-off and the address in the failure log
    within its own window, and report the account limit when either is reached, so axes
    refuses the sign-in and shows the lockout page exactly as for a locked account.
    """

    def get_failures(self, request, credentials=None):
        username = get_client_username(request, credentials)
        by_account = 0
        if username:
            attempts = AccessAttempt.objects.filter(username=username)
            if settings.AXES_COOLOFF_TIME is not None:
                attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
            by_account = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
        ip_address = getattr(request, "axes_ip_address", None)
        if ip_address and ip_failures(ip_address, now=getattr(request, "axes_attempt_time", None)) \
                >= settings.SIGN_IN_IP_FAILURE_LIMIT:
            return max(by_account, get_failure_limit(request, credentials))
        return by_account

    def reset_user_attempts(self, request, credentials=None):
        # a successful sign-in clears that account's failures only: clearing the address's
        # would let someone with an account of their own reset the count on another's
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete() if username else (0, None)
        return count
