"""The plan page and the answers page at real size: a contents list, the agreement
round as a summary, the full list of answers on its own filtered, paginated page."""
import re
import secrets
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Partner
from plans.models import AgreementRequest, AgreementResponse, PlanVersion
from plans.selectors import consulted_summary
from plans.tests.factories import complete_plan

S = PlanVersion.Status
SECTIONS = ("details", "outcomes", "needs", "consultation", "early", "commissioning", "links")


def _round(area, schools, *, officer=None, academies=0):
    """A version with partners to agree: ``schools`` community schools and ``academies`` academies
    asked; a third agreed on the page, a third by letter recorded by the officer, one objected."""
    area.framework = "ascl2009"
    area.save()
    Partner.objects.bulk_create(
        [Partner(area=area, name=f"School {i:03d}", org_type="school_community", urn=f"{300000 + i}")
         for i in range(schools)]
        + [Partner(area=area, name=f"Academy {i:03d}", org_type="academy", urn=f"{350000 + i}")
           for i in range(academies)]
        + [Partner(area=area, name=f"Play group {i}", org_type="vcs") for i in range(3)])
    relevant = list(Partner.objects.relevant(area).order_by("name"))
    version = complete_plan(area, partners=relevant, status=S.AGREEMENT, agreement_round=1,
                            period_start=date(2010, 4, 1), period_end=date(2013, 3, 31),
                            agreement_due_on=timezone.localdate() + timedelta(days=15))
    requests = AgreementRequest.objects.bulk_create([
        AgreementRequest(version=version, partner=p, round=1, nonce=secrets.token_hex(16)) for p in relevant])
    answers = []
    for i, req in enumerate(requests):
        if i % 3 == 2:
            continue
        decision = "object" if i == 1 else "agree"
        extra = ({"via": "officer", "actor": officer, "received_on": timezone.localdate(), "channel": "letter"}
                 if i % 3 == 1 else {"via": "page"})
        answers.append(AgreementResponse(request=req, decision=decision, reasons="No" if decision == "object" else "",
                                         **extra))
        req.latest_decision = decision
    AgreementResponse.objects.bulk_create(answers)
    AgreementRequest.objects.bulk_update(requests, ["latest_decision"])
    return version


def _url(name, version, query=""):
    return reverse(name, kwargs={"la_code": version.area.la_code, "version": version.number}) + query


@pytest.mark.parametrize("schools", [5, 60])
def test_plan_page_small_and_queries_constant(client, officer, area, schools, django_assert_num_queries):
    version = _round(area, schools, officer=officer)
    client.force_login(officer)
    with django_assert_num_queries(24):  # the completeness engine reads its own spend facts (5 queries)
        response = client.get(_url("plans:version-detail", version))
    html = response.content.decode()
    assert len(response.content) < 100_000
    agreed = (schools + 2) // 3 + (schools + 1) // 3 - 1  # 2 of every 3 answered, one of them objected
    assert f"{agreed} of {schools} relevant partners agreed" in html


@pytest.mark.parametrize("schools", [5, 60])
def test_answers_page_small_and_queries_constant(client, officer, area, schools, django_assert_num_queries):
    version = _round(area, schools, officer=officer)
    client.force_login(officer)
    with django_assert_num_queries(9):
        response = client.get(_url("plans:version-answers", version))
    assert response.status_code == 200 and len(response.content) < 100_000
    with django_assert_num_queries(8):
        assert client.get(_url("plans:version-answers", version, "?show=log")).status_code == 200


def test_plan_page_at_real_size_under_100_kb(client, officer, area):
    version = _round(area, 300, academies=125, officer=officer)
    client.force_login(officer)
    for name in ("plans:version-detail", "plans:version-answers"):
        response = client.get(_url(name, version))
        assert response.status_code == 200 and len(response.content) < 100_000, (name, len(response.content))


def test_plan_page_contents_list_and_section_ids(client, officer, area):
    version = _round(area, 3, officer=officer)
    client.force_login(officer)
    html = client.get(_url("plans:version-detail", version)).content.decode()
    contents = html[html.index('id="contents-title"'):html.index("</nav>", html.index('id="contents-title"'))]
    for key in SECTIONS:
        assert f'id="section-{key}"' in html
        assert f'href="#section-{key}"' in contents
    assert 'href="#agreement"' in contents and 'id="agreement"' in html
    # the contents come before the content, in the order of the statutory list
    positions = [html.index(f'id="section-{key}"') for key in SECTIONS]
    assert positions == sorted(positions) and html.index('id="contents-title"') < positions[0]


