from django.core.management.base import BaseCommand, CommandError

from partners import services
from partners.importers import ImportFailed
from trusts.models import User
from trusts.permissions import steward_can_edit


class Command(BaseCommand):
    help = ("Import a national Get Information about Schools extract (all establishments, as published: URN, "
            "LA (code), EstablishmentName, TypeOfEstablishment (name), EstablishmentStatus (name), OpenDate, "
            "CloseDate, ReasonEstablishmentOpened (name), ReasonEstablishmentClosed (name)) into every area's "
            "register, routed by LA code. All or nothing; reports per area and in total.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, changing nothing")
        parser.add_argument("--user", help="Email of the data steward recorded as making the change")

    def handle(self, *args, file, dry_run, user=None, **options):
        actor = None
        if user:
            actor = User.objects.filter(email__iexact=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"There is no active user {user}")
            if not steward_can_edit(actor):
                raise CommandError(f"{user} is not a data steward who may change national data")
        try:
            handle = open(file, "rb")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        with handle:
            try:
                report = services.national_import_from_command(source=handle, filename=file, actor=actor,
                                                               dry_run=dry_run)
            except ImportFailed as failed:
                for line, message in failed.errors:
                    self.stderr.write(f"Line {line}: {message}" if line else message)
                raise CommandError(f"Nothing was imported: {len(failed.errors)} problem(s) in {file}") from None
        self.stdout.write(("Would import" if dry_run else "Imported") + f" {file}:")
        for line in report.lines(done=not dry_run):
            self.stdout.write(f"  {line}")
