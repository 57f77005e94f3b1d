"""Demo partners for Cambridgeshire (two-tier county) and Peterborough (unitary).
Idempotent: partners are matched by area and name. Identifiers are demo values."""
from datetime import date

from partners.models import Partner, PartnerContact
from trusts.models import Membership, Trust, User

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
    ("Histon and Impington Junior School", "school_community", {"urn": "110626", "engagement": "engaged"}),
    ("Ely St Mary's Church of England Junior School", "school_voluntary_controlled", {"urn": "110776"}),
    ("St Laurence Catholic Primary School", "school_voluntary_aided", {"urn": "110849", "engagement": "engaged"}),
    ("Chesterton Community College", "school_foundation", {"urn": "110903", "engagement": "signed"}),
    ("Witchford Village College", "school_community", {"urn": "110880"}),
    ("Spinney Primary School", "school_community", {"urn": "110600", "engagement": "engaged"}),
    ("Granta School", "school_community_special", {"urn": "110954", "engagement": "engaged"}),
    ("Samuel Pepys School", "school_foundation_special", {"urn": "110955"}),
    ("Histon Early Years Centre", "school_nursery", {"urn": "110541"}),
    ("The Harbour School", "pru", {"urn": "131043"}),
    ("Thomas Clarkson Academy", "academy", {"urn": "135872", "academy_funding_agreement": True,
                                            "engagement": "engaged"}),
    ("Hills Road Sixth Form College", "sixth_form_college", {"ukprn": "10003035", "urn": "130615",
                                                             "engagement": "engaged"}),
    ("Cambridge Regional College", "fe_college", {"ukprn": "10001093", "urn": "130616"}),
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
    ("Thomas Deacon Academy", "academy", {"urn": "135584"}),
    ("Jack Hunt School", "school_foundation", {"urn": "110895", "engagement": "engaged"}),
    ("Peterborough Regional College", "fe_college", {"ukprn": "10005077"}),
    ("Peterborough Council for Voluntary Service", "vcs", {"engagement": "invited"}),
]
SIGNED_ON = date(2009, 3, 27)
PARTNER_CONTACT_EMAIL = "partner.contact@example.org"


def _seed_area(la_code, rows):
    area = Trust.objects.filter(la_code=la_code).first()
    if area is None:
        return None, 0
    created = 0
    for name, org_type, extra in rows:
        values = {"org_type": org_type, **extra}
        if values.get("engagement") == "signed":
            values["agreement_signed_on"] = SIGNED_ON
        _, was_created = Partner.objects.update_or_create(trust=area, name=name, defaults=values)
        created += was_created
    return area, created


def seed(stdout):
    cambs, n1 = _seed_area("873", CAMBRIDGESHIRE)
    _, n2 = _seed_area("874", PETERBOROUGH)
    user = User.objects.filter(email=PARTNER_CONTACT_EMAIL).first()
    if cambs and user:
        pct = Partner.objects.get(trust=cambs, name="Cambridgeshire Primary Care Trust")
        PartnerContact.objects.get_or_create(partner=pct, user=user)
        Membership.objects.get_or_create(user=user, trust=cambs, kind=Membership.Kind.PARTNER_CONTACT)
    if stdout:
        stdout.write(f"Partners: {n1 + n2} added")
