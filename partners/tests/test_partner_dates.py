"""The register is dated: a closed establishment is kept with its history, and stops being a
partner (relevant or not) from its close date; the duty table answers as of a date."""
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partners import selectors
from partners.models import Partner
from partners.tests.factories import AcademyFactory, PartnerFactory, SchoolFactory

pytestmark = pytest.mark.django_db

CLOSED = date(2012, 8, 31)


@pytest.fixture
def schools(area):
    area.framework = "ascl2009_revoked_plan"  # schools are relevant partners under the 2009 Act
    area.save()
    open_school = SchoolFactory(area=area, name="Hill Primary School", opened_on=date(1990, 9, 1))
    closed = SchoolFactory(area=area, name="Fen Primary School", opened_on=date(1970, 9, 1), closed_on=CLOSED,
                           closed_reason="Academy converter")
    academy = AcademyFactory(area=area, name="Fen Primary Academy", opened_on=CLOSED + timedelta(days=1),
                             opened_reason="Academy converter", predecessor=closed)
    return open_school, closed, academy


def test_open_on_excludes_partners_closed_on_or_before_the_day_and_those_not_yet_open(schools):
    open_school, closed, academy = schools
    assert set(Partner.objects.open_on(CLOSED - timedelta(days=1))) == {open_school, closed}
    # closed on the day: no longer open that day
    assert set(Partner.objects.open_on(CLOSED)) == {open_school}
    assert set(Partner.objects.open_on(CLOSED + timedelta(days=1))) == {open_school, academy}
    assert set(Partner.objects.open_on()) == {open_school, academy}


def test_relevant_partners_follow_the_close_date(area, schools):
    open_school, closed, academy = schools
    assert set(Partner.objects.relevant(area, date(2012, 6, 1))) == {open_school, closed}
    assert set(Partner.objects.relevant(area)) == {open_school, academy}
    assert set(Partner.objects.active()) == {open_school, academy}
    assert selectors.partner_counts_get(area=area) == (2, 2)
    assert selectors.partner_counts_get(area=area, day=date(2012, 6, 1)) == (2, 2)


def test_duty_table_answers_as_of_a_date(area, schools):
    _open, closed, academy = schools
    before = closed.duties("ascl2009_revoked_plan", day=date(2012, 6, 1))
    assert before[0].duty == "cooperate" and before[0].applies
    after = closed.duties("ascl2009_revoked_plan", day=CLOSED)
    assert not any(a.applies for a in after)
    assert "closed on 31 August 2012 (Academy converter)" in after[0].reason
    not_yet = academy.duties("ascl2009_revoked_plan", day=date(2012, 6, 1))
    assert not any(a.applies for a in not_yet)
    assert "had not opened" in not_yet[0].reason
    assert academy.duty("cooperate", "ascl2009_revoked_plan").applies


def test_closes_after_opening_is_a_database_rule(area):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerFactory(area=area, opened_on=date(2010, 1, 1), closed_on=date(2009, 1, 1))


def test_register_hides_closed_partners_unless_asked(client, officer, area, schools):
    client.force_login(officer)
    url = reverse("partners:partner-list", kwargs={"la_code": area.la_code})
    page = client.get(url).content.decode()
    assert "Hill Primary School" in page and "Fen Primary Academy" in page
    assert "Fen Primary School" not in page
    page = client.get(url, {"closed": "on"}).content.decode()
    assert "Fen Primary School" in page
    assert "31 August 2012: Academy converter" in page


def test_partner_page_shows_the_closure_and_the_duties_on_a_date(client, officer, area, schools):
    _open, closed, academy = schools
    client.force_login(officer)
    url = reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": closed.pk})
    page = client.get(url).content.decode()
    assert "Closed</strong> 31 August 2012 (Academy converter)" in page
    assert "it closed on 31 August 2012" in page
    page = client.get(url, {"on_0": "1", "on_1": "6", "on_2": "2012"}).content.decode()
    assert "Duties under each framework on 1 June 2012" in page
    assert "it closed on" not in page
    page = client.get(reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": academy.pk}))
    assert "Replaced" in page.content.decode() and "Fen Primary School" in page.content.decode()


def test_register_closed_today_leaves_the_default_list(client, officer, area):
    SchoolFactory(area=area, name="Closing Today School", closed_on=timezone.localdate())
    client.force_login(officer)
    page = client.get(reverse("partners:partner-list", kwargs={"la_code": area.la_code})).content.decode()
    assert "Closing Today School" not in page


def test_officer_records_that_a_partner_closed(client, officer, area):
    pct = PartnerFactory(area=area, name="Northshire PCT", org_type="pct")
    client.force_login(officer)
    url = reverse("partners:partner-edit", kwargs={"la_code": area.la_code, "partner": pct.pk})
    data = {"name": pct.name, "org_type": "pct", "engagement": "invited", "closed_reason": "Abolished",
            "closed_on_0": "31", "closed_on_1": "3", "closed_on_2": "2013"}
    response = client.post(url, data)
    assert response.status_code == 302
    pct.refresh_from_db()
    assert (pct.closed_on, pct.closed_reason) == (date(2013, 3, 31), "Abolished")
    assert pct not in Partner.objects.relevant(area)
    assert pct in Partner.objects.relevant(area, date(2013, 3, 30))
    page = client.get(reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": pct.pk}))
    assert "Closed</strong> 31 March 2013 (Abolished)" in page.content.decode()


def test_officer_form_refuses_a_close_before_the_opening_or_a_reason_without_a_date(client, officer, area):
    pct = PartnerFactory(area=area, name="Northshire PCT", org_type="pct")
    client.force_login(officer)
    url = reverse("partners:partner-edit", kwargs={"la_code": area.la_code, "partner": pct.pk})
    base = {"name": pct.name, "org_type": "pct", "engagement": "invited"}
    page = client.post(url, {**base, "closed_reason": "Abolished"}).content.decode()
    assert "Enter the date it closed, or leave the reason blank" in page
    page = client.post(url, {**base, "opened_on_0": "1", "opened_on_1": "4", "opened_on_2": "2002",
                             "closed_on_0": "31", "closed_on_1": "3", "closed_on_2": "2001"}).content.decode()
    assert "The closing date must be the same as or after the opening date" in page
    pct.refresh_from_db()
    assert pct.closed_on is None
