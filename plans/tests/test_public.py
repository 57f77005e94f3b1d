import datetime
import re
import zlib

import pytest
from django.urls import reverse

from partners.models import Partner
from plans import services
from plans.models import PlanReview, PlanVersion
from plans.tests.factories import complete_plan

S = PlanVersion.Status


def pdf_text(body):
    """Every stream of the PDF, inflated where compressed, as text."""
    parts = [body]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", body, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts).decode("latin-1")


@pytest.fixture
def published(law_area, relevant_partners):
    return complete_plan(law_area, status=S.PUBLISHED, published_on=datetime.date(2010, 3, 15),
                         review_due_on=datetime.date(2011, 3, 15), title="Northshire Plan for Children 2010")


def test_public_page_shows_published_plan_without_sign_in(client, published, law_area):
    response = client.get(reverse("plans:public", kwargs={"la_code": law_area.la_code}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Northshire Plan for Children 2010" in html and "Published 15 March 2010" in html
    assert "Stay safe action 1" in html and "NHS Northshire PCT" in html
    assert "the Children&#x27;s Trust Board" in html  # owner under the 2009 Act
    assert "Change" not in html  # never the edit links


def test_public_page_draft_is_404(client, law_area, relevant_partners):
    complete_plan(law_area, title="Secret draft")
    for name in ("plans:public", "plans:public-pdf"):
        response = client.get(reverse(name, kwargs={"la_code": law_area.la_code}))
        assert response.status_code == 404
        assert "Secret draft" not in response.content.decode(errors="ignore")


def test_public_page_shows_published_not_the_newer_draft(client, published, law_area, officer):
    draft = services.plan_version_create(area=law_area, actor=officer)
    services.plan_content_update(version=draft, actor=officer, lock_version=draft.lock_version, title="Draft title")
    html = client.get(reverse("plans:public", kwargs={"la_code": law_area.la_code})).content.decode()
    assert "Northshire Plan for Children 2010" in html and "Draft title" not in html


def test_public_pdf_is_a_pdf_of_the_plan(client, published, law_area):
    response = client.get(reverse("plans:public-pdf", kwargs={"la_code": law_area.la_code}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    # the headings are the PDF's outline (bookmarks): the title's text is in the file's streams
    assert "(Northshire Plan for Children 2010)" in pdf_text(body)
    assert "(1. The five Every Child Matters outcomes)" in pdf_text(body)


def test_public_reviews_only_once_noted(client, published, law_area):
    review = PlanReview.objects.create(version=published, due_on=published.review_due_on,
                                       reviewed_on=datetime.date(2011, 3, 1), needs_assessment_update="Needs rose")
    url = reverse("plans:public", kwargs={"la_code": law_area.la_code})
    assert "Needs rose" not in client.get(url).content.decode()
    review.noted_on = datetime.date(2011, 3, 10)
    review.save()
    assert "Needs rose" in client.get(url).content.decode()


@pytest.mark.parametrize("size", [(3, 10), (60, 400)])
def test_public_page_queries_constant(client, law_area, size, django_assert_num_queries):
    actions, partners = size
    Partner.objects.bulk_create([Partner(area=law_area, name=f"School {i}", org_type="school_community",
                                         urn=f"{300000 + i}") for i in range(partners)])
    complete_plan(law_area, actions_per_outcome=actions, status=S.PUBLISHED, published_on=datetime.date(2010, 3, 1),
                  partners=list(Partner.objects.filter(area=law_area)))
    with django_assert_num_queries(9):
        response = client.get(reverse("plans:public", kwargs={"la_code": law_area.la_code}))
    assert response.status_code == 200


def test_unknown_area_public_is_404(client, db):
    assert client.get(reverse("plans:public", kwargs={"la_code": "999"})).status_code == 404
