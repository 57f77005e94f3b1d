from celery import shared_task


@shared_task(name="trusts.ping")
def ping_task(value):
    """A round trip through the broker: the health check and the worker test use it."""
    return {"pong": value}
