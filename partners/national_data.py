"""The partners' share of the generated national data (see ``trusts.national_data``): each
area's register, about 40,000 partners, with the real councils, police, health and
probation bodies of 2008 and generated schools (25,000), GP practices, children's
centres, voluntary and private providers; and the contacts who sign in for them.

Identifiers and phases follow the register's own rules (``partners.law``: which
identifier a type has; ``Partner.Phase``), so every generated partner would pass
``Partner.clean()``.
"""
import random
import re
from collections import defaultdict
from datetime import timedelta

from partners import law
from partners.models import Partner, PartnerContact
from trusts.models import AuthorityType, Membership, Region, User
from trusts.national_data import (
    EE,
    EM,
    LDN,
    NE,
    NW,
    PLACE_HEADS,
    SE,
    SURNAMES,
    SW,
    WM,
    YH,
    AppPart,
    at,
)

CITIES = {"Manchester", "Liverpool", "Leeds", "Sheffield", "Birmingham", "Bradford", "Coventry", "Newcastle upon Tyne",
          "Sunderland", "Salford", "Wakefield", "Wolverhampton", "Kingston upon Hull", "York", "Derby", "Leicester",
          "Nottingham", "Stoke-on-Trent", "Bristol", "Plymouth", "Peterborough", "Portsmouth", "Southampton"}
# SHAs of 2008 (name, ODS code); the South East had two
SHAS = {NE: ("NHS North East", "Q30"), NW: ("NHS North West", "Q31"), YH: ("NHS Yorkshire and the Humber", "Q32"),
        EM: ("NHS East Midlands", "Q33"), WM: ("NHS West Midlands", "Q34"), EE: ("NHS East of England", "Q35"),
        LDN: ("NHS London", "Q36"), SE: ("NHS South East Coast", "Q37"), SW: ("NHS South West", "Q39")}
SOUTH_CENTRAL = ("NHS South Central", "Q38")
GP_LETTERS = {NE: "A", NW: "P", YH: "B", EM: "C", WM: "M", EE: "D", LDN: "F", SE: "G", SW: "L"}
SAINTS = ("St Mary's|St John's|St Peter's|St Paul's|St Andrew's|St Michael's|All Saints|Holy Trinity|St George's|"
          "St Margaret's|Christ Church|St James'|St Nicholas|St Luke's|St Mark's|St Matthew's|St Bartholomew's|"
          "St Lawrence|St Helen's|St Chad's").split("|")
CATHOLIC_SAINTS = ("St Joseph's|St Anne's|Our Lady's|St Thomas More|St Augustine's|St Bede's|St Edmund's|St Francis|"
                   "Sacred Heart|St Teresa's|St Patrick's|Holy Family|St Bernadette's|English Martyrs|St Gregory's").split("|")
PRIMARY_PHASES = ("Primary School", "Primary School", "Primary School", "Infant School", "Junior School",
                  "Community Primary School", "Infant and Nursery School")
SECONDARY_PHASES = ("High School", "School", "Community College", "Secondary School", "Technology College",
                    "Sports College", "School and Sixth Form")

# (org_type, weight) of the 25,000 schools and academies
SCHOOL_MIX = (
    ("school_community", 380), ("school_voluntary_aided", 130), ("school_voluntary_controlled", 110),
    ("school_foundation", 70), ("school_community_special", 35), ("school_foundation_special", 5),
    ("school_nursery", 20), ("academy", 160), ("ctc", 2), ("independent_school", 70), ("non_maintained_special", 8),
    ("pru", 15), ("sixth_form_college", 4), ("fe_college", 8),
)
SCHOOLS_PER_WEIGHT = 132  # x area weight: about 25,000 in all
OTHER_PER_WEIGHT = (("gp_practice", 29), ("childrens_centre", 15), ("vcs", 13), ("private_provider", 6))


