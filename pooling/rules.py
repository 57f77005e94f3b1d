"""The pooling rules, in one place: the services, the forms and the admin all ask here.

Each check raises ``ValidationError`` with a message per field, in GOV.UK wording.
Eligibility is never stored: it is asked of the partner's derived duties
(``Partner.duty``) under the area's framework at the time of asking.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from pooling.years import MAX_YEARS_PER_FUND, FinancialYear

MAX_VALUE = Decimal("1000000000")
PENNY = Decimal("0.01")

BASIS_SHORT = {
    "s10": "a section 10 pooled fund",
    "s75": "a section 75 partnership arrangement",
}
WHO_MAY = {
    "s10": "only the authority and partners that may pool budgets under the area's framework can take part",
    "s75": "only the local authority and health bodies can take part",
}


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: str  # the duty table's reason
    source: str  # the statute and paragraph it rests on
    message: str  # the full sentence shown to people


def eligibility(*, fund, partner, framework_code=None):
    """May this partner take part in this fund under the area's (current) framework?

    s10 funds admit partners with the power to pool (s10(6); para 14, 48, 50);
    s75 arrangements admit only local authorities and health bodies (para 49)."""
    answer = partner.duty(fund.duty, framework_code=framework_code)
    basis = fund.legal_basis
    if answer.applies:
        message = f"{partner.name} may take part in {BASIS_SHORT[basis]}. {answer.reason} Source: {answer.source}."
    else:
        message = (f"{partner.name} cannot take part in {BASIS_SHORT[basis]}: {WHO_MAY[basis]}. "
                   f"{answer.reason} Source: {answer.source}.")
    return Eligibility(answer.applies, answer.reason, answer.source, message)


def parse_value(value):
    """A money value as a Decimal to the penny, or a ValidationError. Floats are refused."""
    if isinstance(value, float):
        raise TypeError("Money must be passed as a Decimal, never a float")
    if value is None or value == "":
        raise ValidationError("Enter the value in pounds")
    try:
        value = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError("Enter the value in pounds, like 25000 or 1250.50") from None
    if not value.is_finite():
        raise ValidationError("Enter the value in pounds, like 25000 or 1250.50")
    if value < 0:
        raise ValidationError("The value must be £0 or more")
    if value > MAX_VALUE:
        raise ValidationError("The value must be £1,000,000,000 (£1bn) or less")
    if value != value.quantize(PENNY):
        raise ValidationError("Enter the value to the nearest penny: no more than 2 decimal places")
    return value.quantize(PENNY)


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _year_error(fund, year):
    years = fund.years
    if year not in years:
        return (f"Choose a financial year the fund covers: {fund.period_label}"
                if years else "The fund's dates do not cover any financial year")
    return None


def fund_errors(fund):
    errors = {}
    if fund.start_date and fund.end_date:
        if fund.end_date < fund.start_date:
            errors["end_date"] = "The end date must be the same as or after the start date"
        elif len(FinancialYear.covering(fund.start_date, fund.end_date)) > MAX_YEARS_PER_FUND:
            errors["end_date"] = f"A fund can cover at most {MAX_YEARS_PER_FUND} financial years"
    if fund.host_id and fund.area_id:
        host = fund.host
        if host.area_id != fund.area_id:
            errors["host"] = "Choose a host from this area's partners"
        elif fund.legal_basis:
            verdict = eligibility(fund=fund, partner=host)
            if not verdict.allowed:
                errors["host"] = "The host must be able to take part. " + verdict.message
    if fund.pk and not errors.get("end_date") and fund.start_date and fund.end_date:
        years = set(fund.years)
        used = set(fund.contributions.values_list("year", flat=True)) | set(fund.spend.values_list("year", flat=True))
        outside = sorted(used - years)
        if outside:
            labels = ", ".join(FinancialYear.label(y) for y in outside)
            errors["end_date"] = (f"Figures are recorded for {labels}, outside these dates. "
                                  "Change or remove those figures first")
    _raise(errors)


def contribution_errors(contribution):
    from pooling.models import Contribution

    c = contribution
    errors = {}
    fund = c.fund
    if c.partner_id:
        partner = c.partner
        if partner.area_id != fund.area_id:
            # never say more about another area's partner than that it is not ours
            errors["partner"] = "Choose a partner from this area's children's trust"
        else:
            verdict = eligibility(fund=fund, partner=partner)
            if not verdict.allowed:
                errors["partner"] = verdict.message
    if c.year is not None and (error := _year_error(fund, c.year)):
        errors["year"] = error
    if c.kind and c.kind != Contribution.Kind.CASH and not (c.description or "").strip():
        errors["description"] = f"Describe the {c.get_kind_display().lower()} given and how it is valued"
    if not errors and c.partner_id:
        clash = Contribution.objects.filter(fund=fund, partner_id=c.partner_id, year=c.year, kind=c.kind,
                                            stage=c.stage).exclude(pk=c.pk)
        if clash.exists():
            errors["__all__"] = (
                f"There is already a {c.get_stage_display().lower()} {c.get_kind_display().lower()} contribution "
                f"from {c.partner.name} for {FinancialYear.label(c.year)}. Change that entry instead of adding another"
            )
    _raise(errors)


def spend_errors(spend):
    from pooling.models import Spend

    s = spend
    errors = {}
    if s.year is not None and (error := _year_error(s.fund, s.year)):
        errors["year"] = error
    if not errors:
        clash = Spend.objects.filter(fund=s.fund, year=s.year, stage=s.stage, outcome=s.outcome,
                                     service_area=s.service_area).exclude(pk=s.pk)
        if clash.exists():
            errors["__all__"] = (
                f"There is already {s.get_stage_display().lower()} spend on {s.get_outcome_display().lower()} "
                f"({s.get_service_area_display().lower()}) for {FinancialYear.label(s.year)}. "
                "Change that entry instead of adding another"
            )
    _raise(errors)
