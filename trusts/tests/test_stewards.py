import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trusts.models import Direction, FrameworkChange, Area
from trusts.services import framework_changes_apply
from trusts.tests.factories import AreaFactory, date_input

STEWARD_PAGES = ["trusts:dashboard", "trusts:dashboard-csv", "trusts:direction-list", "trusts:direction-new",
                 "trusts:framework-changes"]
STEWARD_WRITE_PAGES = ["trusts:direction-new", "trusts:framework-changes"]


@pytest.mark.parametrize("name", STEWARD_PAGES)
@pytest.mark.parametrize("who", ["officer", "board_member", "partner_contact"])
def test_steward_pages_are_404_for_everyone_else(client, request, name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 404
    # the read-only pages refuse any POST (405) before asking who you are
    assert client.post(reverse(name)).status_code == (404 if name in STEWARD_WRITE_PAGES else 405)


def test_dashboard_one_row_per_area_with_totals(client, steward, area, other_area):
    client.force_login(steward)
    html = client.get(reverse("trusts:dashboard")).content.decode()
    assert area.name in html and other_area.name in html
    assert "2 local areas" in html


def test_dashboard_filters_and_csv(client, steward, db):
    AreaFactory(name="Kent", authority_type="county", gss_code="E10000016", region="south_east")
    AreaFactory(name="Leeds", authority_type="metropolitan", gss_code="E08000035", region="yorkshire")
    client.force_login(steward)
    html = client.get(reverse("trusts:dashboard"), {"authority_type": "county"}).content.decode()
    assert "Kent" in html and "Leeds" not in html
    body = client.get(reverse("trusts:dashboard-csv"), {"region": "yorkshire"}).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:5] == ["la_code", "gss_code", "area", "authority_type_code", "authority_type"]
    assert [r[2] for r in rows[1:]] == ["Leeds"]


def test_dashboard_sorts_by_directions(client, steward, area, other_area):
    Direction.objects.create(area=other_area, arrangement="plan", reason="r", required_action="a",
                             due_by=date(2030, 1, 1), issued_by=steward)
    client.force_login(steward)
    response = client.get(reverse("trusts:dashboard"), {"sort": "directions", "order": "desc"})
    names = [row["area"].name for row in response.context["rows"]]
    assert names == [other_area.name, area.name]
    flagged = client.get(reverse("trusts:dashboard"), {"flag": "directions"}).context["rows"]
    assert [r["area"].name for r in flagged] == [other_area.name]


@pytest.mark.parametrize("areas", [5, 40])
def test_dashboard_query_count_flat(client, steward, areas, django_assert_num_queries, db):
    for _i in range(areas):
        AreaFactory()
    client.force_login(steward)
    with django_assert_num_queries(8):
        client.get(reverse("trusts:dashboard"))


def test_direction_journey_issue_respond_close(client, steward, officer, area):
    client.force_login(steward)
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(reverse("trusts:direction-new"), {
        "area": area.pk, "arrangement": "board", "reason": "The board has not met for a year",
        "required_action": "Hold a quorate board meeting", **date_input("due_by", due),
    })
    direction = Direction.objects.get()
    assert response.status_code == 302 and direction.issued_by == steward
    client.force_login(officer)
    home = client.get(reverse("trusts:home")).content.decode()
    assert "Hold a quorate board meeting" in home
    url = reverse("trusts:direction-detail", kwargs={"direction": direction.pk})
    assert client.post(url, {"text": ""}).status_code == 200  # error: nothing saved
    assert not direction.responses.exists()
    client.post(url, {"text": "Meeting booked for next month"})
    direction.refresh_from_db()
    assert direction.status == Direction.Status.RESPONDED
    client.force_login(steward)
    client.post(reverse("trusts:direction-close", kwargs={"direction": direction.pk}))
    direction.refresh_from_db()
    assert direction.status == Direction.Status.CLOSED
    history = [(h.status, h.history_user) for h in direction.history.order_by("history_id")]
    assert history == [("open", steward), ("responded", officer), ("closed", steward)]


def test_direction_in_the_past_refused(client, steward, area):
    client.force_login(steward)
    response = client.post(reverse("trusts:direction-new"), {
        "area": area.pk, "arrangement": "board", "reason": "x", "required_action": "y", **date_input("due_by", "2001-01-01"),
    })
    assert response.status_code == 200 and "must be today or in the future" in response.content.decode()
    assert not Direction.objects.exists()


def test_framework_change_scheduled_then_applied_on_the_date_and_audited(client, steward, area, other_area):
    client.force_login(steward)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("trusts:framework-changes"), {
        "framework": "proposals2008", **date_input("effective_on", tomorrow), "areas": [area.pk],
    })
    assert response.status_code == 302
    assert framework_changes_apply(today=timezone.localdate()) == 0
    assert Area.objects.get(pk=area.pk).framework == ""
    assert framework_changes_apply(today=tomorrow) == 1
    assert framework_changes_apply(today=tomorrow) == 0  # run twice: applied once
    area.refresh_from_db()
    other_area.refresh_from_db()
    assert (area.framework, other_area.framework) == ("proposals2008", "")
    assert area.history.latest().history_user == steward
    assert FrameworkChange.objects.get().applied_at is not None


def test_framework_change_date_must_be_future(client, steward):
    client.force_login(steward)
    response = client.post(reverse("trusts:framework-changes"), {
        "framework": "ca2004", **date_input("effective_on", timezone.localdate()),
    })
    assert "must be in the future" in response.content.decode()
    assert not FrameworkChange.objects.exists()
