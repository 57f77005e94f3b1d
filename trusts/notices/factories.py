import factory
from factory.django import DjangoModelFactory

from trusts.factories import UserFactory
from trusts.notices.models import Notification

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
