"""Every write to pooled budgets: one transaction, the rules checked, history kept.

Each service takes keyword arguments and the ``actor``, and asks
``pooling.permissions.policy`` before it writes (only the area's officers change pooled
budgets); simple_history records who changed what (before and after) on every save.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pooling import rules
from pooling.models import Contribution, PooledFund, Spend
from pooling.permissions import policy
from trusts.audit import audited
from trusts.validators import validate_visible_text

FUND_FIELDS = ("name", "purpose", "legal_basis", "host", "start_date", "end_date", "status")


def _save(obj, actor, error_message):
    audited(obj, actor)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        # a concurrent double entry got there first: the database constraint holds
        raise ValidationError({"__all__": error_message}) from None
    return obj


def _with_value(errors, value):
    try:
        return rules.parse_value(value), errors
    except ValidationError as exc:
        return None, {**errors, "value": exc.messages[0]}


@transaction.atomic
def fund_create(*, area, actor, name, purpose, legal_basis, host, start_date, end_date,
                status=PooledFund.Status.PROPOSED):
    policy.require(actor, "edit", area)
    fund = PooledFund(area=area, name=name.strip(), purpose=purpose.strip(), legal_basis=legal_basis, host=host,
                      start_date=start_date, end_date=end_date, status=status)
    _check_fund_name(fund)
    rules.fund_errors(fund)
    return _save(fund, actor, f"There is already a fund called {fund.name} in this area")


@transaction.atomic
def fund_update(*, fund, actor, **changes):
    fund = PooledFund.objects.select_for_update().get(pk=fund.pk)
    policy.require(actor, "edit", fund)
    for field, value in changes.items():
        if field not in FUND_FIELDS:
            raise TypeError(f"fund_update() cannot change {field}")
        setattr(fund, field, value.strip() if isinstance(value, str) and field in ("name", "purpose") else value)
    _check_fund_name(fund)
    rules.fund_errors(fund)
    return _save(fund, actor, f"There is already a fund called {fund.name} in this area")


def _check_fund_name(fund):
    try:
        validate_visible_text(fund.name)
    except ValidationError as exc:
        raise ValidationError({"name": exc.messages}) from None
    if PooledFund.objects.filter(area_id=fund.area_id, name__iexact=fund.name).exclude(pk=fund.pk).exists():
        raise ValidationError({"name": f"There is already a fund called {fund.name} in this area"})


@transaction.atomic
def contribution_create(*, fund, actor, partner, year, value, kind=Contribution.Kind.CASH,
                        stage=Contribution._meta.get_field("stage").default, description=""):
    policy.require(actor, "edit", fund)
    value, errors = _with_value({}, value)
    contribution = Contribution(fund=fund, partner=partner, year=year, kind=kind, stage=stage, value=value,
                                description=(description or "").strip())
    try:
        rules.contribution_errors(contribution)
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    return _save(contribution, actor, "That contribution has just been recorded by someone else")


@transaction.atomic
def contribution_update(*, contribution, actor, value, description=""):
    """Change a contribution's figure or description; the history keeps before and after."""
    contribution = Contribution.objects.select_for_update().select_related("fund", "partner").get(pk=contribution.pk)
    policy.require(actor, "edit", contribution)
    value, errors = _with_value({}, value)
    contribution.value = value
    contribution.description = (description or "").strip()
    try:
        rules.contribution_errors(contribution)
    except ValidationError as exc:
        # a framework change may have made the partner ineligible since: the figure can still be corrected
        errors = {**{k: v for k, v in exc.message_dict.items() if k != "partner"}, **errors}
    if errors:
        raise ValidationError(errors)
    return _save(contribution, actor, "That contribution was changed by someone else: try again")


@transaction.atomic
def spend_create(*, fund, actor, year, outcome, service_area, value, stage=Spend._meta.get_field("stage").default,
                 description=""):
    policy.require(actor, "edit", fund)
    value, errors = _with_value({}, value)
    spend = Spend(fund=fund, year=year, stage=stage, outcome=outcome, service_area=service_area, value=value,
                  description=(description or "").strip())
    try:
        rules.spend_errors(spend)
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    return _save(spend, actor, "That spend has just been recorded by someone else")


@transaction.atomic
def spend_update(*, spend, actor, value, description=""):
    spend = Spend.objects.select_for_update().select_related("fund").get(pk=spend.pk)
    policy.require(actor, "edit", spend)
    value, errors = _with_value({}, value)
    spend.value = value
    spend.description = (description or "").strip()
    if errors:
        raise ValidationError(errors)
    return _save(spend, actor, "That spend was changed by someone else: try again")
