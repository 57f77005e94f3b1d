from django.core.management.base import BaseCommand
from django.db import transaction

from trusts import demo
from trusts.features import app_modules


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Each app's demo.seed() runs in INSTALLED_APPS order."

    def handle(self, *args, **options):
        with transaction.atomic():
            for _config, module in app_modules("demo"):
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with:"))
        for role, email, password in demo.sign_ins():
            self.stdout.write(f"  {role:<16} {email:<40} password: {password}")
