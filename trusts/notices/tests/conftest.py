import pytest

from trusts.notices.models import ChaseRule


@pytest.fixture(autouse=True)
def _default_rules(chase_rules):
    """Every notices test that uses the database starts from the default chase rules."""


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
