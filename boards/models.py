"""The Children's Trust Board: seats and terms, meetings, attendance, decisions.

Terms are rows: one ``Seat`` row is one person's term in one place on the board.
Ending a term sets ``term_end``; a reappointment is a new row, so every past term
stays visible as a row of its own, and simple_history keeps every edit to a row.
"""
import datetime
import math
import secrets

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.querysets import (
    AgendaItemQuerySet,
    BoardChildQuerySet,
    BoardQuerySet,
    MeetingChildQuerySet,
    MeetingQuerySet,
    ItemChildQuerySet,
    PaperVersionQuerySet,
    SeatQuerySet,
)
from boards.groups import GROUPS_BY_CODE, groups_of
from partners.models import Partner
from trusts.dates import long_date
from trusts.models import Area
from trusts.notices.workdays import add_working_days, is_bank_holiday, is_working_day
from trusts.search import search_index
from trusts.validators import SERVICE_EPOCH, DateRangeValidator, validate_visible_text

PAPER_MAX_BYTES = 20 * 1024 * 1024  # 20 MB

# the text each record is found by in search (trusts.search, boards.search)
MEETING_SEARCH_FIELDS = ("place", "minutes")
AGENDA_ITEM_SEARCH_FIELDS = ("title", "description")
PAPER_SEARCH_FIELDS = ("title",)
DECISION_SEARCH_FIELDS = ("resolution",)


def ten_years_ahead():
    """The latest date a meeting or a term may be recorded for: far enough for any real
    plan, near enough that a mistyped year (2205 for 2025) is caught."""
    return timezone.localdate() + relativedelta(years=10)


def unusual_day(day):
    """Why a meeting date needs confirming ("a Saturday", "a bank holiday"), or "" for a working day.
    Bank holidays are England and Wales', from the same source as the working days of the chasers."""
    if day is None or is_working_day(day):
        return ""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    return "a bank holiday" if is_bank_holiday(day) else ""


# Meetings and terms: no earlier than the service's records (Children Act 2004), no later
# than ten years ahead (a date mistyped as 1 January 0001 must be refused, not stored).
MEETING_DATE_RANGE = DateRangeValidator(SERVICE_EPOCH, ten_years_ahead, "The date of the meeting")
TERM_START_RANGE = DateRangeValidator(SERVICE_EPOCH, ten_years_ahead, "The date the term starts")
TERM_END_RANGE = DateRangeValidator(SERVICE_EPOCH, ten_years_ahead, "The date the term ends")


