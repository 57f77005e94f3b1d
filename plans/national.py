"""Generated national data: every children's services authority in England at once.

``manage.py seed_national`` calls :class:`NationalSeed`. It builds the 150 areas of
2008 (real names, DfE LA codes and ONS GSS codes; the 34 shire counties with their
real district councils), about 40,000 partners (25,000 schools and academies), a
board per area with its seats and two years of meetings, plan versions in every
state with their agreement rounds, approvals and annual reviews, pooled funds over
three financial years, the reminder log and notifications, and the steward users.

How it is fast: every row is built in memory and written with ``bulk_create`` in
batches, table by table in dependency order, the ids coming back from the insert
(PostgreSQL and SQLite both return them). No ``save()`` per object, so no signals:
simple_history keeps no historical rows for seeded data (the history of a seeded
record starts at its first real change), and no e-mail is queued.

How it is deterministic: one ``random.Random(seed)`` drives every choice, every date
and time is computed from the fixed ``today`` (never the clock), agreement nonces and
the password salt come from the same generator, and the ``auto_now`` columns are set
from ``created_at`` after the insert. The same seed, areas, scale and today give the
same rows; :func:`data_digest` checks that independently of the ids.

This module lives in plans because plans is the top of the app chain: it may use
every other app's models. It writes rows directly (not through the services) for
speed, so it keeps the services' rules itself: one open and one published version per
area, approvals only at quorate meetings, seats never overlapping for one person on
one board, attendance only for seats in term, contributions only from partners that
may pool under the area's framework, money to the penny.
"""
import hashlib
import random
import re
import time as clock
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.urls import reverse

from boards.models import AgendaItem, Attendance, Board, Constituency, Decision, Declaration, Meeting, Seat
from partners import law
from partners.models import Partner, PartnerContact
from plans.models import (
    Action,
    AgreementRequest,
    AgreementResponse,
    Consultee,
    GapAction,
    PartnerSpend,
    PlanApproval,
    PlanReview,
    PlanTransition,
    PlanVersion,
    Priority,
    ReviewProgress,
)
from plans.outcomes import Outcome, SpendArea
from pooling.models import Contribution, PooledFund, Spend, Stage
from trusts.models import AuthorityType, Direction, Membership, Region, Trust, User
from trusts.notices import workdays
from trusts.notices.models import ChaseRule, Notification, ReminderLog
from trusts.permissions import STEWARD_EDIT, STEWARD_READ

TZ = ZoneInfo("Europe/London")
PENNY = Decimal("0.01")
DEFAULT_PASSWORD = "national-seed-2026"
SUPERUSER_EMAIL = "national.steward@dcsf.example.gov.uk"
PROJECT_APPS = ("trusts", "notices", "partners", "boards", "pooling", "plans")
VS = PlanVersion.Status

# Users this command creates, by address: --flush deletes exactly these (and all areas).
SEED_USERS_Q = (
    Q(email__regex=r"^officer\.[0-9]{3}@example\.org$")
    | Q(email__endswith="@members.example.org")
    | Q(email__endswith="@contacts.example.org")
    | Q(email__regex=r"^(dcs|lead\.member)@[a-z0-9-]+\.example\.org$")
    | Q(email__regex=r"^national\.[a-z0-9.]+@dcsf\.example\.gov\.uk$")
)

# ---------------------------------------------------------------------------
# The 150 children's services authorities of 2008
# (DfE LA code, name, ONS GSS code number within its type, region, police force)
# ---------------------------------------------------------------------------
NE, NW, YH, EM, WM, EE, LDN, SE, SW = (Region.NORTH_EAST, Region.NORTH_WEST, Region.YORKSHIRE,
                                       Region.EAST_MIDLANDS, Region.WEST_MIDLANDS, Region.EAST, Region.LONDON,
                                       Region.SOUTH_EAST, Region.SOUTH_WEST)

COUNTIES = [  # (la, name, gss, region, force, districts)
    ("820", "Bedfordshire", 1, EE, "Bedfordshire Police", "Bedford|Mid Bedfordshire|South Bedfordshire"),
    ("825", "Buckinghamshire", 2, SE, "Thames Valley Police", "Aylesbury Vale|Chiltern|South Bucks|Wycombe"),
    ("873", "Cambridgeshire", 3, EE, "Cambridgeshire Constabulary",
     "Cambridge City|East Cambridgeshire|Fenland|Huntingdonshire|South Cambridgeshire"),
    ("875", "Cheshire", 4, NW, "Cheshire Constabulary",
     "Chester City|Congleton|Crewe and Nantwich|Ellesmere Port and Neston|Macclesfield|Vale Royal"),
    ("908", "Cornwall", 5, SW, "Devon and Cornwall Police", "Caradon|Carrick|Kerrier|North Cornwall|Penwith|Restormel"),
    ("909", "Cumbria", 6, NW, "Cumbria Constabulary", "Allerdale|Barrow-in-Furness|Carlisle City|Copeland|Eden|South Lakeland"),
    ("830", "Derbyshire", 7, EM, "Derbyshire Constabulary",
     "Amber Valley|Bolsover|Chesterfield|Derbyshire Dales|Erewash|High Peak|North East Derbyshire|South Derbyshire"),
    ("878", "Devon", 8, SW, "Devon and Cornwall Police",
     "East Devon|Exeter City|Mid Devon|North Devon|South Hams|Teignbridge|Torridge|West Devon"),
    ("835", "Dorset", 9, SW, "Dorset Police", "Christchurch|East Dorset|North Dorset|Purbeck|West Dorset|Weymouth and Portland"),
    ("840", "Durham", 10, NE, "Durham Constabulary",
     "Chester-le-Street|Derwentside|Durham City|Easington|Sedgefield|Teesdale|Wear Valley"),
    ("845", "East Sussex", 11, SE, "Sussex Police", "Eastbourne|Hastings|Lewes|Rother|Wealden"),
    ("881", "Essex", 12, EE, "Essex Police",
     "Basildon|Braintree|Brentwood|Castle Point|Chelmsford|Colchester|Epping Forest|Harlow|Maldon|Rochford|Tendring|"
     "Uttlesford"),
    ("916", "Gloucestershire", 13, SW, "Gloucestershire Constabulary",
     "Cheltenham|Cotswold|Forest of Dean|Gloucester City|Stroud|Tewkesbury"),
    ("850", "Hampshire", 14, SE, "Hampshire Constabulary",
     "Basingstoke and Deane|East Hampshire|Eastleigh|Fareham|Gosport|Hart|Havant|New Forest|Rushmoor|Test Valley|"
     "Winchester City"),
    ("919", "Hertfordshire", 15, EE, "Hertfordshire Constabulary",
     "Broxbourne|Dacorum|East Hertfordshire|Hertsmere|North Hertfordshire|St Albans City|Stevenage|Three Rivers|Watford|"
     "Welwyn Hatfield"),
    ("886", "Kent", 16, SE, "Kent Police",
     "Ashford|Canterbury City|Dartford|Dover|Gravesham|Maidstone|Sevenoaks|Shepway|Swale|Thanet|Tonbridge and Malling|"
     "Tunbridge Wells"),
    ("888", "Lancashire", 17, NW, "Lancashire Constabulary",
     "Burnley|Chorley|Fylde|Hyndburn|Lancaster City|Pendle|Preston City|Ribble Valley|Rossendale|South Ribble|"
     "West Lancashire|Wyre"),
    ("855", "Leicestershire", 18, EM, "Leicestershire Constabulary",
     "Blaby|Charnwood|Harborough|Hinckley and Bosworth|Melton|North West Leicestershire|Oadby and Wigston"),
    ("925", "Lincolnshire", 19, EM, "Lincolnshire Police",
     "Boston|East Lindsey|Lincoln City|North Kesteven|South Holland|South Kesteven|West Lindsey"),
    ("926", "Norfolk", 20, EE, "Norfolk Constabulary",
     "Breckland|Broadland|Great Yarmouth|King's Lynn and West Norfolk|North Norfolk|Norwich City|South Norfolk"),
    ("928", "Northamptonshire", 21, EM, "Northamptonshire Police",
     "Corby|Daventry|East Northamptonshire|Kettering|Northampton|South Northamptonshire|Wellingborough"),
    ("929", "Northumberland", 22, NE, "Northumbria Police",
     "Alnwick|Berwick-upon-Tweed|Blyth Valley|Castle Morpeth|Tynedale|Wansbeck"),
    ("815", "North Yorkshire", 23, YH, "North Yorkshire Police",
     "Craven|Hambleton|Harrogate|Richmondshire|Ryedale|Scarborough|Selby"),
    ("891", "Nottinghamshire", 24, EM, "Nottinghamshire Police",
     "Ashfield|Bassetlaw|Broxtowe|Gedling|Mansfield|Newark and Sherwood|Rushcliffe"),
    ("931", "Oxfordshire", 25, SE, "Thames Valley Police",
     "Cherwell|Oxford City|South Oxfordshire|Vale of White Horse|West Oxfordshire"),
    ("893", "Shropshire", 26, WM, "West Mercia Police",
     "Bridgnorth|North Shropshire|Oswestry|Shrewsbury and Atcham|South Shropshire"),
    ("933", "Somerset", 27, SW, "Avon and Somerset Constabulary",
     "Mendip|Sedgemoor|South Somerset|Taunton Deane|West Somerset"),
    ("860", "Staffordshire", 28, WM, "Staffordshire Police",
     "Cannock Chase|East Staffordshire|Lichfield|Newcastle-under-Lyme|South Staffordshire|Stafford|"
     "Staffordshire Moorlands|Tamworth"),
    ("935", "Suffolk", 29, EE, "Suffolk Constabulary",
     "Babergh|Forest Heath|Ipswich|Mid Suffolk|St Edmundsbury|Suffolk Coastal|Waveney"),
    ("936", "Surrey", 30, SE, "Surrey Police",
     "Elmbridge|Epsom and Ewell|Guildford|Mole Valley|Reigate and Banstead|Runnymede|Spelthorne|Surrey Heath|Tandridge|"
     "Waverley|Woking"),
    ("937", "Warwickshire", 31, WM, "Warwickshire Police",
     "North Warwickshire|Nuneaton and Bedworth|Rugby|Stratford-on-Avon|Warwick"),
    ("938", "West Sussex", 32, SE, "Sussex Police", "Adur|Arun|Chichester|Crawley|Horsham|Mid Sussex|Worthing"),
    ("865", "Wiltshire", 33, SW, "Wiltshire Police", "Kennet|North Wiltshire|Salisbury|West Wiltshire"),
    ("885", "Worcestershire", 34, WM, "West Mercia Police",
     "Bromsgrove|Malvern Hills|Redditch|Worcester City|Wychavon|Wyre Forest"),
]

