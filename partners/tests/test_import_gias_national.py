"""The national schools import: one GIAS "all establishments" extract updates every
area's register, routed by LA code; a second extract a year later closes, converts, reopens and
renames; the duty table answers before and after a closure; bad input changes nothing."""
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from partners.importers import ImportFailed
from partners.models import NationalImport, Partner
from partners.national import SKIP_CLOSED_BEFORE, SKIP_NO_LA, SKIP_NOT_OPEN, SKIP_WELSH, gias_national_import
from partners.services import national_import_from_command
from partners.tests.factories import GIAS_NATIONAL_HEADER as HEADER
from partners.tests.factories import PartnerFactory, SchoolFactory
from partners.tests.factories import gias_extract as extract
from partners.tests.factories import gias_school as school
from trusts.models import AuthorityType
from trusts.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

@pytest.fixture
def areas(db):
    north = AreaFactory(name="Northshire", la_code="881", gss_code="E10000881", authority_type=AuthorityType.COUNTY,
                         framework="ascl2009_revoked_plan")
    south = AreaFactory(name="Southshire", la_code="882", gss_code="E06000882",
                         authority_type=AuthorityType.UNITARY, framework="ascl2009_revoked_plan")
    west = AreaFactory(name="Westshire", la_code="883", gss_code="E06000883", authority_type=AuthorityType.UNITARY,
                        framework="ascl2009_revoked_plan")
    return north, south, west


def first_extract(**kwargs):
    return extract(
        # Northshire: an open school the officer already has (by URN), a new one, one to convert
        school(110001, "881", "Hill Primary School", OpenDate="01-09-1990"),
        school(110002, "881", "Fen Primary School", OpenDate="01-09-1975"),
        school(110003, "881", "Marsh Infant School", status="Open, but proposed to close", OpenDate="01-09-1960",
               CloseDate="31-08-2031", **{"ReasonEstablishmentClosed (name)": "Closure"}),
        school(110004, "881", "Old Mill School", status="Closed", OpenDate="01-09-1950", CloseDate="31-07-1999",
               **{"ReasonEstablishmentClosed (name)": "Closure"}),
        school(110005, "881", "Ness College", kind="Further education", UKPRN="10001234",
               **{"PhaseOfEducation (name)": "16 plus"}),
        school(110006, "881", "New Free School", status="Proposed to open", kind="Free schools"),
        # Southshire
        school(120001, "882", "South Secondary School", kind="Foundation school", OpenDate="01-09-1980",
               **{"PhaseOfEducation (name)": "Secondary"}),
        school(120002, "882", "South Children's Centre", kind="Children's centre", OpenDate="01-04-2006",
               **{"PhaseOfEducation (name)": "Not applicable"}),
        # Westshire: nothing yet but a PRU
        school(130001, "883", "West PRU", kind="Pupil referral unit", OpenDate="01-01-2000"),
        # skipped: Welsh, no LA, out of scope
        school(400001, "660", "Ysgol Gynradd", kind="Welsh establishment"),
        school(400002, "672", "Ysgol Uwchradd"),
        school(400003, "000", "Offshore School", kind="Offshore schools", **{"LA (name)": "Does not apply"}),
        school(400004, "000", "Somewhere School", **{"LA (name)": "Does not apply"}),
        school(400005, "881", "University of Northshire", kind="Higher education institutions"),
        **kwargs,
    )


