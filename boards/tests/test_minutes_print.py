"""The minutes as a PDF (tagged PDF/UA-1, as the agenda pack) and print views of the
minutes and the decisions, public only once the minutes are approved."""

import pytest
from django.urls import reverse

from boards.models import Meeting
from boards.tests.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, day

pytestmark = pytest.mark.django_db

ROUTES = ("boards:public-minutes-print", "boards:public-minutes-pdf", "boards:public-decisions-print")


@pytest.fixture
def held(board):
    """A held meeting with two items, one with a carried decision (with votes), minutes approved at
    the next meeting."""
    meeting = MeetingFactory(board=board, date=day(-40), status=Meeting.Status.HELD,
                             minutes="Present: the chair and four members.\n\nThe board agreed the plan.")
    plan = AgendaItemFactory(meeting=meeting, position=1, title="The children and young people's plan")
    AgendaItemFactory(meeting=meeting, position=2, title="Any other business")
    DecisionFactory(item=plan, resolution="The board approves the plan for 2027 to 2030.", votes_for=5,
                    votes_against=1, votes_abstain=0, present_voting=6, quorum_required=3)
    return meeting


def approve(meeting):
    later = MeetingFactory(board=meeting.board, date=day(-5), status=Meeting.Status.HELD)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=Meeting.MinutesStatus.APPROVED,
                                                 minutes_approved_at=later)
    return later


def url(name, meeting, area=None):
    return reverse(name, kwargs={"la_code": (area or meeting.board.area).la_code, "meeting": meeting.pk})


def test_draft_minutes_are_never_public_in_any_form(client, held, other_area):
    Meeting.objects.filter(pk=held.pk).update(minutes_status=Meeting.MinutesStatus.DRAFT)
    for name in ROUTES:
        assert client.get(url(name, held)).status_code == 404, name
    approve(held)
    for name in ROUTES:
        assert client.get(url(name, held)).status_code == 200, name
        # another area's address for the meeting: not found
        assert client.get(url(name, held, other_area)).status_code == 404, name


def test_minutes_print_view(client, held):
    later = approve(held)
    html = client.get(url("boards:public-minutes-print", held)).content.decode()
    assert "boards/agenda-print.css" in html and 'class="govuk-header' not in html
    assert "<title>Minutes: Northshire Children&#x27;s Trust Board" in html
    assert "The board agreed the plan." in html
    assert f"Approved as a correct record at the meeting on {later.date:%-d %B %Y}" in html
    # the public minutes page links to the PDF and both print views
    page = client.get(url("boards:public-minutes", held)).content.decode()
    for name in ROUTES:
        assert url(name, held) in page


def test_decisions_print_view_lists_each_decision_with_votes(client, held):
    approve(held)
    html = client.get(url("boards:public-decisions-print", held)).content.decode()
    assert "Decisions of the meeting on" in html and "boards/agenda-print.css" in html
    assert "1. The children and young people&#x27;s plan" in html
    assert "<strong>Carried.</strong> The board approves the plan for 2027 to 2030." in html
    assert "Votes: 5 for, 1 against, 0 abstaining. 6 voting members present; the quorum was 3." in html
    assert "Any other business" not in html  # no decision on it


def test_a_meeting_with_no_decisions_says_so(client, board):
    meeting = MeetingFactory(board=board, date=day(-40), status=Meeting.Status.HELD, minutes="Noted.")
    AgendaItemFactory(meeting=meeting, title="Updates")
    approve(meeting)
    html = client.get(url("boards:public-decisions-print", meeting)).content.decode()
    assert "The board made no decisions at this meeting." in html


def test_minutes_pdf_is_tagged_with_title_and_language(client, held):
    approve(held)
    response = client.get(url("boards:public-minutes-pdf", held))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="minutes-{held.board.area.la_code}-{held.date:%Y-%m-%d}.pdf"' in response["Content-Disposition"]
    body = response.content
    from tests.support.pdf import pdf_objects, ref, stream_of

    objects = pdf_objects(body)
    catalog = next(raw for raw in objects.values() if b"/Type /Catalog" in raw)
    assert b"/StructTreeRoot" in catalog and b"/MarkInfo <</Marked true>>" in catalog
    assert b"/Lang (en-GB)" in catalog and b"/DisplayDocTitle true" in catalog
    xmp = stream_of(objects[ref(catalog, b"Metadata")]).decode()
    assert 'pdfuaid:part="1"' in xmp
    assert f"Minutes: {held.board.name}, {held.date:%-d %B %Y}".replace("'", "&#39;") in xmp \
        or f"Minutes: {held.board.name}, {held.date:%-d %B %Y}" in xmp
