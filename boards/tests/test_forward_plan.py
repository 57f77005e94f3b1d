"""The forward plan: items planned for the board's future meetings, added by an officer
for a meeting or a month, listed on the board page and the public meetings page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from boards import selectors, services
from boards.models import ForwardPlanItem, Meeting
from boards.tests.factories import MeetingFactory, day
from trusts.errors import NotPermitted

pytestmark = pytest.mark.django_db


def month_ahead(n):
    first = timezone.localdate().replace(day=1)
    year, index = divmod(first.month - 1 + n, 12)
    return first.replace(year=first.year + year, month=index + 1)


def test_officer_adds_items_for_a_meeting_and_for_a_month(client, officer, board):
    meeting = MeetingFactory(board=board, date=day(40))
    client.force_login(officer)
    url = reverse("boards:forward-plan-create", kwargs={"board": board.pk})
    form = client.get(url).content.decode()
    assert f'value="{meeting.pk}"' in form and f"{month_ahead(3):%B %Y}" in form
    response = client.post(url, {"title": "Youth offending strategy", "meeting": str(meeting.pk), "month": ""})
    assert response.status_code == 302
    response = client.post(url, {"title": "Annual review of the plan", "description": "Led by the DCS",
                                 "meeting": "", "month": f"{month_ahead(5):%Y-%m}"})
    assert response.status_code == 302
    items = {i.title: i for i in ForwardPlanItem.objects.all()}
    assert items["Youth offending strategy"].meeting == meeting and items["Youth offending strategy"].month is None
    assert items["Annual review of the plan"].month == month_ahead(5) and items["Annual review of the plan"].added_by == officer
    page = client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).content.decode()
    plan = page[page.index('id="forward-plan"'):]
    assert plan.index("Youth offending strategy") < plan.index("Annual review of the plan")  # soonest first
    assert f"The meeting on {meeting.date:%-d %B %Y}" in plan
    assert f"{month_ahead(5):%B %Y} (meeting to be set)" in plan and "Led by the DCS" in plan


def test_the_public_meetings_page_lists_the_forward_plan_but_not_the_past(client, officer, board, other_area):
    ForwardPlanItem.objects.create(board=board, title="Needs assessment refresh", month=month_ahead(2),
                                   added_by=officer)
    ForwardPlanItem.objects.create(board=board, title="Old business", month=month_ahead(-2), added_by=officer)
    past = MeetingFactory(board=board, date=day(-3), status=Meeting.Status.HELD)
    ForwardPlanItem.objects.create(board=board, title="Held already", meeting=past, added_by=officer)
    cancelled = MeetingFactory(board=board, date=day(30), status=Meeting.Status.CANCELLED)
    ForwardPlanItem.objects.create(board=board, title="On a cancelled meeting", meeting=cancelled, added_by=officer)
    html = client.get(reverse("boards:public-meetings", kwargs={"la_code": board.area.la_code})).content.decode()
    assert "Needs assessment refresh" in html and board.name in html
    assert "Old business" not in html and "Held already" not in html and "On a cancelled meeting" not in html
    other = client.get(reverse("boards:public-meetings", kwargs={"la_code": other_area.la_code})).content.decode()
    assert "Needs assessment refresh" not in other and "Nothing is planned yet." in other


@pytest.mark.parametrize("data,field,message", [
    ({"title": "", "meeting": "", "month": "x"}, "title", "Enter the title of the item"),
    ({"title": "Budget", "meeting": "", "month": ""}, "meeting", "Choose a meeting or a month for the item"),
])
def test_bad_input_is_a_gov_uk_error_and_adds_nothing(client, officer, board, data, field, message):
    client.force_login(officer)
    html = client.post(reverse("boards:forward-plan-create", kwargs={"board": board.pk}), data).content.decode()
    assert "govuk-error-summary" in html and message in html and "<title>Error:" in html
    assert not ForwardPlanItem.objects.exists()


def test_both_a_meeting_and_a_month_is_refused(client, officer, board):
    meeting = MeetingFactory(board=board, date=day(40))
    client.force_login(officer)
    html = client.post(reverse("boards:forward-plan-create", kwargs={"board": board.pk}),
                       {"title": "Budget", "meeting": str(meeting.pk), "month": f"{month_ahead(1):%Y-%m}"}
                       ).content.decode()
    assert "Choose a meeting or a month for the item, not both" in html
    assert not ForwardPlanItem.objects.exists()


def test_service_refuses_another_boards_meeting_a_past_month_and_other_areas(officer, other_officer, board,
                                                                            other_board):
    theirs = MeetingFactory(board=other_board, date=day(40))
    with pytest.raises(ValidationError) as exc:
        services.forward_plan_item_add(board=board, actor=officer, title="X", meeting=theirs)
    assert exc.value.message_dict == {"meeting": ["Choose one of the board's meetings still to come"]}
    with pytest.raises(ValidationError) as exc:
        services.forward_plan_item_add(board=board, actor=officer, title="X", month=month_ahead(-1))
    assert exc.value.message_dict == {"month": ["The month must be this month or later"]}
    with pytest.raises(NotPermitted):
        services.forward_plan_item_add(board=board, actor=other_officer, title="X", month=month_ahead(1))
    assert not ForwardPlanItem.objects.exists()


def test_another_areas_officer_gets_not_found_and_a_member_forbidden(client, other_officer, board, member_seat,
                                                                    board_member):
    url = reverse("boards:forward-plan-create", kwargs={"board": board.pk})
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "X", "month": f"{month_ahead(1):%Y-%m}"}).status_code == 404
    client.force_login(board_member)
    assert client.post(url, {"title": "X", "month": f"{month_ahead(1):%Y-%m}"}).status_code == 403
    assert not ForwardPlanItem.objects.exists()


@pytest.mark.parametrize("rows", [1, 8])
def test_forward_plan_queries_flat(officer, board, rows, django_assert_num_queries):
    for n in range(rows):
        ForwardPlanItem.objects.create(board=board, title=f"Item {n}", added_by=officer,
                                       meeting=MeetingFactory(board=board, date=day(10 + n)) if n % 2 else None,
                                       month=None if n % 2 else month_ahead(n % 5))
    with django_assert_num_queries(1):
        items = selectors.forward_plan_item_list(board_ids=[board.pk])
        assert [i.target_date for i in items] == sorted(i.target_date for i in items)
        assert len(items) == rows
