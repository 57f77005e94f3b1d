"""The stewards' national schools import page: upload, check (a dry run), confirm, result per
area; who may reach it; each area's officers see their own area's part only."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import NationalImport, Partner
from partners.tests.factories import NationalImportFactory, SchoolFactory
from partners.tests.factories import gias_extract as extract
from partners.tests.factories import gias_school as school
from trusts.tests.factories import StewardEditFactory, StewardReadFactory, AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return StewardEditFactory(full_name="Erin Editor")


def upload(data, name="edubasealldata20110901.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def national_file(area, other_area):
    return extract(
        school(110001, area.la_code, "Hill Primary School", OpenDate="01-09-1990"),
        school(110002, area.la_code, "Fen Primary School", status="Closed", OpenDate="01-09-1975",
               CloseDate="31-08-2012", **{"ReasonEstablishmentClosed (name)": "Academy Converter"}),
        school(140002, area.la_code, "Fen Primary Academy", kind="Academy converter", OpenDate="01-09-2012",
               **{"ReasonEstablishmentOpened (name)": "Academy Converter"}),
        school(120001, other_area.la_code, "South School", OpenDate="01-09-1980"),
        school(400002, "672", "Ysgol Uwchradd"),
    ).getvalue()


def test_steward_uploads_checks_confirms_and_sees_the_report_per_area(
        client, editor, area, other_area, officer, other_officer, django_capture_on_commit_callbacks):
    fen = SchoolFactory(area=area, name="Fen Primary School", urn="110002")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:national-import"), {"file": upload(national_file(area, other_area))})
    run = NationalImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:national-import-detail", kwargs={"national_import": run.pk})
    run.refresh_from_db()
    assert run.status == NationalImport.Status.CHECKED  # checked in the request: no broker in tests
    assert Partner.objects.count() == 1  # nothing imported yet
    page = client.get(response["Location"]).content.decode()
    assert "What the import will change" in page and "Import into every area" in page
    assert "Northshire (801)" in page and "Southshire (802)" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:national-import-confirm", kwargs={"national_import": run.pk}))
    run.refresh_from_db()
    assert (run.status, run.added, run.converted, run.skipped, run.created_by) == ("done", 3, 1, 1, editor)
    assert not run.file  # the held file is removed once imported
    fen.refresh_from_db()
    assert fen.closed_on == date(2012, 8, 31)
    assert Partner.objects.get(urn="140002").predecessor == fen
    page = client.get(response["Location"]).content.decode()
    assert "What the import changed" in page and "Import into every area" not in page

    # confirming twice imports nothing twice
    client.post(reverse("partners:national-import-confirm", kwargs={"national_import": run.pk}))
    assert Partner.objects.count() == 4

    # each area's officers see their own area's part, never another's
    client.force_login(officer)
    page = client.get(reverse("partners:area-national-imports", kwargs={"la_code": area.la_code})).content.decode()
    assert "edubasealldata20110901.csv" in page and "Closed to become academies" in page
    assert "South School" not in page and "Southshire" not in page
    assert client.get(reverse("partners:area-national-imports", kwargs={"la_code": other_area.la_code})
                      ).status_code == 404
    client.force_login(other_officer)
    page = client.get(reverse("partners:area-national-imports", kwargs={"la_code": other_area.la_code})).content.decode()
    assert "edubasealldata20110901.csv" in page and "Northshire" not in page


def test_a_bad_file_is_refused_with_the_reason_and_nothing_changes(client, editor, area,
                                                                   django_capture_on_commit_callbacks):
    data = extract(school(110001, area.la_code, "Hill"), school(110002, "999", "Nowhere")).getvalue()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:national-import"), {"file": upload(data)})
    run = NationalImport.objects.get()
    assert run.status == NationalImport.Status.REFUSED
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported in any area" in page and "999 (1 row)" in page
    assert "Import into every area" not in page
    assert not Partner.objects.exists()
    response = client.post(reverse("partners:national-import-confirm", kwargs={"national_import": run.pk}))
    assert not Partner.objects.exists()


def test_a_run_in_progress_refreshes_itself(client, editor):
    run = NationalImportFactory(status=NationalImport.Status.IMPORTING, report={})
    client.force_login(editor)
    response = client.get(reverse("partners:national-import-detail", kwargs={"national_import": run.pk}))
    assert response["Refresh"] == "5"
    assert "This page refreshes every 5 seconds" in response.content.decode()
    run.status = NationalImport.Status.DONE
    run.save()
    response = client.get(reverse("partners:national-import-detail", kwargs={"national_import": run.pk}))
    assert not response.has_header("Refresh")


def test_upload_without_a_file_shows_the_error(client, editor):
    client.force_login(editor)
    response = client.post(reverse("partners:national-import"), {})
    page = response.content.decode()
    assert "Select a CSV file to upload" in page and "<title>Error: " in page
    assert not NationalImport.objects.exists()


@pytest.mark.parametrize("who", ["officer", "board_member", "partner_contact"])
def test_only_stewards_reach_the_steward_pages(client, request, who, area):
    user = request.getfixturevalue(who)
    run = NationalImportFactory(area=area)
    client.force_login(user)
    assert client.get(reverse("partners:national-import")).status_code == 404
    assert client.get(reverse("partners:national-import-detail", kwargs={"national_import": run.pk})
                      ).status_code == 404
    assert client.post(reverse("partners:national-import-confirm", kwargs={"national_import": run.pk})
                       ).status_code == 404
    assert client.post(reverse("partners:national-import"), {"file": upload(b"x")}).status_code == 404
    run.refresh_from_db()
    assert run.status == NationalImport.Status.CHECKED and NationalImport.objects.count() == 1


def test_read_only_steward_sees_runs_but_cannot_run_or_confirm(client, area):
    run = NationalImportFactory(area=area)
    client.force_login(StewardReadFactory())
    page = client.get(reverse("partners:national-import")).content.decode()
    assert "cannot run an import" in page and run.filename in page
    page = client.get(reverse("partners:national-import-detail", kwargs={"national_import": run.pk})).content.decode()
    assert "Import into every area" not in page
    assert client.post(reverse("partners:national-import-confirm", kwargs={"national_import": run.pk})
                       ).status_code == 403
    run.refresh_from_db()
    assert run.status == NationalImport.Status.CHECKED


def test_board_member_and_contact_do_not_see_the_area_report(client, area, board_member, partner_contact):
    NationalImportFactory(area=area, status=NationalImport.Status.DONE)
    url = reverse("partners:area-national-imports", kwargs={"la_code": area.la_code})
    for user in (board_member, partner_contact):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_area_report_lists_only_completed_runs_that_touched_the_area(client, officer, area):
    NationalImportFactory(area=area, status=NationalImport.Status.DONE, filename="mine.csv")
    NationalImportFactory(area=area, status=NationalImport.Status.CHECKED, filename="unconfirmed.csv")
    NationalImportFactory(area=AreaFactory(), status=NationalImport.Status.DONE, filename="theirs.csv")
    client.force_login(officer)
    page = client.get(reverse("partners:area-national-imports", kwargs={"la_code": area.la_code})).content.decode()
    assert "mine.csv" in page and "unconfirmed.csv" not in page and "theirs.csv" not in page
