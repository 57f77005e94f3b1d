"""Search (trusts.search and each app's search.py): what each role finds, what they never find,
bad queries, the cost of the results page at two sizes, and the GIN index on PostgreSQL."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    DecisionFactory,
    MeetingFactory,
    PaperFactory,
    SeatFactory,
)
from partners.tests.factories import PartnerContactFactory, PartnerFactory
from plans.models import PlanVersion
from plans.tests.factories import ActionFactory, PlanVersionFactory, PriorityFactory
from trusts import search
from trusts.search import Terms, excerpt, tidy

S = PlanVersion.Status
URL = reverse("trusts:search")


def _search(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return response


def _found(response):
    """{kind key: (count, [titles])} of a results page."""
    return {kind.key: (kind.count, [hit.title for hit in kind.hits]) for kind in response.context["kinds"]}


def _titles(response, key):
    return _found(response).get(key, (0, []))[1]


def _plant(area, word, *, board=None):
    """One record of every kind in ``area`` carrying ``word``: the same words in each area."""
    partner = PartnerFactory(area=area, name=f"{word} Community Trust")
    board = board or BoardFactory(area=area)
    meeting = MeetingFactory(board=board, place=f"{word} Hall")
    item = AgendaItemFactory(meeting=meeting, title=f"Review of {word} services", description="For decision.")
    paper = PaperFactory(item=item, title=f"{word} evaluation report")
    decision = DecisionFactory(item=item, resolution=f"The board agreed to extend {word} services to all schools.")
    draft = PlanVersionFactory(area=area, status=S.DRAFT, title="Draft plan",
                               needs_assessment=f"Demand for {word} places has doubled since 2008.")
    priority = PriorityFactory(version=draft, title=f"Expand {word} provision")
    action = ActionFactory(priority=priority, description=f"Open two {word} centres", measure="Places open")
    return {"partner": partner, "board": board, "meeting": meeting, "item": item, "paper": paper,
            "decision": decision, "draft": draft, "priority": priority, "action": action}


def _urls(area, planted):
    """The links to each planted record."""
    meeting = reverse("boards:meeting-detail", kwargs={"meeting": planted["meeting"].pk})
    version = reverse("plans:version-detail", kwargs={"la_code": area.la_code, "version": planted["draft"].number})
    return {
        reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": planted["partner"].pk}),
        meeting, f"{meeting}#item-{planted['item'].pk}",
        reverse("boards:paper-download", kwargs={"paper": planted["paper"].pk}),
        version, f"{version}#outcome-{planted['priority'].outcome}",
    }


# ---------------------------------------------------------------------------
# what an officer finds
# ---------------------------------------------------------------------------
def test_search_officer_finds_partner_by_name_part_and_identifiers(client, officer, area):
    school = PartnerFactory(area=area, name="Brookside Primary School", org_type="school_community", urn="110123")
    college = PartnerFactory(area=area, name="Northshire College", org_type="fe_college", ukprn="10004321")
    pct = PartnerFactory(area=area, name="Northshire Primary Care Trust", org_type="pct", ods_code="5PQ")
    PartnerFactory(area=area, name="Riverside Youth Club")
    client.force_login(officer)

    assert _titles(_search(client, "Brookside"), "partners") == [school.name]
    assert _titles(_search(client, "brook"), "partners") == [school.name]  # a name typed in part
    assert _titles(_search(client, "110123"), "partners") == [school.name]
    assert _titles(_search(client, "1101"), "partners") == [school.name]  # a URN typed in part
    assert _titles(_search(client, "10004321"), "partners") == [college.name]
    assert _titles(_search(client, "5pq"), "partners") == [pct.name]
    response = _search(client, "Northshire")
    assert sorted(_titles(response, "partners")) == sorted([college.name, pct.name])
    hit = next(k for k in response.context["kinds"] if k.key == "partners").hits[0]
    assert hit.url == reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": college.pk})
    assert "UKPRN 10004321" in _search(client, "10004321").content.decode()


def test_search_officer_finds_board_business_and_plan_text(client, officer, area):
    mine = _plant(area, "respite")
    client.force_login(officer)

    response = _search(client, "respite evaluation")
    assert _titles(response, "papers") == [mine["paper"].title]
    assert _found(response).get("partners") is None  # the words must all match
    response = _search(client, "extend respite")
    assert _found(response)["decisions"] == (1, ["Review of respite services: Carried"])
    hit = next(k for k in response.context["kinds"] if k.key == "decisions").hits[0]
    meeting_url = reverse("boards:meeting-detail", kwargs={"meeting": mine["meeting"].pk})
    assert hit.url == f"{meeting_url}#item-{mine['item'].pk}"
    assert "extend respite services" in hit.snippet
    response = _search(client, "Expand respite")
    assert _titles(response, "priorities") == ["Expand respite provision"]
    assert _titles(_search(client, "respite centres"), "plan-actions") == ["Open two respite centres"]
    assert _titles(_search(client, "respite places"), "plan-versions") == [str(mine["draft"])]
    response = _search(client, "respite")
    assert {key: count for key, (count, _) in _found(response).items()} == {
        "partners": 1, "meetings": 1, "agenda-items": 1, "papers": 1, "decisions": 1,
        "plan-versions": 1, "priorities": 1, "plan-actions": 1}
    assert response.context["total"] == 8
    page = response.content.decode()
    assert "8 results for ‘respite’" in " ".join(page.replace("<strong>", "").replace("</strong>", "").split())
    assert reverse("boards:paper-download", kwargs={"paper": mine["paper"].pk}) in page


def test_search_never_shows_another_area(client, officer, area, other_area, steward):
    mine, theirs = _plant(area, "respite"), _plant(other_area, "respite")
    client.force_login(officer)
    response = _search(client, "respite")
    kinds = response.context["kinds"]
    assert {kind.count for kind in kinds} == {1}
    assert {hit.url for kind in kinds for hit in kind.hits} == _urls(area, mine)
    assert _urls(other_area, theirs).isdisjoint(hit.url for kind in kinds for hit in kind.hits)
    assert "Southshire" not in response.content.decode()

    client.force_login(steward)  # the positive control: the other area's records exist and match
    assert {kind.count for kind in _search(client, "respite").context["kinds"]} == {2}


# ---------------------------------------------------------------------------
# board members and partner contacts
# ---------------------------------------------------------------------------
def test_search_board_member_finds_their_boards_business_never_drafts_or_register(client, board_member, area):
    mine = _plant(area, "respite")  # their board; a draft plan; the register
    SeatFactory(board=mine["board"], person=board_member)
    other_board = BoardFactory(area=area, name="Northshire Youth Board")
    MeetingFactory(board=other_board, place="respite Annexe")  # a board of the area they do not sit on
    published = PlanVersionFactory(area=area, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                                   title="Published plan", needs_assessment="respite care is in demand")
    PriorityFactory(version=published, title="Keep respite care local")
    client.force_login(board_member)

    found = _found(_search(client, "respite"))
    assert found["meetings"] == (1, [str(mine["meeting"])])
    assert found["papers"] == (1, [mine["paper"].title])
    assert found["decisions"][0] == 1
    assert found["plan-versions"] == (1, [str(published)])  # not the draft
    assert found["priorities"] == (1, ["Keep respite care local"])
    assert "plan-actions" not in found  # the only action is in the draft
    assert "partners" not in found  # never the register


def test_search_partner_contact_finds_only_their_own_organisation(client, area):
    own = PartnerFactory(area=area, name="respite Care Ltd")
    PartnerFactory(area=area, name="respite Homes")
    mine = _plant(area, "respite")
    PlanVersionFactory(area=area, status=S.PUBLISHED, published_on=date(2010, 3, 1), title="respite plan")
    contact = PartnerContactFactory(partner=own).user
    client.force_login(contact)

    found = _found(_search(client, "respite"))
    assert found["partners"] == (1, [own.name])
    number = PlanVersion.objects.get(title="respite plan").number
    assert found["plan-versions"] == (1, [f"respite plan (version {number})"])
    assert set(found) == {"partners", "plan-versions"}  # no board business, no draft
    assert mine["draft"].status == S.DRAFT


# ---------------------------------------------------------------------------
# bad and odd queries
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("q", "error"), [
    ("", "Enter a search term"),
    ("   ", "Enter a search term"),
    ("a", "Search term must be 2 characters or more"),
    ("a\u200b", "Search term must be 2 characters or more"),  # an invisible character does not count
    ("x" * 101, "Search term must be 100 characters or fewer"),
])
def test_search_bad_query_shows_govuk_error(client, officer, q, error):
    client.force_login(officer)
    response = _search(client, q)
    page = response.content.decode()
    assert "govuk-error-summary" in page and error in page
    assert "<title>Error: " in page
    assert response.context["kinds"] == []


@pytest.mark.parametrize("q", ["🙂🙂", "%_", "' OR 1=1 --", '"unclosed', "--", "or or", "\u202erespite", "x" * 100,
                               "Ω≈ç√∫", "the",
                               "zz:* & !(yy | <-> '"])
def test_search_odd_query_finds_nothing_and_never_fails(client, officer, area, q):
    PartnerFactory(area=area, name="Riverside Youth Club")
    client.force_login(officer)
    response = _search(client, q)
    assert "govuk-error-summary" not in response.content.decode()
    assert response.context["total"] == 0
    assert "No results" in response.content.decode()


def test_search_null_character_is_refused_not_a_server_error(client, officer):
    client.force_login(officer)
    assert client.get(URL, {"q": "\x00\x00"}).status_code == 400  # trusts.middleware: before the view
    assert search.SearchForm({"q": "\x00\x00"}).errors["q"] == ["Enter a search term"]  # and the form too


def test_search_query_is_tidied_before_matching(client, officer, area):
    PartnerFactory(area=area, name="Riverside Youth Club")
    client.force_login(officer)
    # full-width letters, a right-to-left override, a zero-width space and runs of spaces
    response = _search(client, "  ｒｉｖｅｒｓｉｄｅ \u202e\t youth\u200b  ")
    assert response.context["query"] == "riverside youth"
    assert _titles(response, "partners") == ["Riverside Youth Club"]
    assert tidy("a\x00b\nc") == "a b c"


def test_search_without_a_query_shows_the_box_and_no_error(client, officer):
    client.force_login(officer)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_q"' in page and "govuk-error-summary" not in page and "No results" not in page


def test_search_needs_sign_in(client):
    response = client.get(URL, {"q": "respite"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("trusts:sign-in"))


# ---------------------------------------------------------------------------
# cost and size
# ---------------------------------------------------------------------------
def _grow(area, board, version, n):
    for i in range(n):
        PartnerFactory(area=area, name=f"respite partner {i}")
        meeting = MeetingFactory(board=board, place=f"respite room {i}", date=date(2030, 1, 1 + i))
        item = AgendaItemFactory(meeting=meeting, title=f"respite item {i}")
        PaperFactory(item=item, title=f"respite paper {i}")
        DecisionFactory(item=item, resolution=f"respite decision {i}")
        priority = PriorityFactory(version=version, title=f"respite priority {i}")
        ActionFactory(priority=priority, description=f"respite action {i}")


def _count(client, q):
    client.get(URL, {"q": q})  # warm caches (content types, the session) so both counts are like for like
    with CaptureQueriesContext(connection) as ctx:
        response = _search(client, q)
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("role", ["officer", "board_member", "steward"])
def test_search_queries_flat_as_data_grows(client, area, role, request, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0  # the budget is for working the page out (as test_query_budget)
    user = request.getfixturevalue(role)
    board = BoardFactory(area=area)
    if role == "board_member":
        SeatFactory(board=board, person=user)
    version = PlanVersionFactory(area=area, status=S.APPROVAL, title="respite plan")
    client.force_login(user)
    _grow(area, board, version, 1)
    small, response = _count(client, "respite")
    assert response.context["kinds"][-1].count == 1
    _grow(area, board, version, 5)
    large, response = _count(client, "respite")
    counts = {kind.key: kind.count for kind in response.context["kinds"]}
    assert counts["meetings"] == 6 and counts["plan-actions"] == 6
    assert large == small, f"{small} queries with one of each kind, {large} with six"
    assert small <= 8 + 8  # one per kind, plus the session, the user and their memberships


def test_search_page_lists_at_most_ten_per_kind_and_stays_small(client, officer, area):
    board = BoardFactory(area=area)
    version = PlanVersionFactory(area=area, status=S.DRAFT)
    _grow(area, board, version, 12)
    client.force_login(officer)
    response = _search(client, "respite")
    for kind in response.context["kinds"]:
        assert kind.count == 12 and len(kind.hits) == 10
    page = response.content.decode()
    assert "Showing the first 10" in page
    assert len(response.content) < 100_000


# ---------------------------------------------------------------------------
# the parts
# ---------------------------------------------------------------------------
def test_search_providers_are_found_by_module_name():
    assert [provide.__module__ for provide in search.providers()] == ["partners.search", "boards.search",
                                                                        "plans.search"]


def test_search_excerpt_shows_the_passage_with_the_word():
    text = "Background. " * 40 + "The board agreed to commission respite care for disabled children. " + "More. " * 40
    snippet = excerpt(text, Terms("respite"))
    assert snippet.startswith("…") and "commission respite care" in snippet
    assert len(snippet) <= search.SNIPPET_CHARS + 1
    assert excerpt("Short text", Terms("nothing")) == "Short text"
    assert Terms('"short breaks" -respite or care').words == ["short", "breaks", "care"]
    assert Terms('"short breaks" -respite or care').excluded == ["respite"]
    assert Terms('"short breaks" -respite or care').groups == [["short", "breaks"], ["care"]]


def test_search_or_finds_either_and_minus_excludes(client, officer, area):
    PartnerFactory(area=area, name="Riverside Youth Club")
    PartnerFactory(area=area, name="Brookside Youth Centre")
    client.force_login(officer)
    assert sorted(_titles(_search(client, "riverside or brookside"), "partners")) == [
        "Brookside Youth Centre", "Riverside Youth Club"]
    assert _titles(_search(client, "youth -riverside"), "partners") == ["Brookside Youth Centre"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN indexes exist on PostgreSQL only")
def test_search_uses_the_gin_index_on_postgresql(area):
    """The index is on the very expression the query filters on (else PostgreSQL would scan)."""
    from boards.models import DECISION_SEARCH_FIELDS, Decision
    from partners.models import PARTNER_SEARCH_FIELDS, Partner
    from plans.models import VERSION_SEARCH_FIELDS

    cases = [(Decision.objects.all(), DECISION_SEARCH_FIELDS, "decision_search_idx"),
             (PlanVersion.objects.all(), VERSION_SEARCH_FIELDS, "plan_version_search_idx"),
             (Partner.objects.all(), PARTNER_SEARCH_FIELDS, "partner_search_idx")]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            for queryset, fields, index in cases:
                plan = search.matching(queryset, Terms("resp or 1101"), fields).explain()
                assert index in plan, plan
        finally:
            cursor.execute("SET enable_seqscan = on")


def test_search_query_of_the_budget_finds_what_the_budget_grows(client, officer, area):
    """The query tests/test_query_budget.py visits the page with matches the data it grows:
    else its count, flat or not, would be of an empty page."""
    from partners.tests.factories import SchoolFactory
    from tests.support.routes import ASKED

    params, _ = ASKED["trusts:search"]
    board = BoardFactory(area=area)
    PartnerFactory(area=area)
    SchoolFactory(area=area)
    AgendaItemFactory(meeting=MeetingFactory(board=board))
    ActionFactory(priority=PriorityFactory(version=PlanVersionFactory(area=area)))
    client.force_login(officer)
    found = _found(_search(client, params["q"]))
    assert {key for key, (count, _) in found.items() if count} == {
        "partners", "meetings", "agenda-items", "plan-versions", "priorities", "plan-actions"}


# ---------------------------------------------------------------------------
# in a browser
# ---------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False])
def test_browser_officer_searches_from_the_header(new_page, officer, area, other_area, javascript):
    """An officer types in the header's box and finds a partner, a paper and a decision of their
    area, nothing of another area with the same words; no serious axe violation, at 1280 and
    320 pixels; the same without JavaScript."""
    from tests.support.browser import axe_serious, sign_in
    from trusts.tests.factories import PASSWORD

    mine, theirs = _plant(area, "respite"), _plant(other_area, "respite")
    page = new_page(javascript=javascript)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, officer.email, PASSWORD)
    header_search = page.get_by_role("search", name="Search the service")
    header_search.get_by_label("Search").fill("respite")
    header_search.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=respite")

    assert page.title().startswith("Search results for ‘respite’")
    main = page.locator("main")
    for heading in ("Partners (1)", "Papers (1)", "Decisions (1)"):
        assert main.get_by_role("heading", name=heading, level=2).is_visible()
    assert main.get_by_role("link", name=mine["partner"].name).is_visible()
    assert main.get_by_role("link", name=mine["paper"].title).get_attribute("href") == reverse(
        "boards:paper-download", kwargs={"paper": mine["paper"].pk})
    decision_link = main.get_by_role("link", name="Review of respite services: Carried")
    assert decision_link.count() == 1
    assert other_area.name not in page.content()
    assert reverse("boards:paper-download", kwargs={"paper": theirs["paper"].pk}) not in page.content()
    if javascript:
        assert axe_serious(page) == []

    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    if javascript:
        assert axe_serious(page) == []

    decision_link.click()  # to the meeting, at the agenda item the decision is on
    page.wait_for_url(f"**/boards/meetings/{mine['meeting'].pk}/#item-{mine['item'].pk}")
    assert page.locator(f"#item-{mine['item'].pk}").get_by_text("extend respite services").is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_search_error_is_accessible(new_page, officer):
    from tests.support.browser import axe_serious, sign_in
    from trusts.tests.factories import PASSWORD

    page = new_page()
    sign_in(page, officer.email, PASSWORD)
    page.goto(URL + "?q=a")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Search term must be 2 characters or more" in summary.inner_text()
    assert axe_serious(page) == []
