import datetime

import pytest
from django.utils import timezone

from partners.models import Partner, PartnerContact
from trusts.factories import UserFactory
from trusts.models import Membership, User


@pytest.fixture
def law_area(area):
    """The area under the 2009 Act: the board owns the plan, due by 1 April 2010."""
    area.framework = "ascl2009"
    area.save()
    return area


@pytest.fixture
def relevant_partners(law_area):
    """Three relevant partners (PCT, Youth Offending Team, police) and one 'other' partner."""
    pct = Partner.objects.create(trust=law_area, name="NHS Northshire PCT", org_type="pct")
    yot = Partner.objects.create(trust=law_area, name="Northshire Youth Offending Team", org_type="yot")
    police = Partner.objects.create(trust=law_area, name="Northshire Police Authority", org_type="police_authority")
    Partner.objects.create(trust=law_area, name="Northshire Play Association", org_type="vcs")
    return [pct, yot, police]


def make_contact(partner, email):
    user = UserFactory(role=User.Role.PARTNER_CONTACT, email=email, full_name=f"Contact of {partner.name}")
    Membership.objects.get_or_create(user=user, trust=partner.trust, kind=Membership.Kind.PARTNER_CONTACT)
    PartnerContact.objects.create(partner=partner, user=user)
    return user


@pytest.fixture
def contacts(relevant_partners):
    return {p.org_type: make_contact(p, f"{p.org_type}@partners.example.org") for p in relevant_partners}


@pytest.fixture
def board_setup(law_area, board_member):
    """A board of 2 voting members (quorum 1/2) and a meeting today; nobody's attendance recorded yet."""
    from boards.factories import BoardFactory, MeetingFactory, SeatFactory

    board = BoardFactory(trust=law_area)
    seat1 = SeatFactory(board=board, person=board_member)
    seat2 = SeatFactory(board=board)
    meeting = MeetingFactory(board=board, date=timezone.localdate(), status="scheduled")
    return {"board": board, "seats": [seat1, seat2], "meeting": meeting}


def mark_present(meeting, seats):
    from boards.factories import AttendanceFactory

    for seat in seats:
        AttendanceFactory(meeting=meeting, seat=seat)


YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users are made with passwords; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
