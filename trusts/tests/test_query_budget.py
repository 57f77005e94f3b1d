"""Query budget: every page, visited at two data sizes, costs the same number of queries.

Walks the URL conf like the scoping matrix, so a page added later is covered. The
data grows around the very objects the page shows (more partners in the area, more
seats and meetings on the board, more items on the meeting, more contributions in the
fund, more actions in the plan, more directions).
"""
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trusts.factories import OfficerFactory, StewardFactory, TrustFactory
from trusts.models import Direction
from trusts.tests.test_url_matrix import ALL_PATTERNS, Objects, _registry, _url



@pytest.fixture(autouse=True)
def _render_every_time(settings):
    """The budget is for rendering a page; a page served from the page cache costs less
    (trusts/tests/test_pagecache.py)."""
    settings.FRAGMENT_CACHE_SECONDS = 0


# Pages that do their work only when asked something: the query string the budget visits them
# with, and the objects built first so that the data grows around what the page finds.
ASKED = {
    "trusts:search": ({"q": "school or partner or hall or agenda or plan or priority or action"},
                      ("meeting", "version")),
}

STEWARD_PAGES = {"trusts:dashboard", "trusts:dashboard-csv", "trusts:direction-list", "trusts:direction-new",
                 "trusts:framework-changes", "notices:reminder-list"}


def grow(objs, steward, *, n, year):
    """Add ``n`` of each kind of data around the objects the page shows (spend for ``year``)."""
    from boards.factories import AgendaItemFactory, MeetingFactory, SeatFactory
    from partners.factories import PartnerFactory, SchoolFactory
    from plans.factories import ActionFactory, ConsulteeFactory, PriorityFactory
    from pooling.factories import ContributionFactory, SpendFactory

    area = objs.area
    PartnerFactory.create_batch(n, trust=area)
    SchoolFactory.create_batch(n, trust=area)
    for _ in range(n):
        Direction.objects.create(trust=area, arrangement="plan", reason="r", required_action="a",
                                 due_by="2030-01-01", issued_by=steward)
    cache = objs.cache
    if "board" in cache:
        SeatFactory.create_batch(n, board=cache["board"])
        MeetingFactory.create_batch(n, board=cache["board"])
    if "meeting" in cache:
        AgendaItemFactory.create_batch(n, meeting=cache["meeting"])
    if "fund" in cache:
        from pooling.models import ECM_OUTCOMES

        for outcome in ECM_OUTCOMES.values:
            SpendFactory(fund=cache["fund"], year=year, outcome=outcome)
        ContributionFactory.create_batch(n, fund=cache["fund"], year=year)
    if "version" in cache:
        for priority in PriorityFactory.create_batch(n, version=cache["version"]):
            ActionFactory.create_batch(2, priority=priority)
        ConsulteeFactory.create_batch(n, version=cache["version"])
    if "priority" in cache:
        ActionFactory.create_batch(n, priority=cache["priority"])


def _count(client, url):
    client.get(url)  # warm caches (content types, sessions) so both counts are like for like
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "kwargs"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
def test_query_budget_flat_as_data_grows(client, db, name, kwargs):
    builders = _registry("URL_KWARGS")
    area = TrustFactory()
    steward = StewardFactory()
    if name in STEWARD_PAGES or name.startswith("api:"):
        client.force_login(steward)
    elif name not in _registry("PUBLIC_URLS"):
        client.force_login(OfficerFactory(trust=area))
    objs = Objects(area, builders)
    url = _url(name, kwargs, objs)
    params, around = ASKED.get(name, ({}, ()))
    for key in around:
        objs[key]  # built now, so that grow() adds data around it
    if params:
        url += "?" + urlencode(params)
    grow(objs, steward, n=2, year=2008)  # some data first: an empty list can skip a query any real list runs
    status, before = _count(client, url)
    if status != 200:
        return  # not a page (POST-only, token-only or refused): nothing to render, nothing to budget
    grow(objs, steward, n=8, year=2010)
    status_after, after = _count(client, url)
    assert status_after == 200
    assert after == before, f"{url}: {before} queries before the data grew, {after} after"
