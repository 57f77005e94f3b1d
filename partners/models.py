"""The partner register: every organisation in an area's children's trust.

Duties are never stored: they are derived from the organisation type, the area's
framework and (for academies under the 2008 proposals) the funding agreement, by
the rule table in ``partners.law``.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partners import law, regard
from partners.import_report import AreaReport
from partners.querysets import PartnerQuerySet
from trusts.dates import long_date
from trusts.models import Area
from trusts.search import search_index
from trusts.validators import SERVICE_EPOCH, validate_visible_text

# GIAS gives schools 6-digit URNs and children's centres 5-digit ones (e.g. 20646)
urn_validator = RegexValidator(r"^\d{5,6}$", "Enter a URN of 5 or 6 digits, like 110123")
ukprn_validator = RegexValidator(r"^1\d{7}$", "Enter an 8-digit UKPRN starting with 1, like 10001234")
ods_validator = RegexValidator(r"^[A-Z0-9]{3,6}$", "Enter an ODS code of 3 to 6 letters and digits, like 5PQ")

# what search finds a partner by (trusts.search, partners.search): its name and identifiers
PARTNER_SEARCH_FIELDS = ("name", "urn", "ukprn", "ods_code")


class Phase(models.TextChoices):
    """Phase of education, as the national schools register records it (GIAS
    "PhaseOfEducation (name)"). Blank for organisations that are not schools or colleges."""

    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    MIDDLE_PRIMARY = "middle_primary", "Middle deemed primary"
    SECONDARY = "secondary", "Secondary"
    MIDDLE_SECONDARY = "middle_secondary", "Middle deemed secondary"
    ALL_THROUGH = "all_through", "All-through"
    SIXTEEN_PLUS = "16_plus", "16 plus"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# the organisation types GIAS records a phase for: schools, academies and colleges
PHASED_TYPES = frozenset((*law.MAINTAINED_SCHOOLS, "non_maintained_special", "pru", "academy", "ctc",
                          "independent_school", "sixth_form_college", "fe_college"))


def phase_from_gias(value):
    """The Phase for a GIAS "PhaseOfEducation (name)" (or our code), or None if unknown.

    Blank reads as blank; matching ignores case and spacing, so "Middle Deemed Primary",
    "middle_primary" and "All through" all match."""
    text = " ".join(str(value or "").replace("_", " ").replace("-", " ").split()).lower()
    if not text:
        return ""
    for choice in Phase:
        if text in (choice.label.replace("-", " ").lower(), choice.value.replace("_", " ")):
            return choice.value
    return None


def identifier_errors(org_type, *, urn="", ukprn="", ods_code=""):
    """{field: message} for identifiers this organisation type cannot have."""
    info = law.ORG_TYPES_BY_CODE.get(org_type)
    if info is None:
        return {}
    allowed = law.allowed_identifiers(org_type)
    errors = {}
    for name, value in (("urn", urn), ("ukprn", ukprn), ("ods_code", ods_code)):
        if value and name not in allowed:
            errors[name] = f"A {info.label.lower()} does not have a {law.IDENTIFIER_NAMES[name]}: leave it blank"
    return errors


class Partner(models.Model):
    class Engagement(models.TextChoices):
        INVITED = "invited", "Invited"
        ENGAGED = "engaged", "Engaged"
        SIGNED = "signed", "Signed the partnership agreement"
        WITHDRAWN = "withdrawn", "Withdrawn"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="partners")
    # names are shown to people: none made only of invisible characters, none that
    # display differently from what is stored
    name = models.CharField(max_length=200, validators=[validate_visible_text])
    org_type = models.CharField("organisation type", max_length=40, choices=law.org_type_choices)
    urn = models.CharField("URN", max_length=6, blank=True, validators=[urn_validator],
                           help_text="Unique Reference Number, for schools and academies")
    ukprn = models.CharField("UKPRN", max_length=8, blank=True, validators=[ukprn_validator],
                             help_text="UK Provider Reference Number, for colleges")
    ods_code = models.CharField("ODS code", max_length=6, blank=True, validators=[ods_validator],
                                help_text="Organisation Data Service code, for health bodies")
    phase = models.CharField("phase of education", max_length=20, choices=Phase.choices, blank=True,
                             help_text="Schools and colleges only, as on Get Information about Schools")
    academy_funding_agreement = models.BooleanField(
        "funding agreement brings it within the duty", default=False,
        help_text="Academies only: under the 2008 proposals an academy is within scope only if its funding "
                  "agreement says so (para 23).",
    )
    engagement = models.CharField(max_length=20, choices=Engagement.choices, default=Engagement.INVITED)
    agreement_signed_on = models.DateField("partnership agreement signed on", null=True, blank=True)
    lead_contact_name = models.CharField(max_length=120, blank=True, validators=[validate_visible_text])
    lead_contact_email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    # dated as on Get Information about Schools (OpenDate, CloseDate and their reasons); blank
    # for organisations GIAS does not register. Closed partners are kept, never deleted.
    opened_on = models.DateField("opened on", null=True, blank=True)
    opened_reason = models.CharField("reason it opened", max_length=100, blank=True)
    closed_on = models.DateField("closed on", null=True, blank=True)
    closed_reason = models.CharField("reason it closed", max_length=100, blank=True)
    # the establishment this one replaced (a school that converted to this academy), when known
    predecessor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="successors")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    Phase = Phase

    history = HistoricalRecords()
    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "urn"], condition=~Q(urn=""), name="partner_unique_urn"),
            models.UniqueConstraint(fields=["area", "ukprn"], condition=~Q(ukprn=""), name="partner_unique_ukprn"),
            models.UniqueConstraint(fields=["area", "ods_code"], condition=~Q(ods_code=""),
                                    name="partner_unique_ods"),
            models.CheckConstraint(
                condition=Q(agreement_signed_on__isnull=True) | Q(engagement="signed") | Q(engagement="withdrawn"),
                name="partner_signed_date_needs_signed",
            ),
            models.CheckConstraint(
                condition=Q(opened_on__isnull=True) | Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="partner_closes_after_opening",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "org_type"], name="partner_area_type_idx"),
            models.Index(fields=["area", "engagement"], name="partner_area_engagement_idx"),
            models.Index(fields=["area", "name"], name="partner_area_name_idx"),
            # the stewards' national list (partners.admin): its order, and its date drill-down
            models.Index(fields=["name", "id"], name="partner_name_idx"),
            models.Index(fields=["agreement_signed_on"], name="partner_signed_on_idx"),
            # the register's default filter (open partners) and the dated duty queries
            models.Index(fields=["area", "closed_on"], name="partner_area_closed_idx"),
            search_index("partner_search_idx", PARTNER_SEARCH_FIELDS),
        ]

    def __str__(self):
        return self.name

    @property
    def org_type_info(self):
        return law.ORG_TYPES_BY_CODE[self.org_type]

    def get_org_type_display(self):
        return law.org_type_label(self.org_type)

    @property
    def has_phase(self):
        """Whether the register records a phase of education for this type (schools and colleges)."""
        return self.org_type in PHASED_TYPES

    @property
    def identifier(self):
        return self.urn or self.ukprn or self.ods_code

    def is_open_on(self, day=None):
        day = day or timezone.localdate()
        return (self.opened_on is None or self.opened_on <= day) and (self.closed_on is None or self.closed_on > day)

    @property
    def is_closed(self):
        return self.closed_on is not None and self.closed_on <= timezone.localdate()

    def duties(self, framework_code=None, *, board_plan=None, day=None):
        """The four answers under a framework (default: the area's on the day), each with its
        reason, as of ``day`` (default today): a partner closed by then, or not yet open, has
        none of the duties (``law.not_open_answer``).

        ``board_plan``: whether a board plan published before the plan regulations were revoked
        is in force in the area (``partners.regard``); asked of the database (one query) when
        not given and an answer depends on it. Pass it when asking for many partners."""
        code = framework_code or self.area.effective_framework(day).code
        if not self.is_open_on(day):
            return [law.not_open_answer(code, self.org_type, duty, day=day or timezone.localdate(),
                                        opened_on=self.opened_on, closed_on=self.closed_on,
                                        closed_reason=self.closed_reason) for duty in law.DUTIES]
        if board_plan is None:
            board_plan = regard.board_plan_for(self.area, code, day=day)
        return [
            law.answer(code, self.org_type, duty, two_tier=self.area.is_two_tier,
                       funding_agreement=self.academy_funding_agreement, board_plan=board_plan)
            for duty in law.DUTIES
        ]

    def duty(self, duty, framework_code=None, *, board_plan=None, day=None):
        code = framework_code or self.area.effective_framework(day).code
        if not self.is_open_on(day):
            return law.not_open_answer(code, self.org_type, duty, day=day or timezone.localdate(),
                                       opened_on=self.opened_on, closed_on=self.closed_on,
                                       closed_reason=self.closed_reason)
        if board_plan is None:
            board_plan = regard.board_plan_for(self.area, code, duty, day=day)
        return law.answer(code, self.org_type, duty, two_tier=self.area.is_two_tier,
                          funding_agreement=self.academy_funding_agreement, board_plan=board_plan)

    def clean(self):
        errors = identifier_errors(self.org_type, urn=self.urn, ukprn=self.ukprn, ods_code=self.ods_code)
        if self.phase and self.org_type and self.org_type not in PHASED_TYPES:
            info = law.ORG_TYPES_BY_CODE.get(self.org_type)
            if info:
                errors["phase"] = f"A {info.label.lower()} does not have a phase of education: leave it blank"
        if self.academy_funding_agreement and self.org_type != "academy":
            errors["academy_funding_agreement"] = "Only an academy has a funding agreement"
        if self.agreement_signed_on and self.engagement not in (self.Engagement.SIGNED, self.Engagement.WITHDRAWN):
            errors["agreement_signed_on"] = "Only a partner that signed the partnership agreement has a signing date"
        if self.engagement == self.Engagement.SIGNED and not self.agreement_signed_on:
            errors["agreement_signed_on"] = "Enter the date the partnership agreement was signed"
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = "The closing date must be the same as or after the opening date"
        if self.agreement_signed_on and self.agreement_signed_on > timezone.localdate():
            errors["agreement_signed_on"] = "The signing date must be today or in the past"
        elif self.agreement_signed_on and self.agreement_signed_on < SERVICE_EPOCH:
            errors["agreement_signed_on"] = f"The signing date must be on or after {long_date(SERVICE_EPOCH)}"
        if errors:
            raise ValidationError(errors)


class PartnerContact(models.Model):
    """A partner contact user, linked to their organisation: they see and update only it."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_links")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "user"], name="partner_contact_unique")]
        # the stewards' national list (partners.admin): its date drill-down
        indexes = [models.Index(fields=["created_at"], name="partner_contact_created_idx")]

    def __str__(self):
        return f"{self.user} for {self.partner}"


