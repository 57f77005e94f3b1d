from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "trusts.notices"
    label = "notices"
    verbose_name = "Reminders and notifications"

    def ready(self):
        from django.db.models.signals import post_migrate

        from trusts.notices import registry
        from trusts.notices.kinds import sync_chase_rules

        registry.discover()
        post_migrate.connect(sync_chase_rules, sender=self, dispatch_uid="notices.sync_chase_rules")
