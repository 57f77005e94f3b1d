import datetime

import pytest
from django.urls import reverse

from partners.models import Partner
from plans import services
from plans.models import Action, PlanReview, PlanSettings, PlanVersion, Priority
from plans.tests.factories import PlanVersionFactory, complete_plan
from pooling.models import Outcome
from trusts.errors import TransitionError

S = PlanVersion.Status


def url(name, version, **kw):
    return reverse(name, kwargs={"la_code": version.area.la_code, "version": version.number, **kw})


def test_other_area_plan_is_404(client, other_officer, area):
    version = PlanVersionFactory(area=area, title="Northshire only")
    client.force_login(other_officer)
    for name in ("plans:version-detail", "plans:version-tasks", "plans:version-history"):
        assert client.get(url(name, version)).status_code == 404
    # the other officer's own area code with this area's version is also a 404
    other = reverse("plans:version-detail", kwargs={"la_code": other_officer.memberships.get().area.la_code,
                                                    "version": version.number})
    assert client.get(other).status_code == 404


def test_board_member_cannot_edit_same_area(client, board_member, area):
    """Board members see a version put to the board, and change nothing (a 403 that says who may)."""
    version = PlanVersionFactory(area=area, status=S.APPROVAL)
    client.force_login(board_member)
    assert client.get(url("plans:version-detail", version)).status_code == 200
    response = client.post(url("plans:section-edit", version, section="needs"),
                           {"needs_assessment": "Hijack", "lock_version": version.lock_version})
    assert response.status_code == 403
    assert "Only the area&#x27;s council officers change the plan" in response.content.decode()
    assert PlanVersion.objects.get(pk=version.pk).needs_assessment == ""


def test_section_edit_saves_and_validates(client, officer, area):
    version = services.plan_version_create(area=area, actor=officer)
    client.force_login(officer)
    response = client.post(url("plans:section-edit", version, section="details"), {
        "title": "", "period_start_0": "1", "period_start_1": "4", "period_start_2": "2010",
        "period_end_0": "1", "period_end_1": "4", "period_end_2": "2009", "lock_version": version.lock_version})
    html = response.content.decode()
    assert response.status_code == 200 and "Enter the title of the plan" in html and "The plan must end after" in html
    assert "<title>Error: " in html
    response = client.post(url("plans:section-edit", version, section="details"), {
        "title": "Our plan", "period_start_0": "1", "period_start_1": "4", "period_start_2": "2010",
        "lock_version": version.lock_version})
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.title, version.period_start) == ("Our plan", datetime.date(2010, 4, 1))
    assert version.history.latest().history_user == officer


def test_stale_edit_in_the_browser_form_is_refused_and_kept(client, officer, area):
    from trusts.tests.factories import OfficerFactory

    colleague = OfficerFactory(area=area, full_name="Colin Colleague")
    version = services.plan_version_create(area=area, actor=officer)
    opened = version.lock_version
    services.plan_content_update(version=version, actor=colleague, lock_version=opened, needs_assessment="Colin's")
    client.force_login(officer)
    response = client.post(url("plans:section-edit", version, section="needs"),
                           {"needs_assessment": "Olive's careful words", "lock_version": opened})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Colin Colleague changed version" in html and "Olive&#x27;s careful words" in html
    assert PlanVersion.objects.get(pk=version.pk).needs_assessment == "Colin's"


def test_action_add_needs_a_partner_from_the_register(client, officer, area, other_area):
    version = services.plan_version_create(area=area, actor=officer)
    priority = Priority.objects.create(version=version, outcome="stay_safe", title="Fewer children in care")
    theirs = Partner.objects.create(area=other_area, name="Their PCT", org_type="pct")
    ours = Partner.objects.create(area=area, name="Our PCT", org_type="pct")
    client.force_login(officer)
    data = {"description": "Open a crisis team", "due_by_0": "31", "due_by_1": "3", "due_by_2": "2011",
            "measure": "NI 64", "lock_version": version.lock_version}
    response = client.post(url("plans:action-add", version, priority=priority.pk), {**data, "responsible_partner": theirs.pk})
    assert "Select a partner from the area" in response.content.decode()
    assert not Action.objects.exists()
    response = client.post(url("plans:action-add", version, priority=priority.pk), {**data, "responsible_partner": ours.pk})
    assert response.status_code == 302
    assert Action.objects.get().responsible_partner == ours


