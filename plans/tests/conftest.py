import pytest
from django.utils import timezone

from partners.models import Partner
from plans.tests.factories import make_contact


@pytest.fixture
def law_area(area):
    """The area under the 2009 Act: the board owns the plan, due by 1 April 2010."""
    area.framework = "ascl2009"
    area.save()
    return area


@pytest.fixture
def relevant_partners(law_area):
    """Three relevant partners (PCT, Youth Offending Team, police) and one 'other' partner."""
    pct = Partner.objects.create(area=law_area, name="NHS Northshire PCT", org_type="pct")
    yot = Partner.objects.create(area=law_area, name="Northshire Youth Offending Team", org_type="yot")
    police = Partner.objects.create(area=law_area, name="Northshire Police Authority", org_type="police_authority")
    Partner.objects.create(area=law_area, name="Northshire Play Association", org_type="vcs")
    return [pct, yot, police]


@pytest.fixture
def contacts(relevant_partners):
    return {p.org_type: make_contact(p, f"{p.org_type}@partners.example.org") for p in relevant_partners}


@pytest.fixture
def board_setup(law_area, board_member):
    """A board of 2 voting members (quorum 1/2) and a meeting today; nobody's attendance recorded yet."""
    from boards.tests.factories import BoardFactory, MeetingFactory, SeatFactory

    board = BoardFactory(area=law_area)
    seat1 = SeatFactory(board=board, person=board_member)
    seat2 = SeatFactory(board=board)
    meeting = MeetingFactory(board=board, date=timezone.localdate(), status="scheduled")
    return {"board": board, "seats": [seat1, seat2], "meeting": meeting}
