from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Children and Young People's Plans"

    def ready(self):
        from plans import signals

        signals.connect()
