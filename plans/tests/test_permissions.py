"""The plan policy, as users meet it through the pages: a board seat gives no draft, an agreement
id tells nobody whose it is, and typed numbers, dates and names are checked."""
import datetime

import pytest
from django.urls import reverse

from partners.models import Partner, PartnerContact
from plans import services
from plans.models import AgreementResponse, PlanVersion, Priority
from plans.permissions import policy
from plans.tests.factories import AgreementRequestFactory, PlanVersionFactory, PriorityFactory, make_contact
from plans.tokens import agreement_token_make

S = PlanVersion.Status


def vurl(name, version, **kw):
    return reverse(name, kwargs={"la_code": version.area.la_code, "version": version.number, **kw})


def _area_versions(area):
    """A superseded v1, the published v2, and v3 being drafted."""
    v1 = PlanVersionFactory(area=area, number=1, title="First plan", status=S.SUPERSEDED,
                            published_on=datetime.date(2009, 3, 1))
    v2 = PlanVersionFactory(area=area, number=2, title="Second plan", status=S.PUBLISHED,
                            published_on=datetime.date(2010, 3, 1))
    v3 = PlanVersionFactory(area=area, number=3, title="Draft plan with secrets", status=S.DRAFT)
    return v1, v2, v3


# --- what a board seat gives is the board's business, never a draft ------------------
def test_board_member_cannot_see_draft_plan(client, board_member, officer, area):
    v1, v2, draft = _area_versions(area)
    client.force_login(board_member)

    response = client.get(vurl("plans:version-detail", draft))
    assert response.status_code == 403
    assert "Draft plan with secrets" not in response.content.decode()
    for name in ("plans:version-tasks", "plans:version-history"):
        assert client.get(vurl(name, draft)).status_code == 403

    overview = client.get(reverse("plans:overview", kwargs={"la_code": area.la_code})).content.decode()
    assert vurl("plans:version-detail", v2) in overview and vurl("plans:version-detail", v1) in overview
    assert vurl("plans:version-detail", draft) not in overview and "Draft plan with secrets" not in overview
    compare = client.get(reverse("plans:compare", kwargs={"la_code": area.la_code})).content.decode()
    assert "Version 3" not in compare and "Version 2" in compare
    assert client.get(reverse("plans:compare", kwargs={"la_code": area.la_code}),
                      {"a": v2.pk, "b": draft.pk}).status_code == 200  # the draft is not a choice
    assert client.get(vurl("plans:version-detail", v2)).status_code == 200

    # once put to the board, the version is the board's business
    PlanVersion.objects.filter(pk=draft.pk).update(status=S.APPROVAL)
    assert client.get(vurl("plans:version-detail", draft)).status_code == 200

    # the area's officer sees every version (the positive control)
    PlanVersion.objects.filter(pk=draft.pk).update(status=S.DRAFT)
    client.force_login(officer)
    assert client.get(vurl("plans:version-detail", draft)).status_code == 200
    assert vurl("plans:version-detail", draft) in client.get(
        reverse("plans:overview", kwargs={"la_code": area.la_code})).content.decode()


def test_board_member_area_card_does_not_show_the_draft(board_member, officer, area):
    from django.template.loader import render_to_string

    _area_versions(area)
    as_member = render_to_string("plans/area_card.html", {"area": area, "user": board_member})
    as_officer = render_to_string("plans/area_card.html", {"area": area, "user": officer})
    assert "Version 3" in as_officer and "Version 3" not in as_member and "Version 2" in as_member