def second_extract():
    """A year later: Fen converts to an academy, Marsh closes, Old Mill reopens, Hill is renamed,
    Ness is renamed; the children's centre is unchanged; the PRU closes (amalgamated)."""
    return extract(
        school(110001, "881", "Hill Church of England Primary School", OpenDate="01-09-1990"),
        school(110002, "881", "Fen Primary School", status="Closed", OpenDate="01-09-1975", CloseDate="31-08-2012",
               **{"ReasonEstablishmentClosed (name)": "Academy Converter"}),
        school(140002, "881", "Fen Primary Academy", kind="Academy converter", OpenDate="01-09-2012",
               **{"ReasonEstablishmentOpened (name)": "Academy Converter"}),
        school(110003, "881", "Marsh Infant School", status="Closed", OpenDate="01-09-1960", CloseDate="31-08-2012",
               **{"ReasonEstablishmentClosed (name)": "Closure"}),
        school(110004, "881", "Old Mill School", status="Open", OpenDate="01-09-1950"),
        school(110005, "881", "Ness Sixth Form College", kind="Further education", UKPRN="10001234",
               **{"PhaseOfEducation (name)": "16 plus"}),
        school(120001, "882", "South Secondary School", kind="Foundation school", OpenDate="01-09-1980",
               **{"PhaseOfEducation (name)": "Secondary"}),
        school(120002, "882", "South Children's Centre", kind="Children's centre", OpenDate="01-04-2006",
               **{"PhaseOfEducation (name)": "Not applicable"}),
        school(130001, "883", "West PRU", status="Closed", kind="Pupil referral unit", OpenDate="01-01-2000",
               CloseDate="31-12-2011", **{"ReasonEstablishmentClosed (name)": "Result of Amalgamation"}),
    )


def counts(report, code):
    r = report.areas[code]
    return {k: getattr(r, k) for k in ("added", "changed", "closed", "converted", "reopened", "unchanged")}


def test_national_import_then_a_year_later(areas, steward):
    north, south, west = areas
    hill = SchoolFactory(area=north, name="Hill Primary School", urn="110001", engagement="engaged",
                         lead_contact_name="Harriet Head")
    old_mill = SchoolFactory(area=north, name="Old Mill School", urn="110004")

    report = gias_national_import(source=first_extract(), actor=steward, today=date(2011, 9, 1))

    assert report.rows == 14
    assert counts(report, "881") == {"added": 3, "changed": 1, "closed": 1, "converted": 0, "reopened": 0,
                                     "unchanged": 0}
    assert report.areas["881"].skipped == {SKIP_NOT_OPEN: 1}
    assert report.areas["881"].changed_fields == {"opening date": 1, "phase": 1}
    assert counts(report, "882")["added"] == 2 and counts(report, "883")["added"] == 1
    assert report.skipped[SKIP_WELSH] == 1 and report.skipped[SKIP_NO_LA] == 1
    assert sum(n for reason, n in report.skipped.items() if "Welsh establishment" in reason) == 1
    assert sum(n for reason, n in report.skipped.items() if "Offshore" in reason) == 1
    assert sum(n for reason, n in report.skipped.items() if "university" in reason) == 1
    assert report.totals.added == 6
    hill.refresh_from_db()
    # the officer's own fields are kept; the dates come from GIAS
    assert (hill.engagement, hill.lead_contact_name, hill.opened_on) == ("engaged", "Harriet Head", date(1990, 9, 1))
    old_mill.refresh_from_db()
    assert (old_mill.closed_on, old_mill.closed_reason) == (date(1999, 7, 31), "Closure")
    marsh = Partner.objects.get(urn="110003")
    assert (marsh.closed_on, marsh.closed_reason) == (date(2031, 8, 31), "Closure")  # proposed to close
    ness = Partner.objects.get(urn="110005")
    assert (ness.org_type, ness.ukprn, ness.phase, ness.area) == ("fe_college", "10001234", "16_plus", north)
    assert Partner.objects.get(urn="120002").area == south
    assert not Partner.objects.filter(urn__in=["110006", "400001", "400002", "400003", "400004", "400005"]).exists()
    assert hill.history.first().history_change_reason == "National schools import"
    assert hill.history.first().history_user == steward

    fen = Partner.objects.get(urn="110002")
    relevant_before = set(Partner.objects.relevant(north, date(2012, 8, 30)))
    assert fen in relevant_before and marsh in relevant_before

    # a year later
    report = gias_national_import(source=second_extract(), actor=steward, today=date(2012, 9, 15))

    assert counts(report, "881") == {"added": 1, "changed": 2, "closed": 1, "converted": 1, "reopened": 1,
                                     "unchanged": 0}
    assert report.areas["881"].changed_fields == {"name": 2}
    assert report.areas["881"].linked == 1
    assert counts(report, "882") == {"added": 0, "changed": 0, "closed": 0, "converted": 0, "reopened": 0,
                                     "unchanged": 2}
    assert counts(report, "883")["closed"] == 1
    fen.refresh_from_db()
    assert (fen.closed_on, fen.closed_reason) == (date(2012, 8, 31), "Academy Converter")
    academy = Partner.objects.get(urn="140002")
    assert (academy.org_type, academy.opened_on, academy.predecessor) == ("academy", date(2012, 9, 1), fen)
    old_mill.refresh_from_db()
    assert (old_mill.closed_on, old_mill.closed_reason) == (None, "")
    assert Partner.objects.get(urn="110005").org_type == "fe_college"  # "Further education" stays FE
    assert Partner.objects.get(urn="110001").name == "Hill Church of England Primary School"
    # closed partners are kept, with their history
    assert Partner.objects.filter(urn__in=["110002", "110003", "130001"]).count() == 3
    assert fen.history.count() == 2  # added, then closed

    # the duty table, before and after the closure
    assert fen.duty("cooperate", day=date(2012, 8, 30)).applies
    after = fen.duty("cooperate", day=date(2012, 8, 31))
    assert not after.applies and "closed on 31 August 2012 (Academy Converter)" in after.reason
    assert not academy.duty("cooperate", day=date(2012, 8, 31)).applies
    assert academy.duty("cooperate", day=date(2012, 9, 1)).applies
    assert fen in Partner.objects.relevant(north, date(2012, 8, 30))
    assert fen not in Partner.objects.relevant(north, date(2012, 8, 31))
    assert academy in Partner.objects.relevant(north, date(2012, 9, 1))
    assert Partner.objects.get(urn="130001") not in Partner.objects.relevant(west, date(2012, 1, 1))


