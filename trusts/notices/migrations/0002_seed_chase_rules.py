"""Default chase rules for every kind issue 8 lists. Stewards change them in the admin."""
from django.db import migrations

from trusts.notices.defaults import RULES, add_missing


def seed(apps, schema_editor):
    add_missing(apps.get_model("notices", "ChaseRule"), schema_editor.connection.alias if schema_editor else "default")


def unseed(apps, schema_editor):
    apps.get_model("notices", "ChaseRule").objects.filter(kind__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
