"""Board business in real headless Chromium, with axe on each new page: the officer builds and publishes
an agenda, the public page shows it, a member sends apologies with their substitute, a member
declares a registered pecuniary interest and leaves the room (the item's quorum recalculated),
the decision is recorded, the minutes are drafted from the record and approved."""
import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from boards.models import Attendance, Board, Constituency, Declaration, Meeting, Seat
from boards.tests.factories import BoardFactory, BoardMemberFactory, SeatFactory
from tests.support.browser import (
    DESKTOP,
    NARROW,
    axe_serious,
    confirm_if_unusual,
    fill_date,
    follow,
    reflow_problems,
    sign_in,
    submit,
)
from trusts.notices.workdays import is_working_day
from trusts.tests.factories import PASSWORD

ERROR_TITLE = re.compile(r"^Error: ")
LONDON = ZoneInfo("Europe/London")


def at_both_widths(page):
    """axe at 1280 px, then axe and reflow at 320 px (WCAG 2.2 SC 1.4.10); back to 1280 px."""
    page.set_viewport_size(DESKTOP)
    problems = [f"1280 px: {v}" for v in axe_serious(page)]
    page.set_viewport_size(NARROW)
    problems += [f"320 px: {v}" for v in reflow_problems(page) + axe_serious(page)]
    page.set_viewport_size(DESKTOP)
    return problems
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_working_day(start):
    day = start
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def test_browser_board_business_journey(new_page, officer, area, tmp_path):
    board = BoardFactory(area=area, name="Northshire Children's Trust Board", quorum_kind=Board.QuorumKind.NUMBER,
                         quorum_number=3, quorum_numerator=None, quorum_denominator=None)

    def seat(name, email, **kwargs):
        person = BoardMemberFactory(full_name=name, email=email, area=area)
        return SeatFactory(board=board, person=person, constituency=Constituency.PARENTS, **kwargs)

    lee = seat("Cllr Lee Lead", "lee@example.org", role=Seat.Role.CHAIR)
    bella = seat("Bella Board", "bella@example.org", substitute_name="Sid Substitute")
    sam = seat("Sam School", "sam@example.org")
    chris = seat("Chris Constable", "chris@example.org")
    today = timezone.localdate()
    meeting_day = next_working_day(today + datetime.timedelta(days=21))

    # the officer adds a meeting and tries to publish its empty agenda: refused, nothing changed
    page = new_page()
    sign_in(page, officer.email, PASSWORD)
    page.goto(f"/boards/{board.pk}/meetings/new/")
    fill_date(page, "date", meeting_day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Where").fill("Northshire Hall")
    submit(page, "Save the meeting")
    meeting = Meeting.objects.get()
    summary = page.locator("#agenda-publication").inner_text()
    assert f"Publish it by {meeting.agenda_deadline:%A %-d %B %Y}" in summary
    assert "Expected attendance" in page.locator("#quorum").inner_text()
    assert "Not quorate" not in page.locator("main").inner_text()
    assert axe_serious(page) == []
    submit(page, "Publish the agenda and papers")
    assert "Add at least one item to the agenda before publishing it" in page.locator(".govuk-error-summary").inner_text()
    assert axe_serious(page) == []
    assert Meeting.objects.get().agenda_published_at is None

    # builds the agenda: an item with a paper, then publishes it
    page.goto(f"/boards/meetings/{meeting.pk}/")
    follow(page, "Add an agenda item")
    page.get_by_label("Title").fill("Children's homes contract")
    submit(page, "Add the item")
    follow(page, "Upload a paper for Children's homes contract")
    paper = tmp_path / "tender.pdf"
    from boards.tests.factories import MINIMAL_PDF

    paper.write_bytes(MINIMAL_PDF)
    page.get_by_label("Title").fill("Tender evaluation report")
    page.set_input_files("input[type=file]", str(paper))
    submit(page, "Upload the paper")
    submit(page, "Publish the agenda and papers")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert "Agenda published" in page.locator("main").inner_text()
    assert axe_serious(page) == []

    # the public page shows the agenda and its paper, and the agenda pack
    public = new_page()
    public.goto(f"/public/areas/{area.la_code}/meetings/")
    assert axe_serious(public) == []
    follow(public, f"Agenda and papers for {meeting_day:%-d %B %Y}")
    text = public.locator("main").inner_text()
    assert "Children's homes contract" in text and "Tender evaluation report" in text
    assert at_both_widths(public) == []
    pack = public.request.get(public.locator("a", has_text="agenda pack").get_attribute("href"))
    assert pack.ok and pack.body().startswith(b"%PDF")
    public.goto(f"/public/areas/{area.la_code}/meetings/{meeting.pk}/agenda/print/")
    assert at_both_widths(public) == []

    # Bella sends her apologies; her seat's substitute comes in her place
    member = new_page()
    sign_in(member, bella.person.email, PASSWORD)
    member.goto(f"/boards/meetings/{meeting.pk}/")
    follow(member, "Send your apologies")
    assert axe_serious(member) == []
    member.locator("input[name='with_substitute'][value='yes']").check()
    submit(member, "Send apologies")
    assert "your substitute, Sid Substitute, attends in your place" in member.locator("#my-apologies").inner_text()
    page.goto(f"/boards/meetings/{meeting.pk}/")
    assert "(substitute: Sid Substitute)" in page.locator("#attendance ~ table").first.inner_text()
    assert at_both_widths(page) == []

    # Sam keeps a register of interests
    sam_page = new_page()
    sign_in(sam_page, sam.person.email, PASSWORD)
    sam_page.goto("/boards/interests/")
    follow(sam_page, "Add an interest")
    sam_page.locator("input[name='kind'][value='pecuniary']").check()
    sam_page.get_by_label("Describe the interest").fill("Director of Northshire Care Ltd, a bidder")
    fill_date(sam_page, "start_on", today - datetime.timedelta(days=100))
    assert axe_serious(sam_page) == []
    submit(sam_page, "Add to my register")
    assert "Director of Northshire Care Ltd" in sam_page.locator("main").inner_text()
    assert at_both_widths(sam_page) == []

    # the day of the meeting: attendance, with Bella's apologies carried in
    Meeting.objects.filter(pk=meeting.pk).update(date=today)
    page.goto(f"/boards/meetings/{meeting.pk}/attendance/")
    assert page.locator(f"input[name='seat-{bella.pk}'][value='substitute']").is_checked()
    assert page.locator(f"#id_sub-{bella.pk}").input_value() == "Sid Substitute"
    for s in (lee, sam, chris):
        page.locator(f"input[name='seat-{s.pk}'][value='present']").check()
    submit(page, "Save attendance")
    assert "Quorate: 4 voting members present; the quorum is 3" in page.locator("#quorum").inner_text()
    assert Meeting.objects.get().status == Meeting.Status.HELD

    # Sam declares the registered interest and leaves the room: 3 counted for the item
    sam_page.goto(f"/boards/meetings/{meeting.pk}/")
    follow(sam_page, "Declare an interest in Children's homes contract")
    sam_page.get_by_label(re.compile("Director of Northshire Care Ltd")).check()
    sam_page.locator("input[name='left_room'][value='yes']").check()
    assert axe_serious(sam_page) == []
    submit(sam_page, "Declare the interest")
    declaration = Declaration.objects.get()
    assert (declaration.kind, declaration.left_room) == ("pecuniary", True)
    item_text = sam_page.locator(f"#item-{declaration.item_id}").inner_text()
    assert "Quorate for this item" in item_text
    assert "3 voting members present; the quorum is 3" in item_text
    assert "1 member who declared an interest left the room and is not counted" in item_text
    assert at_both_widths(sam_page) == []

    # the decision: 4 votes would be more than the 3 counted
    page.goto(f"/boards/meetings/{meeting.pk}/")
    follow(page, "Record a decision on Children's homes contract")
    assert "3 voting members present" in page.locator("#quorum").inner_text()
    page.get_by_label("Resolution").fill("The contract is awarded to Acme Care.")
    page.locator("input[name='outcome'][value='carried']").check()
    page.get_by_label("Votes for").fill("4")
    submit(page, "Record the decision")
    expect(page).to_have_title(ERROR_TITLE)
    page.get_by_label("Votes for").fill("3")
    page.get_by_label("Votes against").fill("0")
    submit(page, "Record the decision")
    assert "The contract is awarded to Acme Care." in page.locator("main").inner_text()

    # an action for Chris, listed at the next meeting until done
    follow(page, "Add an action")
    page.get_by_label("What is to be done?").fill("Report on the contract's first quarter")
    page.get_by_label("Who owns it?").select_option(str(chris.pk))
    fill_date(page, "due_on", today + datetime.timedelta(days=90))
    assert at_both_widths(page) == []
    submit(page, "Add the action")
    assert "Report on the contract's first quarter" in page.locator("#actions ~ div").first.inner_text()

    # minutes drafted from the record, edited, then approved at the next meeting
    follow(page, "Draft the minutes")
    draft = page.get_by_label("Minutes").input_value()
    assert "Sid Substitute for Bella Board" in draft
    assert "Report on the contract's first quarter (owner: Chris Constable" in draft
    assert "Sam School, item 1 (Children's homes contract): Pecuniary interest" in draft
    assert "Left the room for the item." in draft
    assert "Resolved: The contract is awarded to Acme Care. Carried (for 3, against 0, abstentions 0)." in draft
    assert axe_serious(page) == []
    page.get_by_label("Minutes").fill(draft + "\nThe chair thanked the officers.")
    submit(page, "Save draft minutes")
    page.goto(f"/boards/{board.pk}/meetings/new/")
    fill_date(page, "date", today)
    confirm_if_unusual(page, today)
    page.get_by_label("Start time").fill("23:00")
    page.get_by_label("Where").fill("Northshire Hall")
    submit(page, "Save the meeting")
    second = Meeting.objects.exclude(pk=meeting.pk).get()
    page.goto(f"/boards/meetings/{second.pk}/attendance/")
    for s in (lee, bella, sam, chris):
        page.locator(f"input[name='seat-{s.pk}'][value='present']").check()
    submit(page, "Save attendance")
    assert "Report on the contract's first quarter" in page.locator("main").inner_text()  # open, from the last meeting
    assert at_both_widths(page) == []
    follow(page, "Approve earlier minutes")
    page.locator(f"input[name='earlier'][value='{meeting.pk}']").check()
    submit(page, "Approve the minutes")
    assert Meeting.objects.get(pk=meeting.pk).stage == "minutes_approved"
    public.goto(f"/public/areas/{area.la_code}/meetings/{meeting.pk}/minutes/")
    assert "The chair thanked the officers." in public.locator("main").inner_text()
    assert axe_serious(public) == []
    assert Attendance.objects.get(meeting=meeting, seat=bella).substitute_name == "Sid Substitute"

    # the action falls due and is not done: the morning sweep of the next working day chases its owner
    from django.core import mail

    from trusts.notices.models import ReminderLog
    from trusts.notices.services import reminders_sweep

    chase_on = today + datetime.timedelta(days=91)
    while not is_working_day(chase_on):
        chase_on += datetime.timedelta(days=1)
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime.combine(chase_on, datetime.time(6, 30), tzinfo=LONDON), tick=False):
        reminders_sweep(today=chase_on)
    chased = ReminderLog.objects.get(kind="action_overdue")
    assert chased.recipient_email == chris.person.email
    chasing = [m for m in mail.outbox if "Report on the contract" in m.body]
    assert len(chasing) == 1 and chasing[0].to == [f"{chris.person.full_name} <{chris.person.email}>"]
