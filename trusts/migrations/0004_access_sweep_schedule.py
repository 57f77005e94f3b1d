"""The daily access sweep (trusts.accounts): its beat schedule lives in the database, like the
reminder sweep's, so stewards see and edit it in the admin."""
from django.db import migrations

from trusts.beat import add_missing

NAME = "Daily access sweep"


def schedule(apps, schema_editor):
    add_missing(apps, schema_editor.connection.alias, names=[NAME])


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trusts", "0003_user_account_life"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
