"""The joint Children and Young People's Plan, in versions (para 27-37).

A version's content follows the statutory list of para 36: the five Every Child
Matters outcomes with priorities and actions (who will do what, by when, measured
how), the joint needs assessment with the key actions that fill gaps, the list of
those consulted, early identification and intervention, joint commissioning with
each partner's spend, and the links to the Sustainable Community Strategy and the
Local Area Agreement. Status changes only through ``plans.services``; every one
leaves a ``PlanTransition`` row.
"""
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partners import law
from partners.models import Partner
from plans.querysets import ActionQuerySet, VersionChildQuerySet, VersionQuerySet
from pooling.models import Outcome, ServiceArea
from trusts.dates import long_date
from trusts.models import Area
from trusts.scoping import AreaScopedQuerySet
from trusts.search import search_index

MAX_SPEND = Decimal("1000000000")  # £1bn: anything larger is a typing slip

# the plan's text as search reads it (trusts.search, plans.search): a version's title and
# its written sections, priorities, actions
VERSION_SEARCH_FIELDS = ("title", "needs_assessment", "early_universal", "early_targeted", "early_partner_roles",
                         "early_workforce", "commissioning", "scs_link", "laa_link")
PRIORITY_SEARCH_FIELDS = ("title",)
ACTION_SEARCH_FIELDS = ("description", "measure")


class PlanSettings(models.Model):
    """Per-area plan settings: how often the published plan is reviewed."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="plan_settings")
    review_interval_months = models.PositiveSmallIntegerField(
        "months between annual reviews", default=12,
        validators=[MinValueValidator(1, "The review interval must be at least 1 month"),
                    MaxValueValidator(36, "The review interval must be 36 months or fewer")],
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "plan settings"
        verbose_name_plural = "plan settings"
        constraints = [
            models.CheckConstraint(condition=Q(review_interval_months__gte=1, review_interval_months__lte=36),
                                   name="plan_settings_interval_range"),
        ]

    def __str__(self):
        return f"Plan settings for {self.area}"


class PlanVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "In consultation"
        AGREEMENT = "agreement", "Awaiting partner agreement"
        APPROVAL = "approval", "Awaiting board approval"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    OPEN_STATUSES = (Status.DRAFT, Status.CONSULTATION, Status.AGREEMENT, Status.APPROVAL)
    EDITABLE_STATUSES = (Status.DRAFT, Status.CONSULTATION)

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="plan_versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    period_start = models.DateField("plan starts on", null=True, blank=True)
    period_end = models.DateField("plan ends on", null=True, blank=True,
                                  help_text="Leave blank: the joint plan has no fixed duration (para 36).")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agreement_round = models.PositiveSmallIntegerField(default=0, editable=False)
    # the date partners are asked to answer by in the current round (set when it is sent)
    agreement_due_on = models.DateField("partners to answer by", null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField("annual review due on", null=True, blank=True)

    # 2. joint needs assessment
    needs_assessment = models.TextField("joint needs assessment", blank=True)
    # 4. early identification and early intervention
    early_universal = models.TextField("through universal services", blank=True)
    early_targeted = models.TextField("through targeted services", blank=True)
    early_partner_roles = models.TextField("the partners' roles and responsibilities", blank=True)
    early_workforce = models.TextField("implications for the children's workforce", blank=True)
    # 5. joint commissioning
    commissioning = models.TextField("joint commissioning arrangements", blank=True)
    # 6. links
    scs_link = models.TextField("consistency with the Sustainable Community Strategy", blank=True)
    laa_link = models.TextField("how the plan informs the Local Area Agreement", blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["area", "-number"]
        verbose_name = "plan version"
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="plan_version_number_unique"),
            # one version at a time is being worked on; one is published
            models.UniqueConstraint(fields=["area"], condition=Q(status__in=["draft", "consultation", "agreement",
                                                                               "approval"]),
                                    name="plan_one_open_version"),
            models.UniqueConstraint(fields=["area"], condition=Q(status="published"),
                                    name="plan_one_published_version"),
            models.CheckConstraint(condition=Q(period_end__isnull=True) | Q(period_start__isnull=True)
                                   | Q(period_end__gt=models.F("period_start")),
                                   name="plan_period_end_after_start"),
            models.CheckConstraint(condition=~Q(status="published") | Q(published_on__isnull=False),
                                   name="plan_published_has_date"),
        ]
        indexes = [models.Index(fields=["area", "status"], name="plan_version_area_status_idx"),
                   models.Index(fields=["status", "review_due_on"], name="plan_version_review_due_idx"),
                   search_index("plan_version_search_idx", VERSION_SEARCH_FIELDS)]

    def __str__(self):
        return f"{self.title} (version {self.number})"

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_locked(self):
        return self.status in (self.Status.APPROVAL, self.Status.PUBLISHED, self.Status.SUPERSEDED)

    @property
    def url_value(self):
        """Versions are addressed by their number in the area ("/plan/versions/2/" is version 2)."""
        return self.number

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": "The plan must end after it starts"})


class Priority(models.Model):
    """1. A priority under one of the five outcomes."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="priorities")
    outcome = models.CharField("Every Child Matters outcome", max_length=30, choices=Outcome.choices)
    title = models.CharField("priority", max_length=300)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()
    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "outcome", "position", "pk"]
        verbose_name_plural = "priorities"
        indexes = [models.Index(fields=["version", "outcome"], name="plan_priority_outcome_idx"),
                   search_index("plan_priority_search_idx", PRIORITY_SEARCH_FIELDS)]

    def __str__(self):
        return self.title


