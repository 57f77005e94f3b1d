from datetime import date

from django.urls import reverse

from plans.models import PlanVersion
from plans.tests.factories import PlanReviewFactory, complete_plan


def test_api_serves_published_plans_only(client, area):
    complete_plan(area)  # a draft: never public
    assert client.get(reverse("plans_api:plan-list")).json()["count"] == 0
    complete_plan(area, status=PlanVersion.Status.PUBLISHED, number=9999, published_on=date(2010, 3, 1))
    body = client.get(reverse("plans_api:area-plan-list", kwargs={"la_code": area.la_code})).json()
    assert body["count"] == 1
    plan = body["results"][0]
    assert (plan["la_code"], plan["number"], plan["published_on"]) == (area.la_code, 9999, "2010-03-01")
    assert {p["outcome"] for p in plan["priorities"]} == {
        "be_healthy", "stay_safe", "enjoy_achieve", "positive_contribution", "economic_wellbeing"}


def test_api_reviews_only_once_noted(client, db):
    review = PlanReviewFactory()
    assert client.get(reverse("plans_api:review-list")).json()["count"] == 0
    review.noted_on = date(2011, 3, 10)
    review.save()
    results = client.get(reverse("plans_api:review-list")).json()["results"]
    assert [r["noted_on"] for r in results] == ["2011-03-10"]
