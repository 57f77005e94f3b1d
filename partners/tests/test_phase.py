"""A school's phase of education: recorded as GIAS records it, imported from a
GIAS extract and from our own columns, exported, filtered on and audited, so a board seat
can represent "all maintained primary schools"."""
import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partners.importers import ImportFailed, partners_import
from partners.models import Partner, phase_from_gias
from partners.tests.factories import PartnerFactory, SchoolFactory

pytestmark = pytest.mark.django_db

GIAS_HEADER = ['URN', 'LA (code)', 'EstablishmentName', 'TypeOfEstablishment (name)', 'EstablishmentStatus (name)',
               'PhaseOfEducation (code)', 'PhaseOfEducation (name)']
OURS_HEADER = "name,org_type,urn,phase\n"


def gias(area, *rows):
    """GIAS quotes every field and saves as Windows-1252."""
    lines = [",".join(f'"{h}"' for h in GIAS_HEADER)]
    for urn, name, type_name, phase in rows:
        values = [urn, area.la_code, name, type_name, "Open", "2", phase]
        lines.append(",".join(f'"{v}"' for v in values))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def ours(*rows):
    return (OURS_HEADER + "".join(r + "\n" for r in rows)).encode()


def failed(area, data):
    with pytest.raises(ImportFailed) as info:
        partners_import(area=area, data=data)
    return info.value.errors


def test_gias_names_map_to_phases_whatever_the_spelling():
    assert phase_from_gias("Primary") == Partner.Phase.PRIMARY
    assert phase_from_gias("Middle deemed primary") == Partner.Phase.MIDDLE_PRIMARY
    assert phase_from_gias("middle  Deemed SECONDARY") == Partner.Phase.MIDDLE_SECONDARY
    assert phase_from_gias("All-through") == phase_from_gias("all through") == Partner.Phase.ALL_THROUGH
    assert phase_from_gias("16 plus") == phase_from_gias("16_plus") == Partner.Phase.SIXTEEN_PLUS
    assert phase_from_gias("Not applicable") == Partner.Phase.NOT_APPLICABLE
    assert phase_from_gias("") == ""
    assert phase_from_gias("Tertiary") is None


def test_gias_import_reads_the_phase(area, officer):
    report = partners_import(area=area, actor=officer, data=gias(
        area,
        ("110001", "Hill Primary School", "Community school", "Primary"),
        ("110002", "Dale High School", "Foundation school", "Secondary"),
        ("110003", "Fen Middle School", "Voluntary controlled school", "Middle deemed primary"),
        ("110004", "Oak School", "Community special school", "Not applicable"),
        ("20646", "Moor Children's Centre", "Children's centre", "Not applicable"),
    ))
    assert report.format == "gias" and report.created == 5
    phases = dict(Partner.objects.values_list("name", "phase"))
    assert phases == {"Hill Primary School": "primary", "Dale High School": "secondary",
                      "Fen Middle School": "middle_primary", "Oak School": "not_applicable",
                      "Moor Children's Centre": ""}  # no phase for what is not a school


def test_gias_reimport_moves_a_school_to_its_new_phase_with_history(area, officer):
    partners_import(area=area, actor=officer, data=gias(area, ("110001", "Hill School", "Community school",
                                                               "Primary")))
    report = partners_import(area=area, actor=officer, data=gias(area, ("110001", "Hill School", "Community school",
                                                                        "All-through")))
    assert report.updated == 1
    school = Partner.objects.get(urn="110001")
    assert school.phase == Partner.Phase.ALL_THROUGH
    assert [h.phase for h in school.history.order_by("history_id")] == ["primary", "all_through"]
    assert school.history.first().history_user == officer


def test_gias_unknown_phase_is_an_error_on_its_line_and_nothing_is_saved(area):
    errors = failed(area, gias(area, ("110001", "Hill School", "Community school", "Primary"),
                               ("110002", "Dale School", "Community school", "Tertiary")))
    assert len(errors) == 1
    line, message = errors[0]
    assert line == 3 and "PhaseOfEducation (name) 'Tertiary' is not a phase of education" in message
    assert "Middle deemed primary" in message
    assert not Partner.objects.exists()


def test_gias_extract_without_a_phase_column_leaves_phases_alone(area):
    SchoolFactory(area=area, urn="110001", name="Hill School", phase=Partner.Phase.PRIMARY)
    data = ('"URN","LA (code)","EstablishmentName","TypeOfEstablishment (name)","EstablishmentStatus (name)"\r\n'
            f'"110001","{area.la_code}","Hill School","Community school","Open"\r\n').encode()
    partners_import(area=area, data=data)
    assert Partner.objects.get(urn="110001").phase == Partner.Phase.PRIMARY


def test_our_columns_accept_a_phase_by_code_or_name(area):
    partners_import(area=area, data=ours("Hill School,school_community,110001,primary",
                                         "Dale School,Community school,110002,Middle deemed secondary",
                                         "Fen Academy,academy,140001,",
                                         "Friends,vcs,,"))
    phases = dict(Partner.objects.values_list("name", "phase"))
    assert phases == {"Hill School": "primary", "Dale School": "middle_secondary", "Fen Academy": "",
                      "Friends": ""}


