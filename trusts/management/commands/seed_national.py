"""Generate realistic national data: every children's services authority in England.

  createdb -h 127.0.0.1 -U postgres seed_dev
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/seed_dev manage.py migrate -v0
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/seed_dev manage.py seed_national [--seed 1] [--today 2026-11-23]

150 areas (the 2008 authorities: 34 shire counties with their districts, 47 unitaries,
36 metropolitan districts, 33 London boroughs), about 40,000 partners (25,000 schools
and academies), a board per area with 20-40 seats and two years of meetings, plan
versions in every state with agreement rounds, approvals and annual reviews, pooled
funds over three financial years, the reminder log and notifications, an officer per
area (officer.<LA code>@example.org) and the steward users. Each app generates its own
rows (``<app>/national_data.py``, found by name: see ``trusts.national_data``).

No password is kept in code: the users get an unusable password unless one is given with
--password or the SEED_PASSWORD environment variable (sign in as one with
``manage.py changepassword EMAIL``; the benchmark signs in with sessions and needs none).

Deterministic: the same --seed, --areas, --scale and --today give the same data.
--today fixes "today" for every date (meetings, due dates, reminders); it defaults
to the real date, so pass it when runs must match. Rows are bulk inserted without
signals: simple_history keeps no historical rows for seeded data.

It refuses a database that already has areas. Use a fresh database (recommended), or
--flush, which deletes EVERY area and everything in it (all apps' area data, the
reminder log and notifications) and the users this command creates, then seeds again.
--flush refuses, deleting nothing, while the database holds any user this command did not
make (a real person, or your own account): add --force-flush to delete the areas anyway.
"""
import os
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from trusts import national_data as national
from trusts.models import Area, User


def _day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date like 2026-11-23, not {value!r}") from None


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument("--areas", type=int, default=150, help="How many areas (1-150; default all 150).")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Fraction of the per-area volumes of schools, GP practices, children's centres, "
                                 "voluntary and private providers (default 1.0). Seats and meetings do not scale.")
        parser.add_argument("--today", type=_day, default=None,
                            help="The day the data is generated for, like 2026-11-23 (default: the real date).")
        parser.add_argument("--flush", action="store_true",
                            help="Delete every area and all area data, and the users this command made, first "
                                 "(refused while other users exist).")
        parser.add_argument("--force-flush", action="store_true",
                            help="With --flush: flush even though the database holds users this command did not make.")
        parser.add_argument("--password", default=None,
                            help="The password of every generated user (default: $SEED_PASSWORD, else none usable).")

    def handle(self, *args, seed, areas, scale, today, flush, force_flush, password, **options):
        if not 1 <= areas <= 150:
            raise CommandError("--areas must be between 1 and 150")
        if not 0 < scale <= 5:
            raise CommandError("--scale must be more than 0 and at most 5")
        if force_flush and not flush:
            raise CommandError("--force-flush only goes with --flush")
        password = password or os.environ.get("SEED_PASSWORD") or None
        existing = Area.objects.count()
        if flush:
            try:
                deleted = national.flush(force=force_flush)
            except national.FlushRefused as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Flushed {sum(deleted.values())} rows ({deleted.get('trusts.Area', 0)} areas, "
                              f"{deleted.get('trusts.User', 0)} users).")
        elif existing:
            raise CommandError(
                f"The database already has {existing} area{'s' if existing != 1 else ''}. Use a fresh database "
                "(recommended), or --flush to delete every area and all area data first.")
        elif User.objects.filter(national.GENERATED_USERS).exists():
            raise CommandError("The database already has users this command creates: use --flush or a fresh database.")
        today = today or timezone.localdate()
        self.stdout.write(f"Seeding {areas} areas at scale {scale} with seed {seed} for {today:%-d %B %Y}...")
        generator = national.NationalRun(seed=seed, areas=areas, scale=scale, today=today, password=password,
                                         stdout=self.stdout)
        counts = generator.run()
        if connection.vendor == "postgresql":
            # a bulk load leaves PostgreSQL's planner without row figures until autovacuum gets
            # to it (the admin's estimated counts read them too): gather them now
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        width = max(len(label) for label in counts)
        self.stdout.write("")
        for label in sorted(counts):
            self.stdout.write(f"  {label:<{width}}  {counts[label]:>9,}")
        self.stdout.write(f"  {'total':<{width}}  {sum(counts.values()):>9,}")
        self.stdout.write(self.style.SUCCESS(f"Seeded in {generator.elapsed:.1f} seconds."))
        first = generator.trusts[0]
        users = f"steward {national.SUPERUSER_EMAIL} (superuser), officer officer.{first.la_code}@example.org"
        if password:
            self.stdout.write(f"Sign in with the password given: {users} ({first.name}).")
        else:
            self.stdout.write(f"The users have no password: give one with manage.py changepassword EMAIL, for the "
                              f"{users} ({first.name}), or seed with --password or SEED_PASSWORD.")
