"""A real worker, the real Redis broker: a task round-trips. Runs in CI, never skips there."""
import subprocess
import sys

import pytest

from tests.support.processes import ROOT, celery_worker, process_env

pytestmark = pytest.mark.services


def test_celery_task_round_trips_through_real_worker(redis_url):
    with celery_worker(redis_url=redis_url) as (queue, _proc):
        client = (
            "import django; django.setup();"
            "from trusts.tasks import ping_task;"
            f"r = ping_task.apply_async(args=[41], queue={queue!r});"
            "print(r.get(timeout=30))"
        )
        result = subprocess.run(
            [sys.executable, "-c", client], cwd=ROOT, env=process_env(REDIS_URL=redis_url),
            capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'pong': 41}"


def test_celery_runs_in_process_without_broker(settings):
    from trusts.tasks import ping_task

    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert ping_task.delay(7).get() == {"pong": 7}
