"""Render once: fragments of pages cached until a table they read is written.

A fragment (a block of a template, or any value a function works out) is cached with the
tables its queries read, found by watching the SQL that runs while it is worked out.
Every write (INSERT, UPDATE, DELETE, TRUNCATE), whether from ``save()``, a queryset's
``update()``, ``bulk_create`` or raw SQL, stamps the tables it writes with a new number
from one counter once its transaction commits. A cached fragment is served only while
every table it read still carries the stamp it had when the fragment was made, so nothing
needs to remember what to invalidate: a new school on the register makes every cached
fragment that read the register stale, and nothing else.

Invariants:
- a table's stamp changes after the write is committed (in autocommit, after the
  statement), never before, so a reader cannot cache old rows under a new stamp;
- a fragment is stored only if no table it read was stamped while it was being made
  (the counter is read first): a write committed mid-render leaves it uncached;
- stamps live in the shared cache (Redis in production). Without a shared cache the
  stamps would be per process, so fragments are cached only when ``FRAGMENT_CACHE_SECONDS``
  is set, which settings do only when ``REDIS_URL`` is (or for a single-process demo);
- a fragment's key names what it varies on (the area, the filters, the reader's
  permissions, today's date); a CSRF token is never stored: forms in a fragment are
  rendered with a placeholder that each request replaces with its own token.
"""
import contextvars
import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

log = logging.getLogger(__name__)

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_TRUNCATE = re.compile(r"^\s*TRUNCATE\b", re.IGNORECASE)
_QUOTED = re.compile(r'"(\w+)"')
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)
# tables whose writes never change what a page shows: sign-in bookkeeping
_IGNORED = frozenset({"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"})
# nor does the time of a user's last sign-in (no page shows it), written at every sign-in
_SIGN_IN = re.compile(r'^UPDATE "\w+" SET "last_login" = %s WHERE "\w+"\."id" = %s$')

SEQUENCE_KEY = "pagecache:seq"
EVERYTHING = "*"  # a pseudo-table every fragment depends on: stamping it empties the page cache
STAMP_KEY = "pagecache:t:{}"
FRAGMENT_KEY = "pagecache:f:{}"
_CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
# stands in for the CSRF token while a fragment is made; replaced on every request
CSRF_PLACEHOLDER = "pagecache-csrf-0f3c9b2e7a"

_reads = contextvars.ContextVar("pagecache_reads", default=None)


def enabled():
    return bool(getattr(settings, "FRAGMENT_CACHE_SECONDS", 0))


# --- writes --------------------------------------------------------------------------

def _next_sequence():
    try:
        return cache.incr(SEQUENCE_KEY)
    except ValueError:  # first use, or evicted: start above any stamp a fragment may hold
        seed = timezone.now().timestamp() * 1_000_000
        cache.add(SEQUENCE_KEY, int(seed), timeout=None)
        return cache.incr(SEQUENCE_KEY)


def stamp(tables):
    """Mark ``tables`` as written now. Called after the write is committed."""
    tables = set(tables) - _IGNORED
    if not tables:
        return
    try:
        number = _next_sequence()
        cache.set_many({STAMP_KEY.format(t): number for t in tables}, timeout=None)
    except Exception:  # the cache is down: fragments are not served either (see fragment())
        log.warning("page cache: could not stamp %s", sorted(tables), exc_info=True)


def _written(connection, tables):
    if not connection.in_atomic_block or _in_test_case(connection):
        stamp(tables)
        return
    pending = getattr(connection, "_pagecache_pending", None)
    flush = getattr(connection, "_pagecache_flush", None)
    # a rolled-back transaction (or savepoint) drops our commit hook: start again
    if pending is None or not any(entry[1] is flush for entry in connection.run_on_commit):
        pending = set()

        def flush():
            stamp(pending)
            pending.clear()

        connection._pagecache_pending, connection._pagecache_flush = pending, flush
        connection.on_commit(flush)
    pending.update(tables)


def clear():
    """Make every cached fragment stale (after a change made outside the application,
    such as a fix in psql): each depends on this pseudo-table too."""
    stamp({EVERYTHING})


def _in_test_case(connection):
    """Inside a test's own transaction, which is rolled back and never commits: stamp
    at once (one thread, so no reader can see the rows before the stamp)."""
    blocks = connection.atomic_blocks
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


