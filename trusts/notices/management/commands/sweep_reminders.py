"""Run the reminder sweep now, in this process (the beat task does it daily at 06:30).

    manage.py sweep_reminders [--date 2010-03-18]
"""
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from trusts.notices.services import reminders_sweep


class Command(BaseCommand):
    help = "Find every reminder due and queue (or, without Redis, send) each one once."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Sweep as if today were this day (YYYY-MM-DD)")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError("Enter the date as YYYY-MM-DD, like 2010-03-18") from None
        result = reminders_sweep(today=today)
        self.stdout.write(f"sweep {result.day}: {result.found} due, {result.new} new, {result.requeued} requeued")
