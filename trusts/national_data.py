"""Generated national data: every children's services authority in England at once.

``manage.py seed_national`` runs :class:`NationalRun`. This module is the core's part and
the orchestrator; each app that has data to generate keeps its own part beside its demo
data, in ``<app>/national_data.py``, found by that module name as ``seed_demo`` finds
``<app>/demo.py``, so the core knows no feature:

- here (trusts): the 150 areas of 2008 (real names, DfE LA codes and ONS GSS codes; the 34
  shire counties with their real district councils), an officer per area, the steward users,
  and the reminder log and in-app notifications that the apps' chasers would have left;
- ``partners``: about 40,000 partners (25,000 schools and academies) and their contacts;
- ``boards``: a board per area with its seats and two years of meetings and business;
- ``pooling``: pooled funds over three financial years;
- ``plans``: plan versions in every state with their agreement rounds, approvals, annual
  reviews and the stewards' directions.

Each part is a class named ``Part`` (a subclass of :class:`AppPart` here) with up to three
phases, ``make``, ``finish`` and ``remind``: the run calls every part's ``make`` in
INSTALLED_APPS order, then every ``finish`` (rows that need a later app's rows first: the
plans put their approval items on the boards' agendas before the boards write them), then
every ``remind`` (each app fires its own reminder kinds through :meth:`NationalRun.fire`).
A part reads what earlier parts made from the shared run (``self.trusts``,
``self.partners_by_area``...): that is the contract between them.

Rules come from the code the services use (the quorum, the framework's duties, the review
interval, the chase rules' stages and working days), not copies of it: a rule changed in
the app changes the generated data with it.

How it is fast: every row is built in memory and written with ``bulk_create`` in batches,
table by table in dependency order, the ids coming back from the insert (PostgreSQL and
SQLite both return them). ``save()`` per object (and the services, which save and audit
one row at a time) would take hours for 330,000 rows. No ``save()``, so no signals:
simple_history keeps no historical rows for seeded data (the history of a seeded record
starts at its first real change), and no e-mail is queued.

How it is deterministic: one ``random.Random(seed)`` drives the choices of ``make`` and
``finish`` in that fixed order; reminders draw from a stream of their own, so the order in
which the apps fire them moves nothing else. Every date and time is computed from the
fixed ``today`` (never the clock), agreement nonces and the password salt come from the
seed, and the ``auto_now`` columns are set from ``created_at`` after the insert. The same
seed, areas, scale and today give the same rows; :func:`data_digest` checks that
independently of the ids.

Users: the generated users have addresses only it uses (``GENERATED_USERS``, on the
reserved example domains), which is how ``--flush`` tells them from real people, and no
usable password unless one is given (``--password`` or ``SEED_PASSWORD``).
"""
import hashlib
import random
import re
import time as clock
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import F, Q

from trusts.features import app_modules
from trusts.models import (
    Area,
    AuthorityType,
    Membership,
    Region,
    User,
    framework_choices,
)
from trusts.notices import workdays
from trusts.notices.models import ChaseRule, Notification, ReminderLog
from trusts.permissions import STEWARD_EDIT, STEWARD_READ

MODULE = "national_data"  # each app's part: <app>/national_data.py
PHASES = ("make", "finish", "remind")
CORE_APPS = ("trusts", "notices")  # the core's own tables, written here
TZ = ZoneInfo("Europe/London")
PENNY = Decimal("0.01")
SUPERUSER_EMAIL = "national.steward@dcsf.example.gov.uk"