def test_plan_page_agreement_summary_counts_by_answer_and_type(client, officer, area):
    version = _round(area, 6, academies=3, officer=officer)
    client.force_login(officer)
    html = client.get(_url("plans:version-detail", version)).content.decode()
    counts = html[html.index('id="agreement-counts"'):]
    # 9 asked: answers at 0,1(object),3,4,6,7 -> 5 agreed, 1 objected, 3 not answered
    assert re.search(r"Agreed</dt><dd class=\"govuk-summary-list__value\">5<", counts)
    assert re.search(r"Objected</dt><dd class=\"govuk-summary-list__value\">1<", counts)
    assert re.search(r"Not answered</dt><dd class=\"govuk-summary-list__value\">3<", counts)
    table = html[html.index('id="agreement-by-type"'):html.index("</table>", html.index('id="agreement-by-type"'))]
    assert "Academy (including free school)" in table and "Community school" in table
    assert f"Partners to answer by <strong>{version.agreement_due_on:%-d %B %Y}</strong>" in html
    assert "Remind the 4 partners that have not agreed" in html


def test_plan_page_outstanding_capped_with_see_all_link(client, officer, area):
    version = _round(area, 90, officer=officer)  # 30 not answered + 1 objected
    client.force_login(officer)
    html = client.get(_url("plans:version-detail", version)).content.decode()
    listed = html[html.index('id="outstanding-list"'):html.index("</ul>", html.index('id="outstanding-list"'))]
    assert listed.count("<li>") == 20
    assert listed.count("record an answer received") == 20
    assert "Outstanding: 31 not yet agreed" in html
    see_all = _url("plans:version-answers", version, "?answer=none")
    assert f'href="{see_all}">See all 31 partners not yet agreed</a>' in html
    # the old audit list of every response is not on the plan page any more
    assert "Every answer recorded" not in html and html.count("recorded by Olive Officer") == 0


def test_plan_page_for_few_outstanding_has_no_see_all(client, officer, area):
    version = _round(area, 6, officer=officer)
    client.force_login(officer)
    html = client.get(_url("plans:version-detail", version)).content.decode()
    assert "School 002 – asked" in html and "School 000 – asked" not in html
    assert "See all" not in html


def test_partner_contact_sees_own_request_not_officer_links(client, area, officer):
    from plans.tests.factories import make_contact

    version = _round(area, 6, officer=officer)
    req = AgreementRequest.objects.get(version=version, partner__name="School 002")
    contact = make_contact(req.partner, "head@school.example.org")
    client.force_login(contact)
    html = client.get(_url("plans:version-detail", version)).content.decode()
    respond = reverse("plans:agreement-respond", kwargs={"la_code": area.la_code, "agreement": req.pk})
    assert f'href="{respond}">Record School 002\'s answer</a>' in html
    assert "record an answer received" not in html and "Remind the" not in html


def test_send_to_partners_only_when_complete(client, officer, area):
    version = complete_plan(area, status=S.CONSULTATION)
    client.force_login(officer)
    assert "Send to partners to agree" in client.get(_url("plans:version-detail", version)).content.decode()
    PlanVersion.objects.filter(pk=version.pk).update(commissioning="")
    html = client.get(_url("plans:version-detail", version)).content.decode()
    assert "Send to partners to agree</a>" not in html
    assert 'id="not-ready"' in html


def test_answers_page_filters(client, officer, area):
    version = _round(area, 6, academies=3, officer=officer)
    client.force_login(officer)

    def names(query):
        html = client.get(_url("plans:version-answers", version, query)).content.decode()
        table = html[html.index('id="answers"'):] if 'id="answers"' in html else ""
        return sorted(re.findall(r'<td class="govuk-table__cell">((?:School|Academy) \d+)</td>', table))

    assert len(names("")) == 9
    # requests by name: Academy 000-002 (0,1,2), School 000-005 (3..8); index%3==2 unanswered, 1 objected
    assert names("?answer=none") == ["Academy 002", "School 002", "School 005"]
    assert names("?answer=objected") == ["Academy 001"]
    assert names("?type=academy") == ["Academy 000", "Academy 001", "Academy 002"]
    assert names("?answer=agreed&type=school_community&q=school+00") == [
        "School 000", "School 001", "School 003", "School 004"]
    assert names("?q=nothing+like+this") == []


