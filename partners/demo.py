"""Demo partners for Cambridgeshire (two-tier county) and Peterborough (unitary).

Cambridgeshire is the demo's area at real size: the named partners the tests and the
journeys use, and a register of schools, academies, special and nursery schools and
colleges generated from fixed word lists (no randomness without a fixed seed), so the
area has about 200 relevant partners (ASCL Act 2009 s193), as a real county does.

Idempotent: partners are matched by area and name; the missing ones are added in bulk
(with their history), the named ones are brought back to their demo values. Identifiers
are demo values: URNs of 6 digits, unique in the area.
"""
import datetime
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partners.models import Partner, PartnerContact
from trusts.models import Membership, Area, User

PRIMARY, SECONDARY, NURSERY, NA, SIXTEEN = "primary", "secondary", "nursery", "not_applicable", "16_plus"

CAMBRIDGESHIRE = [
    # (name, org_type, extra fields)
    ("Cambridgeshire County Council Children's Services", "local_authority", {"engagement": "signed"}),
    ("Cambridge City Council", "district_council", {"engagement": "signed"}),
    ("East Cambridgeshire District Council", "district_council", {"engagement": "engaged"}),
    ("Fenland District Council", "district_council", {"engagement": "engaged"}),
    ("Huntingdonshire District Council", "district_council", {"engagement": "signed"}),
    ("South Cambridgeshire District Council", "district_council", {"engagement": "invited"}),
    ("Cambridgeshire Police Authority", "police_authority", {"engagement": "signed"}),
    ("Chief Constable of Cambridgeshire Constabulary", "chief_officer_police", {"engagement": "signed"}),
    ("Cambridgeshire Primary Care Trust", "pct", {"ods_code": "5PP", "engagement": "signed",
                                                 "lead_contact_name": "Mark Wilson",
                                                 "lead_contact_email": "partner.contact@example.org"}),
    ("NHS East of England (Strategic Health Authority)", "sha", {"ods_code": "Q35", "engagement": "engaged"}),
    ("Cambridgeshire and Peterborough Probation Trust", "probation", {"engagement": "signed"}),
    ("Cambridgeshire Youth Offending Service", "yot", {"engagement": "signed"}),
    ("Connexions Cambridgeshire and Peterborough", "connexions", {"engagement": "engaged"}),
    ("Learning and Skills Council, East of England", "lsc", {"engagement": "engaged"}),
    ("Cambridgeshire Schools Forum", "schools_forum", {"engagement": "engaged"}),
    ("Jobcentre Plus, Cambridgeshire", "jobcentre_plus", {"engagement": "invited"}),
    ("Histon and Impington Junior School", "school_community", {"urn": "110626", "engagement": "engaged",
                                                                "phase": PRIMARY}),
    ("Ely St Mary's Church of England Junior School", "school_voluntary_controlled", {"urn": "110776",
                                                                                     "phase": PRIMARY}),
    ("St Laurence Catholic Primary School", "school_voluntary_aided", {"urn": "110849", "engagement": "engaged",
                                                                       "phase": PRIMARY}),
    ("Chesterton Community College", "school_foundation", {"urn": "110903", "engagement": "signed",
                                                           "phase": SECONDARY}),
    ("Witchford Village College", "school_community", {"urn": "110880", "phase": SECONDARY}),
    ("Spinney Primary School", "school_community", {"urn": "110600", "engagement": "engaged", "phase": PRIMARY}),
    ("Granta School", "school_community_special", {"urn": "110954", "engagement": "engaged", "phase": NA}),
    ("Samuel Pepys School", "school_foundation_special", {"urn": "110955", "phase": NA}),
    ("Histon Early Years Centre", "school_nursery", {"urn": "110541", "phase": NURSERY}),
    ("The Harbour School", "pru", {"urn": "131043", "phase": NA}),
    ("Thomas Clarkson Academy", "academy", {"urn": "135872", "academy_funding_agreement": True,
                                            "engagement": "engaged", "phase": SECONDARY}),
    ("Hills Road Sixth Form College", "sixth_form_college", {"ukprn": "10003035", "urn": "130615",
                                                             "engagement": "engaged", "phase": SIXTEEN}),
    ("Cambridge Regional College", "fe_college", {"ukprn": "10001093", "urn": "130616", "phase": SIXTEEN}),
    ("Mill Road Surgery", "gp_practice", {"ods_code": "D81001", "engagement": "invited"}),
    ("Fenland Sure Start Children's Centre", "childrens_centre", {"urn": "20646", "engagement": "engaged"}),
    ("Centre 33 (young people's charity)", "vcs", {"engagement": "engaged"}),
    ("Cambridgeshire Council for Voluntary Service", "vcs", {"engagement": "signed"}),
]
PETERBOROUGH = [
    ("Peterborough City Council Children's Services", "local_authority", {"engagement": "signed"}),
    ("Peterborough Primary Care Trust", "pct", {"ods_code": "5PN", "engagement": "signed"}),
    ("Cambridgeshire Police Authority (Peterborough)", "police_authority", {"engagement": "engaged"}),
    ("Peterborough Youth Offending Service", "yot", {"engagement": "signed"}),
    ("Peterborough Schools Forum", "schools_forum", {"engagement": "engaged"}),
    ("Thomas Deacon Academy", "academy", {"urn": "135584", "phase": SECONDARY}),
    ("Jack Hunt School", "school_foundation", {"urn": "110895", "engagement": "engaged", "phase": SECONDARY}),
    ("Peterborough Regional College", "fe_college", {"ukprn": "10005077", "phase": SIXTEEN}),
    ("Peterborough Council for Voluntary Service", "vcs", {"engagement": "invited"}),
]
PARTNER_CONTACT_EMAIL = "partner.contact@example.org"