def test_reimporting_the_same_extract_changes_nothing(areas):
    gias_national_import(source=first_extract(), today=date(2011, 9, 1))
    before = Partner.history.count()
    report = gias_national_import(source=first_extract(), today=date(2011, 9, 1))
    assert report.totals.added == report.totals.changed == report.totals.closed == 0
    assert report.totals.unchanged == 7
    assert Partner.history.count() == before


def test_a_truncated_row_is_refused_and_nothing_changes_in_any_area(areas):
    north, *_ = areas
    hill = SchoolFactory(area=north, name="Hill Primary School", urn="110001")
    with pytest.raises(ImportFailed) as info:
        gias_national_import(source=extract(
            school(110001, "881", "Hill Renamed"), school(120001, "882", "South Secondary School"),
            school(130001, "883", "West PRU", kind="Pupil referral unit"), cut_last=True))
    assert "cut short" in info.value.errors[0][1]
    hill.refresh_from_db()
    assert hill.name == "Hill Primary School"
    assert Partner.objects.count() == 1


def test_a_batch_already_written_is_rolled_back_when_a_later_row_is_bad(areas, monkeypatch):
    from partners import national

    monkeypatch.setattr(national, "BATCH", 2)
    rows = [school(150000 + i, "881", f"School {i}") for i in range(5)]
    rows.append(school(150099, "881", "Bad Date School", OpenDate="31/02/2011"))
    with pytest.raises(ImportFailed) as info:
        gias_national_import(source=extract(*rows))
    assert info.value.errors == [(7, "OpenDate '31/02/2011' is not a date like 31-08-2012")]
    assert not Partner.objects.exists()


def test_unknown_la_codes_refuse_the_whole_import_naming_them(areas):
    with pytest.raises(ImportFailed) as info:
        gias_national_import(source=extract(school(110001, "881", "Hill"), school(110002, "999", "Nowhere"),
                                            school(110003, "998", "Elsewhere"), school(110004, "999", "Nowhere 2")))
    message = info.value.errors[0][1]
    assert "998 (1 row), 999 (2 rows)" in message and "import_areas" in message
    assert not Partner.objects.exists()