UNITARIES = [  # E06 numbers in the ONS order
    ("805", "Hartlepool", 1, NE, "Cleveland Police"), ("806", "Middlesbrough", 2, NE, "Cleveland Police"),
    ("807", "Redcar and Cleveland", 3, NE, "Cleveland Police"), ("808", "Stockton-on-Tees", 4, NE, "Cleveland Police"),
    ("841", "Darlington", 5, NE, "Durham Constabulary"), ("876", "Halton", 6, NW, "Cheshire Constabulary"),
    ("877", "Warrington", 7, NW, "Cheshire Constabulary"), ("889", "Blackburn with Darwen", 8, NW, "Lancashire Constabulary"),
    ("890", "Blackpool", 9, NW, "Lancashire Constabulary"), ("810", "Kingston upon Hull", 10, YH, "Humberside Police"),
    ("811", "East Riding of Yorkshire", 11, YH, "Humberside Police"),
    ("812", "North East Lincolnshire", 12, YH, "Humberside Police"),
    ("813", "North Lincolnshire", 13, YH, "Humberside Police"), ("816", "York", 14, YH, "North Yorkshire Police"),
    ("831", "Derby", 15, EM, "Derbyshire Constabulary"), ("856", "Leicester", 16, EM, "Leicestershire Constabulary"),
    ("857", "Rutland", 17, EM, "Leicestershire Constabulary"), ("892", "Nottingham", 18, EM, "Nottinghamshire Police"),
    ("884", "Herefordshire", 19, WM, "West Mercia Police"), ("894", "Telford and Wrekin", 20, WM, "West Mercia Police"),
    ("861", "Stoke-on-Trent", 21, WM, "Staffordshire Police"),
    ("800", "Bath and North East Somerset", 22, SW, "Avon and Somerset Constabulary"),
    ("801", "Bristol", 23, SW, "Avon and Somerset Constabulary"),
    ("802", "North Somerset", 24, SW, "Avon and Somerset Constabulary"),
    ("803", "South Gloucestershire", 25, SW, "Avon and Somerset Constabulary"),
    ("879", "Plymouth", 26, SW, "Devon and Cornwall Police"), ("880", "Torbay", 27, SW, "Devon and Cornwall Police"),
    ("837", "Bournemouth", 28, SW, "Dorset Police"), ("836", "Poole", 29, SW, "Dorset Police"),
    ("866", "Swindon", 30, SW, "Wiltshire Police"), ("874", "Peterborough", 31, EE, "Cambridgeshire Constabulary"),
    ("821", "Luton", 32, EE, "Bedfordshire Police"), ("882", "Southend-on-Sea", 33, EE, "Essex Police"),
    ("883", "Thurrock", 34, EE, "Essex Police"), ("887", "Medway", 35, SE, "Kent Police"),
    ("867", "Bracknell Forest", 36, SE, "Thames Valley Police"), ("869", "West Berkshire", 37, SE, "Thames Valley Police"),
    ("870", "Reading", 38, SE, "Thames Valley Police"), ("871", "Slough", 39, SE, "Thames Valley Police"),
    ("868", "Windsor and Maidenhead", 40, SE, "Thames Valley Police"), ("872", "Wokingham", 41, SE, "Thames Valley Police"),
    ("826", "Milton Keynes", 42, SE, "Thames Valley Police"), ("846", "Brighton and Hove", 43, SE, "Sussex Police"),
    ("851", "Portsmouth", 44, SE, "Hampshire Constabulary"), ("852", "Southampton", 45, SE, "Hampshire Constabulary"),
    ("921", "Isle of Wight", 46, SE, "Hampshire Constabulary"), ("420", "Isles of Scilly", 53, SW, "Devon and Cornwall Police"),
]

METROPOLITAN = [  # E08 numbers in the ONS order (by former metropolitan county)
    ("350", "Bolton", NW, "Greater Manchester Police"), ("351", "Bury", NW, "Greater Manchester Police"),
    ("352", "Manchester", NW, "Greater Manchester Police"), ("353", "Oldham", NW, "Greater Manchester Police"),
    ("354", "Rochdale", NW, "Greater Manchester Police"), ("355", "Salford", NW, "Greater Manchester Police"),
    ("356", "Stockport", NW, "Greater Manchester Police"), ("357", "Tameside", NW, "Greater Manchester Police"),
    ("358", "Trafford", NW, "Greater Manchester Police"), ("359", "Wigan", NW, "Greater Manchester Police"),
    ("340", "Knowsley", NW, "Merseyside Police"), ("341", "Liverpool", NW, "Merseyside Police"),
    ("342", "St Helens", NW, "Merseyside Police"), ("343", "Sefton", NW, "Merseyside Police"),
    ("344", "Wirral", NW, "Merseyside Police"), ("370", "Barnsley", YH, "South Yorkshire Police"),
    ("371", "Doncaster", YH, "South Yorkshire Police"), ("372", "Rotherham", YH, "South Yorkshire Police"),
    ("373", "Sheffield", YH, "South Yorkshire Police"), ("390", "Gateshead", NE, "Northumbria Police"),
    ("391", "Newcastle upon Tyne", NE, "Northumbria Police"), ("392", "North Tyneside", NE, "Northumbria Police"),
    ("393", "South Tyneside", NE, "Northumbria Police"), ("394", "Sunderland", NE, "Northumbria Police"),
    ("330", "Birmingham", WM, "West Midlands Police"), ("331", "Coventry", WM, "West Midlands Police"),
    ("332", "Dudley", WM, "West Midlands Police"), ("333", "Sandwell", WM, "West Midlands Police"),
    ("334", "Solihull", WM, "West Midlands Police"), ("335", "Walsall", WM, "West Midlands Police"),
    ("336", "Wolverhampton", WM, "West Midlands Police"), ("380", "Bradford", YH, "West Yorkshire Police"),
    ("381", "Calderdale", YH, "West Yorkshire Police"), ("382", "Kirklees", YH, "West Yorkshire Police"),
    ("383", "Leeds", YH, "West Yorkshire Police"), ("384", "Wakefield", YH, "West Yorkshire Police"),
]

LONDON = [  # E09 numbers are alphabetical, the City first
    ("201", "City of London"), ("301", "Barking and Dagenham"), ("302", "Barnet"), ("303", "Bexley"), ("304", "Brent"),
    ("305", "Bromley"), ("202", "Camden"), ("306", "Croydon"), ("307", "Ealing"), ("308", "Enfield"),
    ("203", "Greenwich"), ("204", "Hackney"), ("205", "Hammersmith and Fulham"), ("309", "Haringey"),
    ("310", "Harrow"), ("311", "Havering"), ("312", "Hillingdon"), ("313", "Hounslow"), ("206", "Islington"),
    ("207", "Kensington and Chelsea"), ("314", "Kingston upon Thames"), ("208", "Lambeth"), ("209", "Lewisham"),
    ("315", "Merton"), ("316", "Newham"), ("317", "Redbridge"), ("318", "Richmond upon Thames"), ("210", "Southwark"),
    ("319", "Sutton"), ("211", "Tower Hamlets"), ("320", "Waltham Forest"), ("212", "Wandsworth"),
    ("213", "Westminster"),
]

CITIES = {"Manchester", "Liverpool", "Leeds", "Sheffield", "Birmingham", "Bradford", "Coventry", "Newcastle upon Tyne",
          "Sunderland", "Salford", "Wakefield", "Wolverhampton", "Kingston upon Hull", "York", "Derby", "Leicester",
          "Nottingham", "Stoke-on-Trent", "Bristol", "Plymouth", "Peterborough", "Portsmouth", "Southampton"}
# SHAs of 2008 (name, ODS code); the South East had two
SHAS = {NE: ("NHS North East", "Q30"), NW: ("NHS North West", "Q31"), YH: ("NHS Yorkshire and the Humber", "Q32"),
        EM: ("NHS East Midlands", "Q33"), WM: ("NHS West Midlands", "Q34"), EE: ("NHS East of England", "Q35"),
        LDN: ("NHS London", "Q36"), SE: ("NHS South East Coast", "Q37"), SW: ("NHS South West", "Q39")}
SOUTH_CENTRAL = ("NHS South Central", "Q38")
GP_LETTERS = {NE: "A", NW: "P", YH: "B", EM: "C", WM: "M", EE: "D", LDN: "F", SE: "G", SW: "L"}

# ---------------------------------------------------------------------------
# Words for names
# ---------------------------------------------------------------------------
FIRST_NAMES = (
    "Aisha Alan Alex Alice Amir Amy Andrew Angela Anna Ben Bernard Carol Catherine Chris Claire Colin Daniel David "
    "Deborah Dev Diane Eleanor Emma Fatima Fiona Gareth Gemma Graham Hannah Harjit Helen Ian Imran Jack James Jane "
    "Janet Jo Joanne John Jonathan Julie Karen Kate Kevin Kwame Laura Lesley Lisa Liz Mandy Margaret Mark Martin "
    "Mary Matthew Michael Mohammed Nadia Neil Nicola Nigel Olu Patricia Paul Peter Philip Priya Rachel Rajesh "
    "Rebecca Richard Robert Ruth Sally Sam Sandra Sarah Shazia Simon Sophie Stephen Steve Sue Susan Tom Tracey "
    "Victoria Wendy Yasmin Zoe"
).split()
SURNAMES = (
    "Adams Ahmed Ali Allen Atkinson Bailey Baker Barnes Begum Bell Bennett Brooks Brown Butler Campbell Carter "
    "Chapman Clarke Collins Cook Cooper Cox Davies Dawson Edwards Ellis Evans Fisher Fletcher Foster Gill Graham "
    "Grant Green Hall Harris Harrison Hill Holmes Hughes Hunt Hussain Jackson James Jenkins Johnson Jones Kaur Kelly "
    "Khan King Knight Lee Lewis Lloyd Marshall Martin Mason Mills Mitchell Moore Morgan Morris Murphy Murray Nelson "
    "Obi Okafor Owen Palmer Parker Patel Pearson Phillips Price Reed Reynolds Richards Roberts Robinson Rogers Ross "
    "Scott Shah Sharma Shaw Simpson Singh Smith Stevens Stewart Taylor Thomas Thompson Turner Walker Ward Watson "
    "White Wilkinson Williams Wilson Wood Wright Young"
).split()
PLACE_HEADS = ("Ash Oak Elm Birch Holly Maple Willow Brook Mill Church Kings Queens Castle Bridge Marsh Moor Hill "
               "Stone Green West East North South High Long Broad Old New Fern Rose Cherry Hazel Thorn Beech Cedar "
               "Lark Wren Fox Swan Heath Down Dale Lake Park Meadow Orchard Spring Bramble Bluebell Chestnut Rowan "
               "Sandy Red White Black Lime Cross Glen Hart Hay Wheat Barley").split()
PLACE_TAILS = ("field wood ley ton bridge brook gate ford well side hurst combe stead worth bury ham den dale mead "
               "lands croft cote way lea fields grove hill view acre moor").split()
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
TYPE_WEIGHT = {AuthorityType.COUNTY: 2.4, AuthorityType.METROPOLITAN: 1.25, AuthorityType.LONDON: 0.85,
               AuthorityType.UNITARY: 0.75}
TINY = {"201": 0.04, "420": 0.03, "857": 0.2}  # the City of London, the Isles of Scilly, Rutland