class PartnerImport(models.Model):
    """An uploaded file held between the preview and the confirmation of an import.

    The confirmation imports these stored bytes, never a second upload, so what the
    officer previewed is exactly what is saved. Rows older than a day are removed."""

    token = models.CharField(max_length=32, unique=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="partner_import_created_idx")]

    def __str__(self):
        return f"{self.filename} for {self.area} ({self.created_at:%d %b %Y %H:%M})"


class NationalImport(models.Model):
    """One run of the national schools import (``manage.py import_gias`` or the stewards' page):
    who ran it, when, which file, and what it changed in each area (``report``: the totals,
    the rows no area took, and each area's counts by LA code). Officers see their own area's
    part of each run that touched it (``areas``). The uploaded file is held only between the
    check and the import, then removed."""

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking the file"
        CHECKED = "checked", "Checked: ready to import"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        REFUSED = "refused", "Refused: nothing changed"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKING)
    filename = models.CharField(max_length=255, blank=True)
    file = models.FileField(upload_to="national_imports/", blank=True)
    report = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)  # [[line or null, message]], the first 200
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    converted = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    areas = models.ManyToManyField(Area, blank=True, related_name="national_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="national_import_status_idx")]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%d %b %Y %H:%M}): {self.get_status_display()}"

    @property
    def in_progress(self):
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    def area_report(self, la_code):
        """The run's counts for one area (an ``AreaReport``), or None if it had no rows there."""
        data = (self.report or {}).get("areas", {}).get(la_code)
        return AreaReport.from_dict(data) if data is not None else None
