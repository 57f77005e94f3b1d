"""The stewards' admin for boards: national-scale changelists, filters, the board's own
record read-only, and what each steward group may do."""
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from boards.models import Decision, Meeting, Seat
from boards.tests.factories import AgendaItemFactory, BoardFactory, DecisionFactory, MeetingFactory, SeatFactory
from partners.tests.factories import PartnerFactory
from trusts.permissions import STEWARD_EDIT, STEWARD_READ
from trusts.tests.factories import CountyFactory, StewardFactory, AreaFactory

pytestmark = pytest.mark.django_db


def group_steward(name):
    user = StewardFactory(is_superuser=False)
    user.groups.add(Group.objects.get(name=name))
    return user


def _board(area):
    board = BoardFactory(area=area)
    SeatFactory(board=board, constituency="dcs")
    SeatFactory(board=board, constituency="partner", partner=PartnerFactory(area=area, org_type="pct"))
    MeetingFactory(board=board)
    MeetingFactory(board=board, date=date(2009, 6, 1), status="held")
    return board


@pytest.mark.parametrize("n_areas", [2, 25])
def test_seat_and_meeting_changelists_queries_flat(client, steward, n_areas, django_assert_num_queries):
    for _i in range(n_areas):
        _board(AreaFactory())
    client.force_login(steward)
    # session, user, capped count, rows (person, board, area, partner joined), date hierarchy (range, years)
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:boards_seat_changelist"))
    assert len(response.context["cl"].result_list) == min(2 * n_areas, response.context["cl"].list_per_page)
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:boards_meeting_changelist"))
    assert len(response.context["cl"].result_list) == min(2 * n_areas, response.context["cl"].list_per_page)
    with django_assert_num_queries(4):  # boards: no date hierarchy
        client.get(reverse("admin:boards_board_changelist"))


def test_seat_term_and_area_filters(client, steward):
    county, unitary = CountyFactory(name="Fenshire", region="east"), AreaFactory(name="Portown", region="london")
    fen, port = BoardFactory(area=county), BoardFactory(area=unitary)
    today = timezone.localdate()
    SeatFactory(board=fen, constituency="dcs", person__full_name="Current Fen")
    SeatFactory(board=fen, constituency="vcs", person__full_name="Ended Fen", term_start=today - timedelta(days=400),
                term_end=today - timedelta(days=1))
    SeatFactory(board=port, constituency="dcs", person__full_name="Future Port", term_start=today + timedelta(days=5))
    client.force_login(steward)
    url = reverse("admin:boards_seat_changelist")

    def people(**params):
        return sorted(s.person.full_name for s in client.get(url, params).context["cl"].result_list)

    assert people(term="current") == ["Current Fen"]
    assert people(term="ended") == ["Ended Fen"]
    assert people(term="future") == ["Future Port"]
    assert people(board__area__authority_type__exact="county") == ["Current Fen", "Ended Fen"]
    assert people(board__area__region__exact="london") == ["Future Port"]


def test_meetings_left_as_scheduled_filter(client, steward, area):
    board = BoardFactory(area=area)
    stale = MeetingFactory(board=board, date=timezone.localdate() + timedelta(days=3))
    Meeting.objects.filter(pk=stale.pk).update(date=date(2009, 1, 1))  # its date passed; never updated
    MeetingFactory(board=board)
    client.force_login(steward)
    rows = client.get(reverse("admin:boards_meeting_changelist"), {"stale": "yes"}).context["cl"].result_list
    assert [m.pk for m in rows] == [stale.pk]


@pytest.mark.parametrize("group", [STEWARD_READ, STEWARD_EDIT])
def test_decisions_are_view_only_for_every_steward(client, group):
    item = AgendaItemFactory(meeting=MeetingFactory(date=date(2009, 6, 1), status="held"))
    decision = DecisionFactory(item=item, resolution="Agreed the plan")
    client.force_login(group_steward(group))
    assert client.get(reverse("admin:boards_decision_changelist")).status_code == 200
    change = reverse("admin:boards_decision_change", args=[decision.pk])
    assert 'name="resolution"' not in client.get(change).content.decode()
    client.post(change, {"item": item.pk, "resolution": "Rejected the plan", "outcome": "not_carried",
                         "present_voting": 1, "quorum_required": 1, "recorded_by": decision.recorded_by_id})
    assert Decision.objects.get(pk=decision.pk).resolution == "Agreed the plan"
    assert client.get(reverse("admin:boards_decision_add")).status_code == 403
    assert client.get(reverse("admin:boards_decision_history", args=[decision.pk])).status_code == 200


def test_seat_read_steward_cannot_change_edit_steward_can(client, area):
    seat = SeatFactory(board=BoardFactory(area=area), constituency="dcs")
    change = reverse("admin:boards_seat_change", args=[seat.pk])
    data = {"board": seat.board_id, "role": "chair", "voting": "on", "constituency": "dcs", "person": seat.person_id,
            "term_start": seat.term_start.isoformat(), "term_end": "", "substitute_name": ""}
    client.force_login(group_steward(STEWARD_READ))
    assert client.get(reverse("admin:boards_seat_changelist")).status_code == 200
    client.post(change, data)
    assert Seat.objects.get(pk=seat.pk).role == "member"
    editor = group_steward(STEWARD_EDIT)
    client.force_login(editor)
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    seat.refresh_from_db()
    assert seat.role == "chair" and seat.history.latest().history_user == editor


def test_meeting_minutes_are_read_only_for_an_edit_steward(client, area):
    meeting = MeetingFactory(board=BoardFactory(area=area), date=date(2009, 6, 1), status="held",
                             minutes="The board met.", minutes_status="draft")
    client.force_login(group_steward(STEWARD_EDIT))
    page = client.get(reverse("admin:boards_meeting_change", args=[meeting.pk])).content.decode()
    assert 'name="place"' in page and 'name="minutes"' not in page
