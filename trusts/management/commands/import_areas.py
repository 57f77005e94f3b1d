from django.core.management.base import BaseCommand, CommandError

from trusts import csvio
from trusts.services import AREA_COLUMNS, AREA_OPTIONAL, ImportFailed, areas_import


class Command(BaseCommand):
    help = (
        "Load local areas from a CSV file. Columns: " + ",".join(AREA_COLUMNS)
        + " (authority_type may be left out when the GSS code fixes it), optional: " + ",".join(AREA_OPTIONAL)
        + ". All or nothing; re-importing updates areas by LA code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, saving nothing")

    def handle(self, *args, file, dry_run, **options):
        try:
            data = csvio.read_bytes(file)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        except csvio.CsvError as exc:
            raise CommandError(str(exc)) from None
        try:
            report = areas_import(data=data, dry_run=dry_run)
        except ImportFailed as failed:
            for line, message in failed.errors:
                self.stderr.write(f"Line {line}: {message}" if line else message)
            raise CommandError(f"Nothing was imported: {len(failed.errors)} problem(s) in {file}") from None
        if dry_run:
            self.stdout.write(f"Would import: {report.created} to create, {report.updated} to update, "
                              f"{report.unchanged} unchanged. Nothing was saved (--dry-run).")
        else:
            self.stdout.write(f"Imported: {report.created} created, {report.updated} updated, "
                              f"{report.unchanged} unchanged")
