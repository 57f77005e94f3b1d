"""Finding your way: the service navigation each role sees, the current section
marked on its page and on every page below it, the way back up, the search box for signed-in
users only; and the small faults met along the way (the greeting, the forms' own validation,
an empty radio option, the charts' font)."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from boards.tests.factories import BoardFactory, BoardMemberFactory, SeatFactory
from partners.tests.factories import PartnerFactory
from trusts.context_processors import Section, mark_current, sections_for, service
from trusts.models import Membership, User
from trusts.permissions import is_area_officer
from trusts.tests.factories import OfficerFactory, AreaFactory

NAV = re.compile(r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>', re.DOTALL)
ITEM = re.compile(r'<a class="govuk-service-navigation__link" href="([^"]*)"( aria-current="(\w+)")?>(.*?)</a>', re.DOTALL)


def nav(response):
    """[(label, href, aria-current)] of the page's service navigation ([] when there is none)."""
    html = response.content.decode()
    found = NAV.search(html)
    if not found:
        return []
    return [(re.sub(r"<[^>]+>", "", label).strip(), href, current)
            for href, _, current, label in ITEM.findall(found.group(1))]


def current(response):
    return [(label, state) for label, _, state in nav(response) if state]


def active_items(response):
    return response.content.decode().count("govuk-service-navigation__item--active")


def breadcrumbs(response):
    html = response.content.decode()
    found = re.search(r'<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">(.*?)</nav>', html, re.DOTALL)
    return re.findall(r'class="govuk-breadcrumbs__link" href="[^"]*">([^<]*)</a>', found.group(1)) if found else []


# -- what each role is offered --------------------------------------------------------------

def test_navigation_officer_of_one_area_sees_its_sections(client, officer, area, other_area):
    client.force_login(officer)
    response = client.get(reverse("trusts:home"))
    code = {"la_code": area.la_code}
    assert nav(response) == [
        ("Home", "/", "page"),
        ("Partners", reverse("partners:partner-list", kwargs=code), ""),
        ("Plan", reverse("plans:overview", kwargs=code), ""),
        ("Boards", reverse("boards:board-list", kwargs=code), ""),
        ("Pooled budgets", reverse("pooling:area", kwargs=code), ""),
        ("Your account", reverse("trusts:account"), ""),
    ]
    assert other_area.la_code not in "".join(href for _, href, _ in nav(response))
    assert "Sign out" in response.content.decode()


def test_navigation_officer_of_several_areas_is_sent_home_to_choose(client, area, other_area):
    officer = OfficerFactory(area=area)
    Membership.objects.create(user=officer, area=other_area, role=User.Role.OFFICER)
    client.force_login(officer)
    response = client.get(reverse("trusts:home"))
    assert [label for label, _, _ in nav(response)] == ["Home", "Your account"]
    # the home page lists both areas; inside one of them Home is the section you are in
    assert area.name in response.content.decode() and other_area.name in response.content.decode()
    below = client.get(reverse("partners:partner-list", kwargs={"la_code": other_area.la_code}))
    assert current(below) == [("Home", "true")]


def test_navigation_board_member(client, area):
    seat = SeatFactory(board=BoardFactory(area=area), person=BoardMemberFactory(area=area))
    client.force_login(seat.person)
    response = client.get(reverse("boards:mine"))
    assert nav(response) == [("Home", "/", ""), ("Your boards", reverse("boards:mine"), "page"),
                             ("Your account", reverse("trusts:account"), "")]
    board_page = client.get(reverse("boards:board-detail", kwargs={"board": seat.board_id}))
    assert board_page.status_code == 200
    assert current(board_page) == [("Your boards", "true")]


def test_navigation_partner_contact(client, partner_contact):
    client.force_login(partner_contact)
    response = client.get(reverse("trusts:account"))
    assert nav(response) == [("Home", "/", ""), ("Your account", reverse("trusts:account"), "page")]


