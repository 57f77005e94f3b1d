from django.apps import AppConfig


class TrustsConfig(AppConfig):
    name = "trusts"
    verbose_name = "Local areas and users"

    def ready(self):
        from django.db.models.signals import post_migrate

        from trusts import pagecache
        from trusts.beat import sync_beat_schedule
        from trusts.permissions import sync_steward_groups

        pagecache.connect()

        post_migrate.connect(sync_steward_groups, dispatch_uid="trusts.sync_steward_groups")
        post_migrate.connect(sync_beat_schedule, sender=self, dispatch_uid="trusts.sync_beat_schedule")