def test_edit_refused_when_version_is_in_agreement(client, officer, area):
    version = PlanVersionFactory(area=area, status=S.AGREEMENT, agreement_round=1)
    client.force_login(officer)
    response = client.post(url("plans:section-edit", version, section="needs"),
                           {"needs_assessment": "x", "lock_version": version.lock_version})
    assert "take it back to draft to change it" in response.content.decode()


def test_status_page_shows_why_agreement_is_refused(client, officer, law_area, relevant_partners):
    version = complete_plan(law_area, commissioning="")
    services.plan_consultation_start(version=version, actor=officer)
    client.force_login(officer)
    response = client.post(url("plans:version-status", version), {"action": "agreement"})
    html = response.content.decode()
    assert "Describe the joint commissioning arrangements" in html and "govuk-error-summary" in html
    assert PlanVersion.objects.get(pk=version.pk).status == S.CONSULTATION


def test_tasks_page_lists_what_is_missing(client, officer, law_area, relevant_partners):
    version = PlanVersionFactory(area=law_area)
    client.force_login(officer)
    html = client.get(url("plans:version-tasks", version)).content.decode()
    assert "govuk-task-list" in html and "None of the five outcomes has an action with a responsible partner" in html
    assert "1 Youth Offending Team" in html and "relevant partners have not been consulted" in html


def test_compare_shows_section_differences(client, officer, law_area, relevant_partners):
    v1 = complete_plan(law_area, status=S.PUBLISHED, published_on=datetime.date(2010, 3, 1))
    v2 = services.plan_version_create(area=law_area, actor=officer)
    services.plan_content_update(version=v2, actor=officer, lock_version=v2.lock_version,
                                 needs_assessment="Child poverty is falling.")
    Action.objects.filter(priority__version=v2, priority__outcome="stay_safe").update(description="A new safety action")
    client.force_login(officer)
    html = client.get(reverse("plans:compare", kwargs={"la_code": law_area.la_code}),
                      {"a": v1.pk, "b": v2.pk}).content.decode()
    assert "<del>Child poverty is rising in the north of the area.</del>" in html
    assert "<ins>Child poverty is falling.</ins>" in html
    assert "A new safety action" in html
    assert html.count("No change") == 9  # 11 sections, 2 changed
    from plans.selectors import section_diff_list

    v2.refresh_from_db()
    changed = {d.title for d in section_diff_list(v1, v2) if d.changed}
    assert changed == {"Stay safe", "Joint needs assessment and key actions"}


def test_compare_other_area_version_not_offered(client, officer, area, other_area):
    mine = PlanVersionFactory(area=area)
    theirs = PlanVersionFactory(area=other_area, needs_assessment="Secret")
    client.force_login(officer)
    html = client.get(reverse("plans:compare", kwargs={"la_code": area.la_code}),
                      {"a": mine.pk, "b": theirs.pk}).content.decode()
    assert "Secret" not in html


def test_review_recorded_noted_and_next_due(client, officer, law_area, relevant_partners):
    version = complete_plan(law_area, status=S.PUBLISHED, published_on=datetime.date(2010, 3, 1),
                            review_due_on=datetime.date(2011, 3, 1))
    client.force_login(officer)
    data = {"reviewed_on_0": "1", "reviewed_on_1": "2", "reviewed_on_2": "2011", "needs_assessment_update": "Updated"}
    response = client.post(url("plans:review-add", version), data)
    assert "Enter the progress for stay safe" in response.content.decode()
    for o in ("be_healthy", "stay_safe", "enjoy_achieve", "positive_contribution", "economic_wellbeing"):
        data[f"progress_{o}"] = f"Progress on {o}"
    response = client.post(url("plans:review-add", version), data)
    review = PlanReview.objects.get()
    assert response.status_code == 302 and review.due_on == datetime.date(2011, 3, 1)
    assert review.progress.count() == 5
    # the same year's review once only
    with pytest.raises(TransitionError, match="already been recorded"):
        services.plan_review_record(version=version, actor=officer, reviewed_on=datetime.date(2011, 2, 2),
                                    needs_assessment_update="x", progress={o.value: "y" for o in Outcome})
    detail = reverse("plans:review-detail", kwargs={"la_code": law_area.la_code, "review": review.pk})
    client.post(detail, {"noted_on_0": "15", "noted_on_1": "3", "noted_on_2": "2011"})
    review.refresh_from_db()
    assert review.noted_on == datetime.date(2011, 3, 15)
    assert PlanVersion.objects.get(pk=version.pk).review_due_on == datetime.date(2012, 3, 1)


