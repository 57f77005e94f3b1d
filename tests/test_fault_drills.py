"""Fault drills against the REAL PostgreSQL and Redis (run in CI; skipped locally without them).

The shared servers are never stopped: a ``tests.support.faults.TcpProxy`` sits between the
application under test and the service, and ``cut()`` is the outage (every open connection
dropped, new ones refused, as a restart looks to the application).

1. The database restarts during use: a production gunicorn's requests fail cleanly (our 500
   page, /healthz 503, quickly) and the same gunicorn processes serve again once it is back.
2. Redis stops: pages still work (the steward's "run the sweep now" too: logged, not a 500),
   /healthz says the broker is unavailable; when Redis returns a real worker's sweep sends
   the reminders that could not be queued, each once.
3. The mail server refuses: a real worker's sends are retried (attempts grow, the error is
   kept, the reminder stays queued); once it accepts, every reminder arrives exactly once.

Locally: DATABASE_URL=postgres://postgres@127.0.0.1:5432/drills_dev \
    .venv/bin/python -m pytest -q tests/test_fault_drills.py
"""
import http.client
import json
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import redis
from django.db import connection
from django.db.models import F

from bench.management.commands.bench import _session_cookie
from tests.support.faults import SmtpSink, TcpProxy, wait_until
from tests.support.processes import ROOT, celery_worker, child_pids, database_url, gunicorn_server, process_env
from tests.support.real_services import IN_CI, broker, require_service
from trusts.models import Direction
from trusts.notices.models import ReminderLog
from trusts.notices.services import REQUEUE_AFTER, reminders_sweep
from trusts.notices.tasks import reminder_send_task, sweep_task
from trusts.tests.factories import OfficerFactory, StewardFactory, AreaFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("chase_rules")]

TODAY = date(2011, 6, 15)  # a Wednesday; a direction due by the Monday after is chased (10 working days before)
DUE_BY = date(2011, 6, 20)
CONNECT_TIMEOUT = 5  # settings: PostgreSQL OPTIONS connect_timeout
FAIL_WITHIN = CONNECT_TIMEOUT + 1  # seconds a request may take while a service is down
RECOVER_WITHIN = 5  # seconds for the same processes to serve again once it is back
SORRY = "Sorry, there is a problem with the service"

