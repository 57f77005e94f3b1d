"""Demo data for the run command: a two-tier county, a unitary authority and a user
of each role. Idempotent: running it again changes nothing and duplicates nothing.

Each feature app may have its own ``demo.py`` with ``seed(stdout)``; the seed_demo
command runs them in INSTALLED_APPS order, so this module knows no feature app.
"""
from functools import cache

from django.contrib.auth.hashers import make_password

from trusts.models import AuthorityType, Membership, Region, Area, User

DEMO_PASSWORD = "demo-password-2026"


@cache
def _password_hash():
    # hashed once per run (a fresh salt each run): the demo's 20 users share the one demo password,
    # and hashing it for each would be most of the seed's time
    return make_password(DEMO_PASSWORD)


def demo_user(email, full_name, role, **extra):
    """A demo user with the demo password (hashed once for every demo user)."""
    user = User(email=User.objects.normalize_email(email).lower(), full_name=full_name, role=role, **extra)
    user.password = _password_hash()
    user.save()
    return user

AREAS = [
    {
        "la_code": "873", "gss_code": "E10000003", "name": "Cambridgeshire",
        "authority_type": AuthorityType.COUNTY, "region": Region.EAST,
        "director_name": "Alex Morgan", "director_email": "dcs@cambridgeshire.example.org",
        "lead_member_name": "Councillor Sam Patel", "lead_member_email": "lead.member@cambridgeshire.example.org",
    },
    {
        "la_code": "874", "gss_code": "E06000031", "name": "Peterborough",
        "authority_type": AuthorityType.UNITARY, "region": Region.EAST,
        "director_name": "Jo Clarke", "director_email": "dcs@peterborough.example.org",
        "lead_member_name": "Councillor Ray Hussain", "lead_member_email": "lead.member@peterborough.example.org",
    },
]

USERS = [
    # (email, name, role, the la_code of the area they hold that role in, or None)
    ("officer@cambridgeshire.example.org", "Priya Shah", User.Role.OFFICER, "873"),
    ("officer@peterborough.example.org", "Tom Evans", User.Role.OFFICER, "874"),
    ("board.member@example.org", "Dr Helen Brooks", User.Role.BOARD_MEMBER, "873"),
    ("partner.contact@example.org", "Mark Wilson", User.Role.PARTNER_CONTACT, "873"),
    ("steward@dcsf.example.gov.uk", "Nadia Rahman", User.Role.STEWARD, None),
]


def seed(stdout):
    for values in AREAS:
        area, created = Area.objects.get_or_create(la_code=values["la_code"], defaults=values)
        changed = [] if created else [f for f, v in values.items() if getattr(area, f) != v]
        if changed:  # saved (and its history written) only when the demo values changed
            for f in changed:
                setattr(area, f, values[f])
            area.save(update_fields=changed)
    for email, name, role, la_code in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = demo_user(email, name, role, is_staff=role == User.Role.STEWARD)
            if role == User.Role.STEWARD:
                from django.contrib.auth.models import Group

                group = Group.objects.filter(name="Steward (edit)").first()
                if group:
                    user.groups.add(group)
                else:
                    user.is_superuser = True
                    user.save(update_fields=["is_superuser"])
        if la_code:
            Membership.objects.get_or_create(user=user, area=Area.objects.get(la_code=la_code), role=role)


def sign_ins():
    return [(role.label, email, DEMO_PASSWORD) for email, _name, role, _la in USERS]