def test_review_interval_setting_changes_due_date(client, officer, law_area, relevant_partners, board_setup,
                                                  contacts):
    version = PlanVersionFactory(area=law_area, status=PlanVersion.Status.PUBLISHED,
                                 published_on=datetime.date(2010, 3, 1), review_due_on=datetime.date(2011, 3, 1))
    review = services.plan_review_record(
        version=version, actor=officer, reviewed_on=datetime.date(2011, 2, 1),
        needs_assessment_update="Needs have changed little.", progress={o.value: "On track" for o in Outcome})
    assert services.review_due(law_area, review.due_on) == datetime.date(2012, 3, 1)  # the default: a year on
    client.force_login(officer)
    response = client.post(reverse("plans:settings", kwargs={"la_code": law_area.la_code}),
                           {"review_interval_months": "40"})
    assert "36 months or fewer" in response.content.decode()
    assert services.review_due(law_area, review.due_on) == datetime.date(2012, 3, 1)  # refused: unchanged
    client.post(reverse("plans:settings", kwargs={"la_code": law_area.la_code}), {"review_interval_months": "6"})
    assert PlanSettings.objects.get(area=law_area).review_interval_months == 6
    assert services.add_months(datetime.date(2010, 3, 1), 6) == datetime.date(2010, 9, 1)
    # the board notes the review: the next one falls due 6 months after the one just done, not 12
    services.plan_review_note(review=review, actor=officer, noted_on=datetime.date(2011, 2, 10))
    version.refresh_from_db()
    assert version.review_due_on == datetime.date(2011, 9, 1)


@pytest.mark.parametrize("size", [(3, 10), (60, 400)])
def test_plan_page_queries_constant(client, officer, law_area, size, django_assert_num_queries, contacts):
    actions, partners = size
    Partner.objects.bulk_create([Partner(area=law_area, name=f"School {i}", org_type="school_community",
                                         urn=f"{400000 + i}") for i in range(partners)])
    version = complete_plan(law_area, actions_per_outcome=actions,
                            partners=list(Partner.objects.filter(area=law_area)))
    services.plan_consultation_start(version=version, actor=officer)
    services.plan_agreement_start(version=version, actor=officer)
    for req in version.agreement_requests.select_related("partner")[:5]:
        if req.partner.org_type in contacts:
            services.agreement_respond(request=req, actor=contacts[req.partner.org_type], decision="agree")
    client.force_login(officer)
    # 2 more than before the summary: the contact's partners and the seat holder's panel
    with django_assert_num_queries(24):  # the completeness engine reads its own spend facts (5 queries)
        response = client.get(url("plans:version-detail", version))
    html = response.content.decode()
    assert f"of {partners + 3} relevant partners agreed" in html


@pytest.mark.parametrize("size", [(3, 10), (60, 400)])
def test_area_card_queries_constant(client, officer, law_area, size, django_assert_num_queries):
    actions, partners = size
    Partner.objects.bulk_create([Partner(area=law_area, name=f"School {i}", org_type="school_community",
                                         urn=f"{500000 + i}") for i in range(partners)])
    version = complete_plan(law_area, actions_per_outcome=actions)
    from django.template.loader import render_to_string

    officer.refresh_from_db()
    with django_assert_num_queries(8):  # the completeness engine: 5 queries
        html = render_to_string("plans/area_card.html", {"area": law_area, "user": officer})
    assert f"Version {version.number}" in html and "Complete" in html


def test_version_urls_use_the_version_number(client, officer, area):
    """'/plan/versions/1/' is version 1 of the area's plan, whatever its database id."""
    PlanVersionFactory(area=area, number=1, status=S.SUPERSEDED, title="First")
    PlanVersionFactory(area=area, number=2, title="Second")
    client.force_login(officer)
    first_page = client.get(f"/areas/{area.la_code}/plan/versions/1/").content.decode()
    assert "First" in first_page and "Version 1" in first_page
    assert "Second" in client.get(f"/areas/{area.la_code}/plan/versions/2/").content.decode()
    assert client.get(f"/areas/{area.la_code}/plan/versions/3/").status_code == 404