def test_partner_contact_sees_published_and_asked_versions_only(client, area):
    partner = Partner.objects.create(area=area, name="NHS Northshire PCT", org_type="pct")
    contact = make_contact(partner, "pct@partners.example.org")
    other = Partner.objects.create(area=area, name="Northshire Police Authority", org_type="police_authority")
    _v1, published, draft = _area_versions(area)
    client.force_login(contact)
    assert client.get(vurl("plans:version-detail", published)).status_code == 200
    assert client.get(vurl("plans:version-detail", draft)).status_code == 403

    # the draft goes to partners, but only the police are asked: still not the PCT's to see
    PlanVersion.objects.filter(pk=draft.pk).update(status=S.AGREEMENT, agreement_round=1)
    AgreementRequestFactory(version=draft, partner=other)
    assert client.get(vurl("plans:version-detail", draft)).status_code == 403
    AgreementRequestFactory(version=draft, partner=partner)
    html = client.get(vurl("plans:version-detail", draft)).content.decode()
    assert "Record NHS Northshire PCT's answer" in html
    # ... and back in draft it is the officers' again
    PlanVersion.objects.filter(pk=draft.pk).update(status=S.DRAFT)
    assert client.get(vurl("plans:version-detail", draft)).status_code == 403


def test_steward_reads_every_version_and_changes_none(client, steward, area):
    _v1, _v2, draft = _area_versions(area)
    client.force_login(steward)
    assert client.get(vurl("plans:version-detail", draft)).status_code == 200
    response = client.post(vurl("plans:section-edit", draft, section="needs"),
                           {"needs_assessment": "Steward's words", "lock_version": draft.lock_version})
    assert response.status_code == 403
    assert PlanVersion.objects.get(pk=draft.pk).needs_assessment == ""


def test_policy_visible_matches_view_version(board_member, partner_contact, officer, other_officer, steward, area):
    versions = _area_versions(area)
    for user in (board_member, partner_contact, officer, other_officer, steward):
        listed = set(policy.visible(user).values_list("pk", flat=True))
        assert listed == {v.pk for v in versions if policy.can(user, "view_version", v)}, user.role


# --- an agreement id tells nobody whose it is ---------------------------------------
def test_agreement_refusal_does_not_name_partner(client, area, other_area, officer, other_officer,
                                                          board_member):
    pct = Partner.objects.create(area=area, name="NHS Northshire PCT", org_type="pct")
    police = Partner.objects.create(area=area, name="Northshire Police Authority", org_type="police_authority")
    pct_contact = make_contact(pct, "pct@partners.example.org")
    police_contact = make_contact(police, "police@partners.example.org")
    req = AgreementRequestFactory(version__area=area, partner=pct)
    url = reverse("plans:agreement-respond", kwargs={"la_code": area.la_code, "agreement": req.pk})

    # another partner's contact, a board member, another area's officer: not found, nothing named
    for user in (police_contact, board_member, other_officer):
        client.force_login(user)
        for response in (client.get(url), client.post(url, {"decision": "agree"})):
            assert response.status_code == 404, user.email
            assert "Northshire PCT" not in response.content.decode()
    # the area's officer may know the request exists (the plan page lists it), not answer it
    client.force_login(officer)
    response = client.post(url, {"decision": "agree"})
    assert response.status_code == 403 and "Northshire PCT" not in response.content.decode()
    assert "Only a contact of the partner organisation records its agreement" in response.content.decode()
    assert not AgreementResponse.objects.exists()
    # the PCT's contact answers (the positive control)
    client.force_login(pct_contact)
    assert "Does NHS Northshire PCT agree the plan?" in client.get(url).content.decode()
    assert client.post(url, {"decision": "agree"}).status_code == 302
    assert AgreementResponse.objects.get().actor == pct_contact


def test_agreement_link_stops_working_when_the_contact_is_removed(client, area):
    pct = Partner.objects.create(area=area, name="NHS Northshire PCT", org_type="pct")
    contact = make_contact(pct, "pct@partners.example.org")
    req = AgreementRequestFactory(version__area=area, partner=pct)
    link = reverse("plans:agreement-answer", kwargs={"answer_token": agreement_token_make(request=req,
                                                                                        user_id=contact.pk)})
    assert client.get(link).status_code == 200
    PartnerContact.objects.filter(user=contact).delete()
    response = client.post(link, {"decision": "agree"})
    assert response.status_code == 400 and "no longer a contact" in response.content.decode()
    assert not AgreementResponse.objects.exists()


