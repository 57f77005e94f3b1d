from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "trusts.notices"
    label = "notices"
    verbose_name = "Reminders and notifications"
