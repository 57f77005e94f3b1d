from django.urls import reverse

from trusts.models import Area
from trusts.tests.factories import OfficerFactory


def test_area_page_shows_framework_and_its_reason(client, officer, area):
    client.force_login(officer)
    html = client.get(reverse("trusts:area-detail", kwargs={"la_code": area.la_code})).content.decode()
    assert area.effective_framework().name in html
    assert "follows the framework in force on the day" in html


def test_area_edit_is_audited_with_before_and_after(client, officer, area):
    client.force_login(officer)
    url = reverse("trusts:area-edit", kwargs={"la_code": area.la_code})
    response = client.post(url, {"director_name": "Ada Lovelace", "director_email": "ada@example.org"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.director_name == "Ada Lovelace"
    latest = area.history.latest()
    assert latest.history_user == officer
    html = client.get(reverse("trusts:area-history", kwargs={"la_code": area.la_code})).content.decode()
    assert "Ada Lovelace" in html and officer.full_name in html


def test_area_edit_bad_email_changes_nothing(client, officer, area):
    client.force_login(officer)
    url = reverse("trusts:area-edit", kwargs={"la_code": area.la_code})
    response = client.post(url, {"director_name": "Ada", "director_email": "not-an-email"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert Area.objects.get(pk=area.pk).director_name == ""


def test_area_edit_refused_for_board_member_of_same_area(client, board_member, area):
    client.force_login(board_member)
    response = client.post(reverse("trusts:area-edit", kwargs={"la_code": area.la_code}), {"director_name": "X"})
    # they can see the area, so they are told why (403), not told it does not exist
    assert response.status_code == 403
    assert "council officers change its details" in response.content.decode()
    assert Area.objects.get(pk=area.pk).director_name == ""


def test_officer_sees_only_own_area_in_scoping_rule(db, area, other_area):
    officer = OfficerFactory(area=area)
    assert list(Area.objects.for_user(officer)) == [area]


def _area_page_queries(client, area, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("trusts:home"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_area_home_page_queries_flat_as_the_area_grows(client, officer, area, steward):
    """The officer's home (the area page with every app's card) costs the same at any size."""
    from partners.tests.factories import PartnerFactory
    from trusts.models import Direction

    client.force_login(officer)
    PartnerFactory.create_batch(2, area=area)
    small = _area_page_queries(client, area, None)
    PartnerFactory.create_batch(60, area=area)
    for _ in range(5):
        Direction.objects.create(area=area, arrangement="plan", reason="r", required_action="a",
                                 due_by="2030-01-01", issued_by=steward)
    large = _area_page_queries(client, area, None)
    assert large == small, f"{small} queries with 2 partners, {large} with 62"