# Defects these drills found in code outside this file, with the fix (see the report for the
# exact diffs). While one is present its drill still runs to the end and then xfails naming
# it; once fixed the drill passes. Remove an entry when its fix has landed.
# Defects these drills found and that have been fixed; seeing one again fails the drill.
FIXED_DEFECTS = {
    "500-page-needs-db": "the 500 handler rendered with the request context, which needs the database",
    "publish-waits-for-result-backend": "publishing a task subscribed to its result in Redis, retried 20 times",
}


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture
def postgres(transactional_db):
    """(host, port) of the PostgreSQL server holding pytest's test database."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        message = ("the fault drills need PostgreSQL (the web and worker processes share the test database): "
                   "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/drills_dev")
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    host, port = settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)
    require_service(host, port, "PostgreSQL")
    return host, port


@pytest.fixture
def maildir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


# -- helpers -------------------------------------------------------------------------------
class Client:
    """A tiny HTTP client for the gunicorn under test: keeps cookies (the secure ones too,
    as a browser behind TLS would), never follows redirects, times every request."""

    def __init__(self, port, cookie=""):
        self.port = port
        self.cookies = dict(part.split("=", 1) for part in cookie.split("; ") if part)

    def request(self, method, path, data=None, timeout=15):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        response.elapsed = time.monotonic() - started
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def csrf_token(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, "the page has no CSRF token"
        return match.group(1)


class Defects:
    """Collects known defects seen during a drill; ``check()`` at the end xfails naming them."""

    def __init__(self):
        self.seen = []

    def seen_if(self, name, present):
        assert name in FIXED_DEFECTS, name
        if present:
            pytest.fail(f"regression: {FIXED_DEFECTS[name]}")
        return present

    def check(self):
        assert not self.seen


def assert_clean_failure(response):
    assert "Traceback" not in response.text and 'File "/' not in response.text
    assert response.elapsed < FAIL_WITHIN, f"took {response.elapsed:.1f} s while the service was down"


def reminder_emails(maildir):
    """X-Reminder-Id of every message written by any process (Django's file e-mail backend)."""
    ids = []
    for file in Path(maildir).iterdir():
        ids += re.findall(r"^X-Reminder-Id: (\d+)$", file.read_text(), flags=re.MULTILINE)
    return Counter(int(i) for i in ids)


def worker_log(proc):
    proc.log.seek(0)
    return proc.log.read()


def purge_queue(url, queue):
    """Drop a finished worker's queue from Redis (retries it had waiting are put back there on shutdown)."""
    client = redis.Redis.from_url(url)
    for tag, raw in client.hgetall("unacked").items():
        if json.loads(raw)[2] == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.delete(queue, f"_kombu.binding.{queue}")


def purge_published(url, queue, pids, task):
    """Remove from ``queue`` the ``task`` messages published by these processes; return how many."""
    client = redis.Redis.from_url(url)
    origins = {f"gen{pid}@{socket.gethostname()}" for pid in pids}
    removed = 0
    for raw in client.lrange(queue, 0, -1):
        headers = json.loads(raw).get("headers") or {}
        if headers.get("task") == task and headers.get("origin") in origins:
            removed += client.lrem(queue, 1, raw)
    return removed


def direction(area, steward, due_by=DUE_BY):
    return Direction.objects.create(area=area, arrangement=Direction.Arrangement.PLAN, reason="No plan published",
                                    required_action="Publish the plan", due_by=due_by, issued_by=steward)


def backdate_queued(hours=2):
    """Time travel on the rows: queued longer ago than the sweep's catch-up threshold (1 h)."""
    assert timedelta(hours=hours) > REQUEUE_AFTER
    return ReminderLog.objects.filter(status=ReminderLog.Status.QUEUED).update(
        queued_at=F("queued_at") - timedelta(hours=hours))


def port_of(url):
    return urlsplit(url).port or 6379


def through(proxy, url):
    """``url`` with its host and port replaced by the proxy's."""
    parts = urlsplit(url)
    return parts._replace(netloc=f"127.0.0.1:{proxy.port}").geturl()


# -- 1. the database restarts during use -----------------------------------------------------
def test_database_restart_requests_fail_cleanly_and_the_same_gunicorn_recovers(postgres, redis_url,
                                                                              record_property):
    area = AreaFactory(name="Northshire", la_code="801")
    officer = OfficerFactory(area=area, email="olive@northshire.example.org")
    page = f"/areas/{area.la_code}/"
    figures, defects = {}, Defects()
    with TcpProxy(postgres[1], postgres[0]) as db_proxy, gunicorn_server(
            workers=2, REDIS_URL=redis_url,
            # persistent connections, so the cut kills connections the workers hold
            DATABASE_URL=database_url(connection.settings_dict, port=db_proxy.port, query="conn_max_age=60"),
    ) as web:
        client = Client(web.port, _session_cookie(officer, web.secret_key))
        for _ in range(6):  # both workers, each with its own connection
            response = client.get(page)
            assert response.status == 200 and "Northshire" in response.text
        health = client.get("/healthz")
        assert (health.status, json.loads(health.text)) == (200, {"status": "ok", "database": "ok", "broker": "ok"})
        workers = child_pids(web.pid)
        assert len(workers) == 2 and db_proxy.open_connections >= 1

        db_proxy.cut()  # the database restarts: open connections dropped, new ones refused
        failures = [client.get(page) for _ in range(4)]
        for response in failures:
            assert response.status == 500, response.text[:500]
            assert_clean_failure(response)
            if not defects.seen_if("500-page-needs-db", "<h1><p>Internal Server Error</p></h1>" in response.text):
                assert SORRY in response.text, response.text[:500]  # our GOV.UK-styled page
        health = client.get("/healthz")
        assert health.status == 503
        assert json.loads(health.text) == {"status": "unavailable", "database": "unavailable", "broker": "ok"}
        assert_clean_failure(health)
        figures["db_down_slowest_response_s"] = round(max(r.elapsed for r in [*failures, health]), 3)

        db_proxy.restore()
        started = time.monotonic()
        wait_until(lambda: client.get(page).status == 200, timeout=RECOVER_WITHIN, what="the page to answer again")
        figures["db_recovery_s"] = round(time.monotonic() - started, 3)
        for _ in range(6):
            response = client.get(page)
            assert response.status == 200 and "Northshire" in response.text
        assert client.get("/healthz").status == 200
        assert web.poll() is None and child_pids(web.pid) == workers  # no restart: the same processes
        assert "OperationalError" in web.log_text()  # logged on the server, never shown
    print("database drill:", json.dumps(figures))
    for key, value in figures.items():
        record_property(key, value)
    defects.check()


# -- 2. Redis stops ---------------------------------------------------------------------------
def test_redis_outage_pages_work_and_reminders_catch_up_when_it_returns(postgres, redis_url, maildir,
                                                                        record_property):
    area = AreaFactory(name="Northshire", la_code="801")
    officers = [OfficerFactory(area=area, email=f"officer{i}@northshire.example.org") for i in range(2)]
    steward = StewardFactory(email="sam@dcsf.example.gov.uk")
    first = direction(area, steward)
    db_url = database_url(connection.settings_dict)
    figures, defects = {}, Defects()
    with TcpProxy(port_of(redis_url)) as redis_proxy, gunicorn_server(
            workers=2, DATABASE_URL=db_url, REDIS_URL=through(redis_proxy, redis_url)) as web:
        proxied = through(redis_proxy, redis_url)
        steward_client = Client(web.port, _session_cookie(steward, web.secret_key))
        officer_client = Client(web.port, _session_cookie(officers[0], web.secret_key))
        assert steward_client.get("/healthz").status == 200

        redis_proxy.cut()  # Redis stops
        started = time.monotonic()
        for client, path in [(officer_client, "/"), (officer_client, f"/areas/{area.la_code}/"),
                             (steward_client, "/stewards/"), (steward_client, "/stewards/reminders/")]:
            response = client.get(path)
            assert response.status == 200, (path, response.status)
            assert_clean_failure(response)
        token = steward_client.csrf_token(response.text)
        # (gunicorn's own limit is 30 s: a longer wait would be a killed worker, not a page)
        response = steward_client.post("/stewards/reminders/sweep/", {"csrfmiddlewaretoken": token}, timeout=35)
        figures["sweep_button_with_redis_down_s"] = round(response.elapsed, 3)
        assert response.status == 302 and response.getheader("Location") == "/stewards/reminders/"
        if not defects.seen_if("publish-waits-for-result-backend", response.elapsed > 15):
            assert_clean_failure(response)
        response = steward_client.get("/stewards/reminders/")
        assert response.status == 200 and "could not be queued just now" in response.text
        health = steward_client.get("/healthz")
        assert health.status == 503
        assert json.loads(health.text) == {"status": "unavailable", "database": "ok", "broker": "unavailable"}
        assert_clean_failure(health)
        figures["redis_down_pages_s"] = round(time.monotonic() - started, 3)
        assert "could not queue notices.tasks.sweep_task" in web.log_text()  # logged, not a 500

        # the daily sweep runs while Redis is down: it claims the reminders but cannot queue them
        started = time.monotonic()
        cron = subprocess.run(
            [sys.executable, "manage.py", "sweep_reminders", "--date", TODAY.isoformat()], cwd=ROOT, timeout=60,
            env=process_env(DATABASE_URL=db_url, REDIS_URL=proxied), capture_output=True, text=True)
        assert cron.returncode == 0, cron.stderr
        figures["sweep_with_redis_down_s"] = round(time.monotonic() - started, 3)  # a new process included
        defects.seen_if("publish-waits-for-result-backend", "must be restarted" in cron.stderr)
        assert "sweep 2011-06-15: 2 due, 2 new, 0 requeued" in cron.stdout
        assert cron.stderr.count("could not queue notices.tasks.reminder_send_task") == 2
        stuck = set(ReminderLog.objects.values_list("pk", flat=True))
        assert len(stuck) == 2 and set(ReminderLog.objects.values_list("status", flat=True)) == {"queued"}
        # a direction issued during the outage: no sweep has seen it yet
        second = direction(area, steward, due_by=DUE_BY + timedelta(days=1))

        redis_proxy.restore()  # Redis is back
        started = time.monotonic()
        wait_until(lambda: steward_client.get("/healthz").status == 200, timeout=RECOVER_WITHIN,
                   what="/healthz to say the broker is back")
        figures["redis_recovery_s"] = round(time.monotonic() - started, 3)
        workers = child_pids(web.pid)
        try:  # the same web processes queue work again
            token = steward_client.csrf_token(steward_client.get("/stewards/reminders/").text)
            response = steward_client.post("/stewards/reminders/sweep/", {"csrfmiddlewaretoken": token})
            assert response.status == 302
            response = steward_client.get("/stewards/reminders/")
            assert "The reminder sweep has been queued" in response.text
        finally:  # nothing consumes the default queue in tests: take that sweep back out
            assert purge_published(redis_url, "celery", workers, "notices.tasks.sweep_task") == 1
        assert web.poll() is None and child_pids(web.pid) == workers

        with celery_worker(redis_url=proxied, database_url=db_url,
                           extra_env={"EMAIL_URL": f"filemail:///{maildir}"}) as (queue, proc), broker(proxied):
            try:
                backdate_queued()  # the next sweep comes at least an hour later
                started = time.monotonic()
                sweep_task.apply_async(kwargs={"today": TODAY.isoformat()}, queue=queue)
                wait_until(lambda: ReminderLog.objects.filter(status="sent").count() == 4, timeout=30,
                           what=f"the caught-up reminders to be sent; worker log:\n{worker_log(proc)[-2000:]}")
                figures["redis_catch_up_s"] = round(time.monotonic() - started, 3)
                sweep_task.apply_async(kwargs={"today": TODAY.isoformat()}, queue=queue)  # and again: nothing more
                wait_until(lambda: worker_log(proc).count("sweep_task[") >= 4, timeout=20, what="the second sweep")
                wait_until(lambda: worker_log(proc).count("succeeded in") >= 6, timeout=20, what="every task")
                log = worker_log(proc)
            finally:
                purge_queue(redis_url, queue)
    assert "'new': 2, 'requeued': 2, 'queued': 4" in log  # the sweep that caught up
    assert "'new': 0, 'requeued': 0, 'queued': 0" in log  # the one after it
    rows = {row.pk: row for row in ReminderLog.objects.all()}
    assert {r.subject_key for r in rows.values()} == {f"direction:{first.pk}", f"direction:{second.pk}"}
    assert stuck < set(rows) and {(r.status, r.attempts) for r in rows.values()} == {("sent", 1)}
    assert reminder_emails(maildir) == Counter({pk: 1 for pk in rows})  # each exactly once
    print("redis drill:", json.dumps(figures))
    for key, value in figures.items():
        record_property(key, value)
    defects.check()


# -- 3. the mail server refuses ---------------------------------------------------------------
def test_mail_server_refuses_reminders_retry_and_each_is_delivered_exactly_once(postgres, redis_url,
                                                                              record_property):
    area = AreaFactory(name="Northshire", la_code="801")
    for i in range(3):
        OfficerFactory(area=area, email=f"officer{i}@northshire.example.org")
    direction(area, StewardFactory(email="sam@dcsf.example.gov.uk"))
    figures = {}
    with SmtpSink(refuse=True) as smtp, celery_worker(
            redis_url=redis_url, database_url=database_url(connection.settings_dict),
            extra_env={"EMAIL_URL": smtp.url}) as (queue, proc), broker(redis_url):
        try:
            started = time.monotonic()
            ids = set(reminders_sweep(today=TODAY, queue=queue).queued_ids)
            assert len(ids) == 3

            def attempted(n):
                return lambda: all(r.attempts >= n for r in ReminderLog.objects.all())

            for n in (1, 2):  # the worker's own first try, then the catch-up of rows still queued
                if n > 1:
                    # the catch-up requeues every reminder still queued, except one the worker
                    # holds at that very moment (the sweep skips locked rows): its retry tries again
                    caught_up = set()

                    def requeued_or_retried(n=n, caught_up=caught_up):
                        backdate_queued()
                        caught_up.update(reminders_sweep(today=TODAY, queue=queue).queued_ids)
                        caught_up.update(ReminderLog.objects.filter(attempts__gte=n).values_list("pk", flat=True))
                        return caught_up >= ids

                    wait_until(requeued_or_retried, timeout=20, interval=0.5, what="every reminder requeued")
                wait_until(attempted(n), timeout=20, what=f"attempt {n}; worker log:\n{worker_log(proc)[-2000:]}")
                for row in ReminderLog.objects.all():
                    assert row.status == "queued" and row.sent_at is None
                    assert re.search(rf"attempt {row.attempts}: SMTPDataError: \(451", row.last_error), row.last_error
            refused = smtp.refused
            assert refused >= 6 and smtp.messages == []

            smtp.accept()  # the mail server accepts again
            # the catch-up requeues every reminder, except one the worker is retrying at that very
            # moment (the sweep skips rows another process holds): that one is sent by the retry
            covered = set()

            def requeued_or_sent():
                backdate_queued()
                covered.update(reminders_sweep(today=TODAY, queue=queue).queued_ids)
                covered.update(ReminderLog.objects.filter(status="sent").values_list("pk", flat=True))
                return covered >= ids

            wait_until(requeued_or_sent, timeout=20, interval=0.5, what="every reminder requeued or delivered")
            wait_until(lambda: ReminderLog.objects.filter(status="sent").count() == 3, timeout=20,
                       what=f"the retries to deliver; worker log:\n{worker_log(proc)[-2000:]}")
            figures["smtp_drill_s"] = round(time.monotonic() - started, 3)
            # nothing more goes: a later sweep has nothing to catch up, and a retry Celery still has
            # waiting (its own backoff, up to a minute here) finds the row sent: run one of each now
            assert reminders_sweep(today=TODAY, queue=queue).as_dict()["queued"] == 0
            done = worker_log(proc).count("succeeded in")
            for pk in ids:
                reminder_send_task.apply_async(args=[pk], queue=queue)
            wait_until(lambda: worker_log(proc).count("succeeded in") >= done + len(ids), timeout=20,
                       what="the late duplicates to run")
            log = worker_log(proc)
        finally:
            purge_queue(redis_url, queue)
    # the worker's own retry with backoff was scheduled too (its countdowns are up to 30 s, 1 min...)
    countdowns = [int(c) for c in re.findall(r"retry: Retry in (\d+)s: SMTPDataError", log)]
    assert len(countdowns) >= 6
    rows = list(ReminderLog.objects.all())
    assert {r.status for r in rows} == {"sent"} and all(r.attempts >= 3 for r in rows)
    delivered = Counter(int(v) for v in smtp.header_values("X-Reminder-Id"))
    assert delivered == Counter({pk: 1 for pk in ids})  # none lost, none doubled
    figures.update(smtp_refusals=refused, smtp_delivered=sum(delivered.values()),
                   smtp_attempts=sorted(r.attempts for r in rows), celery_retry_countdowns_s=sorted(countdowns))
    print("mail drill:", json.dumps(figures))
    for key, value in figures.items():
        record_property(key, value)
