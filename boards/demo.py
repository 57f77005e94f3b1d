"""Demo board for Cambridgeshire: 15 seats representing every relevant partner of a
real-size register (about 200), the schools, colleges and the voluntary sector through
group seats: a primary headteachers' representative (the demo board member), secondary,
academies, special schools, colleges and the voluntary sector. Jobcentre Plus and the
Schools Forum are left out, so the composition panel shows two genuine gaps, by type.
Two held meetings (attendance, a quorate decision, approved minutes) and an upcoming one
with a paper, all dated relative to today.

Idempotent: the board is matched by area and name; seats and meetings are added only
when the board has none. Runs after the partners demo (INSTALLED_APPS order).
"""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from boards import services
from boards.models import Attendance, Board, Constituency, Decision, Meeting, Seat
from partners.models import Partner
from trusts.demo import demo_user
from trusts.models import Area, User

BOARD_NAME = "Cambridgeshire Children's Trust Board"
OFFICER_EMAIL = "officer@cambridgeshire.example.org"
DEMO_MEMBER_EMAIL = "board.member@example.org"

# A small, well-formed PDF (one blank page): enough for the paper checks and a download.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n165\n%%EOF\n"
)

# (email, name, role, voting, constituency, partner name or None, [other partners represented], substitute)
PRIMARY_EMAIL = DEMO_MEMBER_EMAIL  # the demo's board member answers for the primary schools
SEATS = [
    ("lead.member@cambridgeshire.example.org", "Councillor Sam Patel", Seat.Role.CHAIR, True,
     Constituency.LEAD_MEMBER, None, [], "Councillor Jo Reed"),
    ("dcs@cambridgeshire.example.org", "Alex Morgan", Seat.Role.VICE_CHAIR, True, Constituency.DCS, None,
     ["Cambridgeshire County Council Children's Services"], "Deputy Director, Children's Services"),
    ("health.member@cambridgeshire.example.org", "Dr Amir Khan", Seat.Role.MEMBER, True, Constituency.PARTNER,
     "Cambridgeshire Primary Care Trust", ["NHS East of England (Strategic Health Authority)"], "Dr Fiona Lowe"),
    ("police.member@cambridgeshire.example.org", "Chief Superintendent Lisa Grant", Seat.Role.MEMBER, True,
     Constituency.PARTNER, "Chief Constable of Cambridgeshire Constabulary", ["Cambridgeshire Police Authority"], ""),
    ("probation.member@cambridgeshire.example.org", "David Osei", Seat.Role.MEMBER, True, Constituency.PARTNER,
     "Cambridgeshire and Peterborough Probation Trust", ["Cambridgeshire Youth Offending Service"], ""),
    ("districts.member@cambridgeshire.example.org", "Councillor Ruth Lane", Seat.Role.MEMBER, True,
     Constituency.PARTNER, "Cambridge City Council",
     ["East Cambridgeshire District Council", "Fenland District Council", "Huntingdonshire District Council",
      "South Cambridgeshire District Council"], ""),
    (PRIMARY_EMAIL, "Dr Helen Brooks", Seat.Role.MEMBER, True, Constituency.SCHOOLS, None, [],
     "Mr Colin Ward (deputy, primary headteachers)"),
    ("schools.member@cambridgeshire.example.org", "Mrs Karen Fisher (secondary headteachers' representative)",
     Seat.Role.MEMBER, True, Constituency.SCHOOLS, None, [], ""),
    ("academies.member@cambridgeshire.example.org", "Mr Daniel Okafor (academies' representative)",
     Seat.Role.MEMBER, True, Constituency.SCHOOLS, None, [], ""),
    ("special.member@cambridgeshire.example.org", "Mrs Linda Shaw (special schools' representative)",
     Seat.Role.MEMBER, True, Constituency.SCHOOLS, None, [], ""),
    ("colleges.member@cambridgeshire.example.org", "Dr Peter Mills", Seat.Role.MEMBER, True, Constituency.PARTNER,
     "Hills Road Sixth Form College", [], ""),
    ("connexions.member@cambridgeshire.example.org", "Sarah Oduya", Seat.Role.MEMBER, True, Constituency.PARTNER,
     "Connexions Cambridgeshire and Peterborough", [], ""),
    ("vcs.member@cambridgeshire.example.org", "Tom Reynolds", Seat.Role.MEMBER, True, Constituency.VCS, None,
     ["Cambridgeshire Council for Voluntary Service", "Centre 33 (young people's charity)"], ""),
    ("youth.member@cambridgeshire.example.org", "Aisha Begum (Youth Council)", Seat.Role.ADVISER, False,
     Constituency.CHILDREN, None, [], ""),
    ("parents.member@cambridgeshire.example.org", "Gareth Jones (Parent Carer Forum)", Seat.Role.ADVISER, False,
     Constituency.PARENTS, None, [], ""),
]


