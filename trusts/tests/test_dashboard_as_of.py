"""The national dashboard right about time: figures as of a date a steward chooses
(the rules applied on that date) and for a financial year; every reason an area does not meet
the rules shown, "Meets the rules" never Yes while one applies; a CSV a spreadsheet can use."""
import csv
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import PlanVersion
from plans.tests.factories import PlanReviewFactory, PlanVersionFactory
from pooling.tests.factories import ContributionFactory, PartnerFactory, PooledFundFactory
from trusts import dashboard
from trusts.models import Direction
from trusts.tests.factories import StewardReadFactory, AreaFactory, date_input

pytestmark = pytest.mark.django_db
URL = reverse("trusts:dashboard")
CSV_URL = reverse("trusts:dashboard-csv")
S = PlanVersion.Status
BEFORE_REVOCATION = date(2010, 9, 1)  # the plan regulations (and the annual review) still in force


def _at(day):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def _direct(area, steward, *, due_by, issued_on, closed_on=None):
    return Direction.objects.create(
        area=area, arrangement="plan", reason="No plan", required_action="Publish one", due_by=due_by,
        issued_by=steward, issued_at=_at(issued_on), status=Direction.Status.CLOSED if closed_on else "open",
        closed_at=_at(closed_on) if closed_on else None)


def _contribute(area, value, year, stage="planned"):
    fund = PooledFundFactory(area=area)
    return ContributionFactory(fund=fund, partner=PartnerFactory(area=area, org_type="pct"), year=year,
                               stage=stage, value=Decimal(value))


