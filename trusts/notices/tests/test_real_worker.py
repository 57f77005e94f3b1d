"""Exactly once with the REAL Redis broker and REAL Celery worker processes (runs in CI).

The worker processes share the test's PostgreSQL database; e-mail goes to files
(EMAIL_URL=filemail://...) so every message any process sends is counted, by the
X-Reminder-Id header each one carries.
"""
import json
import os
import re
import signal
import threading
import time
from collections import Counter
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
import time_machine
from django.db import connection, connections
from django.utils import timezone

from tests.support import pausing_worker
from tests.support.processes import celery_worker
from tests.support.real_services import IN_CI, broker
from trusts.notices.models import ReminderLog
from trusts.notices.registry import registry
from trusts.notices.services import reminders_sweep
from trusts.notices.tasks import reminder_send_task
from trusts.notices.tests.factories import area_deadline_chaser
from trusts.tests.factories import OfficerFactory, AreaFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

TODAY = date(2010, 3, 18)  # 10 working days before 1 April 2010


@pytest.fixture
def worker_database_url(db):
    """The test database as a URL for the worker processes (they must share it: PostgreSQL)."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        message = ("the real-worker tests need PostgreSQL so the worker process can share the test "
                   "database: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/notices_dev")
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    auth = quote(settings["USER"] or "")
    if settings.get("PASSWORD"):
        auth += ":" + quote(settings["PASSWORD"])
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.fixture
def maildir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


def emails(maildir):
    """X-Reminder-Id of every message written by any process."""
    ids = []
    for file in Path(maildir).iterdir():
        ids += re.findall(r"^X-Reminder-Id: (\d+)$", file.read_text(), flags=re.MULTILINE)
    return Counter(int(i) for i in ids)


def wait_for(condition, timeout=45, what="condition", proc=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}" + (f"; worker log:\n{worker_log(proc)[-3000:]}" if proc else ""))


def worker_log(proc):
    proc.log.seek(0)
    return proc.log.read()


def children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def areas_with_officers(n_areas, officers_each):
    for i in range(n_areas):
        area = AreaFactory()
        for j in range(officers_each):
            OfficerFactory(area=area, email=f"officer{i}-{j}@example.org")


def test_two_concurrent_sweeps_and_duplicate_messages_send_each_reminder_once(
        redis_url, worker_database_url, maildir, record_property):
    areas_with_officers(20, 2)
    expected = 40
    env = {"EMAIL_URL": f"filemail:///{maildir}"}
    chaser = area_deadline_chaser("plan_deadline_2010", date(2010, 4, 1))
    with celery_worker(redis_url=redis_url, database_url=worker_database_url, concurrency=2,
                       extra_env=env) as (queue, proc), broker(redis_url), registry.override(chaser):
        barrier, results, errors = threading.Barrier(2), [], []

        def sweep():
            try:
                barrier.wait()
                results.append(reminders_sweep(today=TODAY, queue=queue))
            except Exception as exc:  # surfaced below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        # every row queued again: the two worker processes now race on the same rows too
        ids = list(ReminderLog.objects.values_list("pk", flat=True))
        for pk in ids:
            reminder_send_task.apply_async(args=[pk], queue=queue)
        wait_for(lambda: ReminderLog.objects.filter(status="sent").count() == expected, what="all sent")
        wait_for(lambda: worker_log(proc).count("succeeded in") >= 2 * expected, what="every message run")

    sent = emails(maildir)
    duplicates = sum(sent.values()) - len(sent)
    figures = {"reminders_expected": expected, "log_rows": len(ids), "emails_sent": sum(sent.values()),
               "distinct_reminders_emailed": len(sent), "duplicates": duplicates,
               "claimed_by_sweep_1": results[0].new, "claimed_by_sweep_2": results[1].new,
               "messages_run": 2 * expected}
    print("exactly-once figures:", json.dumps(figures))
    for key, value in figures.items():
        record_property(key, value)
    assert sorted(r.new for r in results) and sum(r.new for r in results) == expected
    assert not set(results[0].queued_ids) & set(results[1].queued_ids)
    assert len(ids) == expected and set(sent) == set(ids)
    assert duplicates == 0 and sum(sent.values()) == expected


def test_worker_killed_mid_send_the_retried_task_sends_once(
        redis_url, worker_database_url, maildir, tmp_path, record_property):
    areas_with_officers(1, 1)
    pause = tmp_path / "pause-once"
    env = {"EMAIL_URL": f"filemail:///{maildir}", pausing_worker.PAUSE_FILE_ENV: str(pause),
           pausing_worker.PAUSE_SECONDS_ENV: "60"}
    # the real app, its e-mail step wrapped to pause (row locked) once while the pause file exists
    worker = partial(celery_worker, app=pausing_worker.__name__)
    chaser = area_deadline_chaser("plan_deadline_2010", date(2010, 4, 1))

    # 1. the pool process running the task is killed: Celery redelivers it (acks_late,
    #    reject_on_worker_lost) to the restarted pool process
    pause.touch()
    with worker(redis_url=redis_url, database_url=worker_database_url, extra_env=env) as (queue, proc), \
            broker(redis_url), registry.override(chaser):
        (log_id,) = reminders_sweep(today=TODAY, queue=queue).queued_ids
        wait_for(lambda: "paused after claiming reminder" in worker_log(proc), what="the task to claim the row", proc=proc)
        (child,) = children(proc.pid)
        os.kill(child, signal.SIGKILL)
        wait_for(lambda: ReminderLog.objects.get(pk=log_id).status == "sent", what="the redelivered task", proc=proc)
        assert "WorkerLostError" in worker_log(proc) or "signal 9" in worker_log(proc)
        assert ReminderLog.objects.get(pk=log_id).attempts == 1  # the killed attempt left nothing behind
        reminder_send_task.apply_async(args=[log_id], queue=queue)  # and a late duplicate does nothing
        wait_for(lambda: worker_log(proc).count("succeeded in") >= 2, what="the duplicate")
    assert emails(maildir) == Counter({log_id: 1})

    # 2. the whole worker is killed mid-send; a new worker gets the original message back and
    #    the next sweep (an hour on) queues the still-queued row as well: one e-mail
    AreaFactory.reset_sequence(500)
    OfficerFactory(area=AreaFactory(), email="second@example.org")
    pause.touch()
    client = redis.Redis.from_url(redis_url)
    with worker(redis_url=redis_url, database_url=worker_database_url, extra_env=env) as (queue, proc), \
            broker(redis_url), registry.override(chaser):
        (second_id,) = reminders_sweep(today=TODAY, queue=queue).queued_ids
        wait_for(lambda: "paused after claiming reminder" in worker_log(proc), what="the task to claim the row", proc=proc)
        pool = children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # the main process first, so nothing redelivers meanwhile
        for pid in pool:
            os.kill(pid, signal.SIGKILL)
        proc.wait(10)
        killed_queue = queue
    wait_for(lambda: ReminderLog.objects.get(pk=second_id).status == "queued"
             and not _locked(second_id), what="the killed transaction to roll back")
    with worker(redis_url=redis_url, database_url=worker_database_url, extra_env=env) as (queue, proc), \
            broker(redis_url), registry.override(chaser):
        # the next sweep (an hour on) requeues the still-queued row; then what Redis does once the
        # visibility timeout passes: the original message comes back. In this order the sweep
        # always finds the row queued (restored first, the worker could send it before the sweep)
        with time_machine.travel(timezone.now() + timedelta(hours=2), tick=True):
            catch_up = reminders_sweep(today=TODAY, queue=queue)
        restored = _restore_unacked(client, killed_queue, queue)
        wait_for(lambda: ReminderLog.objects.get(pk=second_id).status == "sent", what="the retried send", proc=proc)
        wait_for(lambda: worker_log(proc).count("succeeded in") >= 2, what="both messages run", proc=proc)
    sent = emails(maildir)
    figures = {"kill_restored_messages": restored, "kill_requeued_by_sweep": catch_up.requeued,
               "kill_emails_for_reminder": sent[second_id], "kill_total_emails": sum(sent.values())}
    print("worker-kill figures:", json.dumps(figures))
    for key, value in figures.items():
        record_property(key, value)
    assert restored == 1 and catch_up.requeued == 1
    assert sent == Counter({log_id: 1, second_id: 1})


def _locked(log_id):
    """Whether another session still holds the row lock (the killed worker's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                       "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() "
                       "AND a.state = 'idle in transaction'")
        return cursor.fetchone()[0] > 0


def _restore_unacked(client, from_queue, to_queue):
    """Move the killed worker's unacknowledged messages to ``to_queue`` (kombu's Redis layout)."""
    moved = 0
    for tag, raw in client.hgetall("unacked").items():
        message, _exchange, routing_key = json.loads(raw)
        if routing_key != from_queue:
            continue
        message["properties"]["delivery_info"]["redelivered"] = True
        client.rpush(to_queue, json.dumps(message))
        client.hdel("unacked", tag)
        client.zrem("unacked_index", tag)
        moved += 1
    client.delete(from_queue)
    return moved
