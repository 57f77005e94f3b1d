"""Demo pooled budgets for Cambridgeshire (873): a s10 early intervention fund hosted by
the county with contributions from the PCT, the police, the youth offending service,
Connexions and district councils over the last two financial years and this one, with
spend by outcome, and a s75 child health arrangement with the PCT. Every partner the demo
plan names as responsible for an action contributes, so the plan's spend statement
(which comes from pooling) has a figure for each (para 36 item 7).

Dates are relative to today: the early intervention fund started on 1 April two financial
years ago, the s75 arrangement a year later; both run to the end of this financial year.
The years of the figures are read from the fund's stored start date, so running the seed
again on a later day adds nothing.

Idempotent: figures are keyed on their unique entry and updated in place. Partners come
from the partners app's demo when it has run; the few needed are created otherwise.
"""
from datetime import date
from decimal import Decimal

from django.utils import timezone

from partners.models import Partner
from pooling.models import Contribution, Outcome, PooledFund, ServiceArea, Spend, Stage
from trusts.models import Area

# (org_type, name used if the partners demo has not made one of that type)
NEEDED = {
    "county": ("local_authority", "Cambridgeshire County Council"),
    "pct": ("pct", "NHS Cambridgeshire"),
    "police": ("chief_officer_police", "Cambridgeshire Constabulary"),
    "city": ("district_council", "Cambridge City Council"),
    "hunts": ("district_council", "Huntingdonshire District Council"),
    "yot": ("yot", "Cambridgeshire Youth Offending Service"),
    "connexions": ("connexions", "Connexions Cambridgeshire and Peterborough"),
}


def financial_year(day):
    """The financial year a day falls in, by the year it starts (2026 is 2026-27)."""
    return day.year if day.month >= 4 else day.year - 1


def _partner(area, org_type, name, taken):
    existing = (Partner.objects.filter(area=area, org_type=org_type).exclude(pk__in=taken)
                .order_by("name").first())
    if existing:
        return existing
    partner, _ = Partner.objects.get_or_create(area=area, name=name, defaults={"org_type": org_type,
                                                                              "engagement": "engaged"})
    return partner


def _figure(model, keys, value, description=""):
    obj, created = model.objects.get_or_create(**keys, defaults={"value": value, "description": description})
    if not created and (obj.value != value or obj.description != description):
        obj.value, obj.description = value, description
        obj.save(update_fields=["value", "description", "updated_at"])


def seed(stdout):
    area = Area.objects.filter(la_code="873").first()
    if area is None:
        stdout.write("pooling: Cambridgeshire (873) is missing, no pooled budgets seeded")
        return
    taken, partners = [], {}
    for key, (org_type, name) in NEEDED.items():
        partners[key] = _partner(area, org_type, name, taken)
        taken.append(partners[key].pk)

    this_year = financial_year(timezone.localdate())
    early, _ = PooledFund.objects.get_or_create(
        area=area, name="Early intervention pooled fund",
        defaults={
            "purpose": "Locality teams for early identification and early intervention with families, "
                    "through children's centres, extended schools and targeted youth support.",
            "legal_basis": PooledFund.LegalBasis.S10, "host": partners["county"],
            "start_date": date(this_year - 2, 4, 1), "end_date": date(this_year + 1, 3, 31),
            "status": PooledFund.Status.ACTIVE,
        },
    )
    # the fund's three years, from its stored start: the same rows whatever day the seed runs again
    first = early.start_date.year
    years = (first, first + 1, first + 2)
    cash = Contribution.Kind.CASH
    plan = {
        "county": Decimal("850000.00"), "pct": Decimal("420000.00"), "police": Decimal("95000.00"),
        "city": Decimal("60000.00"), "hunts": Decimal("45000.00"), "yot": Decimal("70000.00"),
        "connexions": Decimal("55000.00"),
    }
    for i, year in enumerate(years):
        growth = Decimal("1.00") + Decimal("0.03") * i
        for key, base in plan.items():
            planned = (base * growth).quantize(Decimal("0.01"))
            keys = {"fund": early, "partner": partners[key], "year": year, "kind": cash}
            _figure(Contribution, {**keys, "stage": Stage.PLANNED}, planned)
            if year < years[-1]:  # the years that have ended have their actual figures
                _figure(Contribution, {**keys, "stage": Stage.ACTUAL}, (planned * Decimal("0.97")).quantize(
                    Decimal("0.01")))
        _figure(Contribution, {"fund": early, "partner": partners["police"], "year": year,
                                   "kind": Contribution.Kind.STAFF, "stage": Stage.PLANNED},
                Decimal("38000.00"), "One police officer seconded half-time to the locality teams")
        spend = [
            (Outcome.BE_HEALTHY, ServiceArea.CHILD_HEALTH, Decimal("420000.00")),
            (Outcome.STAY_SAFE, ServiceArea.EARLY_INTERVENTION, Decimal("510000.00")),
            (Outcome.ENJOY_ACHIEVE, ServiceArea.EARLY_INTERVENTION, Decimal("260000.00")),
            (Outcome.POSITIVE_CONTRIBUTION, ServiceArea.YOUTH_OFFENDING, Decimal("180000.00")),
            (Outcome.ECONOMIC_WELLBEING, ServiceArea.OTHER, Decimal("90000.00")),
        ]
        for outcome, service_area, base in spend:
            planned = (base * growth).quantize(Decimal("0.01"))
            keys = {"fund": early, "year": year, "outcome": outcome, "service_area": service_area}
            _figure(Spend, {**keys, "stage": Stage.PLANNED}, planned)
            if year < years[-1]:
                _figure(Spend, {**keys, "stage": Stage.ACTUAL}, (planned * Decimal("0.95")).quantize(Decimal("0.01")))

    health, _ = PooledFund.objects.get_or_create(
        area=area, name="Child health partnership (section 75)",
        defaults={
            "purpose": "Integrated community child health services and support for children's centres, "
                    "commissioned jointly by the county and the PCT.",
            "legal_basis": PooledFund.LegalBasis.S75, "host": partners["pct"],
            "start_date": date(this_year - 1, 4, 1), "end_date": date(this_year + 1, 3, 31),
            "status": PooledFund.Status.ACTIVE,
        },
    )
    for year in (health.start_date.year, health.start_date.year + 1):
        for key, value in (("pct", Decimal("1200000.00")), ("county", Decimal("400000.00"))):
            _figure(Contribution, {"fund": health, "partner": partners[key], "year": year, "kind": cash,
                                       "stage": Stage.PLANNED}, value)
        _figure(Spend, {"fund": health, "year": year, "stage": Stage.PLANNED, "outcome": Outcome.BE_HEALTHY,
                            "service_area": ServiceArea.CHILD_HEALTH}, Decimal("1600000.00"))
    stdout.write(f"pooling: {PooledFund.objects.filter(area=area).count()} pooled funds for {area.name}")
