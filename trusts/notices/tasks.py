"""Celery wrappers: the daily sweep (beat) fans out one small send task per reminder id."""
from datetime import date

from celery import shared_task

from trusts.notices.services import TRANSIENT_ERRORS, reminder_send, reminders_sweep


@shared_task(name="notices.tasks.sweep_task", bind=True, acks_late=True, ignore_result=True)
def sweep_task(self, today=None):
    # the sends go to the queue the sweep came from (the default queue in production)
    queue = None if self.request.is_eager else (self.request.delivery_info or {}).get("routing_key")
    result = reminders_sweep(today=date.fromisoformat(today) if today else None, queue=queue)
    return result.as_dict()


@shared_task(
    name="notices.tasks.reminder_send_task",
    bind=True,
    acks_late=True,
    ignore_result=True,  # the state is the ReminderLog row; no result to wait for (and none to block on)
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,  # 30 s, 1, 2, 4, 8 minutes (jittered)
    retry_backoff_max=1800,  # below CELERY_MAX_COUNTDOWN: Redis never redelivers a waiting retry
    retry_jitter=True,
    max_retries=5,
)
def reminder_send_task(self, log_id):
    return reminder_send(log_id=log_id, final=self.request.retries >= self.max_retries)
