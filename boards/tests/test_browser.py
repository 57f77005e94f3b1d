"""The board journey in real headless Chromium, with axe checks on each kind of page."""
import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from boards.models import Board, Meeting, Seat
from partners.tests.factories import PartnerFactory, SchoolFactory
from tests.support.browser import axe_serious, confirm_if_unusual, fill_date, follow, sign_in, submit
from trusts.models import User
from trusts.tests.factories import PASSWORD

ERROR_TITLE = re.compile(r"^Error: ")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def gap_count(page):
    return page.locator("#composition-checks .govuk-tag").count()


def add_seat_from_gap(page, check_key, name, email, role="member"):
    follow(page, None, page.locator(f"#composition-checks a[aria-describedby^='check-{check_key}-hint']"))
    assert page.get_by_role("heading", level=1).inner_text() == "Add a seat"
    page.get_by_label("Member's full name").fill(name)
    page.get_by_label("Member's email address").fill(email)
    page.locator(f"input[name='role'][value='{role}']").check()
    submit(page, "Save the seat")
    assert page.locator(".govuk-notification-banner--success").is_visible(), page.content()


def test_browser_board_journey(new_page, officer, area):
    area.framework = "ascl2009"
    area.save()
    PartnerFactory(area=area, org_type="police_authority", name="Northshire Police Authority")
    for _i in range(20):  # schools are relevant partners (s193): one group seat represents them all
        SchoolFactory(area=area)
    today = timezone.localdate()
    page = new_page()

    # the officer sets up the board from the area
    sign_in(page, officer.email, PASSWORD)
    page.goto(f"/areas/{area.la_code}/boards/")
    assert axe_serious(page) == []
    follow(page, "Set up a board")
    assert page.locator("#id_is_statutory_1").is_checked()  # the 2009 Act: statutory by default
    page.get_by_label("Name").fill("Northshire Children's Trust Board")
    page.locator("input[name='quorum_kind'][value='number']").check()
    page.get_by_label("Number of voting members", exact=True).fill("3")
    assert axe_serious(page) == []
    submit(page, "Save the board")
    assert page.get_by_role("heading", level=1).inner_text() == "Northshire Children's Trust Board"
    assert axe_serious(page) == []
    # an empty statutory board: authority, police, the 20 schools (one counted gap), schools, forum,
    # VCS, Director and Lead Member missing
    assert gap_count(page) == 8
    assert "Community school: 20 of 20 not represented" in page.locator("#composition-checks").inner_text()

    # the gaps close as seats are filled, each from its own "add" link
    add_seat_from_gap(page, "partners-police_authority", "Chris Constable", "chris@police.example.org")
    assert gap_count(page) == 7
    assert axe_serious(page) == []
    add_seat_from_gap(page, "dcs", "Dana Director", "dana@northshire.example.org", role="vice_chair")
    assert gap_count(page) == 5  # the Director also represents the authority
    add_seat_from_gap(page, "lead_member", "Cllr Lee Lead", "lee@northshire.example.org", role="chair")
    # the schools' gap offers a seat for the group "All maintained schools", pre-ticked
    add_seat_from_gap(page, "partners-school_community", "Sam School", "sam@school.example.org")
    assert gap_count(page) == 2  # the 20 schools and "schools are represented" both met
    assert "Schools are represented" in page.locator("#composition-checks").inner_text()
    members = page.locator("#seats ~ .app-table-scroll").first.inner_text()
    assert "All maintained schools (20 on the register today)" in members
    board = Board.objects.get()
    assert board.seats.count() == 4
    assert board.seats.get(person__email="sam@school.example.org").represented_groups == ["maintained_schools"]

    # a member cannot hold a second seat at once: refused with the reason
    page.goto(f"/boards/{board.pk}/seats/new/?constituency=vcs")
    page.get_by_label("Member's email address").fill("sam@school.example.org")
    submit(page, "Save the seat")
    expect(page).to_have_title(ERROR_TITLE)  # waits for the page the button leads to
    assert "already holds a seat on this board" in page.locator(".govuk-error-summary").inner_text()
    assert axe_serious(page) == []

    # run a meeting: agenda, attendance, quorum, decision
    page.goto(f"/boards/{board.pk}/")
    follow(page, "Add a meeting")
    fill_date(page, "date", today)
    confirm_if_unusual(page, today)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Where").fill("Northshire Hall")
    submit(page, "Save the meeting")
    follow(page, "Add an agenda item")
    page.get_by_label("Title").fill("Agree the joint needs assessment")
    submit(page, "Add the item")
    meeting = Meeting.objects.get()
    assert "Not quorate" in page.locator("#quorum").inner_text()
    follow(page, "Record a decision")
    assert "You cannot record this until the meeting is quorate" in page.content()
    assert axe_serious(page) == []
    page.goto(f"/boards/meetings/{meeting.pk}/attendance/")
    seats = list(Seat.objects.filter(board=board).order_by("pk"))
    # the police's member sends apologies; the school's member is there (and declares below)
    for seat in seats[1:]:
        page.locator(f"input[name='seat-{seat.pk}'][value='present']").check()
    page.locator(f"input[name='seat-{seats[0].pk}'][value='apologies']").check()
    assert axe_serious(page) == []
    submit(page, "Save attendance")
    assert "Quorate: 3 voting members present; the quorum is 3" in page.locator("#quorum").inner_text()
    follow(page, "Record a decision")
    page.get_by_label("Resolution").fill("The Board agreed the joint needs assessment.")
    page.locator("input[name='outcome'][value='carried']").check()
    page.get_by_label("Votes for").fill("3")
    page.get_by_label("Votes against").fill("0")
    submit(page, "Record the decision")
    assert "The Board agreed the joint needs assessment." in page.locator("main").inner_text()
    assert axe_serious(page) == []

    # the meeting was held; minutes drafted, then approved at the next meeting
    follow(page, "Change the meeting")
    page.locator("input[name='status'][value='held']").check()
    submit(page, "Save the meeting")
    follow(page, "Draft the minutes")
    page.get_by_label("Minutes").fill("The Board agreed the joint needs assessment (3 for, 0 against).")
    submit(page, "Save draft minutes")
    page.goto(f"/boards/{board.pk}/meetings/new/")
    fill_date(page, "date", today)
    confirm_if_unusual(page, today)
    page.get_by_label("Start time").fill("15:00")
    page.get_by_label("Where").fill("Northshire Hall")
    submit(page, "Save the meeting")
    second = Meeting.objects.exclude(pk=meeting.pk).get()
    page.goto(f"/boards/meetings/{second.pk}/attendance/")
    for seat in seats:
        page.locator(f"input[name='seat-{seat.pk}'][value='present']").check()
    submit(page, "Save attendance")
    follow(page, "Approve earlier minutes")
    page.locator(f"input[name='earlier'][value='{meeting.pk}']").check()
    submit(page, "Approve the minutes")
    assert Meeting.objects.get(pk=meeting.pk).minutes_approved_at_id == second.pk

    # published: the public page needs no sign-in
    public = new_page()  # a fresh browser context: not signed in
    public.goto(f"/public/areas/{area.la_code}/meetings/")
    follow(public, f"Northshire Children's Trust Board, {today:%-d %B %Y}")
    assert "3 for, 0 against" in public.content()
    assert axe_serious(public) == []

    # the member follows it from their own view and calendar
    member = User.objects.get(email="sam@school.example.org")
    member.set_password(PASSWORD)
    member.save()
    mine = new_page()
    sign_in(mine, member.email, PASSWORD)
    mine.goto("/boards/mine/")
    text = mine.locator("main").inner_text()
    assert "Northshire Children's Trust Board" in text and "Northshire Hall" in text
    assert axe_serious(mine) == []
    follow(mine, "Add the meetings to your calendar")
    feed_url = mine.locator("#calendar-all").inner_text()
    feed = mine.request.get(feed_url)
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert sorted(e.decoded("dtstart").time() for e in events) == [datetime.time(10), datetime.time(15)]
    assert axe_serious(mine) == []

    # without JavaScript, the member records their own declaration of interest
    nojs = new_page(javascript=False)
    sign_in(nojs, member.email, PASSWORD)
    nojs.goto(f"/boards/meetings/{meeting.pk}/")
    follow(nojs, "Declare an interest in Agree the joint needs assessment")
    nojs.locator("input[name='kind'][value='other']").check()
    nojs.get_by_label("What is your interest in this item?").fill("I am a governor of a school in the assessment")
    nojs.locator("input[name='left_room'][value='no']").check()
    submit(nojs, "Declare the interest")
    assert "Sam School: I am a governor" in nojs.locator("main").inner_text()
