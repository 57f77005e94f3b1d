"""The real PostgreSQL and Redis: skip a test locally when one is not running (in CI that is a
failure), and point the in-process Celery app at a real (or a dead) broker."""
import os
import socket
from contextlib import contextmanager

import pytest
from kombu import pools

from trusts.celery import app

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(host, port, name):
    """Skip locally when a service is down; in CI a missing service is a failure."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return
    except OSError:
        message = f"{name} is not reachable on {host}:{port}"
        if IN_CI:
            pytest.fail(message + " (CI must run this test against the real service)")
        pytest.skip(message)


DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: "Redis is down"


def _reset_pools():
    # kombu keeps connection pools per URL globally; a closed one must not be reused
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@contextmanager
def broker(url):
    """Publish to ``url`` instead of running tasks in-process, for the duration."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=url, task_always_eager=False, result_backend=None)
    _reset_pools()
    try:
        yield app
    finally:
        app.conf.update(saved)
        _reset_pools()
