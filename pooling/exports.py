"""Funds, contributions and spend of an area as CSV and Excel, formula-injection safe.

Text goes through ``trusts.csvio.safe_cell`` (a leading =, +, -, @ is neutralised) and
is stored in Excel as a string; money is a number (Decimal) with a pounds format.
"""
import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from pooling.models import Contribution, PooledFund, Spend
from pooling.years import FinancialYear
from trusts.csvio import safe_cell, write_csv


def funds_table(*, area):
    header = ["Fund", "Legal basis", "Host", "Start date", "End date", "Financial years", "Status", "Purpose"]
    rows = [
        [f.name, f.get_legal_basis_display(), f.host.name, f.start_date, f.end_date, f.period_label,
         f.get_status_display(), f.purpose]
        for f in PooledFund.objects.filter(area=area).select_related("host").order_by("name")
    ]
    return header, rows


def contributions_table(*, area):
    header = ["Fund", "Partner", "Organisation type", "Financial year", "Kind", "Planned or actual",
              "Value (£)", "Description"]
    rows = [
        [c.fund.name, c.partner.name, c.partner.org_type_info.label, FinancialYear.label(c.year),
         c.get_kind_display(), c.get_stage_display(), c.value, c.description]
        for c in Contribution.objects.filter(fund__area=area).select_related("fund", "partner")
        .order_by("fund__name", "year", "partner__name", "kind", "stage")
    ]
    return header, rows


def spend_table(*, area):
    header = ["Fund", "Financial year", "Planned or actual", "Every Child Matters outcome", "Service area",
              "Value (£)", "Description"]
    rows = [
        [s.fund.name, FinancialYear.label(s.year), s.get_stage_display(), s.get_outcome_display(),
         s.get_service_area_display(), s.value, s.description]
        for s in Spend.objects.filter(fund__area=area).select_related("fund")
        .order_by("fund__name", "year", "outcome", "service_area", "stage")
    ]
    return header, rows


TABLES = {"funds": funds_table, "contributions": contributions_table, "spend": spend_table}
SHEET_TITLES = {"funds": "Funds", "contributions": "Contributions", "spend": "Spend"}


def _csv_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def to_csv(header, rows):
    return write_csv(([_csv_value(v) for v in row] for row in rows), header)


def to_xlsx(*, area):
    book = Workbook()
    book.remove(book.active)
    for key, build in TABLES.items():
        header, rows = build(area=area)
        sheet = book.create_sheet(SHEET_TITLES[key])
        sheet.append([safe_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, Decimal):
                    cell.value = value
                    cell.number_format = "£#,##0.00"
                elif isinstance(value, date):
                    cell.value = value
                    cell.number_format = "dd/mm/yyyy"
                else:
                    # text is always a string cell, never a formula
                    cell.value = safe_cell(value)
                    cell.data_type = "s"
        for column, title in zip(sheet.columns, header):
            sheet.column_dimensions[column[0].column_letter].width = max(12, min(60, len(title) + 6))
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
