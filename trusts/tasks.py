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


@shared_task(name="trusts.password_reset_send", ignore_result=True)
def password_reset_send_task(email):
    """Look the address up and queue a reset e-mail per open account (never in the request)."""
    from trusts.accounts import password_reset_send

    return password_reset_send(email=email)


@shared_task(name="trusts.access_sweep", ignore_result=True)
def access_sweep_task(today=None):
    """Daily (beat, 05:30 Europe/London): end every access whose term or role has ended."""
    from datetime import date

    from trusts.accounts import access_sweep

    return access_sweep(today=date.fromisoformat(today) if today else None)
