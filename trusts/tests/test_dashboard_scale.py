"""The national steward dashboard at national scale: a summary, then the areas
50 to a page, filtered and sorted; the table rendered once (page cache) and a cached page
costing no query beyond the session; the CSV keeps every area."""
import csv
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trusts import dashboard
from trusts.dashboard import Cell, Column
from trusts.models import Area, Direction, Region
from trusts.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db
URL = "/stewards/"
REGIONS = Region.values
# session and user; the areas and directions (2), partners (1), boards (5), pooling (1), plans (6)
# come on top when the table is made (see plans/tests/test_dashboard.py)
RENDERED_QUERIES = 8


def _areas(n):
    """``n`` areas named "Area 000".. in one INSERT, their regions in turn."""
    return Area.objects.bulk_create(
        AreaFactory.build(name=f"Area {i:03d}", la_code=f"{300 + i:03d}", gss_code=f"E06{900000 + i:06d}",
                           region=REGIONS[i % len(REGIONS)])
        for i in range(n)
    )


def _direct(area, steward, n=1):
    Direction.objects.bulk_create(
        Direction(area=area, arrangement="plan", reason="No plan", required_action="Publish one",
                  due_by="2030-01-01", issued_by=steward)
        for _ in range(n)
    )


def _names(html):
    """The areas in the table, in order (each row's heading links to the area's page)."""
    prefix = re.escape(reverse("trusts:area-detail", kwargs={"la_code": "000"})[:-4])
    return re.findall(rf'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="{prefix}\d{{3}}/">'
                      r"([^<]+)</a></th>", html)


@pytest.fixture
def signed_in(client, steward):
    client.force_login(steward)
    return client