class Action(models.Model):
    """Who will do what, by when, and how progress is measured (para 36)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("what will be done")
    responsible_partner = models.ForeignKey(Partner, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="plan_actions", verbose_name="responsible partner")
    due_by = models.DateField("by when", null=True, blank=True)
    measure = models.TextField("how progress is measured", blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "position", "pk"]
        indexes = [search_index("plan_action_search_idx", ACTION_SEARCH_FIELDS)]

    def __str__(self):
        return self.description[:80]


class GapAction(models.Model):
    """2. A key action to achieve improvement and fill a gap in provision."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="gap_actions")
    gap = models.TextField("the gap in provision")
    description = models.TextField("the key action")
    responsible_partner = models.ForeignKey(Partner, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="plan_gap_actions", verbose_name="responsible partner")
    due_by = models.DateField("by when", null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()
    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = "gap action"

    def __str__(self):
        return self.description[:80]


class Consultee(models.Model):
    """3. Someone consulted on the plan, with when and how (para 36)."""

    class Kind(models.TextChoices):
        PARTNER = "partner", "A partner from the register"
        PARTNER_TYPE = "partner_type", "A type of partner (for example, all maintained schools)"
        GROUP = "group", "A group named in the regulations"

    class Group(models.TextChoices):
        CHILDRENS_CENTRES = "childrens_centres", "Sure Start Children's Centres"
        PRIVATE_THIRD_SECTOR = "private_third_sector", "Private and third-sector bodies"
        PROFESSIONALS = "professionals", "Professionals and front-line staff"
        CHILDREN = "children", "Children"
        YOUNG_PEOPLE = "young_people", "Young people"
        FAMILIES = "families", "Families"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="consultees")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    org_type = models.CharField("type of partner", max_length=40, blank=True, choices=law.org_type_choices)
    group = models.CharField(max_length=30, blank=True, choices=Group.choices)
    detail = models.CharField("who, in a few words", max_length=200, blank=True)
    consulted_from = models.DateField("consulted from")
    consulted_to = models.DateField("consulted until", null=True, blank=True)
    method = models.TextField("how they were consulted")

    history = HistoricalRecords()
    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="partner", partner__isnull=False, org_type="", group="")
                           | Q(kind="partner_type", partner__isnull=True, group="") & ~Q(org_type="")
                           | Q(kind="group", partner__isnull=True, org_type="") & ~Q(group="")),
                name="consultee_kind_fields",
            ),
            models.CheckConstraint(condition=Q(consulted_to__isnull=True)
                                   | Q(consulted_to__gte=models.F("consulted_from")),
                                   name="consultee_dates_in_order"),
        ]

    def __str__(self):
        return self.label

    def get_org_type_display(self):
        return law.org_type_label(self.org_type)

    @property
    def label(self):
        if self.kind == self.Kind.PARTNER and self.partner_id:
            return self.partner.name
        if self.kind == self.Kind.PARTNER_TYPE:
            return f"All: {law.ORG_TYPES_BY_CODE[self.org_type].label}" if self.org_type in law.ORG_TYPES_BY_CODE \
                else self.org_type
        return self.get_group_display()


