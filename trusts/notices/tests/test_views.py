"""The home-page panel, dismissing, and the stewards' national reminder list."""
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from trusts.notices.models import Notification, ReminderLog
from trusts.notices.registry import Due, Recipient
from trusts.notices.selectors import notification_list
from trusts.notices.services import reminders_claim
from trusts.tests.factories import OfficerFactory, AreaFactory

pytestmark = pytest.mark.urls("tests.support.urls")


def note(user, title="Plan review due", **kwargs):
    return Notification.objects.create(user=user, title=title, link="/areas/801/", **kwargs)


def logs(n, area, kind="plan_review_due"):
    dues = [Due(kind=kind, recipient=Recipient(email=f"p{i}@example.org", name=f"P {i}"), subject_key=f"plan:{i}",
                deadline=date(2010, 4, 1), offset="1 working day before", title=f"Reminder {i}", area_id=area.pk)
            for i in range(n)]
    reminders_claim(dues)


def test_notification_list_is_own_undismissed_newest_first(officer, other_officer, django_assert_num_queries):
    old = note(officer, "Old")
    new = note(officer, "New")
    note(officer, "Gone").dismissed_at = None
    Notification.objects.filter(title="Gone").update(dismissed_at="2010-01-01T00:00Z")
    note(other_officer, "Theirs")
    with django_assert_num_queries(1):
        assert notification_list(user=officer) == [new, old]
    assert len(notification_list(user=officer, limit=1)) == 1


def test_home_panel_renders_notifications_with_dismiss_forms(officer):
    n = note(officer, "Review <the> plan", body="Line one\nLine two")
    request = RequestFactory().get("/")
    request.user = officer
    html = render_to_string("notices/home_panel.html", {"notifications": notification_list(user=officer)},
                            request=request)
    assert "Review &lt;the&gt; plan" in html and "Line one<br>Line two" in html
    assert f'name="notification" value="{n.pk}"' in html and reverse("notices:dismiss") in html
    empty = render_to_string("notices/home_panel.html", {"notifications": []}, request=request)
    assert "You have no reminders" in empty


def test_dismiss_own_notification(client, officer):
    n = note(officer)
    client.force_login(officer)
    response = client.post(reverse("notices:dismiss"), {"notification": n.pk, "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    n.refresh_from_db()
    assert n.dismissed_at is not None
    assert notification_list(user=officer) == []


def test_dismiss_someone_elses_notification_is_404(client, officer, other_officer):
    theirs = note(other_officer)
    client.force_login(officer)
    assert client.post(reverse("notices:dismiss"), {"notification": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.dismissed_at is None


def test_dismiss_rejects_bad_input_and_unsafe_redirects(client, officer):
    n = note(officer)
    client.force_login(officer)
    assert client.post(reverse("notices:dismiss"), {"notification": "abc"}).status_code == 400
    assert client.get(reverse("notices:dismiss")).status_code == 405
    response = client.post(reverse("notices:dismiss"), {"notification": n.pk, "next": "https://evil.example/"})
    assert response["Location"] == reverse("trusts:home")


def test_dismiss_needs_sign_in(client):
    response = client.post(reverse("notices:dismiss"), {"notification": 1})
    assert response.status_code == 302 and response["Location"].startswith(reverse("trusts:sign-in"))


@pytest.mark.parametrize("role_fixture", ["officer", "board_member", "partner_contact"])
def test_reminder_list_is_404_for_non_stewards(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("notices:reminder-list")).status_code == 404
    assert client.post(reverse("notices:sweep")).status_code == 404


def test_reminder_list_filters_by_area_kind_status_and_overdue(client, steward, area, other_area):
    logs(2, area)
    logs(3, other_area, kind="plan_review_overdue")
    ReminderLog.objects.filter(recipient_email="p0@example.org", area=area).update(status="failed",
                                                                                    last_error="SMTP 421")
    client.force_login(steward)
    url = reverse("notices:reminder-list")
    everything = client.get(url)
    assert everything.context["page_obj"].paginator.count == 5
    assert client.get(url, {"area": area.la_code}).context["page_obj"].paginator.count == 2
    assert client.get(url, {"kind": "plan_review_overdue"}).context["page_obj"].paginator.count == 3
    failed = client.get(url, {"status": "failed"})
    assert failed.context["page_obj"].paginator.count == 1 and "SMTP 421" in failed.content.decode()
    overdue = client.get(url, {"overdue": "1"})
    assert {r.area for r in overdue.context["page_obj"]} == {other_area}
    # unknown filter values are ignored, not errors
    assert client.get(url, {"area": "999", "kind": "nope", "page": "x"}).context["page_obj"].paginator.count == 5


def test_reminder_list_paginates(client, steward, area):
    logs(55, area)
    client.force_login(steward)
    url = reverse("notices:reminder-list")
    first = client.get(url, {"area": area.la_code})
    assert len(first.context["page_obj"].object_list) == 50
    assert f"?area={area.la_code}&amp;page=2" in first.content.decode()
    assert len(client.get(url, {"area": area.la_code, "page": 2}).context["page_obj"].object_list) == 5


@pytest.mark.parametrize("rows", [1, 12])
def test_reminder_list_queries_flat(client, steward, area, rows, django_assert_num_queries):
    for _i in range(3):
        AreaFactory()
    logs(rows, area)
    client.force_login(steward)
    with django_assert_num_queries(6):  # session, user, areas, kinds, count, page
        response = client.get(reverse("notices:reminder-list"))
    assert response.status_code == 200


def test_steward_sweep_button_queues_the_sweep(client, steward, django_capture_on_commit_callbacks):
    OfficerFactory(area=AreaFactory())
    client.force_login(steward)
    response = client.post(reverse("notices:sweep"), follow=True)
    assert "The reminder sweep has been queued" in response.content.decode()