def _get(client, url=URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_scale_150_areas_page_under_100kb_with_50_rows(client, steward):
    areas = _areas(150)
    for area in areas[::10]:
        _direct(area, steward)
    client.force_login(steward)
    response = client.get(URL)
    assert len(response.content) < 100 * 1024
    html = response.content.decode()
    assert _names(html) == [f"Area {i:03d}" for i in range(50)]
    assert "Showing 1 to 50 of 150 areas." in html
    assert 'aria-label="Pagination"' in html and 'aria-label="Page 3"' in html
    assert "Areas, page 1 of 3" in html  # the table's caption


def test_dashboard_scale_pages_follow_on_and_bad_page_numbers_never_fail(signed_in):
    _areas(120)
    assert _names(_get(signed_in, page=2)) == [f"Area {i:03d}" for i in range(50, 100)]
    last = _get(signed_in, page=3)
    assert _names(last) == [f"Area {i:03d}" for i in range(100, 120)]
    assert "Showing 101 to 120 of 120 areas." in last
    assert 'aria-current="page">3<' in last and "govuk-pagination__next" not in last
    for page, first in (("abc", "Area 000"), ("", "Area 000"), ("999", "Area 100"), ("-1", "Area 100")):
        assert _names(_get(signed_in, page=page))[0] == first, page


def test_dashboard_scale_region_filter_and_pages_keep_the_filter(signed_in):
    areas = _areas(120)
    region = REGIONS[0]
    expected = [a.name for a in areas if a.region == region]  # every ninth area: 14 of them
    html = _get(signed_in, region=region)
    assert _names(html) == expected
    assert f"Showing 1 to {len(expected)} of {len(expected)} areas that match the filters." in html
    # a filter on more than a page: its page links carry the filter
    html = _get(signed_in, flag="board_gaps")  # no area here has a board
    assert f'href="{URL}?flag=board_gaps&amp;page=2"' in html


def test_dashboard_scale_not_meeting_the_rules_counted_by_reason_and_filtered(signed_in, steward):
    a, b, c = _areas(3)
    _direct(b, steward, n=2)
    html = _get(signed_in)
    # bare areas have no plan, no board and no partners: none meets the rules
    assert "3 local areas: 0 meet the rules and 3 do not." in html
    reasons = dict(re.findall(r'<th scope="row" class="govuk-table__header">(?:<a [^>]+>)?([^<]+)(?:<span[^<]+'
                              r'</span></a>)?</th><td class="govuk-table__cell govuk-table__cell--numeric">(\d+)<',
                              html))
    assert reasons["With open directions"] == "1"
    # no plan is required today: the duty to publish one was revoked from 31 October 2010
    assert reasons["Without a plan published in time"] == "0"
    assert reasons["With composition gaps"] == "3"
    assert reasons["Overdue reviews"] == "0"
    assert f'href="{URL}?flag=directions#areas"' in html
    assert _names(_get(signed_in, flag="directions")) == [b.name]
    assert _names(_get(signed_in, flag=dashboard.NOT_MET)) == [a.name, b.name, c.name]


def _national(flags_by_area):
    """A national picture as the providers make it: areas, columns, each area's cells."""
    columns = [Column("plan", "Plan", flag="Without a plan"), Column("board", "Board", flag="With board gaps"),
               Column("note", "Note")]
    areas = [Area(pk=i, name=name) for i, name in enumerate(flags_by_area, start=1)]
    values = {area.pk: {c.key: Cell("x", 0, flagged=c.key in flags_by_area[area.name]) for c in columns}
              for area in areas}
    return {"areas": areas, "values": values, "columns": columns, "totals": [], "charts": [],
            "generated_at": timezone.now()}


def test_dashboard_scale_summary_counts_areas_and_each_reason():
    national = _national({"Both": {"plan", "board"}, "Plan": {"plan"}, "Noted": {"note"}, "Clear": set()})
    summary = dashboard.summary(national)
    # a flag in a column with no filter is not one of the rules' reasons
    assert (summary["areas"], summary["met"], summary["not_met"]) == (4, 2, 2)
    assert [(r["key"], r["areas"]) for r in summary["reasons"]] == [("plan", 2), ("board", 1)]
    rows = dashboard.select(national, flag=dashboard.NOT_MET)["rows"]
    assert [r["area"].name for r in rows] == ["Both", "Plan"]


def test_dashboard_scale_sort_runs_across_pages(signed_in, steward):
    areas = _areas(60)
    _direct(areas[30], steward, n=3)
    _direct(areas[20], steward, n=2)
    _direct(areas[10], steward)
    html = _get(signed_in, sort="directions", order="desc")
    assert _names(html)[:4] == ["Area 030", "Area 020", "Area 010", "Area 000"]
    assert 'aria-sort="descending"' in html
    assert f'href="{URL}?sort=directions&amp;order=desc&amp;page=2"' in html
    assert _names(_get(signed_in, sort="directions", order="desc", page=2))[-1] == "Area 059"


@pytest.mark.parametrize(("params", "error"), [
    ({"region": "narnia"}, "Select a region from the list"),
    ({"flag": "dragons"}, "Select which areas to show from the list"),
    ({"authority_type": "parish"}, "Select an authority type from the list"),
])
def test_dashboard_scale_invalid_filter_is_a_govuk_error_and_dropped(signed_in, params, error):
    _areas(60)
    html = _get(signed_in, **params)
    assert "<title>Error: " in html
    assert 'class="govuk-error-summary"' in html and error in html
    assert "Showing 1 to 50 of 60 areas." in html  # the invalid filter is not applied


def test_dashboard_scale_unknown_sort_or_order_sorts_by_name_without_error(signed_in, steward):
    areas = _areas(3)
    _direct(areas[2], steward)
    html = _get(signed_in, sort="salary", order="sideways")
    assert "govuk-error-summary" not in html
    assert _names(html) == ["Area 000", "Area 001", "Area 002"]


def test_dashboard_scale_filter_form_is_labelled_and_keeps_the_sort(signed_in):
    _areas(2)
    html = _get(signed_in, sort="directions", order="desc", region=REGIONS[1])
    for name, label in (("region", "Region"), ("flag", "Show only"), ("authority_type", "Authority type"),
                        ("framework", "Framework")):
        assert re.search(rf'<label for="id_{name}" class="govuk-label[^"]*">\s*{label}\s*</label>', html), name
    assert re.search(r'<form[^>]*\bmethod="get"', html)  # bookmarkable, works without JavaScript
    assert 'name="sort" value="directions"' in html and 'name="order" value="desc"' in html
    assert f'<option value="{REGIONS[1]}" selected>' in html


def test_dashboard_scale_csv_lists_every_area_whatever_the_page(signed_in):
    areas = _areas(150)
    body = _get(signed_in, reverse("trusts:dashboard-csv"), page=2)
    rows = list(csv.reader(io.StringIO(body)))
    assert [r[rows[0].index("area")] for r in rows[1:]] == [a.name for a in areas]
    body = _get(signed_in, reverse("trusts:dashboard-csv"), region=REGIONS[0])
    assert len(list(csv.reader(io.StringIO(body)))) == 1 + len([a for a in areas if a.region == REGIONS[0]])
    # the page's download link carries its filters
    assert f'href="{reverse("trusts:dashboard-csv")}?region={REGIONS[0]}"' in _get(signed_in, region=REGIONS[0])


@pytest.mark.parametrize("n", [5, 120])
def test_dashboard_scale_queries_flat_and_a_cached_page_reads_only_the_session(client, steward, n):
    # the page says when its figures were worked out, to the minute: the two renders compared
    # below must not fall either side of a minute's end
    with time_machine.travel(timezone.now(), tick=False):
        areas = _areas(n)
        _direct(areas[0], steward)
        client.force_login(steward)
        with CaptureQueriesContext(connection) as made:
            first = client.get(URL).content.decode()
        assert len(made.captured_queries) == RENDERED_QUERIES
        # a table no write has stamped yet gets its stamp now, after the page was made: the page is
        # kept from the next time it is made (trusts/pagecache.py)
        client.get(URL)
        with CaptureQueriesContext(connection) as served:
            second = client.get(URL).content.decode()
        assert second[second.index("<main"):] == first[first.index("<main"):]
        tables = {t for q in served.captured_queries for t in re.findall(r'FROM "(\w+)"', q["sql"])}
        assert tables <= {"django_session", "trusts_user"}, tables


def test_dashboard_scale_cached_table_is_made_again_after_a_write(signed_in, steward):
    areas = _areas(2)
    assert "0 open directions" in _get(signed_in)
    _direct(areas[1], steward)
    html = _get(signed_in)
    assert "1 open direction<" in html
    assert _names(_get(signed_in, flag="directions")) == [areas[1].name]


def test_dashboard_scale_with_the_figures_cache_the_page_follows_the_figures(signed_in, steward, settings):
    """With the figures kept for a minute the cached table reads no table (the figures come
    from the cache), so it must be keyed on the figures it shows: when they are worked out
    again the page is made again, and until then it costs no query."""
    settings.DASHBOARD_CACHE_SECONDS = 60
    areas = _areas(2)
    assert "0 open directions" in _get(signed_in)
    _direct(areas[0], steward)
    with CaptureQueriesContext(connection) as served:
        assert "0 open directions" in _get(signed_in)  # the figures are a minute old at most
    tables = {t for q in served.captured_queries for t in re.findall(r'FROM "(\w+)"', q["sql"])}
    assert tables <= {"django_session", "trusts_user"}, tables
    version = dashboard.figures().version
    from django.core.cache import cache

    cache.delete(f"trusts:dashboard:{timezone.localdate().isoformat()}:latest:version")  # the minute is up
    assert "1 open direction<" in _get(signed_in)
    assert dashboard.figures().version != version


def test_dashboard_scale_columns_need_no_query(django_assert_num_queries):
    """The filter form's choices come from the providers' columns, read on every request:
    a provider given no areas must run no query."""
    dashboard.columns.cache_clear()
    with django_assert_num_queries(0):
        keys = [c.key for c in dashboard.columns(timezone.localdate())]
    assert {"directions", "plan_status", "board_gaps", "relevant_partners"} <= set(keys)
