import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from boards.demo import DEMO_PDF
from boards.models import AgendaItem, Attendance, Board, Constituency, Decision, Meeting, Paper, Seat
from partners.factories import PartnerFactory  # noqa: F401  (re-exported for boards tests)
from trusts.factories import TrustFactory, UserFactory
from trusts.models import Membership, User

MINIMAL_PDF = DEMO_PDF


class BoardMemberFactory(UserFactory):
    role = User.Role.BOARD_MEMBER

    @factory.post_generation
    def trust(obj, create, extracted, **kwargs):
        if create and extracted:
            Membership.objects.get_or_create(user=obj, trust=extracted, kind=Membership.Kind.BOARD_MEMBER)


class BoardFactory(DjangoModelFactory):
    class Meta:
        model = Board

    trust = factory.SubFactory(TrustFactory)
    name = factory.LazyAttribute(lambda o: f"{o.trust.name} Children's Trust Board")
    terms_of_reference = "To agree the Children and Young People's Plan and oversee its delivery."
    quorum_kind = Board.QuorumKind.FRACTION
    quorum_numerator = 1
    quorum_denominator = 2
    is_statutory = True


class SeatFactory(DjangoModelFactory):
    class Meta:
        model = Seat

    board = factory.SubFactory(BoardFactory)
    role = Seat.Role.MEMBER
    voting = True
    constituency = Constituency.SCHOOLS
    person = factory.SubFactory(BoardMemberFactory)
    term_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    term_end = None


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    start_time = datetime.time(14, 0)
    end_time = datetime.time(16, 0)
    place = "Shire Hall, Committee Room 1"
    status = Meeting.Status.SCHEDULED


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class PaperFactory(DjangoModelFactory):
    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = "Report"
    file = factory.LazyFunction(lambda: ContentFile(MINIMAL_PDF, name="paper.pdf"))
    original_name = "report.pdf"
    extension = "pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    uploaded_by = factory.SubFactory(UserFactory)


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    status = Attendance.Status.PRESENT


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    resolution = "The board agreed the recommendation."
    outcome = Decision.Outcome.CARRIED
    present_voting = 1
    quorum_required = 1
    recorded_by = factory.SubFactory(UserFactory)


# Objects the URL x role matrix builds for the URL keywords this app introduces.
URL_KWARGS = {
    "board": lambda objs: BoardFactory(trust=objs.area),
    "seat": lambda objs: SeatFactory(board=objs["board"]),
    "meeting": lambda objs: MeetingFactory(board=objs["board"]),
    "item": lambda objs: AgendaItemFactory(meeting=objs["meeting"]),
    "paper": lambda objs: PaperFactory(item=objs["item"]),
}
PUBLIC_URLS = {
    "boards:public-meetings", "boards:public-minutes", "boards:calendar-feed", "boards:calendar-feed-all",
}
URL_KWARG_VALUES = {"calendar_token": "not-a-real-calendar-token"}
