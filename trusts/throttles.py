"""The API's throttles (settings ``API_ANON_RATE``, ``API_USER_RATE``; see ``trusts.api``).

Kept apart from ``trusts.api``: DRF imports the throttle classes while it defines its
views, so this module must not import them.
"""
from rest_framework import throttling
from rest_framework.settings import api_settings


class _RateFromSettings:
    """Read the rate each time a throttle is made (DRF binds it once, at import), so a
    changed setting takes effect; and take the client's address as sign-in does."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        from trusts.signin import client_ip

        return client_ip(request)


class AnonThrottle(_RateFromSettings, throttling.AnonRateThrottle):
    """Anonymous clients, by address (``API_ANON_RATE``)."""


class UserThrottle(_RateFromSettings, throttling.UserRateThrottle):
    """Token users, by account (``API_USER_RATE``)."""
