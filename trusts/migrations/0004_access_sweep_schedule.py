"""The daily access sweep (trusts.accounts): its beat schedule lives in the database, like the
reminder sweep's, so stewards see and edit it in the admin."""
from django.db import migrations

NAME = "Daily access sweep"
TASK = "trusts.access_sweep"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # before the reminder sweep (06:30), so nobody whose access ended today is reminded
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="5", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={"task": TASK, "crontab": crontab, "enabled": True,
                  "description": "Ends board members' and partner contacts' access when their term or role "
                                 "has ended, and closes accounts left with no access."},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trusts", "0003_user_account_life"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
