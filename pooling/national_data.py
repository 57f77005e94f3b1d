"""The pooling share of the generated national data (see ``trusts.national_data``): one to
three pooled funds per area (section 10 pooled funds and section 75 arrangements) over
three financial years, each partner's planned and actual contributions (cash and in
kind) and the spend by outcome and service area.

Who may take part is asked of ``pooling.rules.eligibility`` under the area's framework, as
the services and forms ask it; years are ``pooling.years`` financial years; money is to
the penny, and the spend shares out 98% of what came in with whole-number weights.
"""
from datetime import date
from decimal import Decimal

from pooling.models import Contribution, Outcome, PooledFund, ServiceArea, Spend, Stage
from pooling.rules import PENNY, eligibility
from pooling.years import fy_for
from trusts.national_data import AppPart, at, money

FUNDS = [  # (name, basis, host type, contributor types, purpose, spend areas by outcome)
    ("Early intervention and prevention pooled fund", PooledFund.LegalBasis.S10, "local_authority",
     ("local_authority", "pct", "chief_officer_police", "district_council", "school_community"),
     "Locality teams for early identification and early intervention with families, through children's centres, "
     "extended schools and targeted youth support."),
    ("Child and adolescent mental health services (section 75)", PooledFund.LegalBasis.S75, "pct",
     ("local_authority", "pct"),
     "A single CAMHS service commissioned jointly by the council and the PCT, with one point of access."),
    ("Youth crime prevention pooled budget", PooledFund.LegalBasis.S10, "local_authority",
     ("local_authority", "chief_officer_police", "probation", "pct", "police_authority"),
     "Youth inclusion and support panels and the prevention work of the Youth Offending Team."),
    ("Short breaks for disabled children (section 75)", PooledFund.LegalBasis.S75, "local_authority",
     ("local_authority", "pct"), "Short breaks and family support for disabled children and their families."),
]
SPEND_AREAS = {
    Outcome.BE_HEALTHY: (ServiceArea.CHILD_HEALTH,),
    Outcome.STAY_SAFE: (ServiceArea.EARLY_INTERVENTION, ServiceArea.OTHER),
    Outcome.ENJOY_ACHIEVE: (ServiceArea.EARLY_INTERVENTION,),
    Outcome.POSITIVE_CONTRIBUTION: (ServiceArea.YOUTH_OFFENDING,),
    Outcome.ECONOMIC_WELLBEING: (ServiceArea.OTHER,),
}
IN_KIND = {
    "chief_officer_police": (Contribution.Kind.STAFF, "One police officer seconded half-time to the locality teams"),
    "local_authority": (Contribution.Kind.ACCOMMODATION, "Office space in the children's centres, at market rent"),
    "pct": (Contribution.Kind.STAFF, "Two school nurses seconded full-time, at salary cost"),
}


class Part(AppPart):
    def make(self):
        self.make_funds()

    def make_funds(self):
        rng = self.rng
        fy = fy_for(self.today)
        years = (fy - 2, fy - 1, fy)
        funds, contributions, spend = [], [], []
        for area in self.trusts:
            code, types = self.framework[area.pk], self.by_type[area.pk]
            for name, basis, host_type, contributor_types, purpose in rng.sample(FUNDS, rng.choice([1, 2, 2, 3])):
                fund = PooledFund(area=area, name=name, purpose=purpose, legal_basis=basis)

                def may(partner, fund=fund, code=code):  # bound: asked for this fund only
                    # the rule the services and forms ask (pooling.rules), under the area's framework
                    return eligibility(fund=fund, partner=partner, framework_code=code).allowed

                if not types[host_type] or not may(types[host_type][0]):
                    continue
                fund.status = rng.choices(list(PooledFund.Status), (8, 85, 7))[0]
                fund.host, fund.start_date = types[host_type][0], date(years[0], 4, 1)
                fund.end_date = date(years[-1] + rng.choice([1, 1, 2]), 3, 31)
                fund.created_at = at(date(years[0], 2, 1), 11)
                status = fund.status
                funds.append(fund)
                parties = [types[t][0] for t in contributor_types if types[t] and may(types[t][0])]
                if "district_council" in contributor_types:
                    parties += [p for p in types["district_council"][1:3] if may(p)]
                totals = {y: {Stage.PLANNED: Decimal("0"), Stage.ACTUAL: Decimal("0")} for y in years}
                for partner in parties:
                    base = {"local_authority": (300000, 2500000), "pct": (150000, 1500000)}.get(
                        partner.org_type, (10000, 150000))
                    value = money(rng, *base)
                    for i, year in enumerate(years):
                        planned = (value * (1 + Decimal(i) * Decimal("0.03"))).quantize(PENNY)
                        rows = [(Contribution.Kind.CASH, Stage.PLANNED, planned, "")]
                        if status != PooledFund.Status.PROPOSED and year < fy:
                            actual = (planned * Decimal(rng.randint(90, 104)) / 100).quantize(PENNY)
                            rows.append((Contribution.Kind.CASH, Stage.ACTUAL, actual, ""))
                        if partner.org_type in IN_KIND and rng.random() < 0.4:
                            kind, text = IN_KIND[partner.org_type]
                            rows.append((kind, Stage.PLANNED, money(rng, 15000, 60000), text))
                        for kind, stage, amount, text in rows:
                            totals[year][stage] += amount
                            contributions.append(Contribution(
                                fund=fund, partner=partner, year=year, kind=kind, stage=stage, value=amount,
                                description=text, created_at=at(date(year, 4, 1) if stage == Stage.PLANNED
                                                                else date(year + 1, 5, 1), 11)))
                for year in years:
                    for stage in (Stage.PLANNED, Stage.ACTUAL):
                        total = totals[year][stage]
                        if not total:
                            continue
                        cells = [(o, a) for o in Outcome for a in SPEND_AREAS[o]]
                        weights = [rng.randint(50, 200) for _ in cells]
                        for (outcome, service_area), w in zip(cells, weights):
                            # 98% of what came in is spent, shared out by outcome (whole-number weights: no floats)
                            amount = (total * 98 * w / (100 * sum(weights))).quantize(PENNY)
                            spend.append(Spend(fund=fund, year=year, stage=stage, outcome=outcome, service_area=service_area,
                                               value=amount, created_at=at(date(year, 4, 1) if stage == Stage.PLANNED
                                                                           else date(year + 1, 5, 1), 12)))
        self.insert(PooledFund, funds)
        self.insert(Contribution, contributions)
        self.insert(Spend, spend)
        self.funds = funds
