"""The plan rules after the plan regulations were revoked (31 October 2010).

The department's archived FAQ on Children's Trusts: nobody has to review a plan or consult on a
review any more; a plan already published runs on, and a voluntary plan may still be kept and
published. So under the framework in force from that day a plan is not required, and an annual
review is neither due nor overdue.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from plans.models import PlanVersion
from plans.selectors import area_card, plan_compliance_get
from plans.tests.factories import PlanReviewFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db

S = PlanVersion.Status
TODAY = date(2012, 6, 1)
NOT_REVIEWED = ("The plan regulations were revoked on 31 October 2010: the plan need not be reviewed. "
                "A review may still be recorded.")


def published(area, due=date(2011, 3, 1)):
    return PlanVersionFactory(area=area, number=1, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                              review_due_on=due)


def test_review_not_due_nor_overdue_after_the_revocation(area, other_area):
    version = published(area)
    got = plan_compliance_get(area=area, published=version, reviews=[], today=TODAY)
    assert got.framework.code == "ascl2009_revoked_plan"
    assert not got.required and got.met
    assert not got.review_overdue
    assert got.review_reason == NOT_REVIEWED
    # a review not yet due says the same: none is due
    later = published(other_area, due=date(2013, 3, 1))
    got = plan_compliance_get(area=other_area, published=later, reviews=[], today=TODAY)
    assert got.review_reason == NOT_REVIEWED and not got.review_overdue


def test_review_overdue_before_the_revocation(area):
    """The same plan, judged on a day the 2009 Act's regulations applied: the review was overdue."""
    version = published(area, due=date(2010, 9, 1))
    got = plan_compliance_get(area=area, published=version, reviews=[], today=date(2010, 10, 30))
    assert got.required and got.review_overdue
    assert got.review_reason == "The annual review due on 1 September 2010 is overdue."
    assert not plan_compliance_get(area=area, published=version, reviews=[], today=date(2010, 10, 31)).review_overdue


def test_area_that_chose_the_2009_act_still_reviews(area):
    area.framework = "ascl2009"
    area.save()
    got = plan_compliance_get(area=area, published=published(area), reviews=[], today=TODAY)
    assert got.review_overdue
    assert got.review_reason == "The annual review due on 1 March 2011 is overdue."


def test_no_plan_meets_the_rules_and_a_voluntary_plan_may_be_kept(area):
    got = plan_compliance_get(area=area, published=None, today=TODAY)
    assert got.met and not got.required
    assert got.reason == ("Under 2009 Act after the plan regulations were revoked a plan is not required. "
                          "The area may still keep and publish a voluntary plan.")
    assert got.review_reason == ""
    voluntary = PlanVersionFactory(area=area, number=1, status=S.PUBLISHED, published_on=date(2012, 1, 10))
    got = plan_compliance_get(area=area, published=voluntary, today=TODAY)
    assert got.met and "The area publishes one anyway (version 1, 10 January 2012)." in got.reason


def test_a_review_may_still_be_recorded(area):
    version = published(area)
    PlanReviewFactory(version=version, due_on=version.review_due_on)
    with time_machine.travel(datetime(2012, 6, 1, 10, tzinfo=ZoneInfo("Europe/London")), tick=False):
        card = area_card(area=area)
    assert not card["compliance"].review_overdue and card["compliance"].review_reason == NOT_REVIEWED


def test_overview_page_says_why_no_review_is_due(client, officer, area):
    published(area)
    client.force_login(officer)
    with time_machine.travel(datetime(2012, 6, 1, 10, tzinfo=ZoneInfo("Europe/London")), tick=False):
        body = client.get(reverse("plans:overview", kwargs={"la_code": area.la_code})).content.decode()
    assert "the plan need not be reviewed. A review may still be recorded." in body
    assert "is overdue" not in body
