"""The service's daily beat tasks, in the database schedule (django-celery-beat), where
stewards see them in the admin and may change their times or disable them.

The migrations that first added them (notices 0003, trusts 0004 and 0005) add their entry
from this list; after every ``migrate`` (and a test's database flush) any entry missing by
name is put back. An entry a steward changed or disabled is left as it is; to stop one,
disable it rather than delete it."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Daily:
    name: str
    task: str
    hour: int
    minute: int
    description: str


TIMEZONE = "Europe/London"

# In the order they run: the day's framework first, then who still has access, then reminders.
SCHEDULE = (
    Daily("Daily framework changes", "trusts.framework_changes_apply", 0, 15,
          "Brings into force each framework change a steward scheduled for today or earlier; a change "
          "is applied once, and each area's change is audited."),
    Daily("Daily access sweep", "trusts.access_sweep", 5, 30,
          "Ends board members' and partner contacts' access when their term or role has ended, and "
          "closes accounts left with no access."),
    Daily("Daily reminder sweep", "notices.tasks.sweep_task", 6, 30,
          "Finds every reminder due today and queues one e-mail per reminder."),
)


def add_missing(apps, using="default", names=None):
    """Create each entry of SCHEDULE (or those ``names``) missing, by name, from the database."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    wanted = [d for d in SCHEDULE if names is None or d.name in names]
    present = set(PeriodicTask.objects.using(using).filter(name__in=[d.name for d in wanted])
                  .values_list("name", flat=True))
    for daily in wanted:
        if daily.name in present:
            continue
        crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
            minute=str(daily.minute), hour=str(daily.hour), day_of_week="*", day_of_month="*",
            month_of_year="*", timezone=TIMEZONE,
        )
        PeriodicTask.objects.using(using).create(
            name=daily.name, task=daily.task, crontab=crontab, enabled=True, description=daily.description,
        )


def sync_beat_schedule(sender=None, using="default", apps=None, **kwargs):
    """post_migrate: add any entry of SCHEDULE missing from the database schedule."""
    if apps is None:
        from django.apps import apps
    try:
        apps.get_model("django_celery_beat", "PeriodicTask")
    except LookupError:  # django-celery-beat not migrated yet
        return
    add_missing(apps, using)