class PartnerSpend(models.Model):
    """5. A partner's spend entered by hand (used until the area has pooled funds)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="spends")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year it starts in: 2009 means 2009-10",
        validators=[MinValueValidator(2000, "Enter a financial year from 2000-01"),
                    MaxValueValidator(2100, "Enter a financial year before 2100")],
    )
    spend_area = models.CharField("spent on", max_length=30, choices=ServiceArea.choices)
    amount = models.DecimalField(
        "amount in pounds", max_digits=15, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), "The amount must be £0 or more"),
                    MaxValueValidator(MAX_SPEND, "The amount must be £1,000,000,000 (£1bn) or less")],
    )

    history = HistoricalRecords()
    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "financial_year", "partner__name", "spend_area"]
        verbose_name = "partner spend"
        constraints = [
            models.UniqueConstraint(fields=["version", "partner", "financial_year", "spend_area"],
                                    name="plan_spend_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(amount__lte=MAX_SPEND),
                                   name="plan_spend_amount_range"),
        ]

    def __str__(self):
        return f"{self.partner} {self.financial_year}: £{self.amount}"

    @property
    def year_label(self):
        return f"{self.financial_year}-{(self.financial_year + 1) % 100:02d}"


class PlanTransition(models.Model):
    """The audit of every status change: who, when, from, to and why."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=PlanVersion.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PlanVersion.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "at", "pk"]
        indexes = [models.Index(fields=["version", "at"], name="plan_transition_version_idx")]

    def __str__(self):
        return f"{self.version}: {self.from_status or 'new'} → {self.to_status}"


class AgreementRequest(models.Model):
    """A relevant partner asked to agree a version, in one round (snapshot at the time)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="agreement_requests")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="plan_agreement_requests")
    round = models.PositiveSmallIntegerField()
    asked_at = models.DateTimeField(default=timezone.now)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    # rotated whenever an e-mailed link is used: every link is single-use
    nonce = models.CharField(max_length=32)
    # the latest answer, kept here so lists need no subquery; the responses are the audit
    latest_decision = models.CharField(max_length=10, blank=True)

    history = HistoricalRecords(excluded_fields=["nonce"])
    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "round", "partner__name"]
        constraints = [models.UniqueConstraint(fields=["version", "round", "partner"],
                                               name="agreement_request_once_per_round")]
        indexes = [models.Index(fields=["version", "round"], name="agreement_request_round_idx"),
                   models.Index(fields=["latest_decision", "asked_at"], name="agreement_request_open_idx"),
                   # the stewards' national list (plans.admin): its date drill-down
                   models.Index(fields=["asked_at"], name="agreement_request_asked_idx")]

    def __str__(self):
        return f"{self.partner} asked to agree {self.version}"

    @property
    def url_value(self):
        return self.pk


# the same limit as a board paper (boards.models.PAPER_MAX_BYTES)
ANSWER_DOCUMENT_MAX = 20 * 1024 * 1024


def answer_document_upload_to(instance, filename):
    # never the user's file name in the path: a random name with the checked extension
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"plans/answers/{secrets.token_hex(16)}.{extension}"


class AgreementResponse(models.Model):
    class Decision(models.TextChoices):
        AGREE = "agree", "Agreed"
        OBJECT = "object", "Objected"

    class Via(models.TextChoices):
        PAGE = "page", "On the plan page"
        EMAIL = "email", "From the link in the request e-mail"
        OFFICER = "officer", "Recorded by a council officer"
        # a board seat answers for the partners it represents (s12A(5)); the partner's own answer wins
        REPRESENTATIVE = "representative", "Through the board seat that represents the partner"

    # the partner's own answers (itself, or recorded for it by an officer): never overwritten
    # by a representative's, and they replace one
    OWN_VIAS = ("page", "email", "officer")
    CHANNEL_PHRASES = {"letter": "by letter", "email": "by e-mail", "meeting": "at a meeting",
                       "phone": "by telephone"}

    class Channel(models.TextChoices):
        """How an answer recorded by an officer reached the council."""

        LETTER = "letter", "Letter"
        EMAIL = "email", "E-mail"
        MEETING = "meeting", "At a meeting"
        PHONE = "phone", "Telephone"

    request = models.ForeignKey(AgreementRequest, on_delete=models.PROTECT, related_name="responses")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reasons = models.TextField(blank=True)
    # the actor is the partner's contact, or (via=officer) the officer who recorded the answer
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    via = models.CharField(max_length=20, choices=Via.choices)
    at = models.DateTimeField(default=timezone.now)
    # an answer received outside the service: when and how it came, and the officer's note
    received_on = models.DateField("date the answer was received", null=True, blank=True)
    channel = models.CharField("how the answer came", max_length=10, choices=Channel.choices, blank=True)
    note = models.TextField(blank=True)
    # via=representative: the seat whose holder answered (the actor), and its label then, so
    # every list shows "Agreed through ..." without a query per row
    through_seat = models.ForeignKey("boards.Seat", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    through_label = models.CharField(max_length=200, blank=True)
    # via=officer: the letter or e-mail itself, checked like a board paper (plans.uploads)
    document = models.FileField(upload_to=answer_document_upload_to, max_length=200, blank=True)
    document_name = models.CharField("original file name", max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["request", "at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(decision="object") | ~Q(reasons=""),
                                   name="agreement_objection_has_reasons"),
            # an officer records when and how the answer came; a partner's own answer has neither
            models.CheckConstraint(condition=Q(via="officer", received_on__isnull=False) & ~Q(channel="")
                                   | ~Q(via="officer") & Q(received_on__isnull=True, channel=""),
                                   name="agreement_officer_answer_received"),
            models.CheckConstraint(condition=Q(via="representative", through_seat__isnull=False)
                                   | ~Q(via="representative") & Q(through_seat__isnull=True),
                                   name="agreement_representative_names_seat"),
            models.CheckConstraint(condition=Q(document="") | Q(via="officer", document_size__lte=ANSWER_DOCUMENT_MAX),
                                   name="agreement_document_recorded_by_officer"),
        ]
        # the stewards' national list (plans.admin): its date drill-down
        indexes = [models.Index(fields=["at"], name="agreement_response_at_idx")]

    def __str__(self):
        return f"{self.request.partner}: {self.get_decision_display()}"

    @property
    def recorded_by_officer(self):
        return self.via == self.Via.OFFICER

    @property
    def is_own(self):
        return self.via in self.OWN_VIAS

    @property
    def how_label(self):
        """How the answer came, to follow its decision: "through the Schools seat held by ...",
        "recorded by ... on ..., received by letter on ...", "by ... on the plan page"."""
        if self.via == self.Via.REPRESENTATIVE:
            return f"through {self.through_label or 'the board seat that represents the partner'}"
        if self.via == self.Via.OFFICER:
            who = self.actor.full_name if self.actor_id else "an officer"
            received = f" on {long_date(self.received_on)}" if self.received_on else ""
            return (f"recorded by {who} on {long_date(timezone.localtime(self.at))}, received "
                    f"{self.CHANNEL_PHRASES.get(self.channel, 'outside the service')}{received}")
        who = self.actor.full_name if self.actor_id else "the partner"
        if self.via == self.Via.EMAIL:
            return f"by {who}, from the link in the request e-mail"
        return f"by {who} on the plan page"

    @property
    def answer_label(self):
        """The decision and how it came: "Agreed through the Schools seat held by Harriet Head"."""
        separator = ", " if self.via == self.Via.OFFICER else " "
        return f"{self.get_decision_display()}{separator}{self.how_label}"


class PlanReview(models.Model):
    """5. The annual review in a year without a new plan (para 36)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField("review due on")
    reviewed_on = models.DateField("reviewed on")
    needs_assessment_update = models.TextField("updated needs assessment")
    noted_on = models.DateField("date the board noted it", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "due_on"]
        verbose_name = "annual review"
        constraints = [models.UniqueConstraint(fields=["version", "due_on"], name="plan_review_once_per_due_date")]

    def __str__(self):
        return f"Review of {self.version} due {long_date(self.due_on)}"


