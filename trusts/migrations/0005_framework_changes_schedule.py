"""Framework changes scheduled by stewards come into force on their date: the daily task
(trusts.framework_changes_apply) in the database beat schedule, like the other sweeps, so
stewards see and edit it in the admin. Issue 17: it was never scheduled."""
from django.db import migrations

NAME = "Daily framework changes"
TASK = "trusts.framework_changes_apply"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # just after midnight, before the access sweep (05:30) and the reminder sweep (06:30), so
    # the day's duties, chasers and pages are worked out under the framework now in force
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="0", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={"task": TASK, "crontab": crontab, "enabled": True,
                  "description": "Brings into force each framework change a steward scheduled for today or "
                                 "earlier; a change is applied once, and each area's change is audited."},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trusts", "0004_access_sweep_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
