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

from tests.support.routes import ALL_PATTERNS, ASKED, STEWARD_PAGES, Objects, factory_registry, grow, route_url
from trusts.tests.factories import OfficerFactory, StewardFactory, AreaFactory


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    """The budget is for rendering a page; a page served from the page cache costs less
    (trusts/tests/test_pagecache.py)."""
    settings.FRAGMENT_CACHE_SECONDS = 0


def _count(client, url):
    client.get(url)  # warm caches (content types, sessions) so both counts are like for like
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "kwargs"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
def test_query_budget_flat_as_data_grows(client, db, name, kwargs):
    builders = factory_registry("URL_KWARGS")
    area = AreaFactory()
    steward = StewardFactory()
    if name in STEWARD_PAGES or name.startswith("api:"):
        client.force_login(steward)
    elif name not in factory_registry("PUBLIC_URLS"):
        client.force_login(OfficerFactory(area=area))
    objs = Objects(area, builders)
    url = route_url(name, kwargs, objs)
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