# -- the generated register of Cambridgeshire's schools -------------------------------------------
# Villages and towns of the county's five districts, in a fixed order: each gives one primary
# school (a few towns give more), named as Cambridgeshire's schools are.
PLACES = (
    "Bar Hill", "Barton", "Bassingbourn", "Benwick", "Bluntisham", "Bottisham", "Bourn", "Brampton", "Buckden",
    "Burwell", "Caldecote", "Castle Camps", "Chatteris", "Cherry Hinton", "Coates", "Comberton", "Cottenham",
    "Coton", "Doddington", "Dry Drayton", "Duxford", "Earith", "Eaton Socon", "Elm", "Elsworth", "Eynesbury",
    "Farcet", "Fen Drayton", "Fenstanton", "Fordham", "Foxton", "Fowlmere", "Fulbourn", "Gamlingay", "Girton",
    "Godmanchester", "Great Abington", "Great Gidding", "Great Paxton", "Great Shelford", "Great Staughton",
    "Guilden Morden", "Guyhirn", "Haddenham", "Hardwick", "Harston", "Haslingfield", "Hemingford Grey",
    "Hauxton", "Hilton", "Histon Park", "Holywell", "Houghton", "Isleham", "Kennett", "Kimbolton", "Kings Ripton",
    "Landbeach", "Leverington", "Linton", "Little Paxton", "Littleport", "Lode", "Manea", "March", "Melbourn",
    "Meldreth", "Milton", "Needingworth", "Newton", "Oakington", "Orchard Park", "Orwell", "Over", "Papworth",
    "Parson Drove", "Ramsey", "Sawston", "Sawtry", "Soham", "Somersham", "Spaldwick", "St Ives", "St Neots",
    "Stapleford", "Steeple Morden", "Stilton", "Stretham", "Sutton", "Swaffham Bulbeck", "Swavesey",
    "Teversham", "Thriplow", "Trumpington", "Tydd St Giles", "Upwood", "Warboys", "Waterbeach", "Whittlesey",
    "Whittlesford", "Wilburton", "Willingham", "Wimblington", "Wisbech", "Wistow", "Yaxley",
)
# (name ending, org type): the pattern repeats down PLACES, so the mix is fixed
PRIMARY_KINDS = (
    ("Primary School", "school_community"),
    ("Church of England Primary School", "school_voluntary_controlled"),
    ("Community Primary School", "school_community"),
    ("Primary School", "school_community"),
    ("Church of England (Aided) Primary School", "school_voluntary_aided"),
    ("Infant School", "school_community"),
    ("Primary School", "school_foundation"),
    ("Junior School", "school_community"),
)
# every fifth place's primary school has converted to an academy
ACADEMY_EVERY = 5
SECONDARY_SCHOOLS = (
    # (name, org type, phase)
    ("Bottisham Village College", "school_community", SECONDARY),
    ("Comberton Village College", "academy", SECONDARY),
    ("Cottenham Village College", "school_community", SECONDARY),
    ("Impington Village College", "school_foundation", SECONDARY),
    ("Linton Village College", "school_community", SECONDARY),
    ("Melbourn Village College", "school_community", SECONDARY),
    ("Sawston Village College", "academy", SECONDARY),
    ("Swavesey Village College", "academy", SECONDARY),
    ("Bassingbourn Village College", "school_community", SECONDARY),
    ("Gamlingay Village College", "school_community", "middle_secondary"),
    ("Soham Village College", "academy", SECONDARY),
    ("Bishop Laney Secondary School, Ely", "school_voluntary_controlled", SECONDARY),
    ("Neale-Wade Community College", "school_community", SECONDARY),
    ("Cromwell Community College", "school_community", "all_through"),
    ("Sir Harry Smith Community College", "school_community", SECONDARY),
    ("Manor Community College", "school_community", SECONDARY),
    ("Hinchingbrooke School", "school_foundation", SECONDARY),
    ("St Peter's School, Huntingdon", "school_foundation", SECONDARY),
    ("St Ivo School", "academy", SECONDARY),
    ("Longsands Academy", "academy", SECONDARY),
    ("Ernulf Academy", "academy", SECONDARY),
    ("Ramsey Abbey School", "school_community", SECONDARY),
    ("Sawtry Community College", "academy", SECONDARY),
    ("Netherhall School", "school_community", SECONDARY),
    ("Parkside Community College", "school_community", SECONDARY),
    ("Coleridge Community College", "school_community", SECONDARY),
    ("St Bede's Inter-Church School", "school_voluntary_aided", SECONDARY),
    ("Netherhall Sixth Form", "school_community", SIXTEEN),
)
SPECIAL_SCHOOLS = (
    ("Castle School, Cambridge", "school_community_special"),
    ("Highfield Littleport Academy", "academy"),
    ("Meadowgate School", "school_community_special"),
    ("Spring Common School", "school_community_special"),
    ("The Cavendish School", "school_community_special"),
    ("Trinity School, Huntingdon", "school_foundation_special"),
    ("Chatteris Fields School", "non_maintained_special"),
)
NURSERY_SCHOOLS = ("Brunswick Nursery School", "Colleges Nursery School", "Huntingdon Nursery School",
                   "Kings Hedges Nursery School", "Fenland Nursery School")
