"""Section 10 pooled budgets: funds, contributions by partner and year, and spend.

Who may contribute is never stored: it is derived from the partner's duties under
the area's framework (``partners.law``), so a framework change flags contributions
that are no longer allowed instead of deleting them.
"""
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partners.models import Partner
from pooling.rules import MAX_VALUE  # £1bn: anything larger is a typing slip
from pooling.querysets import ContributionQuerySet, PooledFundQuerySet, SpendQuerySet
from pooling.years import FinancialYear
from trusts.models import Area
from trusts.validators import validate_visible_text



class Outcome(models.TextChoices):
    """The five Every Child Matters outcomes (Children Act 2004 s10(2); para 36)."""

    BE_HEALTHY = "be_healthy", "Be healthy"
    STAY_SAFE = "stay_safe", "Stay safe"
    ENJOY_ACHIEVE = "enjoy_achieve", "Enjoy and achieve"
    POSITIVE_CONTRIBUTION = "positive_contribution", "Make a positive contribution"
    ECONOMIC_WELLBEING = "economic_wellbeing", "Achieve economic well-being"


class ServiceArea(models.TextChoices):
    """The areas the plan must show each partner's spend on (para 36 item 7)."""

    CHILD_HEALTH = "child_health", "Child health, including children's centres"
    YOUTH_OFFENDING = "youth_offending", "Youth offending"
    EARLY_INTERVENTION = "early_intervention", "Early intervention"
    OTHER = "other", "Other"


class Stage(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTUAL = "actual", "Actual"


def value_field(**kwargs):
    return models.DecimalField(
        "value in pounds", max_digits=15, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), "The value must be £0 or more"),
                    MaxValueValidator(MAX_VALUE, "The value must be £1,000,000,000 (£1bn) or less")], **kwargs,
    )


VALUE_IN_RANGE = Q(value__gte=0) & Q(value__lte=MAX_VALUE)


class PooledFund(models.Model):
    class LegalBasis(models.TextChoices):
        S10 = "s10", "Section 10 pooled fund (Children Act 2004)"
        S75 = "s75", "Section 75 partnership arrangement (NHS Act 2006)"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="pooled_funds")
    name = models.CharField(max_length=200, validators=[validate_visible_text])
    purpose = models.TextField()
    legal_basis = models.CharField(max_length=3, choices=LegalBasis.choices)
    host = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="hosted_funds",
                             verbose_name="host (accountable body)")
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PooledFundQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="pooled_fund_unique_name"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                   name="pooled_fund_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["area", "status"], name="pooled_fund_area_status_idx"),
            models.Index(fields=["area", "legal_basis"], name="pooled_fund_area_basis_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def years(self):
        return FinancialYear.covering(self.start_date, self.end_date)

    @property
    def year_labels(self):
        return [FinancialYear.label(y) for y in self.years]

    @property
    def period_label(self):
        years = self.years
        if not years:
            return ""
        if len(years) == 1:
            return FinancialYear.label(years[0])
        return f"{FinancialYear.label(years[0])} to {FinancialYear.label(years[-1])}"

    @property
    def duty(self):
        """The partner duty that admits a body to this kind of fund."""
        return "delegate" if self.legal_basis == self.LegalBasis.S75 else "pool"

    def clean(self):
        from pooling import rules

        rules.fund_errors(self)


class Contribution(models.Model):
    class Kind(models.TextChoices):
        # the resources s10 lets partners pool or share (para 48)
        CASH = "cash", "Cash"
        STAFF = "staff", "Staff"
        GOODS = "goods", "Goods"
        SERVICES = "services", "Services"
        ACCOMMODATION = "accommodation", "Accommodation"
        OTHER = "other", "Other resources"

    fund = models.ForeignKey(PooledFund, on_delete=models.PROTECT, related_name="contributions")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="pooled_contributions")
    year = models.PositiveSmallIntegerField("financial year", help_text="The year it starts: 2009 is 2009-10")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CASH)
    stage = models.CharField("planned or actual", max_length=10, choices=Stage.choices, default=Stage.PLANNED)
    value = value_field()
    description = models.CharField(max_length=300, blank=True,
                                   help_text="Required for anything given in kind: what, and how it is valued")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["year", "partner__name", "kind", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "partner", "year", "kind", "stage"],
                                    name="contribution_unique_entry"),
            models.CheckConstraint(condition=VALUE_IN_RANGE, name="contribution_value_in_range"),
            models.CheckConstraint(condition=Q(kind="cash") | ~Q(description=""),
                                   name="contribution_in_kind_described"),
        ]
        indexes = [
            models.Index(fields=["fund", "year"], name="contribution_fund_year_idx"),
            models.Index(fields=["partner", "year"], name="contribution_partner_year_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.partner} for {self.year_label} ({self.get_stage_display()})"

    @property
    def year_label(self):
        return FinancialYear.label(self.year)

    def clean(self):
        from pooling import rules

        rules.contribution_errors(self)


class Spend(models.Model):
    fund = models.ForeignKey(PooledFund, on_delete=models.PROTECT, related_name="spend")
    year = models.PositiveSmallIntegerField("financial year", help_text="The year it starts: 2009 is 2009-10")
    stage = models.CharField("planned or actual", max_length=10, choices=Stage.choices, default=Stage.PLANNED)
    outcome = models.CharField("Every Child Matters outcome", max_length=30, choices=Outcome.choices)
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices)
    value = value_field()
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = SpendQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "spend"
        ordering = ["year", "outcome", "service_area", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year", "stage", "outcome", "service_area"],
                                    name="spend_unique_entry"),
            models.CheckConstraint(condition=VALUE_IN_RANGE, name="spend_value_in_range"),
        ]
        indexes = [models.Index(fields=["fund", "year"], name="spend_fund_year_idx")]

    def __str__(self):
        return (f"{self.get_outcome_display()} / {self.get_service_area_display()} for {self.year_label} "
                f"({self.get_stage_display()})")

    @property
    def year_label(self):
        return FinancialYear.label(self.year)

    def clean(self):
        from pooling import rules

        rules.spend_errors(self)
