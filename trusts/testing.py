"""Helpers for tests that run real processes: a Celery worker against the real broker."""
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def process_env(**extra):
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.setdefault("DEBUG", "true")
    env["DJANGO_SETTINGS_MODULE"] = "trusts.settings"
    env.update({k: str(v) for k, v in extra.items()})
    return env


@contextmanager
def celery_worker(*, redis_url, database_url=None, concurrency=1, extra_env=None):
    """Start a real worker on its own queue; yield (queue, process); stop it afterwards."""
    queue = f"test-{uuid.uuid4().hex[:10]}"
    env = process_env(REDIS_URL=redis_url, **(extra_env or {}))
    if database_url:
        env["DATABASE_URL"] = database_url
    log = open(ROOT / f".worker-{queue}.log", "w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "trusts", "worker", "-Q", queue, "-c", str(concurrency),
         "--pool", "prefork", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO",
         "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            log.seek(0)
            if "ready." in log.read():
                break
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError("worker exited:\n" + log.read())
            time.sleep(0.2)
        else:
            raise RuntimeError("worker did not start in 60 seconds")
        proc.log = log
        yield queue, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()
        Path(log.name).unlink(missing_ok=True)
