"""Helpers for tests that run real processes: ``python`` with a production configuration, a
Celery worker against the real broker, gunicorn with production settings for the fault drills."""
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def process_env(**extra):
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.setdefault("DEBUG", "true")
    env["DJANGO_SETTINGS_MODULE"] = "trusts.settings"
    env.update({k: str(v) for k, v in extra.items()})
    return env


# A production configuration that passes ``check --deploy`` (for subprocesses: settings are read once)
PRODUCTION_CONFIG = {
    "DEBUG": "false",
    "SECRET_KEY": "k3P9v!2mQx#7Lr8sT0wZ4yB6nC1dF5gH9jK2mN4pQ7sV0xZ3aD6fG8hJ1kL4nP7r",
    "ALLOWED_HOSTS": "trusts.example.org",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def run_python(args, env_extra):
    """Run ``python *args`` in the project with only ``env_extra`` set on top of a clean environment."""
    dropped = {"PYTEST_VERSION", "DEBUG", "SECRET_KEY", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_extra)
    env["DJANGO_SETTINGS_MODULE"] = "trusts.settings"
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@contextmanager
def celery_worker(*, redis_url, database_url=None, concurrency=1, extra_env=None, app="trusts"):
    """Start a real worker on its own queue; yield (queue, process); stop it afterwards.
    ``app``: the module holding the Celery app (a test's own may wrap the real one)."""
    queue = f"test-{uuid.uuid4().hex[:10]}"
    env = process_env(REDIS_URL=redis_url, **(extra_env or {}))
    if database_url:
        env["DATABASE_URL"] = database_url
    log = open(ROOT / f".worker-{queue}.log", "w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", app, "worker", "-Q", queue, "-c", str(concurrency),
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


# -- production-like web processes for the fault drills ----------------------------------------
def database_url(settings_dict, *, port=None, query=""):
    """A PostgreSQL database (``connection.settings_dict``, e.g. pytest's test database) as a
    URL for another process; ``port`` points it through a proxy on 127.0.0.1 instead."""
    from urllib.parse import quote

    auth = quote(settings_dict.get("USER") or "")
    if settings_dict.get("PASSWORD"):
        auth += ":" + quote(settings_dict["PASSWORD"])
    host = "127.0.0.1" if port else (settings_dict.get("HOST") or "127.0.0.1")
    port = port or settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}" + (f"?{query}" if query else "")


def production_env(**extra):
    """The environment of a production web process on loopback: DEBUG off, a random 60-character
    SECRET_KEY, plain HTTP (no TLS redirect), ALLOWED_HOSTS=127.0.0.1."""
    import secrets

    env = process_env(DEBUG="false", SECURE_SSL_REDIRECT="false", ALLOWED_HOSTS="127.0.0.1",
                      SECRET_KEY=secrets.token_urlsafe(45)[:60])
    env.update({k: str(v) for k, v in extra.items()})
    return env


def collectstatic_if_stale(env):
    """Production pages need the hashed static manifest: run ``collectstatic`` (as ``manage.py
    bench`` does, ~12 s) only when a source file is newer than STATIC_ROOT's manifest."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        built = manifest.stat().st_mtime
        newest = max((Path(storage.path(path)).stat().st_mtime
                      for finder in finders.get_finders() for path, storage in finder.list([])), default=0)
        if newest < built:
            return False
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True, timeout=120)
    return True


def child_pids(pid):
    """The direct children of a process (gunicorn's workers, a Celery worker's pool)."""
    try:
        return sorted(int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except FileNotFoundError:
        return []


@contextmanager
def gunicorn_server(*, workers=2, **env_extra):
    """Start gunicorn (``-c trusts/gunicorn.conf.py``, production settings) on a free loopback
    port; yield the process with ``port``, ``secret_key``, ``env`` and ``log_text()``; stop it."""
    import signal
    import socket
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = production_env(WEB_CONCURRENCY=workers, BIND=f"127.0.0.1:{port}", **env_extra)
    collectstatic_if_stale(env)
    log = open(ROOT / f".gunicorn-{port}.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "trusts/gunicorn.conf.py", "trusts.wsgi"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def log_text():
        log.flush()
        return Path(log.name).read_text()

    proc.port, proc.secret_key, proc.env, proc.log_text = port, env["SECRET_KEY"], env, log_text
    try:
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except urllib.error.HTTPError:
                pass  # it answers: a 503 only says the database or the broker is down
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("gunicorn did not start:\n" + log_text()[-3000:]) from None
                time.sleep(0.2)
                continue
            if len(child_pids(proc.pid)) >= workers or time.time() > deadline:
                break
            time.sleep(0.1)
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown (SIGTERM waits for keep-alives)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        log.close()
        Path(log.name).unlink(missing_ok=True)
