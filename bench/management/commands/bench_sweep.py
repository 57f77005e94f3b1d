"""Time one full reminder sweep: collect (every chaser) + claim + queue, with queries counted.

    manage.py bench_sweep [--date 2010-03-18] [--synthetic 5000] [--keep]

Runs inside a transaction that is rolled back (nothing is logged or sent) unless --keep.
Queueing is counted, not published. --synthetic N adds a chaser yielding N reminders
without queries, to measure the claim step at national scale before real chasers exist.
"""
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from trusts.notices import workdays
from trusts.notices.registry import Due, Recipient, registry
from trusts.notices.services import reminders_sweep


class Rollback(Exception):
    pass


def synthetic_chaser(n):
    def chase(today, rules):
        rule = rules.get("plan_review_due")
        if rule is None:
            return
        for i in range(n):
            yield Due(kind=rule.kind, recipient=Recipient(email=f"bench{i}@example.org", name=f"Bench {i}"),
                      subject_key=f"bench:{i}", deadline=today, offset="bench", title=f"Benchmark reminder {i}",
                      context={"lines": ["benchmark"]}, link="/")

    return chase


class Command(BaseCommand):
    help = "Time one full reminder sweep and count its database queries."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to sweep as (YYYY-MM-DD); default today")
        parser.add_argument("--synthetic", type=int, default=0, help="Add N synthetic reminders")
        parser.add_argument("--keep", action="store_true", help="Commit the log rows (default: roll back)")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError("Enter the date as YYYY-MM-DD, like 2010-03-18") from None
        if today and not workdays.is_working_day(today):
            self.stdout.write(f"{today} is not a working day: the sweep collects nothing on it")
        queued = []
        chasers = registry.chasers()
        if options["synthetic"]:
            chasers.append(synthetic_chaser(options["synthetic"]))
        started = time.perf_counter()
        try:
            with registry.override(*chasers), CaptureQueriesContext(connection) as queries, transaction.atomic():
                result = reminders_sweep(today=today, publish=queued.extend)
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            pass
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"sweep {result.day}: {len(chasers)} chaser(s), {result.found} due, {result.new} new, "
            f"{result.requeued} requeued, {len(queued)} queued; {len(queries)} queries; {seconds:.2f} s "
            f"({connection.vendor}{'' if options['keep'] else ', rolled back'})"
        )
