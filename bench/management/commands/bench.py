"""Benchmark the key pages under load, each as a ratio of a trivial view's throughput
measured in the same run (the framework's own floor).

  DATABASE_URL=postgres://... manage.py bench --seed [--clients 8] [--seconds 5] [--workers 3]

``--seed`` migrates and loads ``seed_national --seed 1`` first when the database holds no
area. Starts gunicorn with production settings (bench.settings: the service's, plus the
floor view) on 127.0.0.1 (loopback only) with Redis as its cache (REDIS_URL, or database 13
of the local Redis, whose page cache is emptied first), signs a steward and the busiest
area's officer in by creating sessions, drives each page with N keep-alive clients, prints
a table and stops the server. Each page's HTML size and its queries when rendered in full
(page cache off) are measured once, in-process.

Targets: p95 under 200 ms, no errors, and at least 0.10 of the floor; public pages and
pages served from the page cache at least 0.30.
"""
import os
import subprocess
import sys
import time
import urllib.request
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse

from bench import loadgen
from trusts.config import INSECURE_DEV_KEY
from trusts.models import Area, User

TARGET_RATIO = 0.10
TARGET_RATIO_CACHED = 0.30
TARGET_P95_MS = 200
BENCH_REDIS_URL = "redis://127.0.0.1:6379/13"
# pages whose whole response is served from a cache; the signed-in pages' bodies are
# {% fragment %}s, but each request still checks the session and the reader's permissions
CACHED = {"Public plan page"}


def _session_cookie(user, secret_key):
    """A signed-in session as the server (with its own SECRET_KEY) will read it."""
    with override_settings(SECRET_KEY=secret_key):
        return _make_session(user)


def _make_session(user):
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _first(model_label, **filters):
    model = apps.get_model(model_label)
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