def _wrapper(execute, sql, params, many, context):
    written = _WRITE.match(sql)
    if written and not _SIGN_IN.match(sql):
        result = execute(sql, params, many, context)
        _written(context["connection"], {written.group(1)})
        return result
    if _TRUNCATE.match(sql):
        result = execute(sql, params, many, context)
        _written(context["connection"], set(_QUOTED.findall(sql)))
        return result
    reads = _reads.get()
    if reads is not None:
        reads.update(_READ.findall(sql))
    return execute(sql, params, many, context)


def install(connection, **kwargs):
    if _wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(_wrapper)


def connect():
    """Watch every connection, the ones already open included (AppConfig.ready)."""
    connection_created.connect(install, dispatch_uid="trusts.pagecache.install")
    for alias in connections:
        install(connections[alias])


# --- reads ---------------------------------------------------------------------------

def _vary_part(value):
    if isinstance(value, Model):
        return f"{value._meta.label}:{value.pk}"
    return repr(value)


def _key(name, vary):
    raw = "\x1f".join([name, timezone.localdate().isoformat(), *map(_vary_part, vary)])
    return FRAGMENT_KEY.format(hashlib.sha256(raw.encode()).hexdigest())


def fragment(name, vary, make, *, request=None):
    """``make()``, or its cached result while no table it read has been written since.
    ``vary``: everything besides the data that changes the result (the area, filters,
    page number, the reader's permissions); today's date is always part of the key. A
    model instance in ``vary`` (loaded before, so its query is not seen) makes its table
    one the fragment depends on.
    With ``request``, ``make`` renders forms with CSRF_PLACEHOLDER as the token, and the
    request's own token is put in its place."""
    value = _fragment(name, vary, make)
    if request is not None and isinstance(value, str) and CSRF_PLACEHOLDER in value:
        from django.middleware.csrf import get_token

        value = value.replace(CSRF_PLACEHOLDER, get_token(request))
    return value


def _fragment(name, vary, make):
    if not enabled():
        return make()
    key = _key(name, vary)
    try:
        held = cache.get(key)
        if held is not None:
            tables, stamps, value = held
            if cache.get_many([STAMP_KEY.format(t) for t in tables]) == stamps:
                _depend_on(tables)
                return value
        started = cache.get(SEQUENCE_KEY)
    except Exception:
        log.warning("page cache: cache unavailable, rendering %s", name, exc_info=True)
        return make()
    reads = set()
    token = _reads.set(reads)
    try:
        value = make()
    finally:
        _reads.reset(token)
    reads.update(v._meta.db_table for v in vary if isinstance(v, Model))
    tables = sorted((reads - _IGNORED) | {EVERYTHING})
    _depend_on(tables)
    if isinstance(value, str) and any(t != CSRF_PLACEHOLDER for t in _CSRF_VALUE.findall(value)):
        log.error("page cache: fragment %s holds a real CSRF token and is never cached", name)
        return value
    try:
        if started is None:  # the counter was lost: tables stamped from now on read as newer
            started = _next_sequence()
        stamps = _current_stamps(tables)
        if any(number > started for number in stamps.values()):
            return value  # written while it was being made: serve it, do not keep it
        cache.set(key, (tables, stamps, value), timeout=settings.FRAGMENT_CACHE_SECONDS)
    except Exception:
        log.warning("page cache: could not store %s", name, exc_info=True)
    return value


def _depend_on(tables):
    """A fragment inside another: what the inner one read, the outer one depends on too."""
    outer = _reads.get()
    if outer is not None:
        outer.update(tables)


def _current_stamps(tables):
    """Every table's stamp, giving one to a table never written since the cache started
    (so a later write is always seen as newer)."""
    keys = [STAMP_KEY.format(t) for t in tables]
    stamps = cache.get_many(keys)
    missing = [k for k in keys if k not in stamps]
    if missing:
        number = _next_sequence()
        for k in missing:
            cache.add(k, number, timeout=None)
        stamps = cache.get_many(keys)
    return stamps


def lazy_context(make, names):
    """A template context worked out by ``make()`` (a dict) only when the template first
    reads one of its ``names``, so a page whose body is a cached {% fragment %} runs none
    of the queries behind it. ``make`` is called at most once."""
    memo = SimpleLazyObject(make)
    return {name: SimpleLazyObject(lambda name=name: memo[name]) for name in names}
