import factory
from factory.django import DjangoModelFactory

from trusts.factories import UserFactory
from trusts.notices.models import Notification

# Read by the URL matrix once "trusts.notices" is in its registry list (see the app README):
# no URL of this app takes an object keyword; the stewards' pages are a 404 for everyone else.
URL_KWARGS = {}
PUBLIC_URLS = set()
STEWARD_URLS = {"notices:reminder-list", "notices:sweep"}


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Reminder {n}")
    link = "/"
