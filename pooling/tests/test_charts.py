import xml.etree.ElementTree as ET
from decimal import Decimal

from django.urls import reverse

from pooling import charts, selectors, services
from pooling.tests.factories import PartnerFactory

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart):
    return ET.fromstring(str(chart.svg))


def test_contributions_chart_is_accessible_svg_matching_its_table(fund, officer, pct, police, area):
    odd = PartnerFactory(area=area, org_type="yot", name='Youth <Offending> & "Team"')
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2008, value=Decimal("1000.10"))
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("2000"))
    services.contribution_create(fund=fund, actor=officer, partner=police, year=2009, value=Decimal("500.5"))
    services.contribution_create(fund=fund, actor=officer, partner=odd, year=2010, value=Decimal("75"))
    chart = charts.contributions_chart(chart_id="c", rows=selectors.partner_year_list(fund=fund), stage="planned",
                                       years=fund.years)
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Planned contributions per partner per financial year"
    assert "2008-09, 2009-10, 2010-11" in root.find(f"{SVG}desc").text
    assert "style" not in str(chart.svg)
    drawn = {(r.get("data-series"), r.get("data-category")): r.get("data-value")
             for r in root.iter(f"{SVG}rect") if r.get("data-value")}
    assert drawn == {
        ("Northshire PCT", "2008-09"): "1000.10", ("Northshire PCT", "2009-10"): "2000.00",
        ("Northshire Constabulary", "2009-10"): "500.50", ('Youth <Offending> & "Team"', "2010-11"): "75.00",
    }
    # the table beside it carries the same figures
    assert chart.columns == ["Partner", "2008-09", "2009-10", "2010-11", "Total"]
    table = {row[0]: row[1:] for row in chart.rows}
    assert table["2. Northshire PCT"] == ["£1,000.10", "£2,000.00", "£0.00", "£3,000.10"]
    assert table["1. Northshire Constabulary"] == ["£0.00", "£500.50", "£0.00", "£500.50"]
    assert chart.footer == ["Total", "£1,000.10", "£2,500.50", "£75.00", "£3,575.60"]
    # without colour: every series has its own pattern and a numbered legend entry
    patterns = [p.get("id") for p in root.iter(f"{SVG}pattern")]
    assert patterns == ["c-p0", "c-p1", "c-p2"]
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text[0].isdigit() and ". " in t.text]
    assert legend == ["1. Northshire Constabulary", "2. Northshire PCT", '3. Youth <Offending> & "Team"']


def test_outcome_chart_lists_all_five_outcomes(fund, officer):
    services.spend_create(fund=fund, actor=officer, year=2009, outcome="stay_safe", service_area="other",
                          value=Decimal("300"))
    services.spend_create(fund=fund, actor=officer, year=2010, outcome="stay_safe", service_area="youth_offending",
                          value=Decimal("200"), stage="actual")
    chart = charts.outcome_chart(chart_id="o", rows=selectors.outcome_spend_list(fund=fund))
    root = parse(chart)
    assert root.find(f"{SVG}title").text == "Spend by Every Child Matters outcome"
    drawn = {(r.get("data-category"), r.get("data-series")): r.get("data-value")
             for r in root.iter(f"{SVG}rect") if r.get("data-value")}
    assert len(drawn) == 10
    assert drawn[("Stay safe", "Planned")] == "300.00" and drawn[("Stay safe", "Actual")] == "200.00"
    assert [r[0] for r in chart.rows] == ["Be healthy", "Stay safe", "Enjoy and achieve",
                                         "Make a positive contribution", "Achieve economic well-being"]
    assert chart.rows[1] == ["Stay safe", "£300.00", "£200.00"]


def test_fund_page_renders_charts_beside_tables(client, officer, area, fund, pct):
    services.contribution_create(fund=fund, actor=officer, partner=pct, year=2009, value=Decimal("1500"))
    client.force_login(officer)
    page = client.get(reverse("pooling:fund-detail", kwargs={"la_code": area.la_code, "fund": fund.pk})).content.decode()
    assert page.count('role="img"') == 2  # planned contributions and spend by outcome
    assert 'id="fund-planned-table"' in page and 'id="fund-outcomes-table"' in page
    assert "style=" not in page
    assert "<script>" not in page