# ---------------------------------------------------------------------------
# Plan content banks: (priority, preferred partner type, action, measure)
# ---------------------------------------------------------------------------
PRIORITY_BANK = {
    Outcome.BE_HEALTHY: [
        ("Reduce childhood obesity", "pct", "Extend the healthy schools programme to every primary school",
         "NI 56: obesity among children in Year 6"),
        ("Improve emotional health and well-being", "pct",
         "Open a single point of access to CAMHS with a four-week wait", "NI 51: effectiveness of CAMHS"),
        ("Reduce teenage conceptions", "pct", "Sexual health drop-ins in every secondary school",
         "NI 112: under-18 conception rate"),
        ("Reduce substance misuse by young people", "yot", "Targeted drug and alcohol education for 13-17 year olds",
         "NI 115: substance misuse by young people"),
        ("Increase breastfeeding", "pct", "Baby-friendly accreditation for every children's centre",
         "NI 53: breastfeeding at 6-8 weeks"),
    ],
    Outcome.STAY_SAFE: [
        ("Fewer children need to come into care", "local_authority",
         "Family intervention projects in the localities with the highest need", "NI 59: initial assessments in 7 days"),
        ("Safer roads and streets", "chief_officer_police",
         "Neighbourhood policing teams meet every secondary school each term",
         "NI 48: children killed or seriously injured on the roads"),
        ("Reduce bullying", "local_authority", "Anti-bullying charter signed by every school",
         "NI 69: children who have experienced bullying"),
        ("Stable placements for looked-after children", "local_authority",
         "Recruit 40 more local foster carers", "NI 62: stability of placements"),
    ],
    Outcome.ENJOY_ACHIEVE: [
        ("Narrow the gap at Key Stage 2", "local_authority", "Every Child a Reader in the schools with the widest gap",
         "NI 102: attainment gap for pupils on free school meals"),
        ("Improve attendance at secondary school", "local_authority",
         "Attendance advisers in every secondary school with persistent absence above 8%",
         "NI 87: secondary persistent absence"),
        ("Better early years outcomes", "childrens_centre", "Free early education places for disadvantaged two year olds",
         "NI 72: Early Years Foundation Stage scores"),
        ("Raise achievement of looked-after children", "local_authority", "A virtual school head for looked-after children",
         "NI 99 and NI 100: looked-after children reaching level 4"),
    ],
    Outcome.POSITIVE_CONTRIBUTION: [
        ("Fewer young people enter the youth justice system", "yot",
         "Youth inclusion programmes in the five most affected neighbourhoods", "NI 111: first-time entrants"),
        ("More young people take part in positive activities", "vcs",
         "Open youth centres on Friday and Saturday evenings", "NI 110: young people's participation"),
        ("Children and young people shape services", "local_authority",
         "A youth council with a seat on every commissioning panel", "Young people's survey (TellUs)"),
    ],
    Outcome.ECONOMIC_WELLBEING: [
        ("More young people in education, employment or training", "connexions",
         "September Guarantee offer to every 16 and 17 year old", "NI 117: 16-18 year olds who are NEET"),
        ("Reduce child poverty", "jobcentre_plus", "Work-focused advice for parents in every children's centre",
         "NI 116: children in poverty"),
        ("More care leavers in suitable accommodation", "local_authority", "Supported lodgings scheme for care leavers",
         "NI 147: care leavers in suitable accommodation"),
    ],
}
GAP_BANK = [
    ("No out-of-hours CAMHS crisis service", "Commission an out-of-hours crisis service", "pct"),
    ("Too few short breaks for disabled children", "Double the short breaks offer with the voluntary sector",
     "local_authority"),
    ("No targeted youth support in rural areas", "Mobile youth provision in the market towns", "connexions"),
    ("Long waits for speech and language therapy", "Joint commissioning of speech and language therapy", "pct"),
    ("Young carers are not identified early", "A young carers' lead in every secondary school", "local_authority"),
    ("Gaps in support for young offenders leaving custody", "Resettlement panel with the probation service", "yot"),
]
TOPICS = [
    ("Joint needs assessment", "The partners' joint assessment of needs across the five outcomes."),
    ("Early intervention strategy", "Targeted services through children's centres and extended schools."),
    ("Local Safeguarding Children Board annual report", "Report of the independent chair of the LSCB."),
    ("Youth Offending Service performance", "First-time entrants, reoffending and use of custody."),
    ("Joint commissioning of CAMHS", "Proposal to pool the council and PCT budgets for CAMHS."),
    ("Local Area Agreement: children's indicators", "Progress against the LAA targets for children."),
    ("Child poverty strategy", "The draft strategy and the partners' contributions."),
    ("Pooled budget monitoring", "Planned and actual contributions and spend for the year."),
    ("Ofsted annual performance assessment", "The judgements and the improvement plan."),
    ("Children's workforce strategy", "Training in the Common Assessment Framework."),
    ("Teenage pregnancy strategy", "Progress and the refreshed action plan."),
    ("Transition to adult services", "Disabled young people moving to adult health and social care."),
    ("Children and young people's participation", "Report from the Youth Council."),
    ("Annual review of the Children and Young People's Plan", "Progress against the measures for each outcome."),
]
RESOLUTIONS = [
    "The Board agreed the report and asked for a progress update in six months.",
    "The Board endorsed the recommendations and asked the partners to report back on their actions.",
    "The Board agreed the proposal for consultation with the partners.",
    "The Board noted the report and agreed the actions in section 4.",
    "The Board approved the strategy for publication.",
]
VENUES = ("Civic Centre, Committee Room 1", "Town Hall, Council Chamber", "County Hall, Room 2", "Council House",
          "Children's Services offices, Meeting Room A", "Guildhall, Members' Room")
REVIEW_PROGRESS = {
    Outcome.BE_HEALTHY: "Healthy schools status in {a} of {b} primary schools; CAMHS waits down to {c} weeks.",
    Outcome.STAY_SAFE: "Initial assessments within 7 days up to {a}%; {b} families in family intervention projects.",
    Outcome.ENJOY_ACHIEVE: "The free school meals gap at Key Stage 2 narrowed by {c} points; persistent absence {a} pupils fewer.",
    Outcome.POSITIVE_CONTRIBUTION: "First-time entrants to the youth justice system down {c}%; {b} young people in positive activities.",
    Outcome.ECONOMIC_WELLBEING: "16-18 year olds not in education, employment or training down to {c}.{a}%.",
}
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
    Outcome.BE_HEALTHY: (SpendArea.CHILD_HEALTH,),
    Outcome.STAY_SAFE: (SpendArea.EARLY_INTERVENTION, SpendArea.OTHER),
    Outcome.ENJOY_ACHIEVE: (SpendArea.EARLY_INTERVENTION,),
    Outcome.POSITIVE_CONTRIBUTION: (SpendArea.YOUTH_OFFENDING,),
    Outcome.ECONOMIC_WELLBEING: (SpendArea.OTHER,),
}
IN_KIND = {
    "chief_officer_police": (Contribution.Kind.STAFF, "One police officer seconded half-time to the locality teams"),
    "local_authority": (Contribution.Kind.ACCOMMODATION, "Office space in the children's centres, at market rent"),
    "pct": (Contribution.Kind.STAFF, "Two school nurses seconded full-time, at salary cost"),
}


def at(day, hour=10, minute=0):
    """A moment on a day in Europe/London."""
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def money(rng, low, high):
    """A Decimal amount in pounds, to the penny, from whole-pound bounds."""
    return (Decimal(rng.randrange(low * 100, high * 100)) / 100).quantize(PENNY)


def fy_of(day):
    return day.year if day.month >= 4 else day.year - 1


@dataclass
class AreaInfo:
    la: str
    name: str
    kind: str
    gss: str
    region: str
    force: str
    districts: list
    weight: float