PUPIL_REFERRAL_UNITS = ("Fenland Pupil Referral Unit",)
COLLEGES = (
    # (name, org type, UKPRN)
    ("Long Road Sixth Form College", "sixth_form_college", "10004018"),
    ("College of West Anglia (Wisbech campus)", "fe_college", "10005404"),
    ("Huntingdonshire Regional College", "fe_college", "10003189"),
)
OTHERS = (
    # partners that are engaged but not relevant partners: children's centres, the voluntary sector, GPs
    ("Chatteris Children's Centre", "childrens_centre"),
    ("Huntingdon Children's Centre", "childrens_centre"),
    ("St Neots Children's Centre", "childrens_centre"),
    ("Ely Children's Centre", "childrens_centre"),
    ("Homestart Cambridgeshire", "vcs"),
    ("Cambridgeshire Parent Carer Forum", "vcs"),
    ("Young Carers Cambridgeshire", "vcs"),
    ("Romsey Mill Trust", "vcs"),
    ("Huntingdon Road Surgery", "gp_practice"),
)
ENGAGEMENT_MIX = ("engaged", "engaged", "invited", "engaged", "signed", "invited")
REGISTER_SEED = 873  # the only source of variety: the same register every run


def _urns(taken):
    """6-digit URNs in realistic ranges (maintained schools from 110xxx, academies from 136xxx)."""
    def numbers(start):
        n = start
        while True:
            if str(n) not in taken:
                taken.add(str(n))
                yield str(n)
            n += 1
    return numbers(110201), numbers(136402)