def pages(area, officer_cookie, steward_cookie):
    """(label, path, cookie) for each key page, for the busiest area."""
    found = []

    def add(label, name, cookie, **kwargs):
        if any(v is None for v in kwargs.values()):
            return
        try:
            found.append((label, reverse(name, kwargs=kwargs), cookie))
        except NoReverseMatch:
            pass

    la = area.la_code
    add("Partner register", "partners:partner-list", officer_cookie, la_code=la)
    add("Partner page", "partners:partner-detail", officer_cookie, la_code=la,
        partner=_first("partners.Partner", area=area, org_type="pct") or _first("partners.Partner", area=area))
    version_pk = _first("plans.PlanVersion", area=area, status="published") or _first("plans.PlanVersion", area=area)
    # versions are addressed by their number in the area
    version = apps.get_model("plans.PlanVersion").objects.filter(pk=version_pk).values_list("number", flat=True).first()
    add("Plan page", "plans:version-detail", officer_cookie, la_code=la, version=version)
    add("Plan answers page", "plans:version-answers", officer_cookie, la_code=la, version=version)
    add("Public plan page", "plans:public", "", la_code=la)
    board = _first("boards.Board", area=area)
    add("Board page", "boards:board-detail", officer_cookie, board=board)
    add("Board seats page", "boards:board-seats", officer_cookie, board=board)
    add("Meeting page", "boards:meeting-detail", officer_cookie, meeting=_first("boards.Meeting", board_id=board))
    add("Pooled fund page", "pooling:fund-detail", officer_cookie, la_code=la, fund=_first("pooling.PooledFund", area=area))
    add("Steward dashboard", "trusts:dashboard", steward_cookie)
    found.append(("Admin partner changelist", reverse("admin:partners_partner_changelist"), steward_cookie))
    return found


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=5.0)
        parser.add_argument("--workers", type=int, default=4)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--seed", action="store_true",
                            help="migrate and load seed_national --seed 1 first if the database holds no area")

    def handle(self, *args, clients, seconds, workers, port, seed, **options):
        if seed:
            call_command("migrate", verbosity=0)
            if not Area.objects.exists():
                call_command("seed_national", seed=1)
        area = Area.objects.annotate(n=Count("partners")).order_by("-n").first()
        if area is None:
            raise CommandError("No data: run manage.py seed_national first")
        officer = User.objects.filter(memberships__area=area, memberships__role=User.Role.OFFICER).first()
        steward = User.objects.filter(role=User.Role.STEWARD, is_active=True, is_staff=True).first()
        if officer is None or steward is None:
            raise CommandError("The data needs an officer of the busiest area and an active steward")
        redis_url = os.environ.get("REDIS_URL") or BENCH_REDIS_URL
        env = dict(os.environ, DEBUG="false", SECURE_SSL_REDIRECT="false", ALLOWED_HOSTS="127.0.0.1,localhost",
                   SECRET_KEY=os.environ.get("SECRET_KEY") or INSECURE_DEV_KEY[::-1] + "bench-only",
                   WEB_CONCURRENCY=str(workers), BIND=f"127.0.0.1:{port}", LOG_LEVEL="WARNING", REDIS_URL=redis_url,
                   DJANGO_SETTINGS_MODULE="bench.settings")
        _empty_page_cache(redis_url)
        env.pop("PYTEST_VERSION", None)
        # production static files (hashed manifest), collected with the same settings gunicorn uses
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=settings.BASE_DIR,
                       env=env, check=True)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "trusts/gunicorn.conf.py", "--access-logfile", "/dev/null",
             "trusts.wsgi"], cwd=settings.BASE_DIR, env=env,
        )
        try:
            self._wait(port)
            officer_cookie = _session_cookie(officer, env["SECRET_KEY"])
            steward_cookie = _session_cookie(steward, env["SECRET_KEY"])
            floor = ("Floor (trivial view)", reverse("floor", urlconf="bench.urls"), "")
            targets = [floor, *pages(area, officer_cookie, steward_cookie)]
            self._who = {officer_cookie: "officer", steward_cookie: "steward", "": ""}
            for label, path, cookie in targets:  # warm every worker and cache
                loadgen.run(label, path, port=port, clients=clients, duration=0.5, cookie=cookie)
            results = [loadgen.run(label, path, port=port, clients=clients, duration=seconds, cookie=cookie)
                       for label, path, cookie in targets]
        finally:
            server.terminate()
            server.wait(20)
        sizes = _sizes_and_queries([(label, path, self._who[cookie]) for label, path, cookie in targets],
                                   officer, steward)
        self._print(results, sizes, area, clients, workers)

    def _wait(self, port):
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/floor", timeout=1)
                return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start")

    def _print(self, results, sizes, area, clients, workers):
        floor = results[0].rps or 1
        self.stdout.write(f"Busiest area: {area.name}; {clients} clients; {workers} gunicorn workers\n")
        self.stdout.write("| page | req/s | ratio to floor | p50 ms | p95 ms | errors | HTML KB | queries "
                          "| target ratio | meets targets |")
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in results:
            ratio = r.rps / floor
            target = TARGET_RATIO_CACHED if r.label in CACHED else TARGET_RATIO
            kb, queries = sizes.get(r.label, (0.0, 0))
            ok = ratio >= target and r.p95_ms < TARGET_P95_MS and r.errors == 0 and kb < 100
            self.stdout.write(f"| {r.label} | {r.rps:.0f} | {ratio:.2f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
                              f"{r.errors} | {kb:.1f} | {queries} | {target:.2f} | {'yes' if ok else 'no'} |")


def _empty_page_cache(redis_url):
    """Fragments cached against another database's rows must not be served: empty the
    page cache (only its own keys) of the Redis the benchmarked site uses."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for pattern in ("*pagecache:*", "*dashboard*", "*public*"):
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)


def _sizes_and_queries(targets, officer, steward):
    """(HTML KB, queries) of each page rendered in full once, in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {"": Client()}
    # the server's URL conf, so the floor is measured like every other page
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False,
                           FRAGMENT_CACHE_SECONDS=0, DASHBOARD_CACHE_SECONDS=0, PUBLIC_PAGE_CACHE_SECONDS=0,
                           DEBUG=False):
        for user, marker in ((officer, "officer"), (steward, "steward")):
            clients[marker] = Client()
            clients[marker].force_login(user)
        found = {}
        for label, path, cookie in targets:
            client = clients[cookie]
            client.get(path)  # warm per-process caches (content types, templates)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            found[label] = (len(response.content) / 1024, len(ctx.captured_queries))
    return found
