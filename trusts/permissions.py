"""The two steward groups: read sees every model in the admin; edit may also change them."""
from django.apps import apps as global_apps

STEWARD_READ = "Steward (read)"
STEWARD_EDIT = "Steward (edit)"
PROJECT_APPS = {"trusts", "notices", "partners", "boards", "pooling", "plans", "django_celery_beat"}


def sync_steward_groups(sender=None, apps=global_apps, **kwargs):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label__in=PROJECT_APPS)
    read, _ = Group.objects.get_or_create(name=STEWARD_READ)
    edit, _ = Group.objects.get_or_create(name=STEWARD_EDIT)
    read.permissions.set(perms.filter(codename__startswith="view_"))
    edit.permissions.set(perms.exclude(codename__startswith="delete_"))
