"""The dated register and the national schools import pages in a real browser: axe finds no
serious problem at 1280 and 320 px, and nothing scrolls sideways at 320 px."""
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import NationalImport
from partners.tests.factories import AcademyFactory, NationalImportFactory, SchoolFactory
from tests.support.browser import DESKTOP, NARROW, axe_serious, reflow_problems
from trusts.tests.factories import OfficerFactory, StewardEditFactory, AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _cookie(user, live_server):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def test_dated_register_and_national_import_pages_are_accessible(new_page, live_server):
    area = AreaFactory(name="Northshire")
    officer, steward = OfficerFactory(area=area), StewardEditFactory()
    closed = SchoolFactory(area=area, name="Fen Primary School", opened_on=date(1975, 9, 1),
                           closed_on=date(2012, 8, 31), closed_reason="Academy Converter")
    academy = AcademyFactory(area=area, name="Fen Primary Academy", opened_on=date(2012, 9, 1),
                             opened_reason="Academy Converter", predecessor=closed)
    report = {"rows": 3, "totals": {"name": "All areas", "added": 1, "converted": 1, "linked": 1,
                                    "changed_fields": {"name": 1}, "skipped": {"in Wales": 1}},
              "skipped": {"in Wales": 1},
              "areas": {area.la_code: {"name": area.name, "added": 1, "converted": 1, "linked": 1,
                                       "changed_fields": {"name": 1}}}}
    run = NationalImportFactory(area=area, status=NationalImport.Status.DONE, report=report)
    checked = NationalImportFactory(status=NationalImport.Status.CHECKED, report=report)
    pages = {"officer": new_page(), "steward": new_page()}
    pages["officer"].context.add_cookies([_cookie(officer, live_server)])
    pages["steward"].context.add_cookies([_cookie(steward, live_server)])
    urls = [
        ("officer", reverse("partners:partner-list", kwargs={"la_code": area.la_code}) + "?closed=on"),
        ("officer", reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": closed.pk})
         + "?on_0=1&on_1=6&on_2=2012"),
        ("officer", reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": academy.pk})),
        ("officer", reverse("partners:area-national-imports", kwargs={"la_code": area.la_code})),
        ("steward", reverse("partners:national-import")),
        ("steward", reverse("partners:national-import-detail", kwargs={"national_import": run.pk})),
        ("steward", reverse("partners:national-import-detail", kwargs={"national_import": checked.pk})),
    ]
    problems = []
    for who, url in urls:
        page = pages[who]
        page.set_viewport_size(DESKTOP)
        assert page.goto(url).status == 200, url
        problems += [f"{url} (1280 px): {v}" for v in axe_serious(page)]
        page.set_viewport_size(NARROW)
        problems += [f"{url} (320 px): {v}" for v in reflow_problems(page) + axe_serious(page)]
    assert problems == [], "\n".join(problems)