class Board(models.Model):
    class QuorumKind(models.TextChoices):
        NUMBER = "number", "A number of voting members"
        FRACTION = "fraction", "A fraction of the voting seats"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="boards",
                              verbose_name="lead area")
    # s12A(4) Children Act 2004 (ASCL Act 2009 s194): two or more authorities may set up a joint
    # board. Only areas whose officers accepted an invitation are here (JointAreaInvitation):
    # an area joins by its own consent, never by the lead area's say-so.
    joint_areas = models.ManyToManyField(Area, blank=True, related_name="joint_boards",
                                          verbose_name="other areas of a joint board")
    name = models.CharField(max_length=200, validators=[validate_visible_text])
    terms_of_reference = models.TextField(blank=True)
    quorum_kind = models.CharField(max_length=10, choices=QuorumKind.choices, default=QuorumKind.FRACTION)
    quorum_number = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_numerator = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_denominator = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_chair_required = models.BooleanField("the chair must be present", default=False)
    is_statutory = models.BooleanField(default=False)
    # clear working days between publishing the agenda and the meeting: the board's
    # own standing orders; 5 by default, as councils give for their committees (Local Government
    # Act 1972 s100B(3), "at least five clear days"), which these boards often follow
    agenda_notice_days = models.PositiveSmallIntegerField(
        "clear working days' notice of the agenda", default=5,
        validators=[MinValueValidator(0), MaxValueValidator(30)])
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[joint_areas])
    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(quorum_kind="number", quorum_number__gte=1)
                    | Q(quorum_kind="fraction", quorum_numerator__gte=1, quorum_denominator__gte=1,
                        quorum_numerator__lte=models.F("quorum_denominator"))
                ),
                name="board_quorum_rule_complete",
                violation_error_message="Enter a quorum: a number of members, or a fraction no more than 1",
            ),
        ]
        indexes = [models.Index(fields=["area", "name"], name="board_area_name_idx")]

    def __str__(self):
        return self.name

    @property
    def quorum_rule_text(self):
        if self.quorum_kind == self.QuorumKind.NUMBER:
            text = f"At least {self.quorum_number} voting member{'s' if self.quorum_number != 1 else ''} present"
        else:
            text = (f"At least {self.quorum_numerator}/{self.quorum_denominator} of the voting seats "
                    "filled by members present")
        if self.quorum_chair_required:
            text += ", including the chair"
        return text

    def quorum_required(self, voting_seats):
        if self.quorum_kind == self.QuorumKind.NUMBER:
            return self.quorum_number
        # a fraction is rounded up: half of 9 seats is 5 members, never 4.5
        return max(1, math.ceil(voting_seats * self.quorum_numerator / self.quorum_denominator))

    def area_ids(self):
        """The lead area and every accepted joint area (uses prefetched joint_areas when present)."""
        return [self.area_id, *(t.pk for t in self.joint_areas.all())]

    def clean(self):
        errors = {}
        if self.quorum_kind == self.QuorumKind.NUMBER:
            if not self.quorum_number:
                errors["quorum_number"] = "Enter how many voting members make a quorum"
        elif self.quorum_kind == self.QuorumKind.FRACTION:
            if not self.quorum_numerator:
                errors["quorum_numerator"] = "Enter the top number of the fraction, like 1 in 1/2"
            if not self.quorum_denominator:
                errors["quorum_denominator"] = "Enter the bottom number of the fraction, like 2 in 1/2"
            elif self.quorum_numerator and self.quorum_numerator > self.quorum_denominator:
                errors["quorum_numerator"] = "The fraction must be no more than 1, like 1/2 or 2/3"
        if errors:
            raise ValidationError(errors)


