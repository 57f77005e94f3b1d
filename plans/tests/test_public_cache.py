from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from plans.models import PlanVersion
from plans.tests.factories import PlanReviewFactory, complete_plan


@pytest.fixture
def public_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_public_page_cached_until_what_the_public_sees_changes(client, area, public_cache,
                                                               django_assert_max_num_queries):
    version = complete_plan(area, status=PlanVersion.Status.PUBLISHED, published_on=date(2010, 3, 1),
                            review_due_on=date(2011, 3, 1))
    url = reverse("plans:public", kwargs={"la_code": area.la_code})
    first = client.get(url)
    assert first.status_code == 200 and "Young People" in first.content.decode()
    with django_assert_max_num_queries(2):  # the key only: the page itself comes from the cache
        assert client.get(url).content == first.content
    PlanReviewFactory(version=version, noted_on=date(2011, 3, 10))  # a noted review changes the page
    assert client.get(url).content != first.content


def test_public_page_not_cached_for_signed_in_users_and_drafts_never_public(client, area, officer, public_cache):
    complete_plan(area)  # a draft
    url = reverse("plans:public", kwargs={"la_code": area.la_code})
    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 404