def council_name(info):
    if info.kind == AuthorityType.COUNTY:
        return f"{info.name} County Council"
    if info.kind == AuthorityType.LONDON:
        return {"City of London": "City of London Corporation", "Westminster": "Westminster City Council",
                "Kensington and Chelsea": "Royal Borough of Kensington and Chelsea",
                "Kingston upon Thames": "Royal Borough of Kingston upon Thames"}.get(info.name,
                                                                                     f"London Borough of {info.name}")
    if info.name in CITIES:
        return f"{info.name} City Council"
    if info.kind == AuthorityType.METROPOLITAN:
        return f"{info.name} Metropolitan Borough Council"
    return f"{info.name} Council"


def district_name(name, rng):
    if name.endswith(" City"):
        return f"{name[:-5]} City Council"
    return f"{name} {'Borough' if rng.random() < 0.45 else 'District'} Council"


class Part(AppPart):
    def make(self):
        # identifiers are national: counted up from here across the areas
        self._urn, self._cc_urn, self._ukprn, self._gp = 100000, 20000, 10000000, 81000
        self.make_partners()
        self.make_contacts()

    def make_partners(self):
        rng = self.rng
        self.partners_by_area = {}
        created = at(self.window_start - timedelta(days=200), 9)
        everything = []
        for info, area in zip(self.infos, self.trusts):
            rows = []

            def add(org_type, name, area=area, rows=rows, **extra):  # bound: called in this iteration only
                partner = Partner(area=area, name=name[:200], org_type=org_type, created_at=created, **extra)
                rows.append(partner)
                return partner

            council = council_name(info)
            add("local_authority", council)
            for district in info.districts:
                add("district_council", district_name(district, rng))
            force = info.force
            force_area = re.sub(r" (Police|Constabulary)$", "", force)
            add("police_authority", "Metropolitan Police Authority" if force == "Metropolitan Police"
                else f"{force_area} Police Authority")
            add("chief_officer_police", "Commissioner of Police of the Metropolis" if force == "Metropolitan Police"
                else f"Chief Constable of {force}")
            sha_name, sha_code = SHAS[info.region]
            if force in ("Thames Valley Police", "Hampshire Constabulary"):
                sha_name, sha_code = SOUTH_CENTRAL
            add("sha", sha_name, ods_code=sha_code)
            index = len(self.partners_by_area)
            chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
            add("pct", rng.choice([f"NHS {info.name}", f"{info.name} Primary Care Trust"]),
                ods_code="5" + chars[index // len(chars)] + chars[index % len(chars)])
            add("probation", "London Probation Trust" if info.region == LDN else f"{force_area} Probation Trust")
            add("yot", f"{info.name} Youth Offending {rng.choice(['Team', 'Service'])}")
            add("connexions", f"Connexions {info.name}")
            add("lsc", f"Learning and Skills Council, {Region(info.region).label}")
            add("jobcentre_plus", f"Jobcentre Plus, {info.name} district")
            add("schools_forum", f"{info.name} Schools Forum")
            n_schools = max(1, round(SCHOOLS_PER_WEIGHT * info.weight * rng.uniform(0.85, 1.15) * self.scale))
            types, weights = zip(*SCHOOL_MIX)
            for org_type in rng.choices(types, weights, k=n_schools):
                name = self.school_name(org_type)
                add(org_type, name, phase=self.school_phase(org_type, name), **self.school_ids(org_type))
            for org_type, per in OTHER_PER_WEIGHT:
                for _ in range(max(1, round(per * info.weight * rng.uniform(0.8, 1.2) * self.scale))):
                    add(org_type, self.other_name(org_type, info), **self.other_ids(org_type, info))
            for partner in rows:
                self.engage(partner)
            self.partners_by_area[area.pk] = rows
            everything.extend(rows)
        self.insert(Partner, everything)
        self.by_type = {pk: defaultdict(list) for pk in self.partners_by_area}
        for pk, rows in self.partners_by_area.items():
            for p in rows:
                self.by_type[pk][p.org_type].append(p)

    def school_name(self, org_type):
        rng, place = self.rng, self.place()
        if org_type in ("school_community", "school_foundation"):
            return f"{place} {rng.choice(PRIMARY_PHASES if rng.random() < 0.8 else SECONDARY_PHASES)}"
        if org_type == "school_voluntary_aided":
            if rng.random() < 0.6:
                return f"{rng.choice(CATHOLIC_SAINTS)} Catholic {rng.choice(PRIMARY_PHASES)}"
            return f"{rng.choice(SAINTS)} Church of England {rng.choice(PRIMARY_PHASES)}"
        if org_type == "school_voluntary_controlled":
            return f"{place} {rng.choice(['CofE', 'Church of England', 'C of E'])} {rng.choice(PRIMARY_PHASES)}"
        if org_type in ("school_community_special", "school_foundation_special", "non_maintained_special"):
            return f"{place} {rng.choice(['School', 'Special School', 'School (special)', 'House School'])}"
        if org_type == "school_nursery":
            return f"{place} Nursery School"
        if org_type == "academy":
            return f"{place} {rng.choice(['Academy', 'Academy', 'Free School', 'Community Academy', 'Primary Academy'])}"
        if org_type == "ctc":
            return f"{place} City Technology College"
        if org_type == "independent_school":
            return f"{place} {rng.choice(['Preparatory School', 'School', 'House School', 'College'])}"
        if org_type == "pru":
            return f"{place} {rng.choice(['Pupil Referral Unit', 'Short Stay School', 'Learning Centre'])}"
        if org_type == "sixth_form_college":
            return f"{place} Sixth Form College"
        return f"{place} College"

    def school_phase(self, org_type, name):
        """A plausible GIAS phase of education, from the name where it says (an infant or
        junior school is primary, a high school secondary). Drawn from its own generator,
        seeded from the seed, so the main sequence (and every other value) is unchanged."""
        if not hasattr(self, "_phase_rng"):
            self._phase_rng = random.Random(f"phase-{self.seed}")
        rng, Phase = self._phase_rng, Partner.Phase
        if org_type in ("sixth_form_college", "fe_college"):
            return Phase.SIXTEEN_PLUS
        if org_type == "school_nursery":
            return Phase.NURSERY
        if org_type in ("school_community_special", "school_foundation_special", "non_maintained_special",
                        "pru", "independent_school"):
            return Phase.NOT_APPLICABLE if rng.random() < 0.9 else Phase.ALL_THROUGH
        if org_type == "ctc":
            return Phase.SECONDARY
        if any(name.endswith(" " + ending) for ending in PRIMARY_PHASES) or name.endswith("Primary Academy"):
            return Phase.MIDDLE_PRIMARY if rng.random() < 0.03 else Phase.PRIMARY
        if org_type == "academy":
            # in the generated areas academies are mostly primary converters or secondary schools
            return rng.choices([Phase.PRIMARY, Phase.SECONDARY, Phase.ALL_THROUGH, Phase.SIXTEEN_PLUS],
                               [55, 38, 5, 2])[0]
        # a community or foundation school named as a secondary school
        return rng.choices([Phase.SECONDARY, Phase.MIDDLE_SECONDARY, Phase.ALL_THROUGH], [90, 6, 4])[0]

    def school_ids(self, org_type):
        info = law.ORG_TYPES_BY_CODE[org_type]
        if info.identifier == "ukprn":
            self._ukprn += self.rng.randint(1, 40)
            return {"ukprn": str(self._ukprn)}
        self._urn += self.rng.randint(1, 3)  # URNs are national: unique in the area too
        extra = {"urn": str(self._urn)}
        if org_type == "academy":
            extra["academy_funding_agreement"] = self.rng.random() < 0.7
        return extra

    def other_name(self, org_type, info):
        rng, place = self.rng, self.place()
        if org_type == "gp_practice":
            return rng.choice([f"{place} Surgery", f"{place} Medical Centre", f"{place} Health Centre",
                               f"The {place} Practice", f"Dr {rng.choice(SURNAMES)} and Partners"])
        if org_type == "childrens_centre":
            return rng.choice([f"{place} Sure Start Children's Centre", f"{place} Children's Centre"])
        if org_type == "vcs":
            return rng.choice([f"Home-Start {place}", f"{place} Youth Project", f"{info.name} Young Carers",
                               f"{info.name} Council for Voluntary Service", f"Barnardo's {place} project",
                               f"Action for Children, {place}", f"{place} Community Association",
                               f"{info.name} Parent Carer Forum", f"{place} Scouts and Guides"])
        return rng.choice([f"{place} Day Nursery", f"Little {rng.choice(PLACE_HEADS)} Nursery Ltd",
                           f"{place} Fostering Services Ltd", f"{place} Childcare Ltd", f"{place} Out of School Club"])

    def other_ids(self, org_type, info):
        if org_type == "gp_practice":
            self._gp += self.rng.randint(1, 2)
            return {"ods_code": f"{GP_LETTERS[info.region]}{self._gp:05d}"}
        if org_type == "childrens_centre":
            self._cc_urn += self.rng.randint(1, 3)
            return {"urn": str(self._cc_urn)}
        return {}

    def engage(self, partner):
        rng, kind = self.rng, law.ORG_TYPES_BY_CODE[partner.org_type].kind
        if kind in (law.Kind.STATUTORY, law.Kind.AUTHORITY) or partner.org_type in ("pct", "sha", "schools_forum"):
            weights = (5, 20, 73, 2)
        elif kind in (law.Kind.MAINTAINED_SCHOOL, law.Kind.EDUCATION):
            weights = (25, 35, 35, 5)
        else:
            weights = (40, 45, 10, 5)
        state = rng.choices(list(Partner.Engagement), weights)[0]
        partner.engagement = state
        if state == Partner.Engagement.SIGNED or (state == Partner.Engagement.WITHDRAWN and rng.random() < 0.5):
            partner.agreement_signed_on = self.day_between(self.window_start - timedelta(days=700),
                                                           self.today - timedelta(days=30))
        if rng.random() < 0.55:
            name = self.person_name()
            partner.lead_contact_name = name
            partner.lead_contact_email = self.email_for(name, "partners.example.org")

    # -- contacts -----------------------------------------------------------------------------

    def make_contacts(self):
        """Contacts who sign in for their organisation, and the lead contacts they become."""
        rng = self.rng
        contacts = []
        # partner contacts: most statutory partners and colleges, a few schools
        for area in self.trusts:
            for partner in self.partners_by_area[area.pk]:
                kind = law.ORG_TYPES_BY_CODE[partner.org_type].kind
                chance = 0.75 if kind in (law.Kind.STATUTORY, law.Kind.HEALTH) and partner.org_type != "gp_practice" \
                    else 0.6 if partner.org_type in ("fe_college", "sixth_form_college") else 0.05
                if partner.org_type == "local_authority" or rng.random() >= chance:
                    continue
                name = self.person_name()
                user = self.new_user(name=name, role=User.Role.PARTNER_CONTACT, domain="contacts.example.org",
                                     job_title=rng.choice(["Head of partnerships", "Headteacher", "Director",
                                                           "Service manager", "Business manager"]))
                partner.lead_contact_name, partner.lead_contact_email = name, user.email
                contacts.append((partner, user, area))
        self.flush_users()
        self.contacts_by_partner = defaultdict(list)
        for partner, user, _area in contacts:
            self.contacts_by_partner[partner.pk].append(user)
        # the lead contact names changed above: written once, here
        Partner.objects.bulk_update([p for p, _u, _t in contacts], ["lead_contact_name", "lead_contact_email"],
                                    batch_size=self.batch)
        self.insert(PartnerContact, [PartnerContact(partner=p, user=u, created_at=at(self.window_start, 9))
                                     for p, u, _t in contacts])
        self.insert(Membership, [Membership(user=u, area=t, role=User.Role.PARTNER_CONTACT,
                                            created_at=at(self.window_start, 9)) for _p, u, t in contacts])
