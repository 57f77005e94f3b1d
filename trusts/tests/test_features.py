"""The core shows what the feature apps register (trusts/features.py), and nothing it names itself."""
import pytest
from django.urls import reverse

from trusts import features

pytestmark = pytest.mark.django_db


def _templates(client):
    return [t.name for t in client.get(reverse("trusts:home")).templates]


def test_home_page_shows_the_panels_registered_for_the_users_role_in_their_order(client, board_member,
                                                                                 partner_contact):
    client.force_login(board_member)
    names = _templates(client)
    assert names.index("boards/home_panel.html") < names.index("plans/home_panel.html")
    assert "partners/home_panel.html" not in names
    client.force_login(partner_contact)
    names = _templates(client)
    assert names.index("plans/home_panel.html") < names.index("partners/home_panel.html")
    assert "boards/home_panel.html" not in names


def test_area_page_shows_each_registered_card_in_position_order(client, officer, area):
    client.force_login(officer)
    html = client.get(reverse("trusts:area-detail", kwargs={"la_code": area.la_code})).content.decode()
    titles = ['card__title">Partners<', "card__title\">Children and Young People's Plan<",
              "card__title\">Children's Trust Board<", 'card__title">Pooled budgets<']
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert features.area_cards() == ["partners/area_card.html", "plans/area_card.html", "boards/area_card.html",
                                     "pooling/area_card.html"]


def test_each_feature_apps_module_is_found_by_name_and_libraries_are_not():
    found = [config.name for config, _module in features.app_modules("search")]
    assert found == ["trusts", "partners", "boards", "plans"]  # pooling has no search module
    # django.contrib.auth and the other libraries have an admin module too: they are not the project's
    admins = [config.name for config, _module in features.app_modules("admin")]
    assert "django.contrib.auth" not in admins and {"trusts", "partners", "boards", "pooling", "plans"} <= set(admins)