def test_navigation_steward(client, steward):
    client.force_login(steward)
    response = client.get(reverse("trusts:direction-list"))
    assert [label for label, _, _ in nav(response)] == [
        "Home", "National compliance", "Reminders", "Schools import", "Admin site", "Your account"]
    assert current(response) == [("National compliance", "true")]
    reminders = client.get(reverse("notices:reminder-list"))
    # the longer prefix wins: Reminders' pages sit under /stewards/ too
    assert current(reminders) == [("Reminders", "page")]


def test_navigation_none_when_signed_out(client, db):
    response = client.get(reverse("trusts:home"))
    assert nav(response) == []
    assert "govuk-service-navigation" not in response.content.decode()


# -- the current section, on its page and below it -------------------------------------------

def test_navigation_marks_the_section_on_pages_below_it(client, officer, area):
    partner = PartnerFactory(area=area)
    board = BoardFactory(area=area)
    client.force_login(officer)
    listing = client.get(reverse("partners:partner-list", kwargs={"la_code": area.la_code}))
    assert current(listing) == [("Partners", "page")]
    detail = client.get(reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": partner.pk}))
    assert current(detail) == [("Partners", "true")]
    assert active_items(detail) == 1
    # a board's own pages live at /boards/<id>/, still under the officer's Boards
    board_page = client.get(reverse("boards:board-detail", kwargs={"board": board.pk}))
    assert current(board_page) == [("Boards", "true")]
    # the area's own pages (its history) are under Home: the area page is the officer's home
    history = client.get(reverse("trusts:area-history", kwargs={"la_code": area.la_code}))
    assert current(history) == [("Home", "true")]
    password = client.get(reverse("trusts:password-change"))
    assert current(password) == [("Your account", "true")]


def test_navigation_marks_nothing_outside_every_section(client, officer):
    client.force_login(officer)
    response = client.get(reverse("trusts:cookies"))
    assert current(response) == []
    assert active_items(response) == 0


def test_mark_current_prefers_the_longest_prefix():
    sections = [Section("Home", "/", ("/areas/1/",)), Section("Partners", "/areas/1/partners/", ("/areas/1/partners/",))]
    marked = mark_current(sections, "/areas/1/partners/9/edit/")
    assert [s.current for s in marked] == ["", "true"]
    assert [s.current for s in mark_current(sections, "/areas/1/partners/")] == ["", "page"]
    assert [s.current for s in mark_current(sections, "/areas/1/edit/")] == ["true", ""]
    assert [s.current for s in mark_current(sections, "/areas/10/")] == ["", ""]


# -- breadcrumbs: the way back up from a page below a section --------------------------------

def test_breadcrumbs_on_a_page_below_a_section_without_its_own_back_link(client, officer):
    client.force_login(officer)
    response = client.get(reverse("trusts:password-change"))
    assert breadcrumbs(response) == ["Home", "Your account"]
    # a section's own page needs no way back
    assert breadcrumbs(client.get(reverse("trusts:account"))) == []


def test_breadcrumbs_give_way_to_a_page_s_own_back_link(client, officer, area):
    partner = PartnerFactory(area=area)
    client.force_login(officer)
    detail = client.get(reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": partner.pk}))
    html = detail.content.decode()
    assert "govuk-back-link" in html
    assert breadcrumbs(detail) == []


def test_breadcrumbs_for_a_steward_below_national_compliance(client, steward):
    client.force_login(steward)
    response = client.get(reverse("trusts:framework-changes"))
    assert breadcrumbs(response) == ["Home", "National compliance"]


def test_every_page_below_a_section_has_a_way_back(client, officer, area):
    """A sample of pages below each of the officer's sections: each shows a back link or breadcrumbs."""
    partner = PartnerFactory(area=area)
    board = BoardFactory(area=area)
    client.force_login(officer)
    code = {"la_code": area.la_code}
    urls = [
        reverse("partners:partner-detail", kwargs={**code, "partner": partner.pk}),
        reverse("partners:partner-add", kwargs=code),
        reverse("partners:framework-compare", kwargs=code),
        reverse("plans:settings", kwargs=code),
        reverse("boards:board-detail", kwargs={"board": board.pk}),
        reverse("boards:board-create", kwargs=code),
        reverse("boards:calendar"),
        reverse("pooling:fund-create", kwargs=code),
        reverse("trusts:area-edit", kwargs=code),
        reverse("trusts:area-history", kwargs=code),
        reverse("trusts:password-change"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "govuk-back-link" in html or breadcrumbs(response), f"{url} has no way back"


# -- what it costs ----------------------------------------------------------------------------

def _render_nav(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return list(service(request)["service_nav"])


@pytest.mark.parametrize("areas", [1, 3])
def test_navigation_costs_one_query_for_an_officer_whatever_the_areas(db, settings, areas,
                                                                       django_assert_num_queries):
    settings.FRAGMENT_CACHE_SECONDS = 0
    officer = OfficerFactory(area=AreaFactory())
    for _ in range(areas - 1):
        Membership.objects.create(user=officer, area=AreaFactory(), role=User.Role.OFFICER)
    with django_assert_num_queries(1):
        _render_nav(officer)


def test_navigation_shares_the_permission_policys_query_and_follows_a_membership_change(
        db, django_assert_num_queries):
    area = AreaFactory()
    officer = OfficerFactory(area=area)
    with django_assert_num_queries(1):  # the page's permission check, then the navigation: one query
        assert is_area_officer(officer, area)
        sections = _render_nav(officer)
    assert len(sections) == 6
    Membership.objects.create(user=officer, area=AreaFactory(), role=User.Role.OFFICER)
    officer = User.objects.get(pk=officer.pk)  # the next request's user
    with django_assert_num_queries(1):
        sections = _render_nav(officer)
    assert [s.label for s in sections] == ["Home", "Your account"]


def test_navigation_costs_no_query_for_other_roles(db, steward, board_member, partner_contact,
                                                   django_assert_num_queries):
    for user in (steward, board_member, partner_contact):
        with django_assert_num_queries(0):
            assert sections_for(user)


def test_navigation_no_query_for_a_template_that_does_not_show_it(db, officer, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = officer
    with django_assert_num_queries(0):
        Template("{{ SERVICE_NAME }}").render(Context(service(request)))


# -- the search box in the header -------------------------------------------------------------

def test_search_box_only_for_signed_in_users(client, officer):
    template = "includes/search_box.html"
    signed_out = client.get(reverse("trusts:home"))
    assert template not in [t.name for t in signed_out.templates]
    client.force_login(officer)
    signed_in = client.get(reverse("trusts:account"))
    assert template in [t.name for t in signed_in.templates]


# -- the greeting: names as people write them -------------------------------------------------

def test_home_greets_a_board_member_by_the_name_they_wrote(client, area):
    member = BoardMemberFactory(area=area, full_name="Dr Amara Okafor-Smith")
    client.force_login(member)
    html = client.get(reverse("trusts:home")).content.decode()
    assert "Welcome, Dr Amara Okafor-Smith</h1>" in html
    assert "Welcome, Dr</h1>" not in html


# -- forms: validated by the server, never by the browser's pop-up ----------------------------

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    Path(settings.BASE_DIR) / app / "templates" for app in ("partners", "boards", "plans", "pooling")]


def test_every_form_tag_in_the_templates_has_novalidate():
    missing = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            for tag in re.findall(r"<form\b[^>]*>", path.read_text()):
                if "novalidate" not in tag:
                    missing.append(f"{path.relative_to(settings.BASE_DIR)}: {tag}")
    assert missing == []


def test_crispy_forms_are_rendered_with_novalidate_keeping_their_own_attributes(db, area):
    from partners.forms import ContactAddForm, ImportUploadForm

    template = Template("{% load crispy_forms_tags %}{% crispy form %}")
    for form in (ContactAddForm(), ImportUploadForm()):
        html = template.render(Context({"form": form}))
        tag = re.search(r"<form\b[^>]*>", html).group(0)
        assert "novalidate" in tag, type(form).__name__
    upload = template.render(Context({"form": ImportUploadForm()}))
    assert 'enctype="multipart/form-data"' in re.search(r"<form\b[^>]*>", upload).group(0)


def test_sign_in_page_form_has_novalidate(client, db):
    html = client.get(reverse("trusts:sign-in")).content.decode()
    assert all("novalidate" in tag for tag in re.findall(r"<form\b[^>]*>", html))
    assert re.findall(r"<form\b[^>]*>", html)


# -- radios: only real answers ----------------------------------------------------------------

def test_priority_form_offers_no_empty_radio():
    from plans.forms import PriorityForm

    form = PriorityForm()
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert "---------" not in html
    assert 'type="radio" name="outcome" value=""' not in html
    assert next(value for value, _ in form.fields["outcome"].choices) != ""
    # none chosen is still the GOV.UK error, not a crash
    bound = PriorityForm(data={"title": "Fewer exclusions", "lock_version": "1"})
    assert not bound.is_valid()
    assert bound.errors["outcome"] == ["Select the Every Child Matters outcome"]


def test_consultee_form_offers_no_empty_radio(db, area):
    from plans.forms import ConsulteeForm

    choices = [value for value, _ in ConsulteeForm(area=area).fields["kind"].choices]
    assert "" not in choices and choices


# -- charts: the service's font, never a serif fallback ---------------------------------------

def test_pooling_charts_use_the_service_font():
    from decimal import Decimal

    from trusts import charts

    chart = charts.grouped_bars(chart_id="c", title="t", desc="d", categories=["Be healthy"],
                                series=[("Planned", [Decimal(10)])])
    svg_tag = re.search(r"<svg\b[^>]*>", chart.svg).group(0)
    assert charts.FONT_FAMILY in svg_tag
    assert "system-ui" in charts.FONT_FAMILY and charts.FONT_FAMILY.endswith("sans-serif")
    assert "GDS Transport" not in chart.svg
    assert all(charts.FONT_FAMILY in tag for tag in re.findall(r"<text\b[^>]*>", chart.svg))


def test_dashboard_chart_include_uses_the_service_font():
    from trusts.charts import FONT_FAMILY, count_bars

    chart = count_bars(chart_id="x", title="Plans", items=[("Published", 3)], label_heading="Status",
                       count_heading="Areas")
    html = Template('{% include "includes/chart.html" with chart=chart only %}').render(Context({"chart": chart}))
    assert f'font-family="{FONT_FAMILY}"' in re.search(r"<svg\b[^>]*>", html).group(0)


# -- in a real browser, with the keyboard alone -----------------------------------------------

def _tab_to(page, is_target, limit=60):
    """Press Tab until ``is_target`` (JS taking the focused element) is true; fail after ``limit``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {is_target})(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached {is_target}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_officer_finds_sections_by_keyboard(new_page, officer, area):
    from playwright.sync_api import expect

    from tests.support.browser import axe_serious
    from trusts.tests.factories import PASSWORD

    partner = PartnerFactory(area=area, name="Northshire Youth Offending Team")
    page = new_page()
    page.goto("/sign-in/")
    _tab_to(page, "el.id === 'id_username'")
    page.keyboard.type(officer.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{area.name} Children's Trust")
    nav_links = page.locator("#navigation a.govuk-service-navigation__link")
    assert nav_links.all_inner_texts() == ["Home", "Partners", "Plan", "Boards", "Pooled budgets", "Your account"]
    assert page.locator("#navigation [aria-current]").all_inner_texts() == ["Home"]

    _tab_to(page, "el.textContent.trim() === 'Partners' && el.closest('#navigation') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/areas/{area.la_code}/partners/")
    partners_link = page.locator("#navigation a", has_text="Partners")
    assert partners_link.get_attribute("aria-current") == "page"
    assert "govuk-service-navigation__item--active" in partners_link.locator("xpath=..").get_attribute("class")
    assert axe_serious(page) == []

    # a page below the section keeps it marked
    page.goto(f"/areas/{area.la_code}/partners/{partner.pk}/")
    assert page.locator("#navigation [aria-current]").all_inner_texts() == ["Partners"]
    assert page.locator("#navigation a", has_text="Partners").get_attribute("aria-current") == "true"

    # at 320 pixels the sections fold behind a Menu button that the keyboard opens
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/areas/{area.la_code}/partners/")
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible() and not nav_links.first.is_visible()
    menu.focus()
    page.keyboard.press("Enter")
    assert nav_links.first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_serious(page) == []
