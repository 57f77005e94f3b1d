from django.core.management.base import BaseCommand, CommandError

from partners.importers import OUR_COLUMNS, OUR_OPTIONAL, ImportFailed, partners_import
from partners.permissions import policy
from trusts import csvio
from trusts.models import Area, User
from trusts.permissions import steward_can_edit


class Command(BaseCommand):
    help = (
        "Import partners into one area from a CSV file: either our columns (" + ",".join(OUR_COLUMNS)
        + "; optional " + ",".join(OUR_OPTIONAL) + ") or a Get Information About Schools extract (URN, "
        "EstablishmentName, TypeOfEstablishment (name), LA (code), EstablishmentStatus (name)). All or nothing; "
        "re-importing updates partners by URN, UKPRN or ODS code, else by name and type."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", dest="la_code", required=True, help="The area's 3-digit DfE LA code, like 873")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, saving nothing")
        parser.add_argument("--user", help="Email of the officer recorded in the history as making the change")

    def handle(self, *args, la_code, file, dry_run, user=None, **options):
        area = Area.objects.filter(la_code=la_code).first()
        if area is None:
            raise CommandError(f"There is no area with LA code {la_code!r}")
        actor = None
        if user:
            actor = User.objects.filter(email__iexact=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"There is no active user {user}")
            # the area's officers import (the policy); so may a steward who changes data
            if not (policy.can(actor, "import", area) or steward_can_edit(actor)):
                raise CommandError(f"{user} is not an officer of {area.name}: they cannot import into it")
        try:
            data = csvio.read_bytes(file)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        except csvio.CsvError as exc:
            raise CommandError(str(exc)) from None
        try:
            report = partners_import(area=area, data=data, actor=actor, dry_run=dry_run)
        except ImportFailed as failed:
            for line, message in failed.errors:
                self.stderr.write(f"Line {line}: {message}" if line else message)
            raise CommandError(f"Nothing was imported: {len(failed.errors)} problem(s) in {file}") from None
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} into {area.name} ({report.format_label}, {report.rows} rows):")
        for line in report.lines(done=not dry_run):
            self.stdout.write(f"  {line}")