def test_our_columns_refuse_an_unknown_phase_or_a_phase_for_a_non_school(area):
    errors = failed(area, ours("Hill School,school_community,110001,Tertiary", "Friends,vcs,,Primary"))
    assert [line for line, _ in errors] == [2, 3]
    assert "phase 'Tertiary' is not a phase of education" in errors[0][1]
    assert errors[1][1] == "phase is only for schools and colleges"
    assert not Partner.objects.exists()


def test_our_reimport_with_a_blank_phase_keeps_the_current_one(area):
    SchoolFactory(area=area, urn="110001", name="Hill School", phase=Partner.Phase.SECONDARY)
    report = partners_import(area=area, data=ours("Hill School,school_community,110001,"))
    assert report.unchanged == 1
    assert Partner.objects.get(urn="110001").phase == Partner.Phase.SECONDARY


def test_export_writes_the_phase_and_reads_back_in(client, officer, area):
    SchoolFactory(area=area, name="Hill School", phase=Partner.Phase.MIDDLE_PRIMARY)
    PartnerFactory(area=area, name="Friends")
    client.force_login(officer)
    response = client.get(reverse("partners:partner-export", kwargs={"la_code": area.la_code}))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["name"]: r["phase"] for r in rows} == {"Hill School": "Middle deemed primary", "Friends": ""}
    Partner.objects.filter(name="Hill School").update(phase="")
    partners_import(area=area, data=response.content)
    assert Partner.objects.get(name="Hill School").phase == Partner.Phase.MIDDLE_PRIMARY


def test_register_filters_by_phase_and_shows_it(client, officer, area):
    SchoolFactory(area=area, name="Hill Primary", phase=Partner.Phase.PRIMARY)
    SchoolFactory(area=area, name="Dale High", phase=Partner.Phase.SECONDARY)
    url = reverse("partners:partner-list", kwargs={"la_code": area.la_code})
    client.force_login(officer)
    page = client.get(url, {"phase": "primary"})
    names = [row.partner.name for row in page.context["rows"]]
    assert names == ["Hill Primary"]
    assert "match the filters" in page.content.decode()
    assert '<option value="primary" selected>Primary</option>' in page.content.decode()
    assert "Dale High" in client.get(url).content.decode()
    assert client.get(url, {"phase": "tertiary"}).context["form"].errors["phase"]


def test_only_schools_and_colleges_have_a_phase(area):
    with pytest.raises(ValidationError) as info:
        PartnerFactory(area=area, org_type="pct", phase=Partner.Phase.PRIMARY).full_clean()
    assert info.value.message_dict["phase"] == [
        "A primary care trust does not have a phase of education: leave it blank"]
    SchoolFactory(area=area, phase=Partner.Phase.PRIMARY).full_clean()


def test_form_edit_of_phase_is_audited_and_shown(client, officer, area):
    school = SchoolFactory(area=area, name="Hill School", phase=Partner.Phase.PRIMARY)
    data = {"name": "Hill School", "org_type": "school_community", "phase": "middle_primary", "urn": school.urn,
            "ukprn": "", "ods_code": "", "engagement": "invited", "lead_contact_name": "",
            "lead_contact_email": "", "notes": "",
            "agreement_signed_on_0": "", "agreement_signed_on_1": "", "agreement_signed_on_2": ""}
    edit = reverse("partners:partner-edit", kwargs={"la_code": area.la_code, "partner": school.pk})
    client.force_login(officer)
    response = client.post(edit, data)
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.phase == Partner.Phase.MIDDLE_PRIMARY
    latest = school.history.first()
    assert latest.history_user == officer and latest.phase == "middle_primary"
    page = client.get(reverse("partners:partner-detail", kwargs={"la_code": area.la_code, "partner": school.pk}))
    assert ("Phase of education", "Primary", "Middle deemed primary") in page.context["history"][0]["changes"]
    assert "Middle deemed primary" in page.content.decode()

    response = client.post(edit, {**data, "org_type": "pct", "urn": "", "ods_code": "5PQ"})
    assert response.status_code == 200
    assert response.context["form"].errors["phase"] == [
        "A primary care trust does not have a phase of education: leave it blank"]


def test_national_seed_gives_every_school_a_plausible_phase_deterministically():
    from io import StringIO

    from django.core.management import call_command

    from partners.models import PHASED_TYPES
    from partners.national_data import Part
    from trusts.national_data import NationalRun

    one, two = Part(NationalRun(seed=1)), Part(NationalRun(seed=1))
    samples = [("school_community", "Hill Primary School"), ("school_foundation", "Dale High School"),
               ("school_voluntary_aided", "St Joseph's Catholic Infant School"), ("school_nursery", "Fen Nursery School"),
               ("fe_college", "Moor College"), ("academy", "Oak Academy"), ("ctc", "Ash City Technology College")]
    phases = [one.school_phase(t, n) for t, n in samples]
    assert phases == [two.school_phase(t, n) for t, n in samples]
    assert phases[0] in ("primary", "middle_primary") and phases[2] in ("primary", "middle_primary")
    assert phases[1] in ("secondary", "middle_secondary", "all_through")
    assert phases[3:5] == ["nursery", "16_plus"] and phases[6] == "secondary"

    call_command("seed_national", stdout=StringIO(), areas=1, scale=0.05)
    schools = Partner.objects.filter(org_type__in=PHASED_TYPES)
    assert schools.exists() and not schools.filter(phase="").exists()
    assert not Partner.objects.exclude(org_type__in=PHASED_TYPES).exclude(phase="").exists()
    assert schools.filter(phase="primary").exists() and schools.filter(phase="secondary").exists()
