"""The pages every public service has: the accessibility statement, the privacy
notice and the cookies page, linked from every page's footer, open to everyone, and saying
only what is true of this service (names and lifetimes read from the settings)."""
import re
from pathlib import Path

import pytest
from django.urls import reverse

FOOTER_PAGES = [
    ("trusts:accessibility-statement", "Accessibility statement for the"),
    ("trusts:privacy-notice", "Privacy notice"),
    ("trusts:cookies", "Cookies"),
]


def text(response):
    """The page's main content as plain text, one space between words."""
    html = response.content.decode()
    main = re.search(r'<main class="govuk-main-wrapper" id="main-content">(.*)</main>', html, re.DOTALL).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace(" .", ".").strip()


def footer_links(response):
    html = response.content.decode()
    footer = re.search(r'<footer class="govuk-footer">(.*)</footer>', html, re.DOTALL).group(1)
    return {label: href for href, label in re.findall(r'<a class="govuk-footer__link" href="([^"]*)">([^<]*)</a>', footer)}


@pytest.mark.parametrize(("name", "heading"), FOOTER_PAGES)
def test_footer_page_open_signed_out(client, db, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert re.search(rf'<h1 class="govuk-heading-l">{heading}', response.content.decode())
    # read-only: a POST is not allowed
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.parametrize("signed_in", [False, True])
def test_footer_links_to_the_pages_on_every_page(client, officer, signed_in):
    if signed_in:
        client.force_login(officer)
    pages = [reverse("trusts:home"), reverse("trusts:cookies")]
    pages.append(reverse("trusts:account") if signed_in else reverse("trusts:sign-in"))
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        links = footer_links(response)
        assert links["Accessibility statement"] == reverse("trusts:accessibility-statement")
        assert links["Privacy notice"] == reverse("trusts:privacy-notice")
        assert links["Cookies"] == reverse("trusts:cookies")
    assert ("Your account" in footer_links(client.get(reverse("trusts:home")))) is signed_in


def test_footer_links_on_an_error_page(client, officer):
    client.force_login(officer)
    response = client.get("/areas/no-such-area/")
    assert response.status_code == 404
    assert "Privacy notice" in footer_links(response)


# -- the service's contact, from the environment ---------------------------------------------

@pytest.mark.parametrize("name", [name for name, _ in FOOTER_PAGES] + ["trusts:home"])
def test_contact_from_settings_is_shown(client, db, settings, name):
    settings.SERVICE_CONTACT_EMAIL = "children.trusts@northshire.example.gov.uk"
    html = client.get(reverse(name)).content.decode()
    assert 'href="mailto:children.trusts@northshire.example.gov.uk"' in html


def test_contact_setting_read_from_the_environment(monkeypatch):
    from trusts.config import Config

    monkeypatch.setenv("SERVICE_CONTACT_EMAIL", "help@example.gov.uk")
    assert Config().str("SERVICE_CONTACT_EMAIL", default="x") == "help@example.gov.uk"
    import trusts.settings as project_settings

    source = Path(project_settings.__file__).read_text()
    assert re.search(r'^SERVICE_CONTACT_EMAIL = cfg\.str\("SERVICE_CONTACT_EMAIL", default=', source, re.MULTILINE)


# -- the accessibility statement --------------------------------------------------------------

def test_accessibility_statement_has_the_required_parts(client, db):
    page = text(client.get(reverse("trusts:accessibility-statement")))
    for part in (
        "How accessible this service is",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Advisory and Support Service (EASS)",
        "Compliance status",
        "Non-accessible content",
        "How we tested this service",
        "Preparation of this accessibility statement",
    ):
        assert part in page, part
    # what was tested, and how
    assert "axe-core" in page and "headless Chromium" in page
    assert "1280 pixels and at 320 pixels wide" in page
    assert "keyboard alone" in page
    assert re.search(r"This statement was prepared on \d{1,2} [A-Z][a-z]+ 20\d\d", page)


# -- the privacy notice -----------------------------------------------------------------------

def test_privacy_notice_names_the_data_the_service_holds(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 7
    page = text(client.get(reverse("trusts:privacy-notice")))
    for held in ("names and email addresses of the people who act for a partner", "Board members' names",
                 "Sign-in records", "each failed attempt to sign in", "Audit history",
                 "session record", "section 10 of the Children Act 2004", "Article 6(1)(e)",
                 "Who can see it", "How long we keep it", "Your rights", "Information Commissioner's Office"):
        assert held in page, held
    # the figures come from the settings, not from the template
    assert "after 7 failures" in page
    assert "a connection after 10 failures in 5 minutes" in page
    assert "A session stops working 8 hours after you sign in" in page


# -- the cookies page -------------------------------------------------------------------------

def _cookie_rows(response):
    html = response.content.decode()
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', html, re.DOTALL).group(1)
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, re.DOTALL):
        cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, re.DOTALL)]
        rows.append(cells)
    return {cells[0]: cells for cells in rows}


def test_cookies_page_names_the_essential_cookies_from_settings(client, db, settings):
    rows = _cookie_rows(client.get(reverse("trusts:cookies")))
    assert set(rows) == {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"}
    assert rows["sessionid"][2] == "8 hours, or when you sign out"
    assert rows["csrftoken"][2] == "52 weeks"


def test_cookies_page_follows_the_settings(client, db, settings):
    settings.SESSION_COOKIE_NAME = "trusts_session"
    settings.SESSION_COOKIE_AGE = 2 * 3600
    settings.CSRF_COOKIE_NAME = "trusts_csrf"
    settings.CSRF_COOKIE_AGE = 7 * 86400
    rows = _cookie_rows(client.get(reverse("trusts:cookies")))
    assert rows["trusts_session"][2] == "2 hours, or when you sign out"
    assert rows["trusts_csrf"][2] == "1 week"


def test_cookies_page_lists_every_cookie_the_service_sets(client, officer, settings):
    """Sign in, see a page with a form, get a confirmation message: every cookie set on the way
    is on the cookies page, and nothing else is."""
    from trusts.tests.factories import PASSWORD

    set_names = set()
    set_names |= set(client.get(reverse("trusts:sign-in")).cookies)
    response = client.post(reverse("trusts:sign-in"), {"username": officer.email, "password": PASSWORD})
    set_names |= set(response.cookies)
    area = officer.memberships.get().area
    response = client.post(reverse("trusts:area-edit", kwargs={"la_code": area.la_code}),
                           {"director_name": "Dana Director", "director_email": "", "lead_member_name": "",
                            "lead_member_email": "", "framework": ""})
    set_names |= set(response.cookies)
    set_names |= set(client.get(response.get("Location", "/")).cookies)
    listed = set(_cookie_rows(client.get(reverse("trusts:cookies"))))
    assert {"sessionid", "csrftoken", "messages"} <= set_names, set_names
    assert set_names <= listed, set_names - listed


def test_cookies_page_says_no_analytics(client, db):
    page = text(client.get(reverse("trusts:cookies")))
    assert "uses only essential cookies" in page
    assert "We do not use analytics" in page


def test_duration_words():
    from trusts.views import _duration

    assert _duration(28800) == "8 hours"
    assert _duration(31449600) == "52 weeks"
    assert _duration(86400) == "1 day"
    assert _duration(300) == "5 minutes"
    assert _duration(90) == "90 seconds"
