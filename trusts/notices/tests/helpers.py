"""Test helpers: point the in-process Celery app at a real (or a dead) broker."""
from contextlib import contextmanager

from kombu import pools

from trusts.celery import app

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