def _get(client, url=URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response


def _row(response, name):
    return next(r for r in response.context["rows"] if r["area"].name == name)


# the areas here have no register nor board: those reasons apply to all of them and are left aside
ASIDE = {"relevant_partners", "board_gaps"}


def _meets(response, name):
    """"Yes", or "No: " and the reasons other than the register's and the board's."""
    verdict = _row(response, name)["by_key"]["meets_rules"]
    reasons = [(code, text) for code, text in zip(verdict.data["reason_codes"].split(),
                                                  verdict.data["reasons"].split("; ")) if code not in ASIDE]
    assert verdict.text == ("Yes" if not verdict.data["reason_codes"] else f"No: {verdict.data['reasons']}")
    return "No: " + "; ".join(text for _, text in reasons) if reasons else "Yes"


def _csv(response):
    table = list(csv.reader(io.StringIO(response.content.decode())))
    return [dict(zip(table[0], r)) for r in table[1:]]


# -- the date and the year ------------------------------------------------------------------------
def test_as_of_defaults_to_today_and_a_chosen_date_applies_the_rules_then(client, steward):
    area = AreaFactory(name="Fenshire")  # no framework chosen: the one in force on the day applies
    PlanVersionFactory(area=area, status=S.PUBLISHED, published_on=date(2009, 3, 1), review_due_on=date(2010, 3, 1))
    client.force_login(steward)
    today = _get(client)
    assert f"Figures as of <strong>{timezone.localdate():%-d %B %Y}</strong>" in today.content.decode()
    # today no review is required (the plan regulations were revoked on 31 October 2010)
    assert _meets(today, "Fenshire") == "Yes"
    then = _get(client, **date_input("as_of", BEFORE_REVOCATION))
    html = then.content.decode()
    assert "Figures as of <strong>1 September 2010</strong>" in html
    assert _meets(then, "Fenshire") == "No: The annual review due on 1 March 2010 is overdue."
    assert "1 overdue review" in html
    # the date is kept in the form
    assert 'name="as_of_2" type="text" value="2010"' in html or re.search(r'name="as_of_2"[^>]*value="2010"', html)


def test_as_of_is_kept_in_pagination_sort_csv_and_reason_links(client, steward):
    for i in range(60):
        AreaFactory(name=f"Area {i:03d}")
    client.force_login(steward)
    html = _get(client, **date_input("as_of", BEFORE_REVOCATION), year="2009").content.decode()
    kept = "as_of_0=1&amp;as_of_1=9&amp;as_of_2=2010&amp;year=2009"
    assert f'href="{URL}?{kept}&amp;page=2"' in html  # the next page
    assert f'href="{URL}?{kept}&amp;sort=directions"' in html  # a column's sort
    assert f'href="{CSV_URL}?{kept}"' in html  # the download
    assert f'href="{URL}?{kept}&amp;flag=board_gaps#areas"' in html  # a reason's areas
    second = _get(client, **date_input("as_of", BEFORE_REVOCATION), year="2009", page="2")
    assert second.context["as_of"] == BEFORE_REVOCATION and len(second.context["page"].object_list) == 10


@pytest.mark.parametrize(("day", "month", "year", "error"), [
    ("31", "2", "2011", "Enter a real date, like 31 3 2011"),
    ("1", "13", "2011", "Enter a real date, like 31 3 2011"),
    ("x", "3", "2011", "Enter a valid date"),
    ("1", "3", "9" * 30, "Enter a real date, like 31 3 2011"),
    ("1", "3", "", "The date to show the figures as of must include a day, month and year"),
    ("1", "1", "2003", "There are no statutory rules to apply on 1 January 2003: enter a later date"),
    ("1", "1", "2999", "The date to show the figures as of must be today or in the past"),
])
def test_a_nonsense_date_is_a_govuk_error_never_a_500(client, steward, day, month, year, error):
    AreaFactory(name="Fenshire")
    client.force_login(steward)
    response = _get(client, as_of_0=day, as_of_1=month, as_of_2=year)
    html = response.content.decode()
    assert "<title>Error: " in html and 'class="govuk-error-summary"' in html
    assert error in html
    assert response.context["as_of"] == timezone.localdate()  # the page shows today's figures meanwhile
    # the CSV is not made for a date nobody asked for
    refused = client.get(CSV_URL, {"as_of_0": day, "as_of_1": month, "as_of_2": year})
    assert refused.status_code == 400 and error in refused.content.decode()


def test_an_unknown_year_is_a_govuk_error(client, steward):
    client.force_login(steward)
    html = _get(client, year="1066").content.decode()
    assert "<title>Error: " in html and "Select a financial year from the list" in html


def test_year_defaults_to_the_latest_year_with_figures_begun_by_the_date(client, steward):
    north = AreaFactory(name="North")
    _contribute(north, "100.00", 2010)
    _contribute(north, "250.00", 2011)
    _contribute(north, "999.00", 2014)  # planned for a year not begun by the date
    client.force_login(steward)
    as_of = date_input("as_of", date(2012, 6, 1))  # financial year 2012-13: no figures for it
    response = _get(client, **as_of)
    html = response.content.decode()
    assert "pooled budgets for the financial year <strong>2011-12</strong>" in html
    assert _row(response, "North")["by_key"]["pooled_planned"].text == "£250.00"
    assert "Pooled 2011-12 (planned)" in html
    # the year box offers the years with figures, newest first
    options = re.findall(r'<option value="(\d{4})"[^>]*>(\d{4}-\d\d)</option>', html)
    assert options == [("2014", "2014-15"), ("2011", "2011-12"), ("2010", "2010-11")]
    chosen = _get(client, **as_of, year="2010")
    assert _row(chosen, "North")["by_key"]["pooled_planned"].text == "£100.00"
    assert '<option value="2010" selected>2010-11</option>' in chosen.content.decode()


def test_the_figures_cache_keeps_each_date_and_year_apart(client, steward, settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    area = AreaFactory(name="Fenshire", framework="ascl2009")
    PlanVersionFactory(area=area, status=S.PUBLISHED, published_on=date(2010, 4, 1), review_due_on=date(2011, 4, 1))
    _contribute(area, "100.00", 2010)
    _contribute(area, "700.00", 2011)
    client.force_login(steward)
    before = date_input("as_of", date(2011, 3, 1))
    after = date_input("as_of", date(2011, 6, 1))
    assert _meets(_get(client, **before), "Fenshire") == "Yes"
    assert _meets(_get(client, **after), "Fenshire").startswith("No: The annual review due on 1 April 2011")
    assert _meets(_get(client, **before), "Fenshire") == "Yes"  # each date its own figures, both kept
    assert _row(_get(client, **after, year="2010"), "Fenshire")["by_key"]["pooled_planned"].text == "£100.00"
    assert _row(_get(client, **after, year="2011"), "Fenshire")["by_key"]["pooled_planned"].text == "£700.00"
    assert _row(_get(client, **after), "Fenshire")["by_key"]["pooled_planned"].text == "£700.00"


# -- compliance that counts ---------------------------------------------------------------------------
def test_every_reason_is_shown_and_meets_the_rules_is_never_yes_while_one_applies(client, steward):
    day = date(2010, 9, 1)
    clear = AreaFactory(name="A Clear", framework="ascl2009")
    PlanVersionFactory(area=clear, status=S.PUBLISHED, published_on=date(2010, 3, 1), review_due_on=date(2011, 3, 1))
    overdue = AreaFactory(name="B Review", framework="ascl2009")
    PlanVersionFactory(area=overdue, status=S.PUBLISHED, published_on=date(2009, 3, 1), review_due_on=date(2010, 3, 1))
    recorded = AreaFactory(name="C Recorded", framework="ascl2009")
    PlanReviewFactory(version=PlanVersionFactory(area=recorded, status=S.PUBLISHED, published_on=date(2009, 3, 1),
                                                 review_due_on=date(2010, 3, 1)), reviewed_on=date(2010, 2, 1))
    ended = AreaFactory(name="D Ended", framework="ascl2009")
    PlanVersionFactory(area=ended, number=1, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                       review_due_on=date(2011, 3, 1), period_start=date(2010, 4, 1), period_end=date(2010, 8, 31))
    directed = AreaFactory(name="E Direction", framework="ascl2009")
    PlanVersionFactory(area=directed, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                       review_due_on=date(2011, 3, 1))
    _direct(directed, steward, due_by=date(2010, 7, 1), issued_on=date(2010, 5, 1))
    _direct(clear, steward, due_by=date(2010, 7, 1), issued_on=date(2010, 5, 1), closed_on=date(2010, 6, 1))
    _direct(clear, steward, due_by=date(2010, 7, 1), issued_on=date(2010, 10, 1))  # issued after the date
    client.force_login(steward)
    response = _get(client, **date_input("as_of", day))
    assert _meets(response, "B Review") == "No: The annual review due on 1 March 2010 is overdue."
    assert _meets(response, "D Ended") == ("No: The period of version 1 ended on 31 August 2010: the Children's "
                                           "Trust Board must publish a new plan.")
    assert _meets(response, "E Direction") == ("No: 1 open direction; 1 direction not complied with by "
                                               "1 July 2010")
    for row in response.context["rows"]:
        cells = row["by_key"]
        flagged = [k for k, c in cells.items() if c.flagged]
        assert (cells["meets_rules"].text == "Yes") == (not flagged), row["area"].name
        assert cells["meets_rules"].data["reason_codes"].split() == flagged
    html = response.content.decode()
    assert "1 overdue review" in html and "1 plan past its period where a plan is required" in html
    assert "1 overdue direction (past the date to comply by)" in html
    assert [r["area"].name for r in _get(client, **date_input("as_of", day), flag="plan_review").context["rows"]] \
        == ["B Review"]
    assert [r["area"].name for r in _get(client, **date_input("as_of", day), flag="plan_period").context["rows"]] \
        == ["D Ended"]
    assert [r["area"].name for r in _get(client, **date_input("as_of", day),
                                         flag="directions_overdue").context["rows"]] == ["E Direction"]
    # the summary counts the same reasons
    summary = response.context["summary"]
    assert summary["met"] == sum(1 for r in response.context["rows"] if r["by_key"]["meets_rules"].text == "Yes")
    assert summary["not_met"] == len(response.context["rows"]) - summary["met"]


def test_an_overdue_review_fails_only_while_the_law_requires_one(client, steward):
    area = AreaFactory(name="Fenshire")  # the framework in force on each date
    PlanVersionFactory(area=area, number=1, status=S.PUBLISHED, published_on=date(2009, 3, 1),
                       review_due_on=date(2010, 3, 1), period_end=date(2010, 6, 30))
    client.force_login(steward)
    before = _get(client, **date_input("as_of", date(2010, 10, 30)))
    assert _meets(before, "Fenshire").startswith("No: The annual review due on 1 March 2010 is overdue.")
    assert "The period of version 1 ended on 30 June 2010" in _meets(before, "Fenshire")
    after = _get(client, **date_input("as_of", date(2010, 10, 31)))
    assert _row(after, "Fenshire")["by_key"]["plan_review"].text.startswith("Not required since 31 October 2010")
    assert not _row(after, "Fenshire")["by_key"]["plan_period"].flagged


def test_the_area_page_never_says_meets_the_rules_while_the_review_is_overdue(client, steward):
    area = AreaFactory(name="Lawshire", framework="ascl2009")  # the 2009 Act as it stood, by choice
    PlanVersionFactory(area=area, status=S.PUBLISHED, published_on=date(2010, 3, 1), review_due_on=date(2011, 3, 1))
    client.force_login(steward)
    html = client.get(reverse("trusts:area-detail", kwargs={"la_code": area.la_code})).content.decode()
    meets = re.search(r"Meets the rules</dt>\s*<dd[^>]*>([^<]+)</dd>", html).group(1)
    assert meets == "No: The annual review due on 1 March 2011 is overdue."


# -- the CSV ---------------------------------------------------------------------------------------------
def test_csv_has_numbers_iso_dates_and_codes_beside_labels(client, steward):
    area = AreaFactory(name="Fenshire", framework="ascl2009", authority_type="county", gss_code="E10000099",
                        region="east")
    PlanVersionFactory(area=area, status=S.PUBLISHED, published_on=date(2010, 3, 1), review_due_on=date(2011, 3, 1))
    _contribute(area, "1650.75", 2011)
    _contribute(area, "900.00", 2011, stage="actual")
    _direct(area, steward, due_by=date(2011, 5, 1), issued_on=date(2011, 4, 1))
    client.force_login(steward)
    response = _get(client, CSV_URL, **date_input("as_of", date(2011, 6, 1)))
    assert response["Content-Disposition"] == 'attachment; filename="national-compliance-2011-06-01.csv"'
    [row] = _csv(response)
    assert row["area"] == "Fenshire" and row["as_of"] == "2011-06-01"
    assert (row["authority_type_code"], row["authority_type"]) == ("county", "County council")
    assert (row["region_code"], row["region"]) == ("east", "East of England")
    assert (row["framework_code"], row["framework"]) == (
        "ascl2009", "As amended by the Apprenticeships, Skills, Children and Learning Act 2009")
    assert (row["plan_status_code"], row["plan_status"], row["plan_required"]) == ("published", "Published", "yes")
    assert row["plan_published_on"] == "2010-03-01"
    assert (row["plan_review_due_on"], row["plan_review_code"], row["plan_review"]) == (
        "2011-03-01", "overdue", "Overdue")
    assert (row["financial_year_start"], row["financial_year"]) == ("2011", "2011-12")
    assert Decimal(row["pooled_planned_pounds"]) == Decimal("1650.75") and row["pooled_planned_pounds"] == "1650.75"
    assert row["pooled_actual_pounds"] == "900.00"
    assert (row["directions_open"], row["directions_overdue"]) == ("1", "1")
    assert row["directions_overdue_first_due_on"] == "2011-05-01"
    assert int(row["partners"]) >= 2 and row["relevant_partners"].isdigit()
    assert (row["boards"], row["board_gaps"]) == ("0", "")  # no board recorded: no gaps to count
    assert row["meets_rules"] == "no"
    assert row["reason_codes"].split() == ["directions", "directions_overdue", "board_gaps", "plan_review"]
    assert row["reasons"].endswith("No board recorded; The annual review due on 1 March 2011 is overdue.")
    # nothing in the sheet is display text: no pounds signs, no "5 gaps (4 required)", no "12 of 25"
    cells = [v for r in _csv(response) for k, v in r.items() if k != "reasons"]  # the reasons are words
    assert not [v for v in cells if "£" in v or re.fullmatch(r"\d+ (of \d+|gaps?.*|open.*)", v)]


def test_csv_is_formula_safe(client, steward):
    AreaFactory(name="=HYPERLINK(\"http://x\")")
    client.force_login(steward)
    [row] = _csv(_get(client, CSV_URL))
    assert row["area"] == "'=HYPERLINK(\"http://x\")"


# -- who may see it ----------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["officer", "board_member", "partner_contact"])
def test_another_role_gets_404_whatever_the_date(client, request, who):
    client.force_login(request.getfixturevalue(who))
    params = date_input("as_of", BEFORE_REVOCATION)
    assert client.get(URL, params).status_code == 404
    assert client.get(CSV_URL, params).status_code == 404


def test_the_read_group_sees_the_dashboard_as_of_a_date(client):
    area = AreaFactory(name="Fenshire")
    PlanVersionFactory(area=area, status=S.PUBLISHED, published_on=date(2009, 3, 1), review_due_on=date(2010, 3, 1))
    client.force_login(StewardReadFactory())
    response = client.get(URL, date_input("as_of", BEFORE_REVOCATION))
    assert response.status_code == 200
    assert "Figures as of <strong>1 September 2010</strong>" in response.content.decode()
    assert _meets(response, "Fenshire") == "No: The annual review due on 1 March 2010 is overdue."


def _counted(client, url, params):
    with CaptureQueriesContext(connection) as made:
        response = _get(client, url, **params)
    return len(made.captured_queries), response


def test_queries_flat_at_two_sizes_with_a_date_and_year(client, steward):
    def add(start, n):
        for i in range(start, start + n):
            area = AreaFactory(name=f"Area {i:03d}", framework="ascl2009")
            PlanVersionFactory(area=area, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                               review_due_on=date(2011, 3, 1), period_end=date(2012, 3, 31))
            _contribute(area, "10.00", 2010 + i % 3)
            _direct(area, steward, due_by=date(2011, 1, 1), issued_on=date(2010, 6, 1))

    client.force_login(steward)
    params = {**date_input("as_of", date(2011, 6, 1)), "year": "2011"}
    add(0, 3)
    small, response = _counted(client, URL, params)
    small_csv, _ = _counted(client, CSV_URL, params)
    assert len(response.context["rows"]) == 3
    add(3, 27)
    large, response = _counted(client, URL, params)
    large_csv, _ = _counted(client, CSV_URL, params)
    assert len(response.context["rows"]) == 30
    assert (small, small_csv) == (large, large_csv)


def test_dashboard_columns_include_the_verdict_first():
    keys = [c.key for c in dashboard.columns(timezone.localdate() - timedelta(days=1))]
    assert keys[0] == "meets_rules"
    assert {"directions_overdue", "plan_period", "plan_review"} <= set(keys)
