from celery import shared_task


@shared_task(name="trusts.ping", ignore_result=False)
def ping_task(value):
    """A round trip through the broker: the health check and the worker test use it."""
    return {"pong": value}


@shared_task(name="trusts.framework_changes_apply")
def framework_changes_apply_task():
    from django.utils import timezone

    from trusts.services import framework_changes_apply

    return framework_changes_apply(today=timezone.localdate())
