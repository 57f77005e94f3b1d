"""Agreement through group seats at real size, in headless Chromium with axe: an area with over 300
relevant partners (every school a relevant partner, s193). The officer sends a complete plan
to the partners; the board's group representatives agree for their schools; one school
answers for itself; the officer records an answer that came by letter (with the letter);
the outstanding list empties; the board meets, is quorate, and a carried decision on the
agenda item approves the version; the public page and PDF show it."""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boards.models import Constituency
from boards.tests.factories import BoardFactory, BoardMemberFactory, MeetingFactory, SeatFactory
from partners.models import Partner
from plans.models import AgreementRequest, AgreementResponse, PlanVersion
from plans.tests.factories import complete_plan, make_contact, mark_present
from tests.support.browser import axe_serious, sign_in
from trusts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = PlanVersion.Status
MAX_HTML = 100 * 1024


def _schools(area, n, org_type, phase, prefix, urn_from):
    return [Partner(area=area, name=f"{prefix} {i + 1:03d}", org_type=org_type, phase=phase, urn=str(urn_from + i))
            for i in range(n)]


@pytest.fixture
def real_area(law_area, relevant_partners):
    """320 schools, 3 statutory partners; a board seating the schools through three group seats."""
    Partner.objects.bulk_create([
        *_schools(law_area, 200, "school_community", "primary", "Northshire Primary School", 300000),
        *_schools(law_area, 70, "school_community", "secondary", "Northshire High School", 310000),
        *_schools(law_area, 40, "academy", "secondary", "Northshire Academy", 320000),
        *_schools(law_area, 10, "school_community_special", "not_applicable", "Northshire Special School", 330000),
    ])
    pct, yot, police = relevant_partners
    board = BoardFactory(area=law_area)
    reps = {}
    for key, groups in (("primary", ["maintained_primary"]), ("secondary", ["maintained_secondary", "special_schools"]),
                        ("academies", ["academies"])):
        person = BoardMemberFactory(area=law_area, email=f"{key}.rep@schools.example.org",
                                    full_name=f"{key.title()} Representative")
        reps[key] = SeatFactory(board=board, person=person, constituency=Constituency.SCHOOLS,
                                represented_groups=groups)
    # the Youth Offending Team is represented by name on the health and justice seat
    justice = SeatFactory(board=board, constituency=Constituency.PARTNER, partner=yot,
                          person=BoardMemberFactory(area=law_area, email="justice.rep@example.org",
                                                    full_name="Justice Representative"))
    meeting = MeetingFactory(board=board, date=timezone.localdate(), status="scheduled")
    contacts = {p.org_type: make_contact(p, f"{p.org_type}@partners.example.org") for p in (pct, police)}
    school = Partner.objects.get(name="Northshire Academy 007")
    contacts["school"] = make_contact(school, "head@academy7.example.org")
    return {"area": law_area, "board": board, "reps": reps, "justice": justice, "meeting": meeting,
            "contacts": contacts, "school": school, "police": police}


def _small(page):
    html = page.content()
    assert len(html.encode()) < MAX_HTML, f"{page.url} is {len(html.encode()) // 1024} KB"
    return html