class JointAreaInvitation(models.Model):
    """An invitation to another area to join a board as a joint area (s12A(4)).

    The lead area's officers invite; the invited area's officers accept or refuse. Only an
    accepted invitation puts the area in ``Board.joint_areas`` and gives the board's seat
    holders board-member access there. A pending invitation can be withdrawn by the lead
    area; an accepted one ends when the lead area removes the area or the area leaves.
    Every change is kept by simple_history (who, when)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"
        ENDED = "ended", "Ended"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="joint_invitations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="joint_board_invitations",
                             verbose_name="invited area")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["board", "area"], condition=Q(status="pending"),
                                    name="joint_invitation_one_pending",
                                    violation_error_message="This area has already been invited to join the board"),
        ]
        indexes = [models.Index(fields=["area", "status"], name="joint_invitation_area_idx")]

    def __str__(self):
        return f"{self.area} invited to {self.board} ({self.get_status_display()})"

    def clean(self):
        if self.board_id and self.area_id and self.area_id == self.board.area_id:
            raise ValidationError({"area": "The board's own area cannot be invited to join it"})


class Constituency(models.TextChoices):
    PARTNER = "partner", "A partner organisation from the register"
    SCHOOLS = "schools", "Schools"
    SCHOOLS_FORUM = "schools_forum", "The Schools Forum"
    VCS = "vcs", "The voluntary and community sector"
    CHILDREN = "children", "Children and young people"
    PARENTS = "parents", "Parents and carers"
    AUTHORITY = "authority", "The local authority"
    DCS = "dcs", "Director of Children's Services"
    LEAD_MEMBER = "lead_member", "Lead Member for Children's Services"


class Seat(models.Model):
    """One person's term in one place on the board (a new term is a new row)."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        ADVISER = "adviser", "Adviser"
        OBSERVER = "observer", "Observer"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="seats")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting = models.BooleanField(default=True)
    constituency = models.CharField(max_length=20, choices=Constituency.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="board_seats")
    # one person may represent several partners: s12A(3) Children Act 2004 (ASCL Act 2009 s194)
    represented_partners = models.ManyToManyField(Partner, blank=True, related_name="represented_on_seats",
                                                  verbose_name="other partners represented")
    # groups of partners defined by a rule (boards.groups), e.g. every maintained school: s12A(5).
    # The codes are stored, never the members: membership follows the register.
    represented_groups = models.JSONField("groups of partners represented", default=list, blank=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_seats")
    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="substitute_seats")
    substitute_name = models.CharField("named substitute", max_length=120, blank=True)
    term_start = models.DateField(validators=[TERM_START_RANGE])
    term_end = models.DateField(null=True, blank=True, validators=[TERM_END_RANGE],
                                help_text="The last day of the term; blank if open-ended.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[represented_partners])
    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["board", "role", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="seat_term_ends_after_start",
                violation_error_message="The term must end on or after the day it starts",
            ),
            models.CheckConstraint(
                condition=Q(constituency="partner", partner__isnull=False)
                | (~Q(constituency="partner") & Q(partner__isnull=True)),
                name="seat_partner_iff_partner_constituency",
                violation_error_message="A seat for a partner organisation must name the partner, and only it",
            ),
            models.CheckConstraint(condition=~Q(substitute=models.F("person")), name="seat_substitute_not_person",
                                   violation_error_message="The substitute must be someone other than the member"),
        ]
        indexes = [
            models.Index(fields=["board", "term_start", "term_end"], name="seat_board_term_idx"),
            models.Index(fields=["person", "term_end"], name="seat_person_term_idx"),
            # the stewards' national list (boards.admin): its date drill-down
            models.Index(fields=["term_start"], name="seat_term_start_idx"),
        ]

    def __str__(self):
        name = self.person.full_name if self.person_id else "?"
        return f"{self.get_role_display()}: {name} ({self.constituency_label})"

    @property
    def constituency_label(self):
        if self.constituency == Constituency.PARTNER and self.partner_id:
            return self.partner.name
        return self.get_constituency_display()

    @property
    def substitute_label(self):
        if self.substitute_id:
            return self.substitute.full_name
        return self.substitute_name

    @property
    def groups(self):
        return groups_of(self.represented_groups)

    def is_current(self, day=None):
        day = day or timezone.localdate()
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)

    def clean(self):
        errors = {}
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = "The term must end on or after the day it starts"
        if self.constituency == Constituency.PARTNER and not self.partner_id:
            errors["partner"] = "Select the partner organisation this seat represents"
        if self.constituency and self.constituency != Constituency.PARTNER and self.partner_id:
            errors["partner"] = "Only a seat for a partner organisation names a partner"
        if self.substitute_id and self.substitute_id == self.person_id:
            errors["substitute"] = "The substitute must be someone other than the member"
        if self.partner_id and self.board_id and self.partner.area_id not in self.board.area_ids():
            errors["partner"] = "Select a partner from the register of one of the board's areas"
        groups = self.represented_groups
        if not isinstance(groups, list) or any(code not in GROUPS_BY_CODE for code in groups):
            errors["represented_groups"] = "Select groups of partners from the list"
        elif len(set(groups)) != len(groups):
            errors["represented_groups"] = "Select each group of partners once"
        if errors:
            raise ValidationError(errors)


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class MinutesStatus(models.TextChoices):
        NONE = "none", "Not drafted"
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(validators=[MEETING_DATE_RANGE])
    start_time = models.TimeField()
    end_time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.NONE)
    # minutes are approved at the next meeting: the approval is recorded on that later meeting
    minutes_approved_at = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="minutes_approved_here")
    # the agenda and papers are public from this moment
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    agenda_published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_status="approved", minutes_approved_at__isnull=False)
                | (~Q(minutes_status="approved") & Q(minutes_approved_at__isnull=True)),
                name="meeting_minutes_approved_at_later_meeting",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message="The end time must be after the start time",
            ),
        ]
        indexes = [
            models.Index(fields=["board", "date"], name="meeting_board_date_idx"),
            models.Index(fields=["board", "status"], name="meeting_board_status_idx"),
            # the stewards' national list (boards.admin): the latest first, and its date drill-down
            models.Index(fields=["date", "id"], name="meeting_date_idx"),
            search_index("meeting_search_idx", MEETING_SEARCH_FIELDS),
        ]

    def __str__(self):
        return f"{self.board.name} meeting on {long_date(self.date)}"

    # What happened, in order. Worked out from the record, never stored twice.
    STAGES = {
        "scheduled": "Scheduled", "agenda_published": "Agenda published", "held": "Held",
        "minutes_approved": "Minutes approved", "cancelled": "Cancelled",
    }

    @property
    def stage(self):
        """scheduled -> agenda published -> held (attendance or decisions recorded, or its day
        has passed) -> minutes approved; or cancelled."""
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.minutes_status == self.MinutesStatus.APPROVED:
            return "minutes_approved"
        if self.status == self.Status.HELD or self.is_past:
            return "held"
        if self.agenda_published_at:
            return "agenda_published"
        return "scheduled"

    @property
    def stage_label(self):
        return self.STAGES[self.stage]

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    @property
    def has_started(self):
        return timezone.now() >= self.starts_at

    @property
    def agenda_deadline(self):
        """The last day to publish the agenda with the board's clear working days' notice: the
        days strictly between publication and the meeting must hold that many working days."""
        return add_working_days(self.date, -(self.board.agenda_notice_days + 1))

    @property
    def agenda_published(self):
        return self.agenda_published_at is not None

    @property
    def agenda_late(self):
        return (self.agenda_published_at is not None
                and timezone.localdate(self.agenda_published_at) > self.agenda_deadline)

    @property
    def agenda_overdue(self):
        return (self.agenda_published_at is None and self.status == self.Status.SCHEDULED
                and timezone.localdate() > self.agenda_deadline and not self.is_past)

    @property
    def is_past(self):
        return self.date < timezone.localdate()

    @property
    def needs_status_update(self):
        """A past meeting must not be left as scheduled: say whether it was held or cancelled."""
        return self.status == self.Status.SCHEDULED and self.is_past

    @property
    def can_record_business(self):
        return self.status != self.Status.CANCELLED and self.date <= timezone.localdate()

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.date and self.status == self.Status.SCHEDULED and self.date < today:
            errors["status"] = ("A meeting in the past cannot be scheduled: "
                                "record it as held or cancelled, or change the date")
        if self.date and self.status == self.Status.HELD and self.date > today:
            errors["status"] = "A meeting cannot be recorded as held before its date"
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "The end time must be after the start time"
        if errors:
            raise ValidationError(errors)