@pytest.mark.parametrize(("data", "expected"), [
    (lambda: extract(school(1, "881", "x"), header=[h for h in HEADER if h != "CloseDate"]),
     "missing the column closed_on"),
    (lambda: io.BytesIO(extract(school(110001, "881", "Bad XX name")).getvalue().replace(b"XX", b"\x81")),
     "must be saved as UTF-8 or Windows-1252"),
    (lambda: extract(school(110001, "881", "A School", kind="Spaceport")), "unknown establishment type 'Spaceport'"),
    (lambda: extract(school(110001, "881", "A School", status="Dormant")), "unknown establishment status 'Dormant'"),
    (lambda: extract(school(110001, "881", "A"), school(110001, "882", "B")), "URN 110001 is also on line 2"),
    (lambda: extract(school("11x", "881", "A")), "URN '11x' is not a URN of 5 or 6 digits"),
    (lambda: extract(school(110001, "881", "A", status="Closed", OpenDate="01-09-2010", CloseDate="01-09-2009")),
     "CloseDate 01-09-2009 is before OpenDate 01-09-2010"),
    (lambda: io.BytesIO(b'"URN","LA (code)"\r\n"1","881'), "missing the column"),
    (lambda: io.BytesIO(b""), "The file is empty"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_changes(areas, data, expected):
    north, *_ = areas
    PartnerFactory(area=north, name="Keep me")
    source = data()
    with pytest.raises(ImportFailed) as info:
        gias_national_import(source=source)
    assert expected in " ".join(message for _line, message in info.value.errors)
    assert list(Partner.objects.values_list("name", flat=True)) == ["Keep me"]


def test_utf8_extract_reads_accents(areas):
    data = extract(school(110001, "881", "Ysgol Café – Annexe"), encoding="utf-8")
    gias_national_import(source=data)
    assert Partner.objects.get().name == "Ysgol Café – Annexe"


def test_dry_run_reports_and_changes_nothing(areas):
    report = gias_national_import(source=first_extract(), dry_run=True, today=date(2011, 9, 1))
    assert report.totals.added == 7 and not Partner.objects.exists()


def test_closed_establishment_not_on_the_register_is_skipped_with_its_reason(areas):
    report = gias_national_import(source=extract(school(110009, "882", "Long Gone", status="Closed",
                                                        CloseDate="31-07-1990")))
    assert report.areas["882"].skipped == {SKIP_CLOSED_BEFORE: 1}
    assert not Partner.objects.exists()


def test_command_imports_reports_per_area_and_records_the_run(areas, tmp_path, steward):
    path = tmp_path / "edubasealldata20110901.csv"
    path.write_bytes(first_extract().getvalue())
    out = io.StringIO()
    call_command("import_gias", str(path), "--dry-run", stdout=out)
    assert "Would import" in out.getvalue() and not Partner.objects.exists()
    assert not NationalImport.objects.exists()
    out = io.StringIO()
    call_command("import_gias", str(path), "--user", steward.email, stdout=out)
    text = out.getvalue()
    assert "Northshire (881): 4 added" in text and "Southshire (882): 2 added" in text
    run = NationalImport.objects.get()
    assert (run.status, run.added, run.created_by, run.filename) == ("done", 7, steward, str(path))
    assert set(run.areas.values_list("la_code", flat=True)) == {"881", "882", "883"}
    assert run.area_report("882").added == 2


def test_command_refuses_bad_file_and_non_steward(areas, tmp_path, officer):
    path = tmp_path / "bad.csv"
    path.write_bytes(extract(school(110001, "999", "Nowhere")).getvalue())
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_gias", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="not a data steward"):
        call_command("import_gias", str(path), "--user", officer.email, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_gias", str(tmp_path / "missing.csv"), stdout=io.StringIO())


def test_service_records_nothing_on_refusal(areas, steward):
    with pytest.raises(ImportFailed):
        national_import_from_command(source=extract(school(110001, "999", "Nowhere")), filename="x.csv",
                                     actor=steward)
    assert not NationalImport.objects.exists()
