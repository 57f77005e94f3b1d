"""The stewards' admin for partners: national-scale changelist, filters, the two steward
groups, and bulk import (preview, confirm, row errors) and export through the admin views."""
import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Partner
from partners.tests.factories import PartnerFactory, SchoolFactory
from trusts.permissions import STEWARD_EDIT, STEWARD_READ
from trusts.tests.factories import CountyFactory, StewardFactory, AreaFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:partners_partner_changelist"
IMPORT = "admin:partners_partner_import"
PROCESS = "admin:partners_partner_process_import"


def group_steward(name):
    user = StewardFactory(is_superuser=False)
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def read_steward(db):
    return group_steward(STEWARD_READ)


@pytest.fixture
def edit_steward(db):
    return group_steward(STEWARD_EDIT)


@pytest.fixture
def fenshire(db):
    return CountyFactory(name="Fenshire", la_code="873", gss_code="E10000003")


@pytest.mark.parametrize("n_areas", [2, 25])
def test_partner_changelist_queries_flat(client, steward, n_areas, django_assert_num_queries):
    for _i in range(n_areas):
        area = AreaFactory()
        SchoolFactory(area=area)
        PartnerFactory(area=area, org_type="pct")
    client.force_login(steward)
    # session, user, capped count, rows (with areas), date hierarchy (range, years)
    with django_assert_num_queries(6) as queries:
        response = client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == min(2 * n_areas, response.context["cl"].list_per_page)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 10000" in counts[0]  # the count is bounded


def test_partner_changelist_relevant_region_and_framework_filters(client, steward, fenshire):
    fenshire.region = "east"
    fenshire.save()
    other = AreaFactory(name="Oldtown", framework="ca2004", region="london")
    PartnerFactory(area=fenshire, name="Fen District Council", org_type="district_council")
    PartnerFactory(area=fenshire, name="Fen Play Association", org_type="vcs")
    PartnerFactory(area=other, name="Oldtown Primary", org_type="school_community")
    client.force_login(steward)
    url = reverse(CHANGELIST)

    def names(**params):
        return {p.name for p in client.get(url, params).context["cl"].result_list}

    assert names(relevant="yes") == {"Fen District Council"}  # a school is not relevant under the 2004 Act
    assert names(relevant="no") == {"Fen Play Association", "Oldtown Primary"}
    assert names(area__region__exact="london") == {"Oldtown Primary"}
    assert names(framework="ca2004") == {"Oldtown Primary"}
    # an area without a chosen framework follows the one in force today
    assert names(framework="ascl2009_revoked_plan") == {"Fen District Council", "Fen Play Association"}


def test_read_steward_sees_but_cannot_change_or_import(client, read_steward, fenshire):
    partner = PartnerFactory(area=fenshire, name="Fen Police", org_type="police_authority")
    client.force_login(read_steward)
    assert client.get(reverse(CHANGELIST)).status_code == 200
    assert client.get(reverse("admin:partners_partner_history", args=[partner.pk])).status_code == 200
    change = reverse("admin:partners_partner_change", args=[partner.pk])
    client.post(change, {"area": fenshire.pk, "name": "Renamed", "org_type": "police_authority",
                         "engagement": "invited"})
    assert Partner.objects.get(pk=partner.pk).name == "Fen Police"
    assert client.get(reverse(IMPORT)).status_code == 403
    assert client.get(reverse("admin:partners_partner_export")).status_code == 200  # export needs only view


def test_edit_steward_can_change_and_import(client, edit_steward, fenshire):
    partner = PartnerFactory(area=fenshire, name="Fen Police", org_type="police_authority")
    client.force_login(edit_steward)
    change = reverse("admin:partners_partner_change", args=[partner.pk])
    response = client.post(change, {"area": fenshire.pk, "name": "Fenshire Police Authority",
                                    "org_type": "police_authority", "engagement": "engaged"})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.engagement) == ("Fenshire Police Authority", "engaged")
    assert partner.history.latest().history_user == edit_steward
    assert client.get(reverse(IMPORT)).status_code == 200


