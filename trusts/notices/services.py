"""Writes: the daily sweep (collect, claim, queue), sending one reminder, safe queueing.

Exactly once, in three layers:
1. the sweep inserts one ReminderLog row per reminder with ``bulk_create(ignore_conflicts=True)``
   against the unique constraint, so a second sweep (or two at once) inserts nothing new;
2. each sweep tags the rows it inserted (or takes over) with its own claim token and queues
   only those, so two sweeps at once never queue the same row twice;
3. the send task locks the row (``select_for_update``) and returns if it is already sent, and
   marks it sent in the same transaction as the e-mail goes, so a rerun, a duplicate message or
   a task redelivered after its worker died sends nothing more. (The one window left is the
   instant between the mail server accepting the message and the commit: no mail protocol can
   take part in a database transaction.)
"""
import logging
import smtplib
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from trusts.notices import workdays
from trusts.notices.models import Notification, ReminderLog
from trusts.notices.registry import collect, registry
from trusts.permissions import policy

logger = logging.getLogger("trusts.notices")

# Failures worth retrying: the mail server refusing for now, the network, timeouts.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, ConnectionError)
# A row still queued this long after it was queued lost its task (Redis down, a worker
# lost with the message): the next sweep queues it again.
REQUEUE_AFTER = timedelta(hours=1)


# -- queueing that never breaks a page -----------------------------------------------------
def publish_safely(task, *args, queue=None):
    """Publish now; if the broker is down, log it (logger trusts.notices) and return False."""
    if task.app.conf.task_always_eager:
        # no broker (the demo): run it here; its failure is the task's, not a failure to queue
        try:
            task.apply(args=args, throw=False)
        except Exception:
            logger.exception("%s%r failed in-process: the next sweep retries it", task.name, args)
        return True
    try:
        task.apply_async(args=args, **({"queue": queue} if queue else {}))
        return True
    except Exception:  # the broker down, a timeout, or (eager) the task itself failing
        logger.exception("could not queue %s%r: it will be caught up by the next sweep", task.name, args)
        return False


def enqueue_safely(task, *args, queue=None):
    """Queue ``task(*args)`` once the current transaction commits; never raises.

    Use this for every publish from a request: if Redis is down the page still works and
    the failure is logged; reminders are then caught up by the next sweep.
    """
    transaction.on_commit(lambda: publish_safely(task, *args, queue=queue))


def _publish_ids(ids, queue=None):
    from trusts.notices.tasks import reminder_send_task

    published, failures = 0, 0
    for pk in ids:
        if publish_safely(reminder_send_task, pk, queue=queue):
            published += 1
            failures = 0
        else:
            failures += 1
            if failures >= 3:  # the broker is down: stop; the rows stay queued for the next sweep
                logger.error("stopped queueing reminders after 3 failures; %d not queued", len(ids) - published)
                break
    return published


# -- the sweep -------------------------------------------------------------------------------
@dataclass
class SweepResult:
    day: str
    found: int = 0
    new: int = 0
    requeued: int = 0
    queued_ids: tuple = ()

    def as_dict(self):
        data = asdict(self)
        data["queued"] = len(data.pop("queued_ids"))
        return data


def _log_row(due, *, claim, now):
    return ReminderLog(
        kind=due.kind, recipient_email=due.recipient.email.lower(), recipient_name=due.recipient.name[:120],
        recipient_id=due.recipient.user_id, subject_key=due.subject_key, deadline=due.deadline,
        offset=due.offset, area_id=due.area_id, title=" ".join(due.title.split())[:200], template=due.template,
        context=due.context, link=due.link, claim=claim, queued_at=now, created_at=now,
    )


def reminders_claim(dues, *, now=None):
    """Insert a log row per Due (existing ones are left alone) and take over rows stuck queued.

    Returns (claim token, new rows, requeued rows, ids to queue). A fixed number of
    queries: one insert per 1000 rows, one lock, one update, one select.
    """
    now = now or timezone.now()
    claim = uuid.uuid4()
    rows = sorted((_log_row(d, claim=claim, now=now) for d in dues),
                  key=lambda r: (r.kind, r.recipient_email, r.subject_key, r.deadline, r.offset))
    with transaction.atomic():
        # rows in one order, so two sweeps inserting the same keys wait, never deadlock
        ReminderLog.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        stuck = list(
            ReminderLog.objects.filter(status=ReminderLog.Status.QUEUED, queued_at__lt=now - REQUEUE_AFTER)
            .exclude(claim=claim).select_for_update(skip_locked=True).values_list("pk", flat=True)
        )
        if stuck:
            ReminderLog.objects.filter(pk__in=stuck).update(claim=claim, queued_at=now)
        ids = list(ReminderLog.objects.filter(claim=claim, status=ReminderLog.Status.QUEUED)
                   .order_by("pk").values_list("pk", flat=True))
    return claim, len(ids) - len(stuck), len(stuck), ids


def reminders_sweep(*, today=None, queue=None, publish=None):
    """The daily sweep: collect every Due from the chasers, claim each once, queue a send per claim.

    Nobody is chased on a weekend or bank holiday: the next working day's sweep sends what
    fell due (the rules keep a stage due until the next one). Rows stuck queued are caught up
    every day. ``publish(ids)`` replaces queueing (the benchmark counts instead).
    """
    today = today or timezone.localdate()
    dues = collect(today) if workdays.is_working_day(today) else []
    _claim, new, requeued, ids = reminders_claim(dues)
    result = SweepResult(day=today.isoformat(), found=len(dues), new=new, requeued=requeued, queued_ids=tuple(ids))
    if publish is None:
        transaction.on_commit(lambda: _publish_ids(ids, queue=queue))
    else:
        publish(ids)
    logger.info("reminder sweep %s: %d due, %d new, %d requeued", result.day, len(dues), new, requeued)
    return result