# seats that represent groups of partners by rule (s12A(5)), as real boards seat headteachers: membership
# follows the register, so a school added to the demo area is represented without editing the seat. The
# primary seat's group includes the maintained nursery schools (boards.groups); special schools and the
# pupil referral unit sit with the special schools' representative.
GROUP_SEATS = {
    PRIMARY_EMAIL: ["maintained_primary"],
    "schools.member@cambridgeshire.example.org": ["maintained_secondary"],
    "academies.member@cambridgeshire.example.org": ["academies"],
    "special.member@cambridgeshire.example.org": ["special_schools", "pupil_referral_units"],
    "colleges.member@cambridgeshire.example.org": ["colleges"],
    "vcs.member@cambridgeshire.example.org": ["vcs"],
}


def _person(email, name):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = demo_user(email, name, User.Role.BOARD_MEMBER)
    return user


def _partners(area, names):
    return {p.name: p for p in Partner.objects.filter(area=area, name__in=[n for n in names if n])}


def seed(stdout):
    area = Area.objects.filter(la_code="873").first()
    actor = User.objects.filter(email=OFFICER_EMAIL).first()
    if area is None or actor is None:
        if stdout:
            stdout.write("Boards: no Cambridgeshire area or officer; nothing added")
        return
    board = Board.objects.filter(area=area, name=BOARD_NAME).first()
    if board is None:
        board = services.board_create(
            area=area, actor=actor, name=BOARD_NAME, quorum_kind=Board.QuorumKind.FRACTION, quorum_numerator=1,
            quorum_denominator=2, quorum_chair_required=True,
            terms_of_reference=(
                "To improve the well-being of children and young people in Cambridgeshire across the five "
                "Every Child Matters outcomes; to improve early intervention; to narrow the gaps between groups "
                "of children. The Board carries out the joint needs assessment, agrees the Children and Young "
                "People's Plan, evaluates its impact and oversees the Local Safeguarding Children Board and the "
                "Youth Offending Service (para 44-45)."),
        )
    seats_added = 0
    if not board.seats.exists():
        start = datetime.date(timezone.localdate().year - 1, 4, 1)
        names = [s[5] for s in SEATS] + [n for s in SEATS for n in s[6]]
        partners = _partners(area, names)
        for email, name, role, voting, constituency, partner_name, others, substitute in SEATS:
            partner = partners.get(partner_name) if partner_name else None
            if partner_name and partner is None:
                continue  # the register has no such partner (partners demo not run): leave the seat out
            services.seat_create(
                board=board, actor=actor, person=_person(email, name), role=role, voting=voting,
                constituency=constituency, partner=partner,
                represented_partners=[partners[n] for n in others if n in partners],
                represented_groups=GROUP_SEATS.get(email, []), substitute_name=substitute, term_start=start,
                term_end=datetime.date(start.year + 3, 3, 31),
            )
            seats_added += 1
    meetings_added = 0
    if not board.meetings.exists():
        meetings_added = _seed_meetings(board, actor)
    if stdout:
        stdout.write(f"Boards: {seats_added} seats and {meetings_added} meetings added")