# --- numbers parsed by forms, dates in range, names visible --------------------------
def test_bad_lock_version_is_an_error_not_500(client, officer, area):
    version = services.plan_version_create(area=area, actor=officer)
    priority = PriorityFactory(version=version, title="Fewer children in care")
    client.force_login(officer)
    url = vurl("plans:priority-edit", version, priority=priority.pk)
    for bad in ("abc", "-1", "99999999999999999999", "", "1.5"):
        response = client.post(url, {"delete": "1", "lock_version": bad})
        assert response.status_code == 200, bad
        html = response.content.decode()
        assert "govuk-error-summary" in html and "Reload the page and try again" in html, bad
        assert Priority.objects.filter(pk=priority.pk).exists()
    # a good lock_version deletes it (the positive control)
    version.refresh_from_db()
    assert client.post(url, {"delete": "1", "lock_version": version.lock_version}).status_code == 302
    assert not Priority.objects.filter(pk=priority.pk).exists()


def test_bad_lock_version_on_a_save_is_an_error(client, officer, area):
    version = services.plan_version_create(area=area, actor=officer)
    client.force_login(officer)
    response = client.post(vurl("plans:section-edit", version, section="needs"),
                           {"needs_assessment": "New words", "lock_version": "abc"})
    assert response.status_code == 200 and "Reload the page and try again" in response.content.decode()
    assert PlanVersion.objects.get(pk=version.pk).needs_assessment == ""


def _date(prefix, day, month, year):
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


@pytest.mark.parametrize(("year", "message"), [
    ("1", "must be on or after 1 January 2004"),
    ("2003", "must be on or after 1 January 2004"),
    ("2200", "must be on or before"),
    ("99999999999999999999", "Enter a real date"),
])
def test_plan_dates_within_a_sensible_range(client, officer, area, year, message):
    version = services.plan_version_create(area=area, actor=officer)
    client.force_login(officer)
    response = client.post(vurl("plans:section-edit", version, section="details"), {
        "title": "Our plan", **_date("period_start", "1", "4", year), "lock_version": version.lock_version})
    assert response.status_code == 200 and message in response.content.decode()
    assert PlanVersion.objects.get(pk=version.pk).period_start is None
    response = client.post(vurl("plans:section-edit", version, section="details"), {
        "title": "Our plan", **_date("period_start", "1", "4", "2010"), "lock_version": version.lock_version})
    assert response.status_code == 302


def test_review_noted_in_the_future_is_refused_by_the_form(client, officer, area):
    from plans.tests.factories import PlanReviewFactory

    review = PlanReviewFactory(version__area=area)
    client.force_login(officer)
    url = reverse("plans:review-detail", kwargs={"la_code": area.la_code, "review": review.pk})
    response = client.post(url, _date("noted_on", "1", "1", "2999"))
    assert response.status_code == 200 and "must be on or before" in response.content.decode()
    review.refresh_from_db()
    assert review.noted_on is None


@pytest.mark.parametrize(("title", "message"), [
    ("\u200b\u200b\u200b", "Enter the priority"),
    ("Safe\u202eytefas", "Remove the hidden text-direction characters"),
])
def test_priority_title_must_be_visible_text(client, officer, area, title, message):
    version = services.plan_version_create(area=area, actor=officer)
    client.force_login(officer)
    response = client.post(vurl("plans:priority-add", version),
                           {"outcome": "stay_safe", "title": title, "lock_version": version.lock_version})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Priority.objects.exists()


def test_duplicate_spend_row_is_an_error_not_500(client, officer, area):
    version = services.plan_version_create(area=area, actor=officer)
    partner = Partner.objects.create(area=area, name="NHS Northshire PCT", org_type="pct")
    client.force_login(officer)
    data = {"partner": partner.pk, "financial_year": "2010", "spend_area": "child_health", "amount": "1000.00"}
    version.refresh_from_db()
    assert client.post(vurl("plans:spend-add", version), {**data, "lock_version": version.lock_version}).status_code \
        == 302
    version.refresh_from_db()
    response = client.post(vurl("plans:spend-add", version), {**data, "lock_version": version.lock_version})
    assert response.status_code == 200 and "already records this partner" in response.content.decode()
