"""A board of a real area for page-size tests: Lincolnshire after ``seed_national --seed 1``
has 672 partners, 425 of them relevant, and a board of 20 to 40 places with two years of
terms and meetings. Schools sit on the board as groups (s12A(5)); a few are named."""
import datetime

from django.utils import timezone

from boards.factories import BoardMemberFactory, MeetingFactory, SeatFactory
from boards.models import Constituency, Meeting, Seat
from partners.models import Partner

# (org_type, share of the schools): about the mix of plans.national.SCHOOL_MIX
SCHOOL_MIX = (
    ("school_community", 38), ("school_voluntary_aided", 13), ("school_voluntary_controlled", 11),
    ("school_foundation", 7), ("school_community_special", 4), ("school_nursery", 2), ("academy", 16),
    ("independent_school", 7), ("pru", 2),
)
STATUTORY = ("local_authority", "district_council", "district_council", "district_council", "district_council",
             "district_council", "district_council", "district_council", "police_authority", "chief_officer_police",
             "pct", "sha", "probation", "yot", "connexions", "lsc", "jobcentre_plus", "schools_forum",
             "fe_college", "fe_college", "sixth_form_college")
OTHERS = (("gp_practice", 110), ("childrens_centre", 36), ("vcs", 31), ("private_provider", 14))


def day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def make_partners(area, schools):
    """``schools`` schools and academies plus about 210 other partners (the statutory bodies,
    GP practices, children's centres, voluntary bodies). Returns them by organisation type."""
    rows, n = [], 0
    total_share = sum(share for _, share in SCHOOL_MIX)
    for org_type, share in SCHOOL_MIX:
        for _ in range(round(schools * share / total_share)):
            n += 1
            rows.append(Partner(trust=area, name=f"{org_type.replace('_', ' ').title()} {n}", org_type=org_type,
                                urn=f"{120000 + n}"))
    for i, org_type in enumerate(STATUTORY):
        extra = {"ukprn": f"{10000000 + i}"} if org_type in ("fe_college", "sixth_form_college") else {}
        rows.append(Partner(trust=area, name=f"{org_type.replace('_', ' ').title()} {i}", org_type=org_type, **extra))
    for org_type, count in OTHERS:
        rows += [Partner(trust=area, name=f"{org_type.replace('_', ' ').title()} {i}", org_type=org_type)
                 for i in range(count)]
    Partner.objects.bulk_create(rows)
    by_type = {}
    for partner in Partner.objects.filter(trust=area).order_by("pk"):
        by_type.setdefault(partner.org_type, []).append(partner)
    return by_type


def fill_real_board(board, *, schools=460, seats=35, past=20, meetings=16):
    """A board of a real area: groups for the schools, colleges and the voluntary sector, a
    seat per statutory partner, further members, past terms and two years of meetings."""
    area = board.trust
    area.framework = "ascl2009"  # schools, academies and colleges are relevant partners (s193)
    area.save()
    by_type = make_partners(area, schools)
    made = []

    def seat(constituency, *, role=Seat.Role.MEMBER, partner=None, represents=(), groups=(), **kwargs):
        s = SeatFactory(board=board, constituency=constituency, role=role, partner=partner,
                        represented_groups=list(groups), person=BoardMemberFactory(trust=area), **kwargs)
        if represents:
            s.represented_partners.set(represents)
        made.append(s)
        return s

    seat(Constituency.LEAD_MEMBER, role=Seat.Role.CHAIR)
    seat(Constituency.DCS, role=Seat.Role.VICE_CHAIR, represents=by_type["local_authority"])
    seat(Constituency.SCHOOLS, groups=("mainstream_schools", "nursery_schools", "pupil_referral_units"),
         represents=by_type["school_community"][:5])
    seat(Constituency.SCHOOLS, groups=("academies", "colleges"), represents=by_type["academy"][:3])
    seat(Constituency.SCHOOLS, groups=("special_schools",))
    seat(Constituency.VCS, groups=("vcs",), represents=by_type["vcs"][:3])
    seat(Constituency.SCHOOLS_FORUM)
    statutory = [p for t in ("pct", "sha", "chief_officer_police", "probation", "yot", "connexions",
                             "jobcentre_plus") for p in by_type[t]]
    for partner in statutory:
        seat(Constituency.PARTNER, partner=partner, represents=by_type["district_council"][:1])
    for partner in by_type["district_council"][::3]:
        seat(Constituency.PARTNER, partner=partner, represents=by_type["district_council"][1:3])
    pool = by_type["gp_practice"] + by_type["childrens_centre"] + by_type["private_provider"]
    while len(made) < seats:
        seat(Constituency.PARTNER, partner=pool.pop(0))
    for i in range(past):
        seat(Constituency.PARENTS, term_start=day(-900 + i), term_end=day(-400 + i))
    for i in range(meetings):
        status = Meeting.Status.HELD if i < meetings - 4 else Meeting.Status.SCHEDULED
        MeetingFactory(board=board, date=day(-60 * (meetings - 4 - i) + (1 if status == "scheduled" else 0)),
                       status=status)
    return made, by_type
