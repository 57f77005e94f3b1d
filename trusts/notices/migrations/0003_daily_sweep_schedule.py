"""The beat schedule lives in the database (django-celery-beat): stewards edit it in the admin."""
from django.db import migrations

from trusts.beat import add_missing

NAME = "Daily reminder sweep"


def schedule(apps, schema_editor):
    add_missing(apps, schema_editor.connection.alias, names=[NAME])


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0002_seed_chase_rules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
