import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from plans.demo import completeness_report
from plans.models import AgreementRequest, PlanReview, PlanVersion


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_shows_the_three_states():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (PlanVersion.objects.count(), AgreementRequest.objects.count(), PlanReview.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (PlanVersion.objects.count(), AgreementRequest.objects.count(), PlanReview.objects.count()) == counts
    statuses = dict(PlanVersion.objects.values_list("area__la_code", "status").filter(number=1))
    assert statuses == {"873": "published", "874": "draft"}
    v2 = PlanVersion.objects.get(area__la_code="873", number=2)
    assert v2.status == "agreement"
    answered = AgreementRequest.objects.filter(version=v2, latest_decision="agree").count()
    assert 0 < answered < AgreementRequest.objects.filter(version=v2).count()
    assert PlanReview.objects.get().noted_on is not None
    report = completeness_report()
    assert "Cambridgeshire, version 1 (Published):\nCompleteness: 100%" in report
    assert "Cambridgeshire, version 2 (Awaiting partner agreement):\nCompleteness: 100%" in report
    peterborough = report.split("Peterborough, version 1 (Draft):\n", 1)[1]
    assert not peterborough.startswith("Completeness: 100%") and "Be healthy" in peterborough


def test_admin_lists_versions_read_only(client, steward, area):
    from plans.tests.factories import PlanVersionFactory

    PlanVersionFactory(area=area, title="Steward can see it")
    client.force_login(steward)
    html = client.get(reverse("admin:plans_planversion_changelist")).content.decode()
    assert "Steward can see it" in html
    version = PlanVersion.objects.get()
    page = client.get(reverse("admin:plans_planversion_change", args=[version.pk])).content.decode()
    assert 'name="title"' not in page  # read-only