class ReviewProgress(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="progress")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    progress = models.TextField("progress against the measures")

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "outcome"]
        constraints = [models.UniqueConstraint(fields=["review", "outcome"], name="review_progress_per_outcome")]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.progress[:40]}"


class PlanApproval(models.Model):
    """A version on a board meeting's agenda for approval, and the board's decision (para 45).

    The item and decision live in boards; this row ties them to the version."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for the board's decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        MOVED = "moved", "Moved to another meeting"

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="approvals")
    meeting = models.ForeignKey("boards.Meeting", on_delete=models.PROTECT, related_name="+")
    agenda_item = models.ForeignKey("boards.AgendaItem", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    decision = models.ForeignKey("boards.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "created_at"]
        verbose_name = "board approval"
        constraints = [
            models.UniqueConstraint(fields=["version"], condition=Q(outcome="pending"),
                                    name="plan_approval_one_pending"),
            models.CheckConstraint(condition=~Q(outcome="rejected") | ~Q(reasons=""),
                                   name="plan_approval_rejection_has_reasons"),
        ]
        indexes = [models.Index(fields=["outcome", "meeting"], name="plan_approval_pending_idx")]

    def __str__(self):
        return f"{self.version} at {self.meeting_id}: {self.get_outcome_display()}"

    @property
    def url_value(self):
        return self.pk
