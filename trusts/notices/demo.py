"""Demo: once every app's demo data is committed, run the reminder sweep, so the home pages
show reminders and escalations. Idempotent: the reminder log sends each reminder once."""
from django.db import transaction
from django.utils import timezone

from trusts.notices import workdays


def seed(stdout):
    def sweep():
        from trusts.notices.services import reminders_sweep

        today = timezone.localdate()
        if not workdays.is_working_day(today):  # nobody is chased at a weekend: use the last working day
            today = workdays.add_working_days(today, -1)
        result = reminders_sweep(today=today)
        stdout.write(f"Reminders: swept {result.day}, {result.found} due, {result.new} new")

    # seed_demo runs every app's seed in one transaction; the sweep must see all of it
    transaction.on_commit(sweep)
