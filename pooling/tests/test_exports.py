import csv
import io
from datetime import date
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from pooling import services
from pooling.models import PooledFund
from pooling.tests.factories import PartnerFactory

EVIL = '=HYPERLINK("http://evil.example","click")'


def setup(area, officer, authority):
    fund = services.fund_create(area=area, actor=officer, name="+SUM(A1:A9)", purpose="@cmd", legal_basis="s10",
                                host=authority, start_date=date(2009, 4, 1),
                                end_date=date(2010, 3, 31),
                                status=PooledFund.Status.ACTIVE)
    partner = PartnerFactory(area=area, org_type="pct", name=EVIL)
    services.contribution_create(fund=fund, actor=officer, partner=partner, year=2009, value=Decimal("1234.56"),
                                 kind="staff", description="-2+3")
    services.spend_create(fund=fund, actor=officer, year=2009, outcome="be_healthy", service_area="child_health",
                          value=Decimal("99.90"))
    return fund


def test_export_csv_neutralises_formulas(client, officer, area, authority, other_area):
    setup(area, officer, authority)
    client.force_login(officer)
    response = client.get(reverse("pooling:export-contributions-csv", kwargs={"la_code": area.la_code}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Fund", "Partner", "Organisation type", "Financial year", "Kind", "Planned or actual",
                       "Value (£)", "Description"]
    assert rows[1] == ["'+SUM(A1:A9)", "'" + EVIL, "Primary Care Trust", "2009-10", "Staff", "Planned", "1234.56",
                       "'-2+3"]
    funds = list(csv.reader(io.StringIO(client.get(
        reverse("pooling:export-funds-csv", kwargs={"la_code": area.la_code})).content.decode("utf-8-sig"))))
    assert funds[1][0] == "'+SUM(A1:A9)" and funds[1][-1] == "'@cmd"
    spend = client.get(reverse("pooling:export-spend-csv", kwargs={"la_code": area.la_code})).content.decode()
    assert "Be healthy" in spend and "99.90" in spend
    assert client.get(reverse("pooling:export-spend-csv", kwargs={"la_code": other_area.la_code})).status_code == 404


def test_export_xlsx_types_cells_and_neutralises_formulas(client, officer, area, authority):
    setup(area, officer, authority)
    client.force_login(officer)
    response = client.get(reverse("pooling:export-xlsx", kwargs={"la_code": area.la_code}))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Funds", "Contributions", "Spend"]
    sheet = book["Contributions"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["Partner"].value == "'" + EVIL and row["Partner"].data_type == "s"
    assert row["Fund"].value == "'+SUM(A1:A9)" and row["Fund"].data_type == "s"
    assert row["Description"].value == "'-2+3"
    assert row["Value (£)"].data_type == "n" and Decimal(str(row["Value (£)"].value)) == Decimal("1234.56")
    assert all(cell.data_type != "f" for s in book for r in s.iter_rows() for cell in r)
    funds = book["Funds"]
    assert funds["D2"].is_date