def test_browser_real_size_journey(new_page, officer, real_area, live_server, tmp_path):
    area = real_area["area"]
    la = area.la_code
    relevant = Partner.objects.relevant(area).count()
    assert relevant >= 300
    version = complete_plan(area)
    plan_url = f"/areas/{la}/plan/versions/{version.number}/"

    # the officer sends the complete plan out for consultation, then to every relevant partner
    page = new_page()
    sign_in(page, officer.email, PASSWORD)
    page.goto(plan_url)
    assert "Contents" in _small(page)
    page.get_by_role("link", name="Send out for consultation").click()
    page.get_by_role("button", name="Send out for consultation").click()
    page.get_by_role("link", name="Send to partners to agree").first.click()
    assert axe_serious(page) == []
    page.get_by_role("button", name="Send to partners to agree").click()
    assert f"0 of {relevant} relevant partners agreed" in _small(page)
    assert axe_serious(page) == []
    assert AgreementRequest.objects.filter(version=version).count() == relevant

    # one school answers for itself first: its own answer stands whatever its representative says
    head = new_page()
    sign_in(head, real_area["contacts"]["school"].email, PASSWORD)
    head.goto(plan_url)
    head.get_by_role("link", name="Record Northshire Academy 007's answer").click()
    head.get_by_label("Yes, we agree it").check()
    head.get_by_role("button", name="Record our answer").click()
    assert f"1 of {relevant} relevant partners agreed" in head.content()

    # each group representative agrees for the schools the seat represents
    for key in ("primary", "secondary", "academies"):
        rep = new_page()
        sign_in(rep, real_area["reps"][key].person.email, PASSWORD)
        rep.goto(plan_url)
        _small(rep)
        rep.get_by_role("link", name=re.compile(r"^Answer for the \d+ partners? waiting")).click()
        assert axe_serious(rep) == []
        rep.get_by_label("Yes, they agree it").check()
        rep.get_by_role("button", name="Give this answer for the partners").click()
        expect(rep.locator(".govuk-notification-banner")).to_contain_text("You have agreed for")
        rep.close()
    own = AgreementResponse.objects.filter(request__partner=real_area["school"]).order_by("at")
    assert [r.via for r in own] == ["page"]  # the academy's own answer was not overwritten
    assert AgreementResponse.objects.filter(via="representative").count() == 319

    # the Youth Offending Team's seat holder answers for it; the PCT's contact answers itself
    justice = new_page()
    sign_in(justice, real_area["justice"].person.email, PASSWORD)
    justice.goto(plan_url)
    justice.get_by_role("link", name=re.compile(r"^Answer for the 1 partner waiting")).click()
    justice.get_by_label("Yes, they agree it").check()
    justice.get_by_role("button", name="Give this answer for the partners").click()
    expect(justice.locator(".govuk-notification-banner")).to_contain_text("You have agreed for 1 partner")
    pct = new_page()
    sign_in(pct, real_area["contacts"]["pct"].email, PASSWORD)
    pct.goto(plan_url)
    pct.get_by_role("link", name="Record NHS Northshire PCT's answer").click()
    pct.get_by_label("Yes, we agree it").check()
    pct.get_by_role("button", name="Record our answer").click()

    # the police answered by letter: the officer records it from the answers page, with the letter
    page.goto(plan_url)
    html = _small(page)
    assert "Outstanding: 1 not yet agreed" in html and "Northshire Police Authority" in html
    page.goto(f"{plan_url}answers/?answer=none")
    assert axe_serious(page) == []
    page.get_by_role("link", name="Record an answer from Northshire Police Authority").click()
    page.get_by_label("It agrees the plan").check()
    today = timezone.localdate()
    page.locator("#id_received_on_0").fill(str(today.day))
    page.locator("#id_received_on_1").fill(str(today.month))
    page.locator("#id_received_on_2").fill(str(today.year))
    page.get_by_role("radio", name="Letter", exact=True).check()
    letter = tmp_path / "letter.txt"
    letter.write_text("Northshire Police Authority agrees the Children and Young People's Plan.\n")
    page.get_by_label("The letter or e-mail (optional)").set_input_files(str(letter))
    assert axe_serious(page) == []
    page.get_by_role("button", name="Record the answer").click()
    recorded = AgreementResponse.objects.get(request__partner=real_area["police"])
    assert recorded.via == "officer" and recorded.channel == "letter" and recorded.document

    # the outstanding list is empty: the plan goes on the board's agenda
    page.goto(plan_url)
    html = _small(page)
    assert f"{relevant} of {relevant} relevant partners agreed" in html and "not yet agreed" not in html
    page.get_by_role("link", name="Put on a board meeting's agenda").click()
    page.get_by_label("Board meeting").select_option(index=1)
    page.get_by_role("button", name="Put on the agenda").click()
    assert "Awaiting board approval" in page.content()

    # the board meets and is quorate; the clerk records the carried decision on the agenda item
    board = real_area["board"]
    mark_present(real_area["meeting"], list(board.seats.all()))
    page.goto(f"/boards/meetings/{real_area['meeting'].pk}/")
    _small(page)
    assert axe_serious(page) == []
    page.get_by_role("link", name=re.compile(r"^Record a decision on Approve the Children")).click()
    page.get_by_label("Resolution").fill(f"The board approves version {version.number} of the plan.")
    page.get_by_role("radio", name="Carried", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    version.refresh_from_db()
    assert version.status == S.PUBLISHED and version.published_on == today

    # the board page stays a summary at this size
    page.goto(f"/boards/{board.pk}/")
    _small(page)
    assert axe_serious(page) == []

    # published: the public page and the PDF, without signing in
    public = new_page()
    response = public.goto(f"/public/areas/{la}/plan/")
    assert response.status == 200 and version.title in public.content()
    assert axe_serious(public) == []
    pdf = public.request.get(f"{live_server.url}/public/areas/{la}/plan.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