# The users the generator makes, by address (reserved example domains, patterns no real
# person has): --flush deletes exactly these (and all areas), and refuses while any other
# user exists.
GENERATED_USERS = (
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
# an area's relative size, by its type: the apps scale their volumes by it (``AreaInfo.weight``)
TYPE_WEIGHT = {AuthorityType.COUNTY: 2.4, AuthorityType.METROPOLITAN: 1.25, AuthorityType.LONDON: 0.85,
               AuthorityType.UNITARY: 0.75}
TINY = {"201": 0.04, "420": 0.03, "857": 0.2}  # the City of London, the Isles of Scilly, Rutland


def at(day, hour=10, minute=0):
    """A moment on a day in Europe/London."""
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def money(rng, low, high):
    """A Decimal amount in pounds, to the penny, from whole-pound bounds."""
    return (Decimal(rng.randrange(low * 100, high * 100)) / 100).quantize(PENNY)


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




# ---------------------------------------------------------------------------
# The run: shared state, helpers, the phases
# ---------------------------------------------------------------------------
def parts():
    """Each installed app's part class, in INSTALLED_APPS order (``<app>.national_data.Part``)."""
    return [(config.label, module.Part) for config, module in app_modules(MODULE)]


class AppPart:
    """One app's share of the generator. Attributes it reads or sets that are not its own
    methods are the shared run's: a part leaves what it made there for the parts after it."""

    def __init__(self, run):
        object.__setattr__(self, "run", run)

    def __getattr__(self, name):
        return getattr(self.run, name)

    def __setattr__(self, name, value):
        setattr(self.run, name, value)


class NationalRun:
    """Build and insert the national data set. ``run()`` returns {model label: rows inserted}.

    ``password``: every generated user's password; none (the default) gives each an unusable
    one (``set_unusable_password``): sign in with ``manage.py changepassword`` or a session."""

    def __init__(self, *, seed=1, areas=150, scale=1.0, today=None, password=None, stdout=None, batch_size=2000):
        from django.utils import timezone

        self.rng = random.Random(seed)
        # reminders come from their own stream: the apps may fire them in any order
        self.reminder_rng = random.Random(f"reminders-{seed}")
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
        self._email_seq = 0
        self.pending_users = []
        self.password_hash = None
        self.rules, self.logs = None, {}

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
        # no password given: an unusable one each (random, as set_unusable_password makes it)
        user = User(email=email or self.email_for(name, domain), full_name=name, role=role, job_title=job_title,
                    password=self.password_hash or make_password(None), is_active=True,
                    date_joined=joined or at(self.window_start, 9))
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
        if self.password:
            # one hash, reused: hashing thousands would take minutes (the salt from the seed)
            self.password_hash = make_password(self.password, salt=f"national{self.seed}seed")
        found = [(label, part(self)) for label, part in parts()]
        with transaction.atomic():
            for phase in PHASES:
                for label, part in found:
                    step = getattr(part, phase, None)
                    if step is None:
                        continue
                    t0 = clock.monotonic()
                    step()
                    self.log(f"  {label} {phase}: {clock.monotonic() - t0:.1f}s")
            for step in (self.write_reminders, self.settle_timestamps):
                t0 = clock.monotonic()
                step()
                self.log(f"  {step.__name__.replace('_', ' ')}: {clock.monotonic() - t0:.1f}s")
        self.elapsed = clock.monotonic() - started
        return dict(self.counts)

    # -- reminders ------------------------------------------------------------------------------------
    def stage_days(self, rule, anchor):
        """(label, day) for each stage of a rule that fell due on or before today (the rule's own
        day arithmetic: calendar or working days)."""
        out, offsets = [], rule.offset_list()
        if rule.direction == ChaseRule.Direction.BEFORE:
            for n in offsets:
                day = rule.shift(anchor, -n)
                if day <= min(self.today, anchor):
                    out.append((rule.label(n), day))
            return out
        for n in offsets:
            day = rule.shift(anchor, n)
            if day <= self.today:
                out.append((rule.label(n), day))
        if rule.repeat_every:
            n = offsets[-1] + rule.repeat_every
            while (day := rule.shift(anchor, n)) <= self.today:
                out.append((rule.label(n), day))
                n += rule.repeat_every
        return out

    def fire(self, kind, anchor, people, subject_key, area, link, title):
        """The reminder log rows a kind's chaser would have left for one anchor date: one per stage
        passed by today and person (``people``: (email, name, user or None)); an unknown or
        disabled kind fires nothing, as in the sweep."""
        if self.rules is None:
            self.rules = {r.kind: r for r in ChaseRule.objects.filter(enabled=True)}
        rule = self.rules.get(kind)
        if rule is None:
            return
        rng = self.reminder_rng
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
                    subject_key=subject_key, deadline=anchor, offset=offset, area=area, title=title[:200],
                    template="notices/email/reminder", link=link, status=status, queued_at=queued, created_at=queued,
                    context={"lines": [f"{title} ({offset}).", "Open the link to see what is needed."]},
                    attempts=0 if status == ReminderLog.Status.QUEUED else (5 if status == "failed" else 1),
                    sent_at=queued + timedelta(seconds=rng.randint(5, 300)) if status == "sent" else None,
                    last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable" if status == "failed" else "")
                self.logs[key] = log

    def write_reminders(self):
        """The reminder log as the daily sweep would have left it, and the in-app notifications."""
        logs = list(self.logs.values())
        self.insert(ReminderLog, logs)
        notes = []
        for log in logs:
            if log.recipient is None or log.status != ReminderLog.Status.SENT:
                continue
            dismissed = None
            if log.sent_at.date() < self.today - timedelta(days=14) and self.reminder_rng.random() < 0.7:
                dismissed = log.sent_at + timedelta(days=self.reminder_rng.randint(0, 10), hours=3)
            notes.append(Notification(user=log.recipient, title=log.title, body=log.context["lines"][0],
                                      link=log.link, created_at=log.sent_at, dismissed_at=dismissed, reminder=log))
        self.insert(Notification, notes)


    # -- timestamps -------------------------------------------------------------------------------------
    def settle_timestamps(self):
        """``auto_now`` columns took the clock at insert: set them from created_at, so runs are identical."""
        for model in self.inserted_models:
            names = {f.name for f in model._meta.concrete_fields}
            for field in model._meta.concrete_fields:
                if getattr(field, "auto_now", False) and "created_at" in names:
                    model.objects.update(**{field.name: F("created_at")})


class Part(AppPart):
    """The core's part: the areas (each under its framework on the day), the stewards and an
    officer per area."""

    def make(self):
        self.make_areas()
        self.make_stewards()

    def make_areas(self):
        rng = self.rng
        self.infos = area_table()[: self.n_areas]
        codes = [code for code, _ in framework_choices()]
        trusts = []
        for info in self.infos:
            info.weight = TINY.get(info.la, TYPE_WEIGHT[info.kind] * rng.uniform(0.7, 1.3))
            domain = f"{slug(info.name)}.example.org"
            director, lead = self.person_name(), self.person_name()
            trusts.append(Area(
                name=info.name, la_code=info.la, gss_code=info.gss, authority_type=info.kind, region=info.region,
                director_name=director, director_email=f"dcs@{domain}",
                lead_member_name=f"Councillor {lead}", lead_member_email=f"lead.member@{domain}",
                # most follow the framework in force; a few have chosen one (to preview or keep)
                framework=rng.choice(codes) if rng.random() < 0.12 else "",
                created_at=at(self.window_start - timedelta(days=400), 9),
            ))
        self.trusts = self.insert(Area, trusts)
        self.framework = {}
        for area in self.trusts:
            self.framework[area.pk] = area.effective_framework(self.today).code

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
        for area in self.trusts:
            self.officers[area.pk] = self.new_user(
                name=self.person_name(), role=User.Role.OFFICER, email=f"officer.{area.la_code}@example.org",
                job_title="Children's Trust partnership manager")
        self.flush_users()
        through = User.groups.through
        self.insert(through, [through(user_id=u.pk, group_id=g.pk) for u, g in memberships])
        self.insert(Membership, [Membership(user=self.officers[t.pk], area=t, role=User.Role.OFFICER,
                                            created_at=at(self.window_start, 9)) for t in self.trusts])


# ---------------------------------------------------------------------------
# Flushing and checking
# ---------------------------------------------------------------------------
def project_apps():
    """The labels of the apps whose tables the generator fills: the core's and every part's."""
    return set(CORE_APPS) | {label for label, _part in parts()}


def other_users():
    """Users the generator did not make (real people, or a developer's own account)."""
    return User.objects.exclude(GENERATED_USERS)


def seeded_models():
    """Every concrete table of the core and of the apps with a part that holds area or user data
    (not the history, not the rules)."""
    labels = project_apps()
    out = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label not in labels or meta.proxy or not meta.managed:
            continue
        if meta.model_name.startswith("historical") or model in (User, ChaseRule):
            continue
        out.append(model)
    return out


def history_models():
    """The project's historical tables, except the users' and the chase rules' (kept)."""
    labels = project_apps()
    return [m for m in apps.get_models(include_auto_created=True)
            if m._meta.app_label in labels and m._meta.model_name.startswith("historical")
            and m._meta.model_name not in ("historicaluser", "historicalchaserule")]


class FlushRefused(Exception):
    """The database holds users the generator did not make: it is not a generated one."""


def flush(*, force=False):
    """Delete every area and everything in it, and the users this command creates.

    Refused (``FlushRefused``, nothing deleted) while the database holds any other user,
    unless ``force``: a database with real people in it is not a throw-away one, and every
    area they work in would go.

    Raw deletes (no signals, no per-row history) in one transaction: the foreign keys
    are checked at commit (Django creates them deferrable), so the order does not matter.
    Rows elsewhere that point at a seeded user are deleted or unlinked as their
    ``on_delete`` says; a protected one stops the flush with its name. The history of
    the deleted records goes too, and the emptied tables' id sequences restart at 1, so
    a new seed gets the same ids as on a fresh database and no new record can show an
    old one's history.
    """
    others = other_users()
    if not force and others.exists():
        count = others.count()
        example = others.order_by("pk").values_list("email", flat=True).first()
        raise FlushRefused(
            f"The database has {count} user{'s' if count != 1 else ''} that seed_national did not make "
            f"(for example {example}), so it may hold real data: nothing was deleted. Use a fresh database, "
            "or add --force-flush to delete every area and all area data anyway.")
    deleted = {}
    with transaction.atomic():
        emptied = seeded_models() + history_models()
        for model in emptied:
            qs = model._base_manager.all()
            deleted[model._meta.label] = qs._raw_delete(qs.db)
        users = list(User.objects.filter(GENERATED_USERS).values_list("pk", flat=True))
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
        # an unusable password is random by design (and a given one is not the data)
        fields = [f for f in model._meta.concrete_fields if f.name not in ("last_login", "password")]
        qs = model._base_manager.order_by("pk")
        if model is User:
            qs = qs.filter(GENERATED_USERS)
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