def reminder_send_now(*, due, queue=None):
    """Send one reminder straight away (not waiting for the sweep), exactly once.

    For a page that must tell someone now: returns the log row, or None if this reminder
    was already logged. Safe when Redis is down (the sweep catches it up).
    """
    now = timezone.now()
    claim = uuid.uuid4()
    ReminderLog.objects.bulk_create([_log_row(due, claim=claim, now=now)], ignore_conflicts=True)
    log = ReminderLog.objects.filter(claim=claim).first()
    if log is not None:
        from trusts.notices.tasks import reminder_send_task

        enqueue_safely(reminder_send_task, log.pk, queue=queue)
    return log


def reminders_sweep_request(*, actor):
    """A steward who may edit runs the daily sweep now (queued; False if the broker is down)."""
    from trusts.notices.tasks import sweep_task

    policy.require(actor, "steward_edit")
    logger.info("%s asked for a reminder sweep", actor)
    return publish_safely(sweep_task)


def reminders_retry(*, log_ids, actor):
    """Stewards who may edit: queue failed reminders again (from the admin)."""
    from trusts.notices.tasks import reminder_send_task

    policy.require(actor, "steward_edit")
    with transaction.atomic():
        ids = list(ReminderLog.objects.select_for_update().filter(pk__in=log_ids, status=ReminderLog.Status.FAILED)
                   .values_list("pk", flat=True))
        ReminderLog.objects.filter(pk__in=ids).update(status=ReminderLog.Status.QUEUED, queued_at=timezone.now())
        for pk in ids:
            enqueue_safely(reminder_send_task, pk)
    logger.info("%s requeued %d failed reminders", actor, len(ids))
    return len(ids)


# -- sending one -----------------------------------------------------------------------------
def _absolute(link):
    if not link or "://" in link:
        return link
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + link


def _email_context(log):
    return {
        **(log.context or {}),
        "title": log.title,
        "recipient_name": log.recipient_name,
        "deadline": log.deadline,
        "offset": log.offset,
        "link": _absolute(log.link),
        "service_name": settings.SERVICE_NAME,
    }


def _send_email(log):
    context = _email_context(log)
    message = EmailMultiAlternatives(
        subject=log.title,
        body=render_to_string(f"{log.template}.txt", context),
        to=[formataddr((log.recipient_name, log.recipient_email))],
        headers={"X-Reminder-Id": str(log.pk)},
    )
    message.attach_alternative(render_to_string(f"{log.template}.html", context), "text/html")
    message.send()


def _notify_in_app(log):
    if log.recipient_id is None:
        return None
    lines = (log.context or {}).get("lines") or []
    notification, _ = Notification.objects.get_or_create(
        reminder=log,
        defaults={"user_id": log.recipient_id, "title": log.title, "body": "\n".join(map(str, lines)),
                  "link": log.link},
    )
    return notification


def reminder_send(*, log_id, final=False):
    """Send one logged reminder (e-mail + in-app notification) unless it is already sent.

    Returns True if it was sent now. On failure the attempt and error are saved and the
    error re-raised (the task retries transient ones); on the final attempt, or for an
    error retrying cannot fix, the row is marked failed and the user still gets the in-app
    notification.
    """
    with transaction.atomic():
        log = ReminderLog.objects.select_for_update().filter(pk=log_id).first()
        if log is None or log.status != ReminderLog.Status.QUEUED:
            return False  # already sent (a rerun or a duplicate message), failed, or deleted
        if not registry.still_due(log):  # e.g. the partner agreed after the reminder was logged
            log.status = ReminderLog.Status.WITHDRAWN
            log.save(update_fields=["status"])
            return False
        now = timezone.now()
        try:
            with transaction.atomic():  # the notification goes only if the e-mail does
                _notify_in_app(log)
                _send_email(log)
        except Exception as exc:  # recorded, then re-raised below
            error = exc
        else:
            log.status, log.sent_at, log.attempts = ReminderLog.Status.SENT, now, log.attempts + 1
            log.save(update_fields=["status", "sent_at", "attempts"])
            return True
        log.attempts += 1
        log.last_error = f"{timezone.localtime(now):%d %b %Y %H:%M:%S} attempt {log.attempts}: " \
                         f"{type(error).__name__}: {error}"[:2000]
        fields = ["attempts", "last_error"]
        if final or not isinstance(error, TRANSIENT_ERRORS):
            log.status = ReminderLog.Status.FAILED
            fields.append("status")
            _notify_in_app(log)
        log.save(update_fields=fields)
        logger.warning("reminder %s not sent (attempt %d): %s", log.pk, log.attempts, error)
    raise error


def notification_dismiss(*, notification_id, actor):
    """Dismiss one of the actor's own notifications; another's raises DoesNotExist (a 404)."""
    with transaction.atomic():
        notification = Notification.objects.for_user(actor).select_for_update().get(pk=notification_id)
        if notification.dismissed_at is None:
            notification.dismissed_at = timezone.now()
            notification.save(update_fields=["dismissed_at"])
    return notification
