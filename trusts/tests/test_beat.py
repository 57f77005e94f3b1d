"""The daily beat tasks are kept in the database schedule after every migrate (and a
database flush, which runs the same signal): missing entries come back, a steward's
changes stay."""
import pytest
from django.core.management.sql import emit_post_migrate_signal
from django_celery_beat.models import PeriodicTask

from trusts.beat import SCHEDULE

pytestmark = pytest.mark.django_db


def test_every_daily_task_is_scheduled_and_registered():
    from trusts.celery import app

    app.loader.import_default_modules()  # what a worker does on start: every app's tasks
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    for daily in SCHEDULE:
        task = tasks[daily.name]
        assert (task.task, task.enabled, task.crontab.hour, task.crontab.minute) == (
            daily.task, True, str(daily.hour), str(daily.minute))
        assert str(task.crontab.timezone) == "Europe/London"
        assert task.task in app.tasks


def test_a_missing_entry_is_put_back_and_a_stewards_change_is_kept():
    PeriodicTask.objects.filter(name="Daily access sweep").delete()
    PeriodicTask.objects.filter(name="Daily reminder sweep").update(enabled=False)

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert PeriodicTask.objects.get(name="Daily access sweep").enabled
    assert not PeriodicTask.objects.get(name="Daily reminder sweep").enabled
    assert PeriodicTask.objects.filter(name__in=[d.name for d in SCHEDULE]).count() == len(SCHEDULE)


@pytest.mark.django_db(transaction=True)
def test_the_schedule_survives_a_database_flush():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= {d.name for d in SCHEDULE}


@pytest.mark.django_db(transaction=True)
def test_the_default_chase_rules_survive_a_database_flush_and_a_stewards_change_is_kept():
    from django.core.management import call_command

    from trusts.notices import kinds
    from trusts.notices.models import ChaseRule

    ChaseRule.objects.filter(kind="board_papers").update(offsets="7,2")
    ChaseRule.objects.filter(kind="direction_due").delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert ChaseRule.objects.get(kind="board_papers").offsets == "7,2"
    assert ChaseRule.objects.get(kind="direction_due").offsets == "10,1"

    call_command("flush", interactive=False, verbosity=0)
    assert set(ChaseRule.objects.values_list("kind", flat=True)) == {kind for kind in kinds.declared() if kind.rule}
