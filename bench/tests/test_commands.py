from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partners.models import Partner
from trusts.models import Area
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


def test_bench_sweep_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("bench_sweep", "--date", "18/03/2010")


@pytest.mark.django_db
def test_bench_import_gias_runs_and_cleans_up(capsys):
    call_command("bench_import_gias", "--rows", "300")
    out = capsys.readouterr().out
    assert "First import:" in out and "Re-import, nothing changed:" in out
    assert "0 to add" in out.split("Re-import, nothing changed:")[1]
    assert "to update" in out.split("every name changed:")[1]
    assert not Area.objects.filter(la_code="999").exists()
    assert not Partner.objects.exists()
