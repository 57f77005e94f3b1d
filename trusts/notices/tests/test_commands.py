from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_sweep_reminders_rejects_a_bad_date(db):
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
