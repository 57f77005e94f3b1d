"""QuerySets of the notices app: a user sees only their own notifications."""
from django.db import models


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def undismissed(self):
        return self.filter(dismissed_at__isnull=True)
