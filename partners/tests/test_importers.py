import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from partners import law
from partners.forms import ImportUploadForm
from partners.importers import GIAS_TYPES, OUT_OF_SCOPE, ImportFailed, partners_import
from partners.models import Partner, PartnerImport
from partners.tests.factories import PartnerFactory, SchoolFactory
from trusts.csvio import MAX_IMPORT_BYTES

pytestmark = pytest.mark.django_db

OURS_HEADER = ("name,org_type,urn,ukprn,ods_code,engagement,lead_contact_name,lead_contact_email,"
               "academy_funding_agreement\n")
GIAS_HEADER = ['URN', 'LA (code)', 'LA (name)', 'EstablishmentName', 'TypeOfEstablishment (code)',
               'TypeOfEstablishment (name)', 'EstablishmentStatus (name)', 'FurtherEducationType (name)', 'Street']


def ours(*rows):
    return (OURS_HEADER + "".join(r + "\n" for r in rows)).encode()


def gias(*rows, encoding="cp1252"):
    """GIAS quotes every field and saves as Windows-1252."""
    lines = [",".join(f'"{h}"' for h in GIAS_HEADER)]
    for urn, la, name, type_name, status, *rest in rows:
        fe = rest[0] if rest else ""
        values = [urn, la, "Northshire", name, "01", type_name, status, fe, '1 High St, "Old Mill"']
        lines.append(",".join('"' + v.replace('"', '""') + '"' for v in values))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def failed(area, data, **kwargs):
    with pytest.raises(ImportFailed) as info:
        partners_import(area=area, data=data, **kwargs)
    return info.value.errors


# -- our columns -------------------------------------------------------------------------------
def test_import_ours_creates_partners_with_code_or_label(area, officer):
    report = partners_import(area=area, actor=officer, data=ours(
        "Northshire PCT,pct,,,5pq,engaged,Ann Lead,ann@example.org,",
        "Hill School,Community school,110123,,,,,,",
        "Fen Academy,academy,140001,,,invited,,,yes",
    ))
    assert report.format == "ours"
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    pct = Partner.objects.get(name="Northshire PCT")
    assert (pct.org_type, pct.ods_code, pct.engagement, pct.lead_contact_email) == (
        "pct", "5PQ", "engaged", "ann@example.org")
    assert Partner.objects.get(name="Hill School").org_type == "school_community"
    assert Partner.objects.get(name="Fen Academy").academy_funding_agreement is True
    # history kept, with who imported
    assert pct.history.get().history_user == officer


