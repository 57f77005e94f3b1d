from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from trusts.notices.models import ReminderLog


def test_bench_sweep_times_a_sweep_and_rolls_back(db):
    out = StringIO()
    call_command("bench_sweep", "--date", "2010-03-18", "--synthetic", "50", stdout=out)
    text = out.getvalue()
    assert "50 due, 50 new, 0 requeued, 50 queued" in text and " queries; " in text and " s (" in text
    assert ReminderLog.objects.count() == 0


def test_bench_sweep_keep_commits_and_a_second_run_finds_nothing_new(db):
    call_command("bench_sweep", "--date", "2010-03-18", "--synthetic", "5", "--keep", stdout=StringIO())
    out = StringIO()
    call_command("bench_sweep", "--date", "2010-03-18", "--synthetic", "5", stdout=out)
    assert "5 due, 0 new" in out.getvalue()
    assert ReminderLog.objects.count() == 5


def test_commands_reject_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("bench_sweep", "--date", "18/03/2010")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("sweep_reminders", "--date", "tomorrow")


def test_sweep_reminders_runs_the_sweep(db):
    out = StringIO()
    call_command("sweep_reminders", "--date", "2010-03-20", stdout=out)
    assert "sweep 2010-03-20: 0 due" in out.getvalue()


def test_demo_seed_sweeps_after_the_demo_data_is_committed(db, django_capture_on_commit_callbacks):
    from trusts.notices import demo

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        demo.seed(out)
    assert out.getvalue() == "" and len(callbacks) == 1  # nothing until the commit
    callbacks[0]()
    assert "Reminders: swept" in out.getvalue()
