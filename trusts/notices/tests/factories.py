import factory
from factory.django import DjangoModelFactory

from trusts.models import Area
from trusts.notices.models import Notification
from trusts.notices.registry import chaser
from trusts.notices.selectors import area_recipient_list, director_recipient_list, steward_recipient_list
from trusts.tests.factories import UserFactory

# No URL of this app takes an object keyword (the notification to dismiss is POSTed), so the
# URL matrix needs no builder; the stewards' pages are a 404 for everyone else.
URL_KWARGS = {}
PUBLIC_URLS = set()
STEWARD_URLS = {"notices:reminder-list", "notices:sweep"}


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Reminder {n}")
    link = "/"


# Test-only chasers, built like the real ones: a fixed number of batched queries.
def area_deadline_chaser(kind, anchor, *, escalate=False):
    """Every area has ``anchor`` as its deadline for ``kind``: its officers are told
    (and, with ``escalate``, its director and the national stewards)."""

    @chaser(kind)
    def chase(today, rules):
        rule = rules[kind]
        earliest, latest = rule.anchor_range(today)
        if (earliest and anchor < earliest) or anchor > latest:
            return
        areas = list(Area.objects.order_by("pk").values_list("pk", "name", "la_code"))  # query 1
        ids = [pk for pk, _, _ in areas]
        people = area_recipient_list(ids)  # query 2
        if escalate:
            directors, stewards = director_recipient_list(ids), steward_recipient_list()  # queries 3-5
        for pk, name, la_code in areas:
            recipients = people[pk] + (directors.get(pk, []) + stewards if escalate else [])
            yield from rule.dues(
                today=today, anchor=anchor, subject_key=f"area:{pk}:{kind}", recipients=recipients, area_id=pk,
                title=f"{name}: {kind.replace('_', ' ')} on {anchor:%-d %B %Y}",
                context={"lines": [f"Deadline {anchor.isoformat()}"]}, link=f"/areas/{la_code}/",
            )

    from trusts.notices.registry import registry

    registry._registered.remove(chase)  # test chasers run only inside registry.override(...)
    return chase