def _upload(client, text, name="partners.csv"):
    form = client.get(reverse(IMPORT)).context["form"]
    csv_index = next(value for value, label in form.fields["format"].choices if label.lower() == "csv")
    return client.post(reverse(IMPORT), {
        "format": csv_index, "import_file": SimpleUploadedFile(name, text.encode(), content_type="text/csv"),
    })


GOOD = (
    "la_code,name,org_type,urn,ukprn,ods_code,engagement,agreement_signed_on\n"
    "873,Hill Primary School,school_community,110123,,,signed,2009-05-01\n"
    "873,NHS Cambridgeshire,Primary Care Trust,,,5pp,,\n"
    "874,Peterborough College,fe_college,,10001234,,engaged,\n"
)


def test_import_good_file_preview_then_confirm_without_duplicates(client, edit_steward, fenshire):
    peterborough = AreaFactory(name="Peterborough", la_code="874", gss_code="E06000031")
    existing = PartnerFactory(area=fenshire, name="NHS Cambridgeshire", org_type="pct")
    client.force_login(edit_steward)
    preview = _upload(client, GOOD)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [r.import_type for r in result.rows] == ["new", "update", "new"]
    assert Partner.objects.count() == 1  # the preview saved nothing
    confirm = preview.context["confirm_form"]
    response = client.post(reverse(PROCESS), confirm.initial)
    assert response.status_code == 302
    assert Partner.objects.count() == 3
    school = Partner.objects.get(urn="110123")
    assert (school.area, school.engagement, str(school.agreement_signed_on)) == (fenshire, "signed", "2009-05-01")
    existing.refresh_from_db()
    assert existing.ods_code == "5PP"  # matched by name and type, given its ODS code
    assert existing.history.latest().history_user == edit_steward
    assert Partner.objects.get(ukprn="10001234").area == peterborough
    # the same file again: every row matched, nothing new
    again = _upload(client, GOOD.replace("Hill Primary School", "Hill Primary"))
    assert [r.import_type for r in again.context["result"].rows] == ["update", "skip", "skip"]
    client.post(reverse(PROCESS), again.context["confirm_form"].initial)
    assert Partner.objects.count() == 3
    assert Partner.objects.get(urn="110123").name == "Hill Primary"


BAD = (
    "la_code,name,org_type,urn,ukprn,ods_code,engagement\n"
    "873,Hill Primary School,school_community,110123,,,\n"  # fine on its own
    "999,Nowhere School,school_community,110124,,,\n"  # no such area
    "873,Fen Police,police_authority,110125,,,\n"  # the police have no URN
    "873,Mystery Body,spaceport,,,,\n"  # not an organisation type
    "873,Fen Primary,school_community,12,,,\n"  # not a URN
    "873,Fen Infants,school_community,110123,,,signed\n"  # signed without a date (same URN: same school)
)


def test_import_bad_file_shows_row_errors_and_saves_nothing(client, edit_steward, fenshire):
    client.force_login(edit_steward)
    response = _upload(client, BAD)
    result = response.context["result"]
    assert result.has_validation_errors()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {2, 3, 4, 5, 6}
    assert "No area has LA code 999" in str(errors[2])
    assert "does not have a URN" in str(errors[3])
    assert "is not a valid choice" in str(errors[4])
    assert "URN of 5 or 6 digits" in str(errors[5])
    assert "Enter the date the partnership agreement was signed" in str(errors[6])
    body = response.content.decode()
    assert "No area has LA code 999" in body
    assert not Partner.objects.exists()


def test_export_is_formula_safe_and_names_the_area(client, steward, fenshire):
    PartnerFactory(area=fenshire, name="=HYPERLINK(\"http://evil.example\")", org_type="vcs")
    client.force_login(steward)
    form = client.get(reverse("admin:partners_partner_export")).context["form"]
    csv_index = next(value for value, label in form.fields["format"].choices if label.lower() == "csv")
    response = client.post(reverse("admin:partners_partner_export"), {
        "format": csv_index, "resource": 0,
        **{f"partnerresource_{f}": "on" for f in ["la_code", "area", "name", "org_type"]},
    })
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["la_code", "area", "name", "org_type"]
    assert rows[1][:2] == ["873", "Fenshire"]
    assert not rows[1][2].startswith("=")
