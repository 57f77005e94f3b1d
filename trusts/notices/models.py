"""Chase rules (editable by stewards), the reminder log (exactly once) and in-app notifications."""
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from trusts.models import Area
from trusts.notices import workdays
from trusts.notices import kinds
from trusts.notices.querysets import NotificationQuerySet
from trusts.notices.kinds import label as kind_label

OFFSETS_RE = re.compile(r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$")
# An "after" reminder with no repeat is still sent this many days after its day, so a
# sweep that did not run (Redis or the beat down) is caught up by the next one.
CATCH_UP_DAYS = 5


class ChaseRule(models.Model):
    """When to chase one kind of deadline: offsets before or after it, in working or calendar days."""

    class Direction(models.TextChoices):
        BEFORE = "before", "Before the deadline"
        AFTER = "after", "After the date"

    class Unit(models.TextChoices):
        WORKING = "working", "Working days"
        CALENDAR = "calendar", "Calendar days"

    kind = models.SlugField(max_length=40, unique=True, help_text="Code used by the chasers; do not change.")
    description = models.TextField(help_text="What is chased and who is told.")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    offsets = models.CharField(
        max_length=60,
        help_text="Days before or after, separated by commas: 30,10,1 (before) or 5,10 (after).",
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.WORKING)
    repeat_every = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="After the last offset, chase again every this many days until done (after rules only).",
    )
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repeat_every__isnull=True) | models.Q(direction="after", repeat_every__gt=0),
                name="chaserule_repeat_only_after",
            ),
        ]

    def __str__(self):
        return self.kind_label

    @property
    def kind_label(self):
        return kind_label(self.kind)

    def clean(self):
        errors = {}
        if self.kind and self.kind not in kinds.declared():
            errors["kind"] = "Enter the code of a kind of reminder the service sends, like plan_review_due"
        if not OFFSETS_RE.match(self.offsets or ""):
            errors["offsets"] = "Enter whole numbers of days separated by commas, like 30,10,1"
        if self.repeat_every is not None and (self.direction != self.Direction.AFTER or self.repeat_every < 1):
            errors["repeat_every"] = "Only a rule that chases after a date can repeat, every 1 day or more"
        if errors:
            raise ValidationError(errors)

    # -- the schedule -------------------------------------------------------------------
    def offset_list(self):
        """Offsets in the order they fire: largest first before a deadline, smallest first after."""
        values = sorted({int(v) for v in self.offsets.split(",") if v.strip()})
        return values[::-1] if self.direction == self.Direction.BEFORE else values

    def shift(self, day, n):
        if self.unit == self.Unit.CALENDAR:
            return day + timedelta(days=n)
        return workdays.add_working_days(day, n)

    def _between(self, a, b):
        if self.unit == self.Unit.CALENDAR:
            return (b - a).days
        return workdays.working_days_between(a, b)

    def label(self, n):
        unit = "day" if self.unit == self.Unit.CALENDAR else "working day"
        return f"{n} {unit}{'' if n == 1 else 's'} {self.direction}"

    def stage(self, today, anchor):
        """The offset label of the reminder due on ``today`` for ``anchor``, or None.

        A stage stays due from its day until the next stage's day (before the deadline:
        until the deadline), so a missed sweep is caught up; the reminder log makes it
        one e-mail however many sweeps see it.
        """
        offsets = self.offset_list()
        if not offsets:
            return None
        if self.direction == self.Direction.BEFORE:
            remaining = self._between(today, anchor)
            if remaining < 0:
                return None
            fired = [o for o in offsets if o >= remaining]
            return self.label(fired[-1]) if fired else None
        elapsed = self._between(anchor, today)
        fired = [o for o in offsets if o <= elapsed]
        if not fired:
            return None
        last = offsets[-1]
        if self.repeat_every and elapsed >= last + self.repeat_every:
            return self.label(last + (elapsed - last) // self.repeat_every * self.repeat_every)
        if fired[-1] == last and not self.repeat_every and elapsed > last + CATCH_UP_DAYS:
            return None
        return self.label(fired[-1])

    def anchor_range(self, today):
        """(earliest, latest) anchor dates that can be due today: filter one query on it.

        ``earliest`` is None for a repeating rule (anything older is still chased).
        """
        offsets = self.offset_list()
        if self.direction == self.Direction.BEFORE:
            return today, self._widen(self.shift(today, max(offsets)), 1)
        latest = self.shift(today, -min(offsets))
        if min(offsets):
            latest = self._widen(latest, 1)
        if self.repeat_every:
            return None, latest
        return self._widen(self.shift(today, -(max(offsets) + CATCH_UP_DAYS)), -1), latest

    def _widen(self, day, step):
        """Move over the weekend or holiday next to ``day``: anchors there count the same."""
        if self.unit == self.Unit.CALENDAR:
            return day
        one = timedelta(days=step)
        while not workdays.is_working_day(day + one):
            day += one
        return day

    def dues(self, *, today, anchor, subject_key, recipients, title, area_id=None,
             template="", context=None, link=""):
        """One Due per recipient when a reminder for ``anchor`` is due today, else none."""
        from trusts.notices.registry import Due

        offset = self.stage(today, anchor)
        if offset is None:
            return []
        return [
            Due(kind=self.kind, recipient=r, subject_key=subject_key, deadline=anchor, offset=offset,
                title=title, area_id=area_id, template=template or Due.template, context=context or {}, link=link)
            for r in recipients
        ]


class ReminderLog(models.Model):
    """One reminder to one person: the unique constraint is what makes it exactly once."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        WITHDRAWN = "withdrawn", "Not sent: no longer due"

    kind = models.CharField(max_length=40)
    recipient_email = models.EmailField()
    recipient_name = models.CharField(max_length=120, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    subject_key = models.CharField(max_length=80, help_text="What the reminder is about, like plan:12")
    deadline = models.DateField()
    offset = models.CharField(max_length=40)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="reminders")
    title = models.CharField(max_length=200)
    template = models.CharField(max_length=120)
    context = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    queued_at = models.DateTimeField(default=timezone.now, help_text="When it was last put on the queue")
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # which sweep (or direct send) claimed the row, so two sweeps at once queue it once
    claim = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient_email", "subject_key", "deadline", "offset"], name="reminderlog_once"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="reminderlog_status_idx"),
            models.Index(fields=["claim"], name="reminderlog_claim_idx"),
            models.Index(fields=["area", "kind"], name="reminderlog_area_kind_idx"),
            models.Index(fields=["kind", "-created_at"], name="reminderlog_kind_idx"),
            # the stewards' national list (trusts.notices.admin): its date drill-down
            models.Index(fields=["queued_at"], name="reminderlog_queued_idx"),
        ]

    def __str__(self):
        return f"{self.kind_label}: {self.subject_key} to {self.recipient_email} ({self.offset})"

    @property
    def kind_label(self):
        return kind_label(self.kind)


class Notification(models.Model):
    """An in-app message on the user's home page until they dismiss it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    reminder = models.OneToOneField(
        ReminderLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "dismissed_at", "-created_at"], name="notification_user_idx"),
                   # the stewards' national list (trusts.notices.admin): its date drill-down
                   models.Index(fields=["created_at"], name="notification_created_idx")]

    def __str__(self):
        return self.title