def test_answers_page_rows_say_how_the_answer_came(client, officer, area):
    version = _round(area, 3, officer=officer)
    client.force_login(officer)
    html = client.get(_url("plans:version-answers", version)).content.decode()
    assert f"recorded by Olive Officer on {timezone.localdate():%-d %B %Y}, received by letter" in html
    assert "on the plan page" in html
    record = reverse("plans:agreement-record", kwargs={
        "la_code": area.la_code, "agreement": AgreementRequest.objects.get(version=version, partner__name="School 002").pk})
    assert f'href="{record}">Record an answer' in html
    log = client.get(_url("plans:version-answers", version, "?show=log")).content.decode()
    assert 'id="answers-log"' in log and "School 000 (round 1)" in log


def test_answers_page_through_a_seat(client, officer, area):
    from boards.tests.factories import BoardFactory, SeatFactory

    version = _round(area, 3, officer=officer)
    seat = SeatFactory(board=BoardFactory(area=area))
    req = AgreementRequest.objects.get(version=version, partner__name="School 002")
    AgreementResponse.objects.create(request=req, decision="agree", via="representative", through_seat=seat,
                                     through_label="the Schools seat held by Harriet Head")
    AgreementRequest.objects.filter(pk=req.pk).update(latest_decision="agree")
    client.force_login(officer)
    html = client.get(_url("plans:version-answers", version)).content.decode()
    assert "Through the Schools seat held by Harriet Head" in html
    page = client.get(_url("plans:version-detail", version)).content.decode()
    assert "Agreed through the Schools seat held by Harriet Head: 1 partner" in page


def test_answers_page_pagination(client, officer, area):
    version = _round(area, 120, officer=officer)
    client.force_login(officer)
    first = client.get(_url("plans:version-answers", version)).content.decode()
    assert first.count('<tr class="govuk-table__row">\n<td') == 50
    assert 'class="govuk-pagination"' in first and "?page=2" in first and "1 to 50 shown" in first
    last = client.get(_url("plans:version-answers", version, "?page=3")).content.decode()
    assert last.count('<tr class="govuk-table__row">\n<td') == 20 and "101 to 120 shown" in last
    # a filter is kept from page to page
    filtered = client.get(_url("plans:version-answers", version, "?answer=agreed")).content.decode()
    assert "answer=agreed&amp;page=2" in filtered


@pytest.mark.parametrize("query", ["?page=999", "?page=abc", "?page=-1", "?answer=maybe", "?type=martians",
                                   "?q=" + "x" * 500, "?show=whatever&answer=", "?q=%00"])
def test_answers_page_bad_filters_never_fail(client, officer, area, query):
    version = _round(area, 3, officer=officer)
    client.force_login(officer)
    response = client.get(_url("plans:version-answers", version, query))
    assert response.status_code == (400 if "%00" in query else 200)  # a NUL byte is refused before the view
    if "answer=maybe" in query:
        html = response.content.decode()
        assert "Choose an answer from the list" in html and "<title>Error: " in html


def test_answers_page_other_area_404_and_anonymous_redirected(client, officer, other_officer, area):
    version = _round(area, 3, officer=officer)
    url = _url("plans:version-answers", version)
    response = client.get(url)
    assert response.status_code == 302 and "sign-in" in response["Location"]
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code in (404, 405)
    client.force_login(officer)
    assert client.post(url).status_code == 405


def test_consulted_directly_summarised_when_many(area):
    from plans.models import Consultee

    partners = Partner.objects.bulk_create([Partner(area=area, name=f"S{i}", org_type="school_community")
                                            for i in range(25)])
    version = PlanVersion.objects.create(area=area, number=1, title="Plan")
    rows = [Consultee(version=version, kind="partner", partner=p, consulted_from=date(2009, 9, 1), method="Survey")
            for p in partners] + [Consultee(version=version, kind="group", group="children",
                                            consulted_from=date(2009, 9, 1), method="Focus groups")]
    listed, direct = consulted_summary(rows)
    assert [c.kind for c in listed] == ["group"]
    assert direct["count"] == 25 and direct["groups"][0]["types"] == [("Community school", 25)]
    listed, direct = consulted_summary(rows[:20])
    assert len(listed) == 20 and direct is None