def test_import_ours_reimport_updates_by_identifier_and_never_duplicates(area):
    partners_import(area=area, data=ours("Northshire PCT,pct,,,5PQ,,,,", "Friends,vcs,,,,,,,"))
    report = partners_import(area=area, data=ours("Northshire Primary Care Trust,pct,,,5PQ,engaged,,,",
                                                  "Friends,Voluntary and community sector body,,,,engaged,,,"))
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    assert Partner.objects.count() == 2
    assert Partner.objects.get(ods_code="5PQ").name == "Northshire Primary Care Trust"
    assert Partner.objects.get(name="Friends").engagement == "engaged"
    again = partners_import(area=area, data=ours("Northshire Primary Care Trust,pct,,,5PQ,,,,"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_import_ours_blank_cell_keeps_value(area):
    PartnerFactory(area=area, name="Friends", org_type="vcs", lead_contact_name="Keep Me")
    partners_import(area=area, data=ours("Friends,vcs,,,,engaged,,,"))
    assert Partner.objects.get().lead_contact_name == "Keep Me"


@pytest.mark.parametrize(("row", "message"), [
    ("Thing,spaceship,,,,,,,", "unknown organisation type 'spaceship'"),
    ("School,school_community,12AB,,,,,,", "URN '12AB' is not 5 or 6 digits"),
    ("College,fe_college,,2000123,,,,,", "UKPRN '2000123' is not 8 digits starting with 1"),
    ("PCT,pct,,,5-PQ,,,,", "ODS code '5-PQ' is not 3 to 6 letters and digits"),
    ("Police,police_authority,,,5PQ,,,,", "does not have a ODS code"),
    ("Charity,vcs,,,,,,,yes", "academy_funding_agreement is only for academies"),
    ("Academy,academy,140001,,,,,,maybe", "academy_funding_agreement 'maybe' must be yes or no"),
    ("Police,police_authority,,,,sleeping,,,", "engagement 'sleeping' is not one of"),
    ("Police,police_authority,,,,signed,,,", "give agreement_signed_on"),
    ("Police,police_authority,,,,,,not-an-email,", "'not-an-email' is not an email address"),
    (",police_authority,,,,,,,", "the name is empty"),
])
def test_import_ours_bad_rows_reported_with_line(area, row, message):
    errors = failed(area, ours("Good Charity,vcs,,,,,,,", row))
    assert len(errors) == 1
    line, text = errors[0]
    assert line == 3
    assert message in text
    assert not Partner.objects.exists()  # all or nothing


def test_import_duplicate_identifier_in_file(area):
    errors = failed(area, ours("A,pct,,,5PQ,,,,", "B,pct,,,5pq,,,,", "C,vcs,,,,,,,", "C,vcs,,,,,,,"))
    assert errors == [(3, "ODS code 5PQ is also on line 2"), (5, "the same name and type is also on line 4")]


def test_import_identifiers_of_two_existing_partners_conflict(area):
    SchoolFactory(area=area, name="One", urn="110001")
    SchoolFactory(area=area, name="Two", urn="110002", ukprn="10001234")
    errors = failed(area, ours("One,school_community,110001,10001234,,,,,"))
    assert errors == [(2, "its identifiers belong to different partners (One and Two)")]


def test_import_every_bad_row_reported(area):
    errors = failed(area, ours("A,spaceship,,,,,,,", "B,pct,,,!!,,,,", "C,vcs,,,,,,,"))
    assert [line for line, _ in errors] == [2, 3]


def test_import_missing_header(area):
    errors = failed(area, b"name,urn\nHill School,110123\n")
    assert errors == [(None, "The file is missing the column org_type. The first row must be the column headings.")]


def test_import_empty_file_and_headings_only(area):
    assert failed(area, b"") == [(None, "The file is empty")]
    assert failed(area, b"  \n") == [(None, "The file is empty")]
    assert failed(area, OURS_HEADER.encode()) == [(None, "The file has headings but no rows")]


def test_import_windows_1252_and_utf8_bom(area):
    partners_import(area=area, data=ours("Caf\u00e9 Youth Project \u2013 Ely,vcs,,,,,,,").decode().encode("cp1252"))
    partners_import(area=area, data=b"\xef\xbb\xbf" + ours("St Bede\u2019s Trust,vcs,,,,,,,"))
    assert sorted(Partner.objects.values_list("name", flat=True)) == [
        "Caf\u00e9 Youth Project \u2013 Ely", "St Bede\u2019s Trust"]


def test_import_refuses_50_mb(area):
    data = OURS_HEADER.encode() + b"x" * MAX_IMPORT_BYTES
    assert failed(area, data) == [(None, "The file is larger than 50 MB")]


def test_import_dry_run_saves_nothing(area):
    PartnerFactory(area=area, name="Friends", org_type="vcs")
    report = partners_import(area=area, data=ours("New,vcs,,,,,,,", "Friends,vcs,,,,engaged,,,"), dry_run=True)
    assert (report.created, report.updated) == (1, 1)
    assert list(Partner.objects.values_list("name", "engagement")) == [("Friends", "invited")]


# -- GIAS ---------------------------------------------------------------------------------------
def test_import_gias_extract(area, officer):
    data = gias(
        ("110123", "801", "Hill Primary School", "Community school", "Open"),
        ("140001", "801", "Fen Academy", "Academy converter", "Open, but proposed to close"),
        ("130615", "801", "Hills Road Sixth Form College", "Further education", "Open", "Sixth Form Colleges"),
        ("130616", "801", "Northshire Regional College", "Further education", "Open", "General FE and Tertiary"),
        ("20646", "801", "Fenland Children\u2019s Centre", "Children's centre", "Open"),
        ("110999", "801", "Old School", "Community school", "Closed"),
        ("120000", "802", "Southshire School", "Community school", "Open"),
        ("120001", "873", "Another LA School", "Foundation school", "Open"),
        ("401234", "801", "Ysgol Gymraeg", "Welsh establishment", "Open"),
        ("133333", "801", "University of Northshire", "Higher education institutions", "Open"),
    )
    report = partners_import(area=area, data=data, actor=officer)
    assert report.format == "gias"
    assert report.created == 5
    assert report.skipped_closed == 1
    assert report.skipped_other_area == 2
    assert sum(report.skipped_out_of_scope.values()) == 2
    assert any("Welsh establishment" in reason for reason in report.skipped_out_of_scope)
    types = dict(Partner.objects.values_list("urn", "org_type"))
    assert types == {"110123": "school_community", "140001": "academy", "130615": "sixth_form_college",
                     "130616": "fe_college", "20646": "childrens_centre"}
    assert Partner.objects.get(urn="20646").name == "Fenland Children\u2019s Centre"


def test_import_gias_reimport_updates_name_keeps_engagement(area, officer):
    partners_import(area=area, data=gias(("110123", "801", "Hill School", "Community school", "Open")))
    Partner.objects.update(engagement="engaged", lead_contact_name="Head")
    report = partners_import(area=area, data=gias(
        ("110123", "801", "Hill Primary School", "Community school", "Open"),
        ("110124", "801", "Dale School", "Voluntary aided school", "Open")), actor=officer)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert Partner.objects.count() == 2
    hill = Partner.objects.get(urn="110123")
    assert (hill.name, hill.engagement, hill.lead_contact_name) == ("Hill Primary School", "engaged", "Head")
    # the update is in the history: who, and the name before and after
    latest, before = hill.history.order_by("-history_id")[:2]
    assert (latest.history_user, latest.history_type, latest.name) == (officer, "~", "Hill Primary School")
    assert "name" in latest.diff_against(before).changed_fields
    again = partners_import(area=area, data=gias(("110123", "801", "Hill Primary School", "Community school", "Open")))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_import_gias_adopts_partner_entered_by_hand_by_name_and_type(area):
    PartnerFactory(area=area, name="Hill School", org_type="school_community")
    partners_import(area=area, data=gias(("110123", "801", "Hill School", "Community school", "Open")))
    assert list(Partner.objects.values_list("name", "urn")) == [("Hill School", "110123")]


def test_import_gias_unknown_type_and_bad_urn_reported(area):
    errors = failed(area, gias(
        ("110123", "801", "Hill School", "Community school", "Open"),
        ("110124", "801", "Moon Base", "Lunar academy", "Open"),
        ("ABC", "801", "Bad URN School", "Community school", "Open"),
        ("110123", "801", "Hill School again", "Community school", "Open"),
        # unknown types of other areas or closed ones do not matter
        ("110125", "802", "Moon Base 2", "Lunar academy", "Open"),
        ("110126", "801", "Moon Base 3", "Lunar academy", "Closed"),
    ))
    assert errors == [(3, "unknown establishment type 'Lunar academy'"),
                      (4, "URN 'ABC' is not a URN of 5 or 6 digits"),
                      (5, "URN 110123 is also on line 2")]
    assert not Partner.objects.exists()


def test_import_gias_missing_header(area):
    data = b'"URN","EstablishmentName","LA (code)"\r\n"110123","Hill","801"\r\n'
    errors = failed(area, data)
    assert "missing the columns gias_type, status" in errors[0][1]


def test_import_gias_utf8_with_bom(area):
    data = b"\xef\xbb\xbf" + gias(("110123", "801", "Caf\u00e9 School", "Community school", "Open"), encoding="utf-8")
    partners_import(area=area, data=data)
    assert Partner.objects.get().name == "Caf\u00e9 School"


BRIEF_GIAS_TYPES = [
    "Community school", "Voluntary aided school", "Voluntary controlled school", "Foundation school",
    "City technology college", "Community special school", "Non-maintained special school",
    "Other independent special school", "Other independent school", "Foundation special school",
    "Pupil referral unit", "LA nursery school", "Further education", "Secure units", "Offshore schools",
    "Service children's education", "Miscellaneous", "Academy sponsor led", "Higher education institutions",
    "Welsh establishment", "Sixth form centres", "Special post 16 institution", "Academy special sponsor led",
    "Academy converter", "Free schools", "Free schools special", "British schools overseas",
    "Free schools alternative provision", "Free schools 16 to 19", "University technical college",
    "Studio schools", "Academy alternative provision converter", "Academy alternative provision sponsor led",
    "Academy special converter", "Academy 16-19 converter", "Academy 16 to 19 sponsor led", "Online provider",
    "Institution funded by other government department", "Children's centre", "Children's centre linked site",
    "Academy secure 16 to 19",
]


@pytest.mark.parametrize("name", BRIEF_GIAS_TYPES)
def test_every_gias_type_is_mapped_or_out_of_scope(name):
    assert (name in GIAS_TYPES) != (name in OUT_OF_SCOPE)
    if name in GIAS_TYPES:
        assert GIAS_TYPES[name] in law.ORG_TYPES_BY_CODE
        # a GIAS establishment always comes with a URN, so its type must allow one
        assert "urn" in law.allowed_identifiers(GIAS_TYPES[name])


def test_gias_mapping_is_sensible():
    assert GIAS_TYPES["Academy secure 16 to 19"] == "academy"
    assert GIAS_TYPES["Free schools"] == "academy"
    assert GIAS_TYPES["Pupil referral unit"] == "pru"
    assert GIAS_TYPES["Children's centre linked site"] == "childrens_centre"
    assert GIAS_TYPES["LA nursery school"] == "school_nursery"
    assert all(t in OUT_OF_SCOPE for t in ("Welsh establishment", "Offshore schools", "British schools overseas"))


# -- the command --------------------------------------------------------------------------------
def test_command_imports_and_dry_runs(area, tmp_path, capsys):
    path = tmp_path / "partners.csv"
    path.write_bytes(ours("Friends,vcs,,,,,,,"))
    call_command("import_partners", "--area", area.la_code, str(path), "--dry-run")
    assert "Would import" in capsys.readouterr().out
    assert not Partner.objects.exists()
    call_command("import_partners", "--area", area.la_code, str(path))
    out = capsys.readouterr().out
    assert "1 added, 0 updated, 0 unchanged" in out and "to add" not in out
    assert Partner.objects.get().area == area


def test_command_refuses_unknown_area_other_officer_and_bad_file(area, other_officer, tmp_path):
    path = tmp_path / "partners.csv"
    path.write_bytes(ours("Friends,spaceship,,,,,,,"))
    with pytest.raises(CommandError, match="no area with LA code '999'"):
        call_command("import_partners", "--area", "999", str(path))
    with pytest.raises(CommandError, match="is not an officer of Northshire"):
        call_command("import_partners", "--area", area.la_code, str(path), "--user", other_officer.email)
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_partners", "--area", area.la_code, str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_partners", "--area", area.la_code, str(tmp_path / "missing.csv"))


# -- the page: upload, preview, confirm ----------------------------------------------------------
def import_url(area, name="partner-import"):
    return reverse(f"partners:{name}", kwargs={"la_code": area.la_code})


def upload(client, area, data, name="partners.csv"):
    return client.post(import_url(area), {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_import_page_preview_then_confirm_uses_stored_bytes(client, officer, area):
    client.force_login(officer)
    preview = upload(client, area, ours("Friends,vcs,,,,,,,", "Northshire PCT,pct,,,5PQ,,,,"))
    assert preview.status_code == 200
    assert "Check the import" in preview.content.decode()
    assert preview.context["report"].created == 2
    assert not Partner.objects.exists()  # preview saves nothing
    token = PartnerImport.objects.get().token
    response = client.post(import_url(area, "partner-import-confirm"), {"token": token,
                                                                          "file": b"ignored"})
    assert response.status_code == 302
    assert sorted(Partner.objects.values_list("name", flat=True)) == ["Friends", "Northshire PCT"]
    assert Partner.objects.get(name="Friends").history.get().history_user == officer
    assert not PartnerImport.objects.exists()
    # the token is spent
    again = client.post(import_url(area, "partner-import-confirm"), {"token": token}, follow=True)
    assert "expired or was already imported" in again.content.decode()
    assert Partner.objects.count() == 2


def test_import_page_lists_row_errors_and_saves_nothing(client, officer, area):
    client.force_login(officer)
    response = upload(client, area, ours("Friends,spaceship,,,,,,,", "Other,vcs,,,,,,,", "B,pct,,,!!,,,,"))
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "The file has 2 problems: nothing was imported" in body
    assert response.context["row_errors"][0][0] == 2 and response.context["row_errors"][1][0] == 4
    assert not PartnerImport.objects.exists() and not Partner.objects.exists()


def test_import_page_file_level_errors(client, officer, area):
    client.force_login(officer)
    assert "The selected file is empty" in upload(client, area, b"").content.decode()
    assert "missing the column org_type" in upload(client, area, b"name\nX\n").content.decode()
    assert "Select a CSV file to upload" in client.post(import_url(area), {}).content.decode()


def test_import_form_refuses_oversize_upload():
    big = SimpleUploadedFile("big.csv", b"name,org_type\n" + b"x" * MAX_IMPORT_BYTES, content_type="text/csv")
    form = ImportUploadForm(data={}, files={"file": big})
    assert not form.is_valid()
    assert form.errors["file"] == ["The file is larger than 50 MB"]


def test_import_page_other_area_is_404(client, officer, other_area, other_officer):
    client.force_login(officer)
    assert client.get(import_url(other_area)).status_code == 404
    assert upload(client, other_area, ours("Friends,vcs,,,,,,,")).status_code == 404
    # nor can an officer confirm another officer's (or area's) upload
    client.force_login(other_officer)
    upload(client, other_area, ours("Friends,vcs,,,,,,,"))
    token = PartnerImport.objects.get().token
    client.force_login(officer)
    assert client.post(import_url(other_area, "partner-import-confirm"), {"token": token}).status_code == 404
    assert not Partner.objects.exists()


def test_import_page_gias_preview_counts_skips(client, officer, area):
    client.force_login(officer)
    response = upload(client, area, gias(
        ("110123", "801", "Hill School", "Community school", "Open"),
        ("110124", "801", "Old School", "Community school", "Closed"),
        ("110125", "999", "Far School", "Community school", "Open")), name="edubasealldata.csv")
    body = response.content.decode()
    assert "Get Information About Schools extract" in body
    report = response.context["report"]
    assert (report.created, report.skipped_closed, report.skipped_other_area) == (1, 1, 1)
