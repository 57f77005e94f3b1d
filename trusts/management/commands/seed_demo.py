from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from trusts import demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Each app's demo.seed() runs in INSTALLED_APPS order."

    def handle(self, *args, **options):
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with:"))
        for role, email, password in demo.sign_ins():
            self.stdout.write(f"  {role:<16} {email:<40} password: {password}")
