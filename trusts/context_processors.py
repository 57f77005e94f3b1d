"""The service's name, contact and navigation (govuk-frontend's Service navigation).

Each role sees the sections it works in:

* a council officer of one area: Home (the area's page), the feature apps' sections
  (Partners, Plan, Boards, Pooled budgets), Your account; an officer of several areas: Home
  (which lists them), Your account;
* a board member: Home, the feature apps' sections (Your boards), Your account;
* a partner contact: Home (their organisation and the agreements asked of them), Your account;
* a data steward: Home, National compliance, Reminders, the feature apps' sections (Schools
  import, the national GIAS extract), Admin site, Your account.

The feature apps' sections are the ``NavLink`` entries they register (trusts/features.py).

A section is current on its own page (``aria-current="page"``) and on every page below it
(``aria-current="true"``): the section whose paths are the longest prefix of the request's
path wins, so ``/areas/X/partners/7/`` is under Partners, not under the area's Home.

Cost: no query of its own: an officer's area codes come with the permission policy's one
query for the user's memberships (trusts.permissions.area_ids), which every officer page makes.
"""
from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject

from trusts.features import nav_links
from trusts.permissions import officer_area_codes


@dataclass(frozen=True)
class Section:
    label: str
    href: str
    below: tuple = ()  # path prefixes of the pages that belong to the section
    current: str = ""  # "page" on the section's own page, "true" on a page below it


def sections_for(user):
    """The sections a signed-in user's navigation offers, in order (none when signed out)."""
    if not user.is_authenticated:
        return []
    root = get_script_prefix()
    home = reverse("trusts:home")
    account = Section("Your account", reverse("trusts:account"), (reverse("trusts:account"),))
    areas, directions = root + "areas/", root + "directions/"

    def features(role, **kwargs):
        sections = []
        for link in nav_links(role):
            href = reverse(link.url_name, kwargs=kwargs)
            sections.append(Section(link.label, href, (href, *(root + below for below in link.below))))
        return sections

    if user.is_steward:
        stewards = reverse("trusts:dashboard")
        return [
            Section("Home", home, (areas,)),
            Section("National compliance", stewards, (stewards, directions)),
            Section("Reminders", reverse("notices:reminder-list"), (reverse("notices:reminder-list"),)),
            *features("steward"),
            Section("Admin site", reverse("admin:index"), (reverse("admin:index"),)),
            account,
        ]
    if user.is_board_member:
        return [Section("Home", home, (areas,)), *features("board_member"), account]
    if user.is_officer:
        codes = officer_area_codes(user)
        if len(codes) == 1:
            area = {"la_code": codes[0]}
            # the officer's home is their area's page: its edit, history and directions are under it
            return [Section("Home", home, (reverse("trusts:area-detail", kwargs=area), directions)),
                    *features("officer", **area), account]
        # an officer of several areas: every area's pages are under Home
        below = tuple(root + prefix for link in nav_links("officer") for prefix in link.below)
        return [Section("Home", home, (areas, *below, directions)), account]
    # a partner contact: everything they see (their organisation, agreements, contributions) is
    # reached from their home page
    return [Section("Home", home, (areas,)), account]


def mark_current(sections, path):
    """The sections with the one ``path`` belongs to marked (its own page, or the longest prefix)."""
    best, best_len = None, 0
    for i, section in enumerate(sections):
        if path == section.href:
            best, best_len = i, len(path) + 1
            break
        for prefix in section.below:
            if path.startswith(prefix) and len(prefix) > best_len:
                best, best_len = i, len(prefix)
    marked = list(sections)
    if best is not None:
        found = marked[best]
        marked[best] = Section(found.label, found.href, found.below, "page" if path == found.href else "true")
    return marked


def _navigation(request):
    sections = mark_current(sections_for(request.user), request.path)
    below = [i for i, s in enumerate(sections) if s.current == "true"]
    # the way back up from a page below a section (base.html shows it unless the page has its own):
    # Home, then the section if it is not Home
    breadcrumbs = [sections[0]] + [sections[i] for i in below if i != 0] if below else []
    return {"sections": sections, "breadcrumbs": breadcrumbs}


def service(request):
    """Service name and contact, and the navigation a signed-in user sees (worked out only when
    a template reads it)."""
    nav = SimpleLazyObject(lambda: _navigation(request))
    return {
        "SERVICE_NAME": settings.SERVICE_NAME,
        "SERVICE_CONTACT_EMAIL": settings.SERVICE_CONTACT_EMAIL,
        "service_nav": SimpleLazyObject(lambda: nav["sections"]),
        "service_breadcrumbs": SimpleLazyObject(lambda: nav["breadcrumbs"]),
    }
