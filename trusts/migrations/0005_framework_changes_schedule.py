"""Framework changes scheduled by stewards come into force on their date: the daily task
(trusts.framework_changes_apply) in the database beat schedule, like the other sweeps, so
stewards see and edit it in the admin. Issue 17: it was never scheduled."""
from django.db import migrations

from trusts.beat import add_missing

NAME = "Daily framework changes"


def schedule(apps, schema_editor):
    add_missing(apps, schema_editor.connection.alias, names=[NAME])


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trusts", "0004_access_sweep_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