class AgendaItem(models.Model):
    """An agenda item. ``kind`` and ``reference`` let another app (plans) add its own
    items, e.g. kind "plan_approval" with a reference to a plan version."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=40, default="general")
    reference = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position_unique")]
        indexes = [models.Index(fields=["kind", "reference"], name="agenda_item_kind_ref_idx"),
                   search_index("agenda_item_search_idx", AGENDA_ITEM_SEARCH_FIELDS)]

    def __str__(self):
        return f"{self.position}. {self.title}"


def paper_upload_to(instance, filename):
    # never the user's file name in the path: a random name with the checked extension
    return f"boards/papers/{secrets.token_hex(16)}.{instance.extension}"


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_upload_to, max_length=200)
    original_name = models.CharField(max_length=255)
    extension = models.CharField(max_length=5)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # added after the agenda was published: shown as a supplementary paper with its date
    supplementary = models.BooleanField(default=False)
    # the row holds the current version; every earlier one is a PaperVersion.
    # uploaded_at stays the day the paper was first added (its place and "supplementary" date);
    # replaced_at is when the current version came; replaced_after_publication marks it on the agenda
    version = models.PositiveSmallIntegerField(default=1)
    replaced_at = models.DateTimeField(null=True, blank=True)
    replaced_after_publication = models.BooleanField(default=False)

    history = HistoricalRecords()
    objects = ItemChildQuerySet.as_manager()

    class Meta:
        ordering = ["item", "uploaded_at"]
        constraints = [models.CheckConstraint(condition=Q(size__lte=PAPER_MAX_BYTES), name="paper_size_limit")]
        indexes = [search_index("paper_search_idx", PAPER_SEARCH_FIELDS)]

    def __str__(self):
        return self.title


class PaperVersion(models.Model):
    """An earlier version of a paper, kept when the paper is replaced. The file
    stays where it was stored; the paper row moves on to the new file."""

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=255)
    extension = models.CharField(max_length=5)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replaced_at = models.DateTimeField(default=timezone.now)

    objects = PaperVersionQuerySet.as_manager()

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [models.UniqueConstraint(fields=["paper", "number"], name="paper_version_number_unique")]

    def __str__(self):
        return f"{self.paper.title}, version {self.number}"


class BoardUpdate(models.Model):
    """Something board members are told about: an agenda published, a paper added to a
    published agenda, or a paper replaced. Each member is told once, at once or in the next daily
    digest as they choose (``NotificationPreference``), through the notices' exactly-once log."""

    class Kind(models.TextChoices):
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        PAPER_ADDED = "paper_added", "Paper added"
        PAPER_REPLACED = "paper_replaced", "Paper replaced"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="updates")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, null=True, blank=True, related_name="updates")
    # what members read, fixed when it happened (a later rename does not rewrite the news)
    summary = models.CharField(max_length=300)
    happened_at = models.DateTimeField(default=timezone.now)

    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        ordering = ["happened_at", "pk"]
        indexes = [models.Index(fields=["happened_at"], name="board_update_happened_idx")]

    def __str__(self):
        return self.summary


