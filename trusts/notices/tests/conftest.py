from importlib import import_module

import pytest
from django.apps import apps as django_apps

from trusts.notices.models import ChaseRule


@pytest.fixture(autouse=True)
def chase_rules(request):
    """The seeded rules, put back after a transactional test (anywhere) flushed the tables."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    if not ChaseRule.objects.exists():
        import_module("trusts.notices.migrations.0002_seed_chase_rules").seed(django_apps, None)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # factories set a password for every user; the real hasher would dominate the run time
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rule(db):
    def get(kind):
        return ChaseRule.objects.get(kind=kind)

    return get


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the sweep and its on-commit publishing (tests run inside a transaction)."""
    from trusts.notices.services import reminders_sweep

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(**kwargs)

    return run


@pytest.fixture
def worker_like_retries():
    """Eager tasks retry in-process as a worker would, instead of raising Retry."""
    from trusts.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved
