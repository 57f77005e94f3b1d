"""Demo pooled budgets for Cambridgeshire (873): a s10 early intervention fund hosted by
the county with contributions from the PCT, the police and district councils over
2008-09 to 2010-11 and spend by outcome, and a s75 child health arrangement with the PCT.

Idempotent: figures are keyed on their unique entry and updated in place. Partners come
from the partners app's demo when it has run; the few needed are created otherwise.
"""
from datetime import date
from decimal import Decimal

from partners.models import Partner
from pooling.models import ECM_OUTCOMES, Contribution, PooledFund, ServiceArea, Spend, Stage
from trusts.models import Trust

# (org_type, name used if the partners demo has not made one of that type)
NEEDED = {
    "county": ("local_authority", "Cambridgeshire County Council"),
    "pct": ("pct", "NHS Cambridgeshire"),
    "police": ("chief_officer_police", "Cambridgeshire Constabulary"),
    "city": ("district_council", "Cambridge City Council"),
    "hunts": ("district_council", "Huntingdonshire District Council"),
}
YEARS = (2008, 2009, 2010)


def _partner(trust, org_type, name, taken):
    existing = (Partner.objects.filter(trust=trust, org_type=org_type).exclude(pk__in=taken)
                .order_by("name").first())
    if existing:
        return existing
    partner, _ = Partner.objects.get_or_create(trust=trust, name=name, defaults={"org_type": org_type,
                                                                              "engagement": "engaged"})
    return partner


def _figure(model, keys, value, description=""):
    obj, created = model.objects.get_or_create(**keys, defaults={"value": value, "description": description})
    if not created and (obj.value != value or obj.description != description):
        obj.value, obj.description = value, description
        obj.save(update_fields=["value", "description", "updated_at"])


def seed(stdout):
    trust = Trust.objects.filter(la_code="873").first()
    if trust is None:
        stdout.write("pooling: Cambridgeshire (873) is missing, no pooled budgets seeded")
        return
    taken, partners = [], {}
    for key, (org_type, name) in NEEDED.items():
        partners[key] = _partner(trust, org_type, name, taken)
        taken.append(partners[key].pk)

    early, _ = PooledFund.objects.get_or_create(
        trust=trust, name="Early intervention pooled fund",
        defaults=dict(
            purpose="Locality teams for early identification and early intervention with families, "
                    "through children's centres, extended schools and targeted youth support.",
            legal_basis=PooledFund.LegalBasis.S10, host=partners["county"],
            start_date=date(2008, 4, 1), end_date=date(2011, 3, 31), status=PooledFund.Status.ACTIVE,
        ),
    )
    cash = Contribution.Kind.CASH
    plan = {
        "county": Decimal("850000.00"), "pct": Decimal("420000.00"), "police": Decimal("95000.00"),
        "city": Decimal("60000.00"), "hunts": Decimal("45000.00"),
    }
    for i, year in enumerate(YEARS):
        growth = Decimal("1.00") + Decimal("0.03") * i
        for key, base in plan.items():
            planned = (base * growth).quantize(Decimal("0.01"))
            keys = dict(fund=early, partner=partners[key], year=year, kind=cash)
            _figure(Contribution, {**keys, "stage": Stage.PLANNED}, planned)
            if year < 2010:
                _figure(Contribution, {**keys, "stage": Stage.ACTUAL}, (planned * Decimal("0.97")).quantize(
                    Decimal("0.01")))
        _figure(Contribution, dict(fund=early, partner=partners["police"], year=year,
                                   kind=Contribution.Kind.STAFF, stage=Stage.PLANNED),
                Decimal("38000.00"), "One police officer seconded half-time to the locality teams")
        spend = [
            (ECM_OUTCOMES.BE_HEALTHY, ServiceArea.CHILD_HEALTH, Decimal("420000.00")),
            (ECM_OUTCOMES.STAY_SAFE, ServiceArea.EARLY_INTERVENTION, Decimal("510000.00")),
            (ECM_OUTCOMES.ENJOY_ACHIEVE, ServiceArea.EARLY_INTERVENTION, Decimal("260000.00")),
            (ECM_OUTCOMES.POSITIVE_CONTRIBUTION, ServiceArea.YOUTH_OFFENDING, Decimal("180000.00")),
            (ECM_OUTCOMES.ECONOMIC_WELLBEING, ServiceArea.OTHER, Decimal("90000.00")),
        ]
        for outcome, area, base in spend:
            planned = (base * growth).quantize(Decimal("0.01"))
            keys = dict(fund=early, year=year, outcome=outcome, service_area=area)
            _figure(Spend, {**keys, "stage": Stage.PLANNED}, planned)
            if year < 2010:
                _figure(Spend, {**keys, "stage": Stage.ACTUAL}, (planned * Decimal("0.95")).quantize(Decimal("0.01")))

    health, _ = PooledFund.objects.get_or_create(
        trust=trust, name="Child health partnership (section 75)",
        defaults=dict(
            purpose="Integrated community child health services and support for children's centres, "
                    "commissioned jointly by the county and the PCT.",
            legal_basis=PooledFund.LegalBasis.S75, host=partners["pct"],
            start_date=date(2009, 4, 1), end_date=date(2011, 3, 31), status=PooledFund.Status.ACTIVE,
        ),
    )
    for year in (2009, 2010):
        for key, value in (("pct", Decimal("1200000.00")), ("county", Decimal("400000.00"))):
            _figure(Contribution, dict(fund=health, partner=partners[key], year=year, kind=cash,
                                       stage=Stage.PLANNED), value)
        _figure(Spend, dict(fund=health, year=year, stage=Stage.PLANNED, outcome=ECM_OUTCOMES.BE_HEALTHY,
                            service_area=ServiceArea.CHILD_HEALTH), Decimal("1600000.00"))
    stdout.write(f"pooling: {PooledFund.objects.filter(trust=trust).count()} pooled funds for {trust.name}")