def _seed_meetings(board, actor):
    today = timezone.localdate()
    seats = list(board.seats.current(today - datetime.timedelta(days=84)).select_related("person"))
    first = services.meeting_create(board=board, actor=actor, date=today - datetime.timedelta(days=84),
                                    start_time=datetime.time(14, 0), end_time=datetime.time(16, 30),
                                    place="Shire Hall, Cambridge: Council Chamber", status=Meeting.Status.HELD)
    needs = services.agenda_item_add(meeting=first, actor=actor, title="Joint needs assessment",
                                     description="The partners' joint assessment of needs across the five outcomes.")
    early = services.agenda_item_add(meeting=first, actor=actor, title="Early intervention strategy",
                                     description="Targeted services through children's centres and extended schools.")
    apologies = {"connexions.member@cambridgeshire.example.org", "parents.member@cambridgeshire.example.org"}
    services.attendance_record(meeting=first, actor=actor, entries=[
        (s, Attendance.Status.APOLOGIES if s.person.email in apologies else Attendance.Status.PRESENT, "")
        for s in seats])
    services.decision_record(item=needs, actor=actor, outcome=Decision.Outcome.CARRIED,
                             resolution="The Board agreed the joint needs assessment as the basis for the plan.")
    services.decision_record(item=early, actor=actor, outcome=Decision.Outcome.CARRIED, votes_for=10,
                             votes_against=0, votes_abstain=1,
                             resolution="The Board adopted the early intervention strategy for consultation.")
    services.minutes_save(meeting=first, actor=actor, text=(
        f"Present: the chair and {len(seats) - len(apologies) - 1} members; apologies from Connexions and the "
        "Parent Carer Forum.\n\n"
        "1. Joint needs assessment: agreed as the basis for the Children and Young People's Plan.\n\n"
        "2. Early intervention strategy: adopted for consultation (10 for, 0 against, 1 abstention)."))

    second = services.meeting_create(board=board, actor=actor, date=today - datetime.timedelta(days=28),
                                     start_time=datetime.time(14, 0), end_time=datetime.time(16, 0),
                                     place="Shire Hall, Cambridge: Council Chamber", status=Meeting.Status.HELD)
    services.agenda_item_add(meeting=second, actor=actor, title="Minutes of the previous meeting")
    review = services.agenda_item_add(meeting=second, actor=actor,
                                      title="Children and Young People's Plan: annual review")
    services.attendance_record(meeting=second, actor=actor, entries=[
        (s, Attendance.Status.PRESENT, "") for s in seats])
    services.minutes_approve(meeting=first, at_meeting=second, actor=actor)
    services.decision_record(item=review, actor=actor, outcome=Decision.Outcome.DEFERRED,
                             resolution="The review is deferred to the next meeting for the new needs data.")
    services.minutes_save(meeting=second, actor=actor, text=(
        "1. The minutes of the previous meeting were approved.\n\n"
        "2. Annual review of the plan: deferred to the next meeting."))

    third = services.meeting_create(board=board, actor=actor, date=today + datetime.timedelta(days=28),
                                    start_time=datetime.time(14, 0), end_time=datetime.time(16, 0),
                                    place="New Shire Hall, Alconbury Weald: Room 2")
    services.agenda_item_add(meeting=third, actor=actor, title="Minutes of the previous meeting")
    commissioning = services.agenda_item_add(
        meeting=third, actor=actor, title="Joint commissioning: speech and language therapy",
        description="Proposal to pool health and council budgets for speech and language therapy.")
    services.agenda_item_add(meeting=third, actor=actor, title="Children and Young People's Plan: annual review")
    services.paper_add(item=commissioning, actor=actor, title="Speech and language therapy: commissioning report",
                       upload=SimpleUploadedFile("slt-commissioning-report.pdf", DEMO_PDF,
                                                 content_type="application/pdf"))
    return 3