class NotificationPreference(models.Model):
    """How a member of a board is told of its new agendas and papers: at once (the default, with
    no row) or in one daily e-mail sent with the morning reminders."""

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", "Straight away, one e-mail for each"
        DAILY = "daily", "In one e-mail each morning (a daily digest)"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="notification_preferences")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="board_notification_preferences")
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = BoardChildQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "person"], name="notification_preference_one")]

    def __str__(self):
        return f"{self.person} on {self.board}: {self.get_frequency_display()}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Substitute attended"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute_name = models.CharField(max_length=120, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "seat"], name="attendance_one_per_seat")]

    def __str__(self):
        return f"{self.seat} – {self.get_status_display()}"

    @property
    def counts_present(self):
        return self.status in (self.Status.PRESENT, self.Status.SUBSTITUTE)


class Decision(models.Model):
    class Outcome(models.TextChoices):
        CARRIED = "carried", "Carried"
        NOT_CARRIED = "not_carried", "Not carried"
        DEFERRED = "deferred", "Deferred"

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    resolution = models.TextField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(null=True, blank=True)
    # the quorum when it was recorded, kept with the decision
    present_voting = models.PositiveSmallIntegerField()
    quorum_required = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = ItemChildQuerySet.as_manager()

    class Meta:
        ordering = ["item", "recorded_at"]
        indexes = [search_index("decision_search_idx", DECISION_SEARCH_FIELDS),
                   # the stewards' national list (boards.admin): its date drill-down
                   models.Index(fields=["recorded_at"], name="decision_recorded_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(present_voting__gte=models.F("quorum_required")),
                                   name="decision_only_when_quorate",
                                   violation_error_message="A decision can be recorded only at a quorate meeting"),
        ]

    def __str__(self):
        return f"{self.item.title}: {self.get_outcome_display()}"

    @property
    def has_votes(self):
        return self.votes_for is not None or self.votes_against is not None or self.votes_abstain is not None


class InterestKind(models.TextChoices):
    PECUNIARY = "pecuniary", "Pecuniary (a financial interest)"
    OTHER = "other", "Other"


