"""The stewards' admin for plans: national-scale changelists, the overdue and area filters,
view-only content, and the one field stewards own (the review interval)."""
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from plans.models import PlanSettings, PlanVersion
from plans.tests.factories import (
    ActionFactory,
    AgreementRequestFactory,
    ConsulteeFactory,
    GapActionFactory,
    PartnerSpendFactory,
    PlanReviewFactory,
    PlanVersionFactory,
)
from trusts.permissions import STEWARD_EDIT, STEWARD_READ
from trusts.tests.factories import CountyFactory, StewardFactory, AreaFactory

pytestmark = pytest.mark.django_db
S = PlanVersion.Status


def group_steward(name):
    user = StewardFactory(is_superuser=False)
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.mark.parametrize("n_areas", [2, 25])
def test_plan_version_changelist_queries_flat(client, steward, n_areas, django_assert_num_queries):
    for _ in range(n_areas):
        area = AreaFactory()
        PlanVersionFactory(area=area, number=1, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                           review_due_on=date(2011, 3, 1))
        PlanVersionFactory(area=area, number=2)
    client.force_login(steward)
    # session, user, capped count, rows (areas joined, review recorded annotated), date hierarchy (range, years)
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:plans_planversion_changelist"))
    assert len(response.context["cl"].result_list) == min(2 * n_areas, response.context["cl"].list_per_page)


@pytest.mark.parametrize("n_areas", [2, 12])
def test_plan_content_changelists_queries_flat(client, steward, n_areas, django_assert_num_queries):
    for _ in range(n_areas):
        version = PlanVersionFactory(area=AreaFactory())
        ActionFactory(priority__version=version)
        GapActionFactory(version=version)
        ConsulteeFactory(version=version)
        PartnerSpendFactory(version=version)
        AgreementRequestFactory(version__area=AreaFactory())
    client.force_login(steward)
    expected = {"priority": 4, "action": 6, "gapaction": 6, "consultee": 6, "partnerspend": 5,
                "agreementrequest": 6, "plantransition": 6, "planreview": 6}
    for model, n in expected.items():
        with django_assert_num_queries(n):
            assert client.get(reverse(f"admin:plans_{model}_changelist")).status_code == 200, model


def test_overdue_review_and_area_filters(client, steward):
    county = CountyFactory(name="Fenshire", region="east")
    unitary = AreaFactory(name="Portown", region="london")
    recorded = AreaFactory(name="Doneshire")
    PlanVersionFactory(area=county, status=S.PUBLISHED, published_on=date(2010, 3, 1), review_due_on=date(2011, 3, 1))
    PlanVersionFactory(area=unitary, status=S.PUBLISHED, published_on=date(2010, 3, 1), review_due_on=date(2100, 3, 1))
    PlanReviewFactory(version=PlanVersionFactory(area=recorded, status=S.PUBLISHED, published_on=date(2010, 3, 1),
                                                 review_due_on=date(2011, 3, 1)))
    PlanVersionFactory(area=unitary, status=S.DRAFT, number=9)
    client.force_login(steward)
    url = reverse("admin:plans_planversion_changelist")

    def areas(**params):
        return sorted(v.area.name for v in client.get(url, params).context["cl"].result_list)

    assert areas(review="overdue") == ["Fenshire"]
    assert areas(review="due") == ["Portown"]
    assert areas(review="recorded") == ["Doneshire"]
    assert areas(status__exact="draft") == ["Portown"]
    assert areas(area__authority_type__exact="county") == ["Fenshire"]
    assert areas(area__region__exact="london") == ["Portown", "Portown"]
    body = client.get(url, {"review": "overdue"}).content.decode()
    assert 'alt="True"' in body  # the overdue column shows the flag


@pytest.mark.parametrize("group", [STEWARD_READ, STEWARD_EDIT])
def test_plan_content_is_view_only_for_every_steward(client, group):
    version = PlanVersionFactory(title="Original title")
    client.force_login(group_steward(group))
    assert client.get(reverse("admin:plans_planversion_changelist")).status_code == 200
    change = reverse("admin:plans_planversion_change", args=[version.pk])
    assert 'name="title"' not in client.get(change).content.decode()
    client.post(change, {"title": "Changed by a steward", "number": version.number, "area": version.area_id,
                         "status": "published"})
    version.refresh_from_db()
    assert (version.title, version.status) == ("Original title", S.DRAFT)
    assert client.get(reverse("admin:plans_planversion_add")).status_code == 403
    assert client.get(reverse("admin:plans_planversion_history", args=[version.pk])).status_code == 200


def test_review_interval_read_steward_cannot_edit_steward_can(client):
    area = AreaFactory()
    settings_row = PlanSettings.objects.create(area=area, review_interval_months=12)
    change = reverse("admin:plans_plansettings_change", args=[settings_row.pk])
    reader = group_steward(STEWARD_READ)
    client.force_login(reader)
    assert client.get(reverse("admin:plans_plansettings_changelist")).status_code == 200
    client.post(change, {"review_interval_months": 6})
    assert PlanSettings.objects.get(pk=settings_row.pk).review_interval_months == 12
    editor = group_steward(STEWARD_EDIT)
    client.force_login(editor)
    response = client.post(change, {"review_interval_months": 6})
    assert response.status_code == 302
    settings_row.refresh_from_db()
    assert (settings_row.review_interval_months, settings_row.area) == (6, area)  # the area cannot be changed
    assert settings_row.history.latest().history_user == editor