def generated_register():
    """[(name, org_type, extra)] of Cambridgeshire's schools and colleges beyond the named
    partners: the same list every time (fixed order, fixed seed)."""
    rng = random.Random(REGISTER_SEED)
    taken = {extra["urn"] for _n, _t, extra in CAMBRIDGESHIRE if extra.get("urn")}
    maintained_urn, academy_urn = _urns(taken)
    named = {n for n, _t, _e in CAMBRIDGESHIRE}
    rows = []

    def add(name, org_type, phase, **extra):
        if name in named:
            return
        named.add(name)
        academy = org_type == "academy"
        urn = next(academy_urn if academy else maintained_urn)
        values = {"urn": urn, "phase": phase, "engagement": rng.choice(ENGAGEMENT_MIX), **extra}
        if academy:
            values["academy_funding_agreement"] = True
        rows.append((name, org_type, values))

    for i, place in enumerate(PLACES):
        ending, org_type = PRIMARY_KINDS[i % len(PRIMARY_KINDS)]
        if i % ACADEMY_EVERY == ACADEMY_EVERY - 1:
            ending, org_type = "Primary Academy", "academy"
        add(f"{place} {ending}", org_type, PRIMARY)
    # the towns have a second (and the largest a third) primary school
    for town in ("Chatteris", "Huntingdon", "March", "St Ives", "St Neots", "Whittlesey", "Wisbech", "Ely",
                 "Soham", "Ramsey"):
        add(f"{town} Park Primary School", "school_community", PRIMARY)
        add(f"{town} St John's Church of England Primary School", "school_voluntary_controlled", PRIMARY)
    for town in ("Huntingdon", "St Neots", "Wisbech", "March", "Ely"):
        add(f"{town} Meadow Primary Academy", "academy", PRIMARY)
    for name, org_type, phase in SECONDARY_SCHOOLS:
        add(name, org_type, phase)
    for name, org_type in SPECIAL_SCHOOLS:
        add(name, org_type, NA)
    for name in NURSERY_SCHOOLS:
        add(name, "school_nursery", NURSERY)
    for name in PUPIL_REFERRAL_UNITS:
        add(name, "pru", NA)
    for name, org_type, ukprn in COLLEGES:
        add(name, org_type, SIXTEEN, ukprn=ukprn)
    for name, org_type in OTHERS:
        if name not in named:
            named.add(name)
            rows.append((name, org_type, {"engagement": rng.choice(ENGAGEMENT_MIX)}))
    return rows


def signed_on(today=None):
    """The partnership agreement was signed about three years before today."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=3 * 365 + 40)


def _seed_area(la_code, rows, *, update_named):
    """Add the missing partners in bulk; bring the named ones (``update_named``) back to their values."""
    area = Area.objects.filter(la_code=la_code).first()
    if area is None:
        return None, 0
    existing = {p.name: p for p in Partner.objects.filter(area=area)}
    new = []
    for name, org_type, extra in rows:
        values = {"org_type": org_type, **extra}
        partner = existing.get(name)
        if partner is None:
            if values.get("engagement") == "signed":
                values["agreement_signed_on"] = signed_on()
            new.append(Partner(area=area, name=name, **values))
        elif name in update_named:
            changed = [f for f, v in values.items() if getattr(partner, f) != v]
            if changed:
                for field in changed:
                    setattr(partner, field, values[field])
                if partner.engagement == "signed" and not partner.agreement_signed_on:
                    partner.agreement_signed_on = signed_on()
                    changed.append("agreement_signed_on")
                partner.save(update_fields=[*changed, "updated_at"])
    if new:
        bulk_create_with_history(new, Partner, batch_size=500)
    return area, len(new)


def seed(stdout):
    named = {n for n, _t, _e in CAMBRIDGESHIRE} | {n for n, _t, _e in PETERBOROUGH}
    cambs, n1 = _seed_area("873", CAMBRIDGESHIRE + generated_register(), update_named=named)
    _, n2 = _seed_area("874", PETERBOROUGH, update_named=named)
    user = User.objects.filter(email=PARTNER_CONTACT_EMAIL).first()
    if cambs and user:
        pct = Partner.objects.get(area=cambs, name="Cambridgeshire Primary Care Trust")
        PartnerContact.objects.get_or_create(partner=pct, user=user)
        Membership.objects.get_or_create(user=user, area=cambs, role=User.Role.PARTNER_CONTACT)
    if stdout:
        relevant = Partner.objects.relevant(cambs).count() if cambs else 0
        stdout.write(f"Partners: {n1 + n2} added; Cambridgeshire has {relevant} relevant partners")
