"""What the core knows of the feature apps: only what they register here.

The core (``trusts``: areas, users, navigation, the home and area pages, the national
dashboard, reminders) names no feature app. A feature app's ``AppConfig`` subclasses
``FeatureConfig`` and declares its pieces; the core reads them from the installed apps,
in ``position`` order:

* ``urls`` (its pages, at the site's root) and ``api_urls`` (under ``/api/``);
* ``nav``: its sections of the service navigation, each for one role (``NavLink``);
* ``area_card``: its summary card on an area's page (a template given ``area`` and ``user``);
* ``home_panels``: its panels on the home page of a board member or a partner contact;
* ``statutory_frameworks``: the module that knows the law (``framework_choices()`` and
  ``framework_for_area(trust, day)``); exactly one app provides it.

Other pieces are found by module name, as Django finds ``admin.py`` (``app_modules``):
``reminders.py`` (the kinds of reminder the app owns), ``chasers.py``, ``dashboard.py``,
``search.py``, ``access.py``, ``demo.py`` and ``national_data.py``.
"""
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class NavLink:
    """A section of the service navigation for one role.

    ``role``: "officer" (shown to an officer of one area; ``url_name`` takes the area's code as
    ``la_code``), "board_member" or "steward". ``below``: other path prefixes, from the site's
    root, whose pages belong to the section (``"boards/"`` for a board's own pages).
    """

    label: str
    url_name: str
    role: str
    below: tuple = ()


@dataclass(frozen=True)
class HomePanel:
    """A panel on the home page of users whose ``User.role`` is ``role`` ("board_member" or
    "partner_contact"); ``order`` places it among the other apps' panels for that role."""

    role: str
    template: str
    order: int = 100


class FeatureConfig(AppConfig):
    position = 100
    urls = None
    api_urls = None
    nav = ()
    area_card = None
    home_panels = ()
    statutory_frameworks = None


@cache
def features():
    """The installed feature apps, in ``position`` order (the app registry does not change
    once Django has started: worked out once, as every page's navigation asks)."""
    return tuple(sorted((c for c in apps.get_app_configs() if isinstance(c, FeatureConfig)),
                        key=lambda c: c.position))


@cache
def app_modules(name):
    """``(app config, module)`` for each of the project's own apps that has a module ``name``
    (``partners.search``), in INSTALLED_APPS order. Libraries' apps are left out: they may have
    modules of the same names (django.contrib.postgres has a ``search``), and a virtualenv
    inside the checkout is not the project's. An app without the module is skipped; an error
    inside the module is raised. Found once per name (search and the dashboard ask on every request)."""
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        try:
            top = Path(config.path).resolve().relative_to(base).parts[0]
        except ValueError:
            continue
        if top != config.name.split(".")[0]:
            continue
        try:
            module = import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
            continue
        found.append((config, module))
    return tuple(found)


def nav_links(role):
    return [link for feature in features() for link in feature.nav if link.role == role]


def area_cards():
    return [feature.area_card for feature in features() if feature.area_card]


def home_panels(user):
    """The templates of the home page's panels for the user's role, in their order."""
    panels = [panel for feature in features() for panel in feature.home_panels if panel.role == user.role]
    return [panel.template for panel in sorted(panels, key=lambda panel: panel.order)]


@cache
def statutory_frameworks():
    """The module that knows the statutory frameworks (from the one app that provides it)."""
    providers = [feature.statutory_frameworks for feature in features() if feature.statutory_frameworks]
    if len(providers) != 1:
        raise ImproperlyConfigured(f"Exactly one feature app must provide statutory_frameworks, not {providers}")
    return import_module(providers[0])