class InterestsReview(models.Model):
    """When a member last confirmed their register of interests is complete and up to date.
    A register is reviewed yearly (the member is chased a year after the last review, or after
    their first seat began if they never reviewed it: ``boards.chasers.interests_review_due``)."""

    REVIEW_EVERY_DAYS = 365

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="interests_review")
    reviewed_on = models.DateField()

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.person}: register reviewed on {long_date(self.reviewed_on)}"

    @property
    def next_due(self):
        return self.reviewed_on + datetime.timedelta(days=self.REVIEW_EVERY_DAYS)


class RegisteredInterest(models.Model):
    """One entry in a member's standing register of interests. The member keeps it;
    a declaration on an agenda item can name one of its entries."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registered_interests")
    kind = models.CharField(max_length=10, choices=InterestKind.choices)
    description = models.TextField(validators=[validate_visible_text])
    start_on = models.DateField("from", validators=[TERM_START_RANGE])
    end_on = models.DateField("to", null=True, blank=True, validators=[TERM_END_RANGE],
                              help_text="Blank while the interest continues")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-start_on", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
            name="registered_interest_ends_after_start",
            violation_error_message="The interest must end on or after the day it started")]
        indexes = [models.Index(fields=["person", "end_on"], name="registered_interest_person_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"

    def is_current(self, day):
        return self.start_on <= day and (self.end_on is None or self.end_on >= day)

    def clean(self):
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": "The interest must end on or after the day it started"})


class Declaration(models.Model):
    """A declaration of interest, recorded by the member themself."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="declarations")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="declarations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    interest = models.TextField()
    kind = models.CharField(max_length=10, choices=InterestKind.choices, default=InterestKind.OTHER)
    registered_interest = models.ForeignKey(RegisteredInterest, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="declarations")
    # a member who left the room is not counted towards the quorum or the votes on this item
    left_room = models.BooleanField("left the room for this item", default=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = ItemChildQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="declaration_one_per_member_item")]

    def __str__(self):
        return f"{self.person} on {self.item}"


class Apology(models.Model):
    """A member's apologies for a meeting, sent by the member before it starts.
    Carried into the attendance when the officer records it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="apologies")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="apologies")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # the seat's named substitute attends in the member's place
    substitute_name = models.CharField(max_length=120, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "sent_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "seat"], name="apology_one_per_seat")]

    def __str__(self):
        return f"Apologies from {self.person} for {self.meeting}"


class Action(models.Model):
    """An action agreed at a meeting: an owner on the board, a due date, a status.
    Open actions are listed at the board's next meeting and chased when overdue."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(validators=[validate_visible_text])
    owner = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField(validators=[MEETING_DATE_RANGE])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = MeetingChildQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due_idx")]

    def __str__(self):
        return self.description[:80]

    @property
    def overdue(self):
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class ForwardPlanItem(models.Model):
    """An item planned for a future meeting of the board: the forward plan councils
    publish for their committees. Aimed at a meeting already scheduled, or at a month when the
    meeting is not yet set; listed on the board page and the public meetings page until then."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="forward_plan")
    title = models.CharField(max_length=200, validators=[validate_visible_text])
    description = models.TextField(blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="planned_items", verbose_name="target meeting")
    # the first day of the target month, when no meeting is chosen
    month = models.DateField("target month", null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = BoardChildQuerySet.as_manager()

    class Meta:
        ordering = ["month", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(meeting__isnull=False, month__isnull=True) | Q(meeting__isnull=True, month__isnull=False)),
                name="forward_plan_item_one_target",
                violation_error_message="Choose a meeting or a month for the item, not both"),
            models.CheckConstraint(condition=Q(month__isnull=True) | Q(month__day=1),
                                   name="forward_plan_item_month_first_day"),
        ]
        indexes = [models.Index(fields=["board", "month"], name="forward_plan_board_month_idx")]

    def __str__(self):
        return self.title

    @property
    def target_date(self):
        """When it is planned for: the meeting's date, or the target month's first day."""
        return self.meeting.date if self.meeting_id else self.month


class CalendarToken(models.Model):
    """The secret in a user's calendar subscription URL; resetting it breaks the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "calendar token"

    def __str__(self):
        return f"Calendar token for {self.user}"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)
