"""Sessions read through the shared cache (Redis), kept in the database.

Django's cached_db store treats a cache failure on read as a miss, but not on the write
that follows it: with Redis down every signed-in page was a 500. Here the cache is only
an optimisation, as everywhere else in the service (trusts.pagecache, the dashboard):
while it is down, sessions are read from and written to the database alone.

A session ended (signed out) while Redis is down stays in Redis until it expires
(SESSION_COOKIE_AGE); its database row is gone, and the failure is logged as an error."""
import inspect
import logging

from django.contrib.sessions.backends import cached_db

log = logging.getLogger(__name__)


class _Forgiving:
    """A cache whose every call that fails returns None (or False for ``in``)."""

    def __init__(self, cache):
        self._cache = cache

    def __getattr__(self, name):
        method = getattr(self._cache, name)
        if not callable(method):
            return method
        if inspect.iscoroutinefunction(method):  # the async API: aget, aset, adelete, ...
            async def call_async(*args, **kwargs):
                try:
                    return await method(*args, **kwargs)
                except Exception:
                    _failed(name)
                    return None
            return call_async

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except Exception:
                _failed(name)
                return None
        return call

    def __contains__(self, key):
        try:
            return key in self._cache
        except Exception:
            _failed("has_key")
            return False


def _failed(operation):
    level = logging.ERROR if "delete" in operation else logging.WARNING
    log.log(level, "session cache unavailable (%s): using the database alone", operation, exc_info=True)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _Forgiving(self._cache)