def area_table():
    """The 150 areas, interleaved by type so that the first few are a mix (counties first)."""
    by_type = {
        AuthorityType.COUNTY: [AreaInfo(la, n, AuthorityType.COUNTY, f"E10{g:06d}", r, f, d.split("|"), 0)
                               for la, n, g, r, f, d in COUNTIES],
        AuthorityType.UNITARY: [AreaInfo(la, n, AuthorityType.UNITARY, f"E06{g:06d}", r, f, [], 0)
                                for la, n, g, r, f in UNITARIES],
        AuthorityType.METROPOLITAN: [AreaInfo(la, n, AuthorityType.METROPOLITAN, f"E08{i:06d}", r, f, [], 0)
                                     for i, (la, n, r, f) in enumerate(METROPOLITAN, 1)],
        # the City last in the rotation: it is tiny
        AuthorityType.LONDON: [AreaInfo(la, n, AuthorityType.LONDON, f"E09{i:06d}", LDN,
                                        "City of London Police" if la == "201" else "Metropolitan Police", [], 0)
                               for i, (la, n) in enumerate(LONDON, 1)][1:]
        + [AreaInfo("201", "City of London", AuthorityType.LONDON, "E09000001", LDN, "City of London Police", [], 0)],
    }
    order = [AuthorityType.COUNTY, AuthorityType.UNITARY, AuthorityType.METROPOLITAN, AuthorityType.LONDON]
    out, i = [], 0
    while any(by_type.values()):
        kind = order[i % len(order)]
        if by_type[kind]:
            out.append(by_type[kind].pop(0))
        i += 1
    return out


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


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------
class NationalSeed:
    """Build and insert the national data set. ``run()`` returns {model label: rows inserted}."""

    def __init__(self, *, seed=1, areas=150, scale=1.0, today=None, password=DEFAULT_PASSWORD, stdout=None,
                 batch_size=2000):
        from django.utils import timezone

        self.rng = random.Random(seed)
        self.seed = seed
        self.n_areas = max(1, min(areas, 150))
        self.scale = max(0.0, scale)
        self.today = today or timezone.localdate()
        self.password = password
        self.stdout = stdout
        self.batch = batch_size
        self.counts = defaultdict(int)
        self.inserted_models = []
        self.window_start = self.today - relativedelta(months=24)
        self._urn = 100000
        self._cc_urn = 20000
        self._ukprn = 10000000
        self._gp = 81000
        self._email_seq = 0
        self._names_used = set()
        self.pending_users = []

    # -- helpers -------------------------------------------------------------------------
    def log(self, text):
        if self.stdout is not None:
            self.stdout.write(text)

    def insert(self, model, objs):
        if not objs:
            return objs
        model.objects.bulk_create(objs, batch_size=self.batch)
        self.counts[model._meta.label] += len(objs)
        if model not in self.inserted_models:
            self.inserted_models.append(model)
        return objs

    def person_name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def email_for(self, name, domain):
        self._email_seq += 1
        return f"{slug(name).replace('-', '.')}.{self._email_seq}@{domain}"

    def new_user(self, *, name, role, email=None, domain="members.example.org", job_title="", joined=None):
        user = User(email=email or self.email_for(name, domain), full_name=name, role=role, job_title=job_title,
                    password=self.password_hash, is_active=True, date_joined=joined or at(self.window_start, 9))
        self.pending_users.append(user)
        return user

    def flush_users(self):
        self.insert(User, self.pending_users)
        self.pending_users = []

    def place(self):
        return self.rng.choice(PLACE_HEADS) + self.rng.choice(PLACE_TAILS)

    def day_between(self, start, end):
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def moment(self, start, end, frac):
        """A date at a fraction of the way from start to end."""
        return start + timedelta(days=int((end - start).days * frac))

    # -- run ----------------------------------------------------------------------------
    def run(self):
        started = clock.monotonic()
        # one password hash, reused: hashing thousands would take minutes (salt from the seed)
        self.password_hash = make_password(self.password, salt=f"national{self.seed}seed")
        steps = [self.make_areas, self.make_stewards, self.make_partners, self.make_people_and_boards,
                 self.make_meetings, self.make_funds, self.make_plans, self.insert_board_business,
                 self.make_directions, self.make_reminders, self.settle_timestamps]
        with transaction.atomic():
            for step in steps:
                t0 = clock.monotonic()
                step()
                self.log(f"  {step.__name__.replace('_', ' ')}: {clock.monotonic() - t0:.1f}s")
        self.elapsed = clock.monotonic() - started
        return dict(self.counts)

    # -- areas --------------------------------------------------------------------------
    def make_areas(self):
        rng = self.rng
        self.infos = area_table()[: self.n_areas]
        codes = [code for code, _ in law.framework_choices()]
        trusts = []
        for info in self.infos:
            info.weight = TINY.get(info.la, TYPE_WEIGHT[info.kind] * rng.uniform(0.7, 1.3))
            domain = f"{slug(info.name)}.example.org"
            director, lead = self.person_name(), self.person_name()
            trusts.append(Trust(
                name=info.name, la_code=info.la, gss_code=info.gss, authority_type=info.kind, region=info.region,
                director_name=director, director_email=f"dcs@{domain}",
                lead_member_name=f"Councillor {lead}", lead_member_email=f"lead.member@{domain}",
                # most follow the framework in force; a few have chosen one (to preview or keep)
                framework=rng.choice(codes) if rng.random() < 0.12 else "",
                created_at=at(self.window_start - timedelta(days=400), 9),
            ))
        self.trusts = self.insert(Trust, trusts)
        self.framework = {}
        for trust in self.trusts:
            code = trust.framework or law.framework_in_force(self.today).code
            self.framework[trust.pk] = code

    def make_stewards(self):
        self.superuser = self.new_user(name="Nadia Rahman", role=User.Role.STEWARD, email=SUPERUSER_EMAIL,
                                       job_title="National data steward")
        self.superuser.is_staff = self.superuser.is_superuser = True
        self.stewards = [self.superuser]
        groups = {g.name: g for g in Group.objects.filter(name__in=[STEWARD_READ, STEWARD_EDIT])}
        plan = [(STEWARD_READ, f"national.reader{i}@dcsf.example.gov.uk") for i in (1, 2, 3)] + \
               [(STEWARD_EDIT, f"national.editor{i}@dcsf.example.gov.uk") for i in (1, 2)]
        memberships = []
        for group_name, email in plan:
            user = self.new_user(name=self.person_name(), role=User.Role.STEWARD, email=email,
                                 job_title="Data steward")
            user.is_staff = True
            self.stewards.append(user)
            if group_name in groups:
                memberships.append((user, groups[group_name]))
        self.officers = {}
        for trust in self.trusts:
            self.officers[trust.pk] = self.new_user(
                name=self.person_name(), role=User.Role.OFFICER, email=f"officer.{trust.la_code}@example.org",
                job_title="Children's Trust partnership manager")
        self.flush_users()
        through = User.groups.through
        self.insert(through, [through(user_id=u.pk, group_id=g.pk) for u, g in memberships])
        self.memberships = [Membership(user=self.officers[t.pk], trust=t, kind=Membership.Kind.OFFICER,
                                       created_at=at(self.window_start, 9)) for t in self.trusts]

    # -- partners -----------------------------------------------------------------------
    def make_partners(self):
        rng = self.rng
        self.partners_by_area = {}
        created = at(self.window_start - timedelta(days=200), 9)
        everything = []
        for info, trust in zip(self.infos, self.trusts):
            rows = []

            def add(org_type, name, **extra):
                partner = Partner(trust=trust, name=name[:200], org_type=org_type, created_at=created, **extra)
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
            self.partners_by_area[trust.pk] = rows
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

    # -- people, boards, seats -------------------------------------------------------------
    def make_people_and_boards(self):
        rng = self.rng
        contacts = []
        # partner contacts: most statutory partners and colleges, a few schools
        for trust in self.trusts:
            for partner in self.partners_by_area[trust.pk]:
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
                contacts.append((partner, user, trust))
        self.contacts_by_partner = defaultdict(list)
        # board members shared across boards: the force's, the probation trust's and the SHA's representative
        shared = {}
        self.boards, self.slots = [], {}
        for info, trust in zip(self.infos, self.trusts):
            board = Board(
                trust=trust, name=rng.choice([f"{info.name} Children's Trust Board",
                                              f"{info.name} Children's Trust Partnership Board",
                                              f"{info.name} Children and Young People's Strategic Partnership"]),
                terms_of_reference=(
                    f"To improve the well-being of children and young people in {info.name} across the five Every "
                    "Child Matters outcomes; to improve early intervention; to narrow the gaps between groups of "
                    "children. The Board carries out the joint needs assessment, agrees the Children and Young "
                    "People's Plan, evaluates its impact and oversees the Local Safeguarding Children Board and "
                    "the Youth Offending Service (para 44-45)."),
                is_statutory=law.FRAMEWORKS_BY_CODE[self.framework[trust.pk]].board_statutory,
                quorum_chair_required=rng.random() < 0.3,
                created_at=at(self.window_start - timedelta(days=500), 9),
            )
            rule = rng.random()
            if rule < 0.5:
                board.quorum_kind, board.quorum_numerator, board.quorum_denominator = "fraction", 1, 2
            elif rule < 0.75:
                board.quorum_kind, board.quorum_numerator, board.quorum_denominator = "fraction", 1, 3
            else:
                board.quorum_kind, board.quorum_number = "number", rng.randint(6, 9)
            self.boards.append(board)
            self.slots[trust.pk] = self.plan_slots(info, trust, shared)
        self.flush_users()
        for partner, user, trust in contacts:
            self.contacts_by_partner[partner.pk].append(user)
        # the lead contact names changed above: written once, here
        Partner.objects.bulk_update([p for p, _u, _t in contacts], ["lead_contact_name", "lead_contact_email"],
                                    batch_size=self.batch)
        self.insert(PartnerContact, [PartnerContact(partner=p, user=u, created_at=at(self.window_start, 9))
                                     for p, u, _t in contacts])
        self.memberships += [Membership(user=u, trust=t, kind=Membership.Kind.PARTNER_CONTACT,
                                        created_at=at(self.window_start, 9)) for _p, u, t in contacts]
        self.insert(Board, self.boards)
        self.board_of = {b.trust_id: b for b in self.boards}
        seats, represented = [], []
        for trust in self.trusts:
            board = self.board_of[trust.pk]
            for slot in self.slots[trust.pk]:
                for seat in slot["terms"]:
                    seat.board = board
                    seats.append(seat)
        self.insert(Seat, seats)
        through = Seat.represented_partners.through
        for trust in self.trusts:
            for slot in self.slots[trust.pk]:
                for seat in slot["terms"]:
                    represented.extend(through(seat_id=seat.pk, partner_id=p.pk) for p in slot["represents"])
        self.insert(through, represented)
        seen = set()
        for trust in self.trusts:
            for slot in self.slots[trust.pk]:
                for seat in slot["terms"]:
                    current = seat.term_start <= self.today and (seat.term_end is None or seat.term_end >= self.today)
                    if current and (seat.person.pk, trust.pk) not in seen:
                        seen.add((seat.person.pk, trust.pk))
                        self.memberships.append(Membership(user=seat.person, trust=trust,
                                                           kind=Membership.Kind.BOARD_MEMBER,
                                                           created_at=at(seat.term_start, 9)))
        self.insert(Membership, self.memberships)

    def plan_slots(self, info, trust, shared):
        """The places on one board (20-40), each with its terms: one row per person's term."""
        rng, types = self.rng, self.by_type[trust.pk]
        target = rng.randint(20, 40)
        slots = []

        def slot(constituency, title, *, role=Seat.Role.MEMBER, voting=True, partner=None, represents=(),
                 person=None, share_key=None, groups=()):
            slots.append(dict(constituency=constituency, title=title, role=role, voting=voting, partner=partner,
                              represents=[p for p in represents if p is not partner], person=person,
                              share_key=share_key, groups=list(groups)))

        def first(org_type):
            return types[org_type][0] if types[org_type] else None

        slot(Constituency.LEAD_MEMBER, "Lead Member", role=Seat.Role.CHAIR, person=("lead", trust))
        slot(Constituency.DCS, "Director of Children's Services", role=Seat.Role.VICE_CHAIR, person=("dcs", trust),
             represents=types["local_authority"][:1])
        slot(Constituency.AUTHORITY, "Chief Executive")
        for org_type, others, key in (("pct", [], None), ("chief_officer_police", ["police_authority"], "force"),
                                      ("probation", [], "probation"), ("yot", [], None), ("connexions", [], None),
                                      ("jobcentre_plus", ["lsc"], None)):
            partner = first(org_type)
            if partner is not None:
                slot(Constituency.PARTNER, partner.name, partner=partner,
                     represents=[p for o in others for p in types[o][:1]],
                     share_key=(key, partner.name) if key else None)
        districts = types["district_council"]
        for i in range(0, len(districts), 3):  # one seat for every three districts
            group = districts[i:i + 3]
            slot(Constituency.PARTNER, group[0].name, partner=group[0], represents=group[1:])
        schools = [p for t in law.MAINTAINED_SCHOOLS + ("academy",) for p in types[t]]
        # schools, colleges and the voluntary sector sit as groups (s12A(5); boards.groups); the named
        # sample is still drawn so that the rest of the generated data stays as it was
        school_groups = (("primary headteacher", ("mainstream_schools", "nursery_schools", "pupil_referral_units")),
                         ("secondary headteacher", ("academies", "colleges")))
        for phase, groups in school_groups:
            slot(Constituency.SCHOOLS, phase, represents=rng.sample(schools, min(len(schools), rng.randint(2, 8))),
                 groups=groups)
        slot(Constituency.VCS, "voluntary sector", represents=types["vcs"][:3], groups=("vcs",))
        slot(Constituency.CHILDREN, "Youth Council", role=Seat.Role.ADVISER, voting=False)
        slot(Constituency.PARENTS, "Parent Carer Forum", role=Seat.Role.ADVISER, voting=False)
        # then, while the board has room: the places most boards also have, then more members
        optional = [
            lambda: slot(Constituency.SCHOOLS, "special school headteacher",
                         represents=rng.sample(schools, min(len(schools), 2)), groups=("special_schools",)),
            lambda: first("sha") and slot(Constituency.PARTNER, first("sha").name, partner=first("sha"),
                                          share_key=("sha", first("sha").name)),
            lambda: first("schools_forum") and slot(Constituency.SCHOOLS_FORUM, "Schools Forum chair"),
            lambda: slot(Constituency.SCHOOLS, "academy principal", represents=types["academy"][:3]),
            lambda: first("fe_college") and slot(Constituency.PARTNER, first("fe_college").name,
                                                 partner=first("fe_college")),
            lambda: slot(Constituency.VCS, "voluntary sector", represents=types["vcs"][3:5]),
            lambda: slot(Constituency.AUTHORITY, "LSCB independent chair", role=Seat.Role.OBSERVER, voting=False),
            lambda: first("gp_practice") and slot(Constituency.PARTNER, first("gp_practice").name,
                                                  partner=first("gp_practice")),
            lambda: first("childrens_centre") and slot(Constituency.PARTNER, first("childrens_centre").name,
                                                       partner=first("childrens_centre")),
            lambda: first("sixth_form_college") and slot(Constituency.PARTNER, first("sixth_form_college").name,
                                                         partner=first("sixth_form_college")),
        ]
        for add in optional:
            if len(slots) >= target:
                break
            add()
        extra = [Constituency.VCS, Constituency.SCHOOLS, Constituency.CHILDREN, Constituency.PARENTS]
        pool = [p for t in ("vcs", "childrens_centre", "private_provider", "gp_practice") for p in types[t][1:]]
        while len(slots) < target:
            if pool and rng.random() < 0.5:
                partner = pool.pop(rng.randrange(len(pool)))
                slot(Constituency.PARTNER, partner.name, partner=partner)
            else:
                constituency = rng.choice(extra)
                non_voting = constituency in (Constituency.CHILDREN, Constituency.PARENTS)
                slot(constituency, "member", role=Seat.Role.ADVISER if non_voting else Seat.Role.MEMBER,
                     voting=not non_voting)
        for s in slots:
            s["terms"] = self.terms(s, trust, shared)
        return slots

    def person_for(self, s, trust, shared):
        rng = self.rng
        if s["person"] and s["person"][0] in ("lead", "dcs"):
            kind = s["person"][0]
            key = ("trust", kind, trust.pk)
            if key not in shared:
                name = trust.lead_member_name if kind == "lead" else trust.director_name
                email = trust.lead_member_email if kind == "lead" else trust.director_email
                shared[key] = self.new_user(name=name, role=User.Role.BOARD_MEMBER, email=email,
                                            job_title="Lead Member for Children's Services" if kind == "lead"
                                            else "Director of Children's Services")
            return shared[key]
        if s["share_key"]:
            if s["share_key"] not in shared:
                shared[s["share_key"]] = self.new_user(name=self.person_name(), role=User.Role.BOARD_MEMBER,
                                                       job_title=f"Representative, {s['title']}")
            return shared[s["share_key"]]
        title = {Constituency.SCHOOLS: "Headteacher", Constituency.CHILDREN: "Youth Council member",
                 Constituency.PARENTS: "Parent Carer Forum member"}.get(s["constituency"], s["title"][:120])
        prefix = "Councillor " if s["constituency"] == Constituency.AUTHORITY and rng.random() < 0.3 else ""
        return self.new_user(name=prefix + self.person_name(), role=User.Role.BOARD_MEMBER, job_title=title)

    def terms(self, s, trust, shared):
        """One or two terms for a place: a past holder replaced during the two years, or one holder."""
        rng = self.rng

        def seat(person, start, end):
            return Seat(role=s["role"], voting=s["voting"], constituency=s["constituency"], partner=s["partner"],
                        represented_groups=s["groups"], person=person, term_start=start, term_end=end,
                        substitute_name=self.person_name() if rng.random() < 0.35 else "",
                        created_at=at(start, 9))

        first_meeting = self.window_start
        end = rng.choices([None, "later", "soon"], (40, 55, 5))[0]
        current_end = {None: None, "later": self.today + timedelta(days=rng.randint(31, 900)),
                       "soon": self.today + timedelta(days=rng.randint(3, 30))}[end]
        fixed = s["person"] or s["share_key"]
        if not fixed and rng.random() < 0.15:
            # replaced during the two years: a different person each term, so nobody holds two seats at once
            change = self.day_between(first_meeting + timedelta(days=30), self.today - timedelta(days=30))
            past = seat(self.person_for(s, trust, shared),
                        first_meeting - timedelta(days=rng.randint(200, 800)), change - timedelta(days=1))
            return [past, seat(self.person_for(s, trust, shared), change, current_end)]
        start = first_meeting - timedelta(days=rng.randint(1, 700))
        return [seat(self.person_for(s, trust, shared), start, current_end)]

    # -- meetings ---------------------------------------------------------------------------
    def make_meetings(self):
        """Monthly meetings (not in August) over two years, and the next two: held, cancelled or scheduled."""
        rng = self.rng
        self.meetings = {}
        for trust in self.trusts:
            board = self.board_of[trust.pk]
            weekday, week = rng.randint(0, 4), rng.randint(1, 3)
            start_time = rng.choice([time(10, 0), time(14, 0), time(9, 30), time(16, 0)])
            venue = f"{trust.name} {rng.choice(VENUES)}"
            past, future = [], []
            month = date(self.window_start.year, self.window_start.month, 1)
            while len(future) < 2:
                if month.month != 8:
                    day = month + timedelta(days=(weekday - month.weekday()) % 7 + 7 * (week - 1))
                    if self.window_start < day < self.today:
                        past.append(day)
                    elif day > self.today:
                        future.append(day)
                month = month + relativedelta(months=1)
            rows = []
            for day in past + future:
                status = Meeting.Status.SCHEDULED if day > self.today else (
                    Meeting.Status.CANCELLED if rng.random() < 0.05 else Meeting.Status.HELD)
                m = Meeting(board=board, date=day, start_time=start_time,
                            end_time=time(start_time.hour + 2, start_time.minute), place=venue, status=status,
                            created_at=at(day - timedelta(days=60), 9))
                m.items_, m.quorum_ = [], None
                rows.append(m)
            self.meetings[trust.pk] = rows
            self.attend(trust, rows)
        # minutes are approved at the next quorate meeting, a later one: insert the later ones first
        for trust in self.trusts:
            held = [m for m in self.meetings[trust.pk] if m.status == Meeting.Status.HELD]
            for i, m in enumerate(held):
                later = next((n for n in held[i + 1:] if n.quorum_[0]), None)
                m.minutes_status = Meeting.MinutesStatus.APPROVED if later else Meeting.MinutesStatus.DRAFT
                m.approved_at_ = later
                if later:
                    later.approves_ = getattr(later, "approves_", []) + [m]
        by_rank = defaultdict(list)
        for trust in self.trusts:
            for rank, m in enumerate(reversed(self.meetings[trust.pk])):
                by_rank[rank].append(m)
        for rank in sorted(by_rank):
            for m in by_rank[rank]:
                m.minutes_approved_at = getattr(m, "approved_at_", None)
            self.insert(Meeting, by_rank[rank])
        for trust in self.trusts:
            self.agenda(trust)

    def seats_on(self, trust, day):
        return [seat for slot in self.slots[trust.pk] for seat in slot["terms"]
                if seat.term_start <= day and (seat.term_end is None or seat.term_end >= day)]

    def attend(self, trust, meetings):
        """Attendance for held meetings, and the quorum as boards.quorum computes it."""
        rng, board = self.rng, self.board_of[trust.pk]
        for m in meetings:
            m.attendance_ = []
            if m.status != Meeting.Status.HELD:
                continue
            seats = self.seats_on(trust, m.date)
            for seat in seats:
                if seat.role == Seat.Role.CHAIR:
                    status = "present" if rng.random() < 0.9 else "apologies"
                else:
                    status = rng.choices(["present", "apologies", "substitute", "absent"], (78, 12, 5, 5))[0]
                    if status == "substitute" and not seat.substitute_name:
                        status = "present"
                m.attendance_.append(Attendance(meeting=m, seat=seat, status=status,
                                                substitute_name=seat.substitute_name if status == "substitute" else "",
                                                recorded_at=at(m.date, 17)))
            voting = [s for s in seats if s.voting]
            present = {id(a.seat) for a in m.attendance_ if a.status in ("present", "substitute")}
            present_voting = sum(1 for s in voting if id(s) in present)
            required = board.quorum_required(len(voting))
            chair_in = any(a.seat.role == Seat.Role.CHAIR and a.status == "present" for a in m.attendance_)
            quorate = present_voting >= required and (chair_in or not board.quorum_chair_required)
            chair = next((s.person for s in seats if s.role == Seat.Role.CHAIR), None)
            m.quorum_ = (quorate, present_voting, required, chair)

    def agenda(self, trust):
        """Items, decisions, declarations and minutes, in memory (inserted after the plans add theirs)."""
        rng, officer = self.rng, self.officers[trust.pk]
        for m in self.meetings[trust.pk]:
            if m.status == Meeting.Status.CANCELLED:
                continue
            when = at(m.date, m.start_time.hour)

            def item(title, description="", kind="general"):
                it = AgendaItem(meeting=m, title=title, description=description, kind=kind,
                                created_at=at(m.date - timedelta(days=14), 9))
                it.decisions_, it.declarations_ = [], []
                m.items_.append(it)
                return it

            item("Apologies and declarations of interest")
            minutes_item = item("Minutes of the previous meeting and matters arising")
            topics = [item(t, d) for t, d in rng.sample(TOPICS, rng.randint(2, 4))]
            m.aob_ = ("Any other business", "")
            quorate = m.quorum_ and m.quorum_[0]
            if m.status != Meeting.Status.HELD:
                continue
            if quorate:
                for approved in getattr(m, "approves_", []):
                    self.decide(m, minutes_item, officer, Decision.Outcome.CARRIED,
                                f"The minutes of the meeting on {approved.date:%-d %B %Y} were agreed as a correct "
                                "record.", when)
                for it in topics[: rng.randint(1, 2)]:
                    outcome = rng.choices(list(Decision.Outcome), (85, 5, 10))[0]
                    text = rng.choice(RESOLUTIONS) if outcome == Decision.Outcome.CARRIED else (
                        "The Board did not agree the proposal." if outcome == Decision.Outcome.NOT_CARRIED
                        else "The Board deferred the item to its next meeting for more information.")
                    self.decide(m, it, officer, outcome, text, when, votes=rng.random() < 0.3)
                present = [a.seat for a in m.attendance_ if a.status == "present"]
                if present and rng.random() < 0.15:
                    seat = rng.choice(present)
                    topics[0].declarations_.append(Declaration(
                        item=topics[0], seat=seat, person=seat.person, recorded_at=when,
                        interest=f"Employed by {seat.partner.name if seat.partner else 'a provider'} which "
                                 "delivers services under this item."))

    def decide(self, meeting, item, actor, outcome, resolution, when, votes=False):
        _q, present_voting, required, _chair = meeting.quorum_
        d = Decision(item=item, resolution=resolution, outcome=outcome, present_voting=present_voting,
                     quorum_required=required, recorded_by=actor, recorded_at=when + timedelta(hours=1))
        if votes and outcome != Decision.Outcome.DEFERRED:
            against = self.rng.randint(0, max(0, present_voting // 4))
            abstain = self.rng.randint(0, 2)
            d.votes_against, d.votes_abstain = against, min(abstain, present_voting - against)
            d.votes_for = present_voting - d.votes_against - d.votes_abstain
            if outcome == Decision.Outcome.CARRIED and d.votes_for <= d.votes_against:
                d.votes_for, d.votes_against, d.votes_abstain = present_voting, 0, 0
            if outcome == Decision.Outcome.NOT_CARRIED:
                d.votes_for, d.votes_against = min(d.votes_for, d.votes_against), max(d.votes_for, d.votes_against)
        item.decisions_.append(d)
        return d

    # -- pooled funds -------------------------------------------------------------------------
    def make_funds(self):
        rng = self.rng
        fy = fy_of(self.today)
        years = (fy - 2, fy - 1, fy)
        funds, contributions, spend = [], [], []
        for trust in self.trusts:
            code, types = self.framework[trust.pk], self.by_type[trust.pk]
            two_tier = trust.authority_type == AuthorityType.COUNTY
            may = {duty: set(law.duty_values(code, duty, two_tier=two_tier)[0]) for duty in ("pool", "delegate")}
            for name, basis, host_type, contributor_types, purpose in rng.sample(FUNDS, rng.choice([1, 2, 2, 3])):
                duty = "delegate" if basis == PooledFund.LegalBasis.S75 else "pool"
                if host_type not in may[duty] or not types[host_type]:
                    continue
                status = rng.choices(list(PooledFund.Status), (8, 85, 7))[0]
                fund = PooledFund(trust=trust, name=name, purpose=purpose, legal_basis=basis,
                                  host=types[host_type][0], start_date=date(years[0], 4, 1),
                                  end_date=date(years[-1] + rng.choice([1, 1, 2]), 3, 31), status=status,
                                  created_at=at(date(years[0], 2, 1), 11))
                funds.append(fund)
                parties = [types[t][0] for t in contributor_types if t in may[duty] and types[t]]
                parties += types["district_council"][1:3] if "district_council" in contributor_types \
                    and "district_council" in may[duty] else []
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
                        for (outcome, area), w in zip(cells, weights):
                            # 98% of what came in is spent, shared out by outcome (whole-number weights: no floats)
                            amount = (total * 98 * w / (100 * sum(weights))).quantize(PENNY)
                            spend.append(Spend(fund=fund, year=year, stage=stage, outcome=outcome, service_area=area,
                                               value=amount, created_at=at(date(year, 4, 1) if stage == Stage.PLANNED
                                                                           else date(year + 1, 5, 1), 12)))
        self.insert(PooledFund, funds)
        self.insert(Contribution, contributions)
        self.insert(Spend, spend)
        self.funds = funds

    # -- plans ---------------------------------------------------------------------------------
    SCENARIOS = {  # weights for areas after the first four (which between them hold every state)
        "pub": 24, "sup_pub": 18, "pub_draft": 12, "pub_cons": 8, "pub_agree": 10, "pub_appr": 6,
        "sup_pub_agree": 6, "draft": 7, "cons": 4, "agree": 5,
    }
    FIRST = ["sup_pub_agree", "pub_appr", "pub_cons", "draft"]

    def relevant(self, trust):
        code = self.framework[trust.pk]
        always, by_agreement = law.duty_values(code, "cooperate", two_tier=trust.authority_type == AuthorityType.COUNTY)
        always, by_agreement = set(always), set(by_agreement)
        return [p for p in self.partners_by_area[trust.pk]
                if p.org_type in always or (p.org_type in by_agreement and p.academy_funding_agreement)]

    def make_plans(self):
        rng = self.rng
        names, weights = zip(*self.SCENARIOS.items())
        self.versions = []
        # who contributes to each area's pooled funds: where there are any, they are the spend
        # statement (plans.spend), so a complete plan's responsible partners are among them
        self.pooled_by_area = defaultdict(set)
        for trust_id, partner_id in (Contribution.objects.filter(fund__trust__in=[t.pk for t in self.trusts])
                                     .order_by().values_list("fund__trust_id", "partner_id").distinct()):
            self.pooled_by_area[trust_id].add(partner_id)
        # the busiest area (the one manage.py bench measures) has every page to show: a published
        # plan with its predecessor and a new version out for agreement
        busiest = max(self.trusts, key=lambda t: len(self.partners_by_area[t.pk]))
        for i, trust in enumerate(self.trusts):
            scenario = self.FIRST[i] if i < len(self.FIRST) else rng.choices(names, weights)[0]
            if trust is busiest and i >= len(self.FIRST):
                scenario = "sup_pub_agree"
            self.plan_area(trust, scenario, first=i == 0)
        # a version is based on the one before it: insert by number
        for number in (1, 2, 3):
            batch = [v for v in self.versions if v.number == number]
            for v in batch:
                v.based_on = getattr(v, "based_on_", None)
            self.insert(PlanVersion, batch)
        priorities, actions, gaps, consultees, spends, transitions, requests = [], [], [], [], [], [], []
        for v in self.versions:
            priorities += v.priorities_
            gaps += v.gaps_
            consultees += v.consultees_
            spends += v.spends_
            transitions += v.transitions_
            requests += v.requests_
        self.insert(Priority, priorities)
        for p in priorities:
            actions += p.actions_
        self.insert(Action, actions)
        self.insert(GapAction, gaps)
        self.insert(Consultee, consultees)
        self.insert(PartnerSpend, spends)
        self.insert(PlanTransition, transitions)
        self.insert(AgreementRequest, requests)
        self.insert(AgreementResponse, [r for req in requests for r in req.responses_])
        reviews = [r for v in self.versions for r in v.reviews_]
        self.insert(PlanReview, reviews)
        self.insert(ReviewProgress, [p for r in reviews for p in r.progress_])
        for v in self.versions:  # the approval items' reference names the version
            for approval in v.approvals_:
                approval.agenda_item.reference = f"plans.planversion:{v.pk}"

    def plan_area(self, trust, scenario, first=False):
        """One area's versions. ``first``: the first area's first plan is reviewed (so every run has a review)."""
        rng = self.rng
        meetings = self.meetings[trust.pk]
        held = [m for m in meetings if m.status == Meeting.Status.HELD and m.quorum_[0]]
        upcoming = [m for m in meetings if m.status == Meeting.Status.SCHEDULED]
        parts = scenario.split("_")
        n_pub = parts.count("pub") + parts.count("sup")
        if n_pub and not held:
            scenario, parts, n_pub = "draft", ["draft"], 0
        if "appr" in parts and not upcoming:
            parts[-1] = "agree"
        number, previous, last_pub = 0, None, None
        if n_pub == 2:
            early = [m for m in held if m.date <= self.today - timedelta(days=300)] or held[:1]
            one = held[0] if first else rng.choice(early[: max(1, len(early) // 2)])
            gap = 400 if first else 150
            later = [m for m in held if m.date >= one.date + timedelta(days=gap)
                     and (parts[-1] == "pub" or m.date <= self.today - timedelta(days=90))]
            if not later:
                n_pub, parts = 1, ["pub"] + parts[2:]
                approvals = [one]
            else:
                approvals = [one, rng.choice(later)]
        elif n_pub == 1:
            choices = held if parts[-1] == "pub" else [m for m in held if m.date <= self.today - timedelta(days=90)]
            approvals = [rng.choice(choices or held)]
        else:
            approvals = []
        start = self.today - timedelta(days=330) if not approvals else approvals[0].date - timedelta(days=330)
        for meeting in approvals:
            number += 1
            version = self.version(trust, number, previous, start, meeting.date - timedelta(days=1), VS.PUBLISHED,
                                   meeting=meeting)
            if previous is not None:
                self.supersede(previous, version, force_review=first)
            previous, last_pub, start = version, version, meeting.date + timedelta(days=14)
        open_state = {"draft": VS.DRAFT, "cons": VS.CONSULTATION, "agree": VS.AGREEMENT,
                      "appr": VS.APPROVAL}.get(parts[-1])
        if open_state:
            number += 1
            self.version(trust, number, previous, start, self.today - timedelta(days=1), open_state,
                         meeting=upcoming[0] if open_state == VS.APPROVAL else None)
        if last_pub is not None:
            self.reviews(trust, last_pub)

    def version(self, trust, number, previous, start, end, status, meeting=None):
        """A version and its history, with its timeline spread over [start, end]."""
        rng, officer = self.rng, self.officers[trust.pk]
        complete = status not in (VS.DRAFT,) or rng.random() < 0.3
        if status == VS.DRAFT and previous is not None:
            complete = True  # a new draft is a copy of the published version
        when = [self.moment(start, end, f) for f in (0.0, 0.3, 0.55, 0.85)]
        fy = fy_of(end) + 1
        # a complete plan states its period (SI 2010/591 reg 3(2)); the draw is made either way so
        # the sequence (and every other value) is unchanged
        states_end = rng.random() < 0.3 or complete
        v = PlanVersion(trust=trust, number=number, status=status, created_by=officer,
                        title=f"{trust.name} Children and Young People's Plan {fy}-{(fy + 3) % 100:02d}",
                        period_start=date(fy, 4, 1), period_end=date(fy + 3, 3, 31) if states_end else None,
                        created_at=at(when[0], 9, 30))
        v.based_on_ = previous
        v.priorities_, v.gaps_, v.consultees_, v.spends_, v.transitions_, v.requests_ = [], [], [], [], [], []
        v.reviews_, v.approvals_ = [], []
        self.content(v, trust, complete, when[1])
        moves = [("", VS.DRAFT, when[0], officer,
                  f"New draft copied from version {previous.number}" if previous else "New plan started")]
        if status != VS.DRAFT:
            moves.append((VS.DRAFT, VS.CONSULTATION, when[1], officer, "Sent out for consultation"))
        relevant = self.relevant(trust)
        if status in (VS.AGREEMENT, VS.APPROVAL, VS.PUBLISHED):
            asked = when[2]
            rounds = 2 if status != VS.AGREEMENT and rng.random() < 0.15 and len(relevant) > 1 else 1
            stop = when[3] if status != VS.AGREEMENT else self.today - timedelta(days=1)
            for round_ in range(1, rounds + 1):
                moves.append((VS.CONSULTATION if round_ == 1 else VS.DRAFT, VS.AGREEMENT, asked, officer,
                              f"Sent to {len(relevant)} relevant partners to agree (round {round_})"))
                final = round_ == rounds
                round_end = stop if final else self.moment(asked, stop, 0.5)
                objector = None if final else rng.choice(relevant)
                self.agreement(v, relevant, round_, asked, round_end, everyone=final and status != VS.AGREEMENT,
                               objector=objector, officer=officer)
                if objector is not None:
                    reasons = "The plan does not yet show our contribution to the early intervention locality teams."
                    moves.append((VS.AGREEMENT, VS.DRAFT, round_end,
                                  (self.contacts_by_partner.get(objector.pk) or [None])[0],
                                  f"Objection from {objector.name}: {reasons}"))
                    asked = self.moment(round_end, stop, 0.3)
            v.agreement_round = rounds
        if status in (VS.APPROVAL, VS.PUBLISHED):
            board = self.board_of[trust.pk]
            moves.append((VS.AGREEMENT, VS.APPROVAL, when[3], officer,
                          f"On the agenda of the {board.name} meeting on {meeting.date:%-d %B %Y}"))
            self.approval(v, meeting, officer, at(when[3], 11))
        if status == VS.PUBLISHED:
            chair = meeting.quorum_[3]
            v.published_on = meeting.date
            v.review_due_on = meeting.date + relativedelta(months=12)
            _q, present, required, _c = meeting.quorum_
            moves.append((VS.APPROVAL, VS.PUBLISHED, meeting.date, chair,
                          f"Approved by the {self.board_of[trust.pk].name} on {meeting.date:%-d %B %Y} (Quorate: "
                          f"{present} voting members present; the quorum is {required})"))
        for i, (from_s, to_s, day, actor, comment) in enumerate(moves):
            v.transitions_.append(PlanTransition(version=v, from_status=from_s, to_status=to_s, actor=actor,
                                                 at=at(day, 10 + min(i, 7)), comment=comment))
        v.lock_version = len(moves)
        self.versions.append(v)
        return v

    def content(self, v, trust, complete, consulted_from):
        rng, types = self.rng, self.by_type[trust.pk]
        name = trust.name
        fallback = types["local_authority"][0]
        pooled = self.pooled_by_area.get(trust.pk, set())
        lead = fallback if fallback.pk in pooled else next(
            (p for p in self.partners_by_area[trust.pk] if p.pk in pooled), fallback)

        def partner(org_type):
            found = (types.get(org_type) or [fallback])[0]
            # a complete plan: each responsible partner has a row in the spend statement (para 36 item 7),
            # which in an area with pooled funds is its contributions to them
            if complete and pooled and found.pk not in pooled:
                return lead
            return found

        v.needs_assessment = (
            f"{name} has about {rng.randint(20, 300)},000 children and young people. Outcomes are good overall but "
            f"the gaps are wide: {rng.randint(12, 35)}% of children live in poverty in the most deprived wards, "
            f"child obesity in Year 6 is {rng.randint(15, 22)}.{rng.randint(0, 9)}%, and waits for CAMHS average "
            f"{rng.randint(8, 20)} weeks.")
        if complete:
            v.early_universal = ("Children's centres in every locality and extended schools offering family support; "
                                 "health visitors see every family within 14 days of birth.")
            v.early_targeted = ("Locality teams using the Common Assessment Framework, with a lead professional for "
                                "every child with additional needs.")
            v.early_partner_roles = ("Schools, health visitors, children's centres and the police identify needs "
                                     "early; the locality team coordinates the response.")
            v.early_workforce = (f"Every front-line worker trained in the CAF within a year; {rng.randint(10, 60)} "
                                 "lead professional posts across the partnership.")
            v.commissioning = ("A joint commissioning board of the council and the PCT commissions CAMHS, short "
                               "breaks and speech and language therapy, from pooled budgets where they exist.")
            v.scs_link = f"Delivers the children and young people theme of the {name} Sustainable Community Strategy."
            v.laa_link = "Sets the context for the Local Area Agreement targets NI 56, NI 59, NI 111, NI 117 and NI 102."
        outcomes = list(Outcome) if complete else rng.sample(list(Outcome), rng.randint(0, 3))
        for outcome in outcomes:
            for position, (title, org_type, action, measure) in enumerate(
                    rng.sample(PRIORITY_BANK[outcome], rng.randint(1, min(3, len(PRIORITY_BANK[outcome]))))):
                p = Priority(version=v, outcome=outcome, title=title, position=position)
                p.actions_ = [Action(priority=p, description=action, responsible_partner=partner(org_type),
                                     due_by=date(fy_of(consulted_from) + 2, 3, 31), measure=measure, position=0)]
                if rng.random() < 0.5:
                    p.actions_.append(Action(priority=p, position=1, responsible_partner=fallback,
                                             description="Report progress to the Board every six months",
                                             due_by=date(fy_of(consulted_from) + 1, 9, 30), measure=measure))
                v.priorities_.append(p)
        if complete:
            for position, (gap, action, org_type) in enumerate(rng.sample(GAP_BANK, rng.randint(1, 3))):
                v.gaps_.append(GapAction(version=v, gap=gap, description=action, responsible_partner=partner(org_type),
                                         due_by=date(fy_of(consulted_from) + 1, 3, 31), position=position))
            until = consulted_from + timedelta(weeks=8)
            for org_type in sorted({p.org_type for p in self.relevant(trust)}):
                v.consultees_.append(Consultee(version=v, kind=Consultee.Kind.PARTNER_TYPE, org_type=org_type,
                                               consulted_from=consulted_from, consulted_to=until,
                                               method="Partnership workshops and written comments"))
            for group, method in zip(Consultee.Group, [
                    "Visits to children's centres", "Voluntary sector forum and provider events",
                    "Staff survey", "Primary school councils", "Youth Council and an online survey",
                    "Parent carer forum and family questionnaires"]):
                v.consultees_.append(Consultee(version=v, kind=Consultee.Kind.GROUP, group=group,
                                               consulted_from=consulted_from, consulted_to=until, method=method))
            for org_type, area in (("pct", SpendArea.CHILD_HEALTH), ("yot", SpendArea.YOUTH_OFFENDING),
                                   ("local_authority", SpendArea.EARLY_INTERVENTION)):
                v.spends_.append(PartnerSpend(version=v, partner=partner(org_type), spend_area=area,
                                              financial_year=fy_of(consulted_from) + 1,
                                              amount=money(rng, 250000, 6000000)))
            # and a row for each other partner responsible for an action (amounts from their own
            # generator, so the main sequence is unchanged)
            if not hasattr(self, "_spend_rng"):
                self._spend_rng = random.Random(f"spend-{self.seed}")
            entered = {s.partner.pk for s in v.spends_}
            for p in [a.responsible_partner for pr in v.priorities_ for a in pr.actions_] + [
                    g.responsible_partner for g in v.gaps_]:
                if p.pk not in entered:
                    entered.add(p.pk)
                    v.spends_.append(PartnerSpend(version=v, partner=p, spend_area=SpendArea.OTHER,
                                                  financial_year=fy_of(consulted_from) + 1,
                                                  amount=money(self._spend_rng, 20000, 400000)))

    def agreement(self, v, relevant, round_, asked, end, *, everyone, objector, officer):
        rng = self.rng
        for partner in relevant:
            req = AgreementRequest(version=v, partner=partner, round=round_, asked_at=at(asked, 9), asked_by=officer,
                                   nonce=f"{rng.getrandbits(128):032x}")
            req.responses_ = []
            answered = everyone or partner is objector or rng.random() < (0.5 if objector else 0.6)
            if answered:
                decision = AgreementResponse.Decision.OBJECT if partner is objector else AgreementResponse.Decision.AGREE
                day = self.day_between(asked, end)
                if partner is objector:
                    day = end
                contacts = self.contacts_by_partner.get(partner.pk) or [None]
                req.responses_.append(AgreementResponse(
                    request=req, decision=decision, actor=contacts[0],
                    # a partner's own answer (officer-recorded answers are not generated)
                    via=rng.choice([AgreementResponse.Via.PAGE, AgreementResponse.Via.EMAIL]) if contacts[0]
                    else AgreementResponse.Via.EMAIL,
                    reasons="The plan does not yet show our contribution to the early intervention locality teams."
                    if decision == AgreementResponse.Decision.OBJECT else "",
                    at=at(day, rng.randint(9, 17), rng.randint(0, 59))))
                req.latest_decision = decision
            v.requests_.append(req)

    def approval(self, v, meeting, officer, created):
        """The version on a meeting's agenda; for a published version, the board's decision too."""
        item = AgendaItem(meeting=meeting, kind="plan_approval",
                          title=f"Approve the Children and Young People's Plan (version {v.number})",
                          description=f"{v.title}. All relevant partners have agreed it. The board approves it "
                                      "(it is then published) or rejects it with reasons.",
                          created_at=created)
        item.decisions_, item.declarations_ = [], []
        meeting.items_.insert(2, item)
        approval = PlanApproval(version=v, meeting=meeting, agenda_item=item, created_by=officer, created_at=created)
        if v.status == VS.PUBLISHED:
            chair = meeting.quorum_[3]
            decision = self.decide(meeting, item, chair, Decision.Outcome.CARRIED,
                                   f"The board approves version {v.number} of the Children and Young People's Plan "
                                   "for publication.", at(meeting.date, meeting.start_time.hour))
            approval.decision_ = decision
            approval.outcome = PlanApproval.Outcome.APPROVED
            approval.decided_by, approval.decided_at = chair, decision.recorded_at
        v.approvals_.append(approval)

    def supersede(self, old, new, force_review=False):
        old.status = VS.SUPERSEDED
        old.lock_version += 1
        old.transitions_.append(PlanTransition(version=old, from_status=VS.PUBLISHED, to_status=VS.SUPERSEDED,
                                               actor=new.approvals_[0].decided_by,
                                               at=at(new.published_on, 18), comment=f"Replaced by version {new.number}"))
        self.reviews(old.trust, old, until=new.published_on, force=force_review)

    def reviews(self, trust, v, until=None, force=False):
        """Annual reviews: recorded and noted (the next falls due a year on), or missing (overdue)."""
        rng = self.rng
        until = until or self.today
        held = [m.date for m in self.meetings[trust.pk] if m.status == Meeting.Status.HELD]
        due = v.published_on + relativedelta(months=12)
        while due <= until:
            if rng.random() > 0.75 and not (force and not v.reviews_):
                break  # not recorded: the review is overdue
            reviewed = max(v.published_on + timedelta(days=1), due - timedelta(days=rng.randint(0, 40)))
            if reviewed > self.today:
                break
            noted = next((d for d in held if reviewed <= d <= self.today), None) \
                if rng.random() < 0.85 or force else None
            review = PlanReview(version=v, due_on=due, reviewed_on=reviewed, noted_on=noted,
                                created_by=self.officers[trust.pk], created_at=at(reviewed, 15),
                                needs_assessment_update=(
                                    f"Child obesity in Year 6 moved from {rng.randint(16, 21)}.{rng.randint(0, 9)}% to "
                                    f"{rng.randint(15, 21)}.{rng.randint(0, 9)}%; CAMHS waits are "
                                    f"{rng.randint(4, 16)} weeks; the attainment gap narrowed by "
                                    f"{rng.randint(0, 4)} points."))
            review.progress_ = [ReviewProgress(review=review, outcome=o, progress=text.format(
                a=rng.randint(50, 95), b=rng.randint(60, 400), c=rng.randint(1, 9)))
                for o, text in REVIEW_PROGRESS.items()]
            v.reviews_.append(review)
            if noted is None:
                break
            due = due + relativedelta(months=12)
        v.review_due_on = due

    # -- the business of the meetings (after the plans added their items) ----------------------
    def insert_board_business(self):
        items, attendances = [], []
        for trust in self.trusts:
            for m in self.meetings[trust.pk]:
                if not m.items_:
                    continue
                m.items_.append(AgendaItem(meeting=m, title=m.aob_[0], created_at=m.items_[0].created_at))
                m.items_[-1].decisions_, m.items_[-1].declarations_ = [], []
                for position, item in enumerate(m.items_, 1):
                    item.position = position
                items += m.items_
                attendances += m.attendance_
        self.insert(AgendaItem, items)
        self.insert(Attendance, attendances)
        self.insert(Decision, [d for it in items for d in it.decisions_])
        self.insert(Declaration, [d for it in items for d in it.declarations_])
        approvals = []
        for v in self.versions:
            for a in v.approvals_:
                a.decision = getattr(a, "decision_", None)
                approvals.append(a)
        self.insert(PlanApproval, approvals)
        held = [m for t in self.trusts for m in self.meetings[t.pk] if m.status == Meeting.Status.HELD]
        for m in held:
            n_present = sum(1 for a in m.attendance_ if a.status in ("present", "substitute"))
            apologies = sum(1 for a in m.attendance_ if a.status == "apologies")
            lines = [f"Present: {n_present} members; apologies from {apologies}."]
            if not m.quorum_[0]:
                lines.append("The meeting was not quorate: the items were discussed but no decisions were made.")
            for it in m.items_[1:]:
                lines.append(f"{it.position}. {it.title}: " + (it.decisions_[0].resolution if it.decisions_
                                                                else "noted."))
            m.minutes = "\n\n".join(lines)
        Meeting.objects.bulk_update(held, ["minutes"], batch_size=self.batch)

    # -- directions ---------------------------------------------------------------------------------
    def make_directions(self):
        rng, rows = self.rng, []
        for v in self.versions:
            if v.status == VS.PUBLISHED and v.review_due_on < self.today - timedelta(days=60) and rng.random() < 0.3:
                rows.append(Direction(
                    trust=v.trust, arrangement=Direction.Arrangement.PLAN, issued_by=self.superuser,
                    reason=f"The annual review of the plan due on {v.review_due_on:%-d %B %Y} has not been made.",
                    required_action="Review the plan with the partners, record the review and have the board note it.",
                    due_by=self.today + timedelta(days=rng.randint(20, 90)),
                    issued_at=at(self.today - timedelta(days=rng.randint(5, 50)), 11)))
        self.insert(Direction, rows)

    # -- reminders ------------------------------------------------------------------------------------
    def make_reminders(self):
        """The reminder log as the daily sweep would have left it, and the in-app notifications."""
        rules = {r.kind: r for r in ChaseRule.objects.filter(enabled=True)}
        self.logs = {}
        steward = self.superuser

        def recipient_of(user):
            return (user.email, user.full_name, user)

        for v in self.versions:
            trust = v.trust
            officer = recipient_of(self.officers[trust.pk])
            link = reverse("plans:version-detail", kwargs={"area": trust.la_code, "version": v.number})
            if v.status == VS.PUBLISHED and v.review_due_on:
                due = v.review_due_on
                key = f"plan:{v.pk}:review:{due.isoformat()}"  # the keys and titles of plans/chasers.py
                self.fire(rules, "plan_review_due", due, [officer], key, trust, link,
                          f"{trust.name}: the annual review of the plan is due on {due:%-d %B %Y}")
                if due < self.today:
                    self.fire(rules, "plan_review_overdue", due,
                              [(trust.director_email, trust.director_name, None), recipient_of(steward)],
                              key, trust, link,
                              f"Overdue: the annual review of the {trust.name} plan was due on {due:%-d %B %Y}")
            if v.status == VS.AGREEMENT:
                current = [r for r in v.requests_ if r.round == v.agreement_round]
                waiting = [r for r in current if not r.latest_decision]
                asked = current[0].asked_at.date() if current else self.today
                for req in waiting:
                    people = [recipient_of(u) for u in self.contacts_by_partner.get(req.partner.pk, [])] or (
                        [(req.partner.lead_contact_email, req.partner.lead_contact_name, None)]
                        if req.partner.lead_contact_email else [])
                    answer = reverse("plans:agreement-respond", kwargs={"area": trust.la_code, "agreement": req.pk})
                    self.fire(rules, "agreement_outstanding", asked, people, f"agreement:{req.pk}", trust, answer,
                              f"{req.partner.name}: please agree the {trust.name} Children and Young People's Plan")
                if waiting:
                    self.fire(rules, "agreement_escalation", asked, [officer],
                              f"plan:{v.pk}:agreements:{v.agreement_round}", trust, link,
                              f"{trust.name}: {len(waiting)} partner{'s have' if len(waiting) != 1 else ' has'} not "
                              f"agreed version {v.number} of the plan")
        for trust in self.trusts:
            board = self.board_of[trust.pk]
            officer = recipient_of(self.officers[trust.pk])
            meetings = self.meetings[trust.pk]
            for i, m in enumerate(meetings):
                link = reverse("boards:meeting-detail", kwargs={"meeting": m.pk})
                if m.status != Meeting.Status.CANCELLED and m.date >= self.today - timedelta(days=90):
                    self.fire(rules, "board_papers", m.date,
                              [recipient_of(s.person) for s in self.seats_on(trust, m.date)], f"meeting:{m.pk}:papers",
                              trust, link, f"Papers for the {board.name} meeting on {m.date:%-d %B %Y}")
                if m.status == Meeting.Status.HELD and m.minutes_status == Meeting.MinutesStatus.DRAFT:
                    later = next((n for n in meetings[i + 1:] if n.date < self.today and n.status != "cancelled"), None)
                    if later is not None:
                        self.fire(rules, "minutes_unapproved", later.date, [officer], f"meeting:{m.pk}:minutes",
                                  trust, link,
                                  f"The minutes of the {board.name} meeting on {m.date:%-d %B %Y} are not approved")
            for slot in self.slots[trust.pk]:
                for seat in slot["terms"]:
                    if seat.term_end and self.today <= seat.term_end:
                        where = reverse("boards:board-detail", kwargs={"board": board.pk})
                        self.fire(rules, "board_term_ending", seat.term_end, [recipient_of(seat.person)],
                                  f"seat:{seat.pk}:term-end", trust, where,
                                  f"Your term on the {board.name} ends on {seat.term_end:%-d %B %Y}")
                        self.fire(rules, "board_term_ending", seat.term_end, [officer],
                                  f"seat:{seat.pk}:term-end", trust, where,
                                  f"{seat.person.full_name}'s term on the {board.name} ends on "
                                  f"{seat.term_end:%-d %B %Y}")
        logs = list(self.logs.values())
        self.insert(ReminderLog, logs)
        notes = []
        for log in logs:
            if log.recipient is None or log.status != ReminderLog.Status.SENT:
                continue
            dismissed = None
            if log.sent_at.date() < self.today - timedelta(days=14) and self.rng.random() < 0.7:
                dismissed = log.sent_at + timedelta(days=self.rng.randint(0, 10), hours=3)
            notes.append(Notification(user=log.recipient, title=log.title, body=log.context["lines"][0],
                                      link=log.link, created_at=log.sent_at, dismissed_at=dismissed, reminder=log))
        self.insert(Notification, notes)

    def stage_days(self, rule, anchor):
        """(label, day) for each stage of a rule that fell due on or before today."""
        out, offsets = [], rule.offset_list()
        shift = (lambda d, n: d + timedelta(days=n)) if rule.unit == ChaseRule.Unit.CALENDAR \
            else workdays.add_working_days
        if rule.direction == ChaseRule.Direction.BEFORE:
            for n in offsets:
                day = shift(anchor, -n)
                if day <= min(self.today, anchor):
                    out.append((rule.label(n), day))
            return out
        for n in offsets:
            day = shift(anchor, n)
            if day <= self.today:
                out.append((rule.label(n), day))
        if rule.repeat_every:
            n = offsets[-1] + rule.repeat_every
            while (day := shift(anchor, n)) <= self.today:
                out.append((rule.label(n), day))
                n += rule.repeat_every
        return out

    def fire(self, rules, kind, anchor, people, subject_key, trust, link, title):
        rule = rules.get(kind)
        if rule is None:
            return
        rng = self.rng
        for offset, day in self.stage_days(rule, anchor):
            if rule.unit == ChaseRule.Unit.WORKING and not workdays.is_working_day(day):
                continue
            for email, name, user in people:
                key = (kind, email.lower(), subject_key, anchor, offset)
                if not email or key in self.logs:
                    continue
                queued = at(day, 6, 30) + timedelta(seconds=rng.randint(0, 600))
                roll = rng.random()
                status = ReminderLog.Status.QUEUED if day == self.today else (
                    ReminderLog.Status.FAILED if roll < 0.02 else ReminderLog.Status.SENT)
                log = ReminderLog(
                    kind=kind, recipient_email=email.lower(), recipient_name=name[:120], recipient=user,
                    subject_key=subject_key, deadline=anchor, offset=offset, area=trust, title=title[:200],
                    template="notices/email/reminder", link=link, status=status, queued_at=queued, created_at=queued,
                    context={"lines": [f"{title} ({offset}).", "Open the link to see what is needed."]},
                    attempts=0 if status == ReminderLog.Status.QUEUED else (5 if status == "failed" else 1),
                    sent_at=queued + timedelta(seconds=rng.randint(5, 300)) if status == "sent" else None,
                    last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable" if status == "failed" else "")
                self.logs[key] = log

    # -- timestamps -------------------------------------------------------------------------------------
    def settle_timestamps(self):
        """``auto_now`` columns took the clock at insert: set them from created_at, so runs are identical."""
        for model in self.inserted_models:
            names = {f.name for f in model._meta.concrete_fields}
            for field in model._meta.concrete_fields:
                if getattr(field, "auto_now", False) and "created_at" in names:
                    model.objects.update(**{field.name: F("created_at")})


# ---------------------------------------------------------------------------
# Flushing and checking
# ---------------------------------------------------------------------------
def seeded_models():
    """Every concrete table of the project's apps that holds area or user data (not the history, not the rules)."""
    out = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label not in PROJECT_APPS or meta.proxy or not meta.managed:
            continue
        if meta.model_name.startswith("historical") or model in (User, ChaseRule):
            continue
        out.append(model)
    return out


def history_models():
    """The project's historical tables, except the users' and the chase rules' (kept)."""
    return [m for m in apps.get_models(include_auto_created=True)
            if m._meta.app_label in PROJECT_APPS and m._meta.model_name.startswith("historical")
            and m._meta.model_name not in ("historicaluser", "historicalchaserule")]


def flush():
    """Delete every area and everything in it, and the users this command creates.

    Raw deletes (no signals, no per-row history) in one transaction: the foreign keys
    are checked at commit (Django creates them deferrable), so the order does not matter.
    Rows elsewhere that point at a seeded user are deleted or unlinked as their
    ``on_delete`` says; a protected one stops the flush with its name. The history of
    the deleted records goes too, and the emptied tables' id sequences restart at 1, so
    a new seed gets the same ids as on a fresh database and no new record can show an
    old one's history.
    """
    deleted = {}
    with transaction.atomic():
        emptied = seeded_models() + history_models()
        for model in emptied:
            qs = model._base_manager.all()
            deleted[model._meta.label] = qs._raw_delete(qs.db)
        users = list(User.objects.filter(SEED_USERS_Q).values_list("pk", flat=True))
        qs = User.history.model._base_manager.filter(id__in=users)
        qs._raw_delete(qs.db)
        for rel in User._meta.related_objects:
            related = rel.related_model
            if related._meta.model_name.startswith("historical"):
                continue
            if rel.many_to_many:
                continue  # the M2M through tables of other models are handled as their own models
            qs = related._base_manager.filter(**{f"{rel.field.name}__in": users})
            if rel.on_delete is models.SET_NULL:
                qs.update(**{rel.field.name: None})
            elif rel.on_delete is models.CASCADE:
                qs._raw_delete(qs.db)
            elif qs.exists():
                raise RuntimeError(f"{related._meta.verbose_name_plural} still refer to seeded users: delete them first")
        for m2m in User._meta.many_to_many:
            qs = m2m.remote_field.through._base_manager.filter(user_id__in=users)
            qs._raw_delete(qs.db)
        qs = User.objects.filter(pk__in=users)
        deleted["trusts.User"] = qs._raw_delete(qs.db)
        sequences = [{"table": m._meta.db_table, "column": m._meta.pk.column} for m in emptied]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
                cursor.execute(sql)
    return deleted


def data_digest():
    """SHA-256 of the seeded rows, with ids replaced by their rank in their table.

    Two runs with the same options give the same digest even when the database gave
    them different ids (a flushed table keeps its sequence)."""
    models_ = [User] + seeded_models()
    ranks = {}

    def rank_of(model):
        if model not in ranks:
            ids = model._base_manager.order_by("pk").values_list("pk", flat=True)
            ranks[model] = {pk: i for i, pk in enumerate(ids)}
        return ranks[model]

    digest = hashlib.sha256()
    for model in models_:
        fields = [f for f in model._meta.concrete_fields if f.name not in ("last_login",)]
        qs = model._base_manager.order_by("pk")
        if model is User:
            qs = qs.filter(SEED_USERS_Q)
        digest.update(model._meta.label.encode())
        for row in qs.values_list(*[f.attname for f in fields]):
            out = []
            for field, value in zip(fields, row):
                if field.primary_key:
                    value = rank_of(model).get(value)
                elif field.is_relation and value is not None:
                    value = rank_of(field.related_model).get(value)
                out.append(value)
            digest.update(repr(out).encode())
    return digest.hexdigest()

