"""Dates, numbers and names that make no sense are form errors, never stored or a server error."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards import services
from boards.models import Board, JointAreaInvitation, Meeting, Seat
from boards.tests.factories import (
    BoardFactory,
    JointAreaInvitationFactory,
    day,
)
from trusts.models import User
from trusts.tests.factories import date_input

pytestmark = pytest.mark.django_db




def test_meeting_dated_year_one_is_refused(client, board, officer):
    client.force_login(officer)
    url = reverse("boards:meeting-create", kwargs={"board": board.pk})
    response = client.post(url, {"date_0": "1", "date_1": "1", "date_2": "1", "start_time": "10:00",
                                 "place": "Hall", "status": "held"})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert "The date of the meeting must be on or after 1 January 2004" in html
    response = client.post(url, {**date_input("date", day(365 * 11)), "start_time": "10:00", "place": "Hall",
                                 "status": "scheduled"})
    assert "The date of the meeting must be on or before" in response.content.decode()
    assert not Meeting.objects.exists()
    # the service refuses it too, whatever a view does
    with pytest.raises(ValidationError):
        services.meeting_create(board=board, actor=officer, date=datetime.date(1, 1, 1),
                                start_time=datetime.time(10), place="Hall", status=Meeting.Status.HELD)
    assert not Meeting.objects.exists()


def test_seat_terms_out_of_range_are_refused(client, board, officer):
    client.force_login(officer)
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_name": "Old Timer", "person_email": "old@example.org", "role": "member", "voting": "yes",
        "constituency": "vcs", **date_input("term_start", datetime.date(1900, 1, 1)),
        **date_input("term_end", datetime.date(9999, 1, 1))})
    html = response.content.decode()
    assert "The date the term starts must be on or after 1 January 2004" in html
    assert "The date the term ends must be on or before" in html
    assert not Seat.objects.exists() and not User.objects.filter(email="old@example.org").exists()


def test_numbers_that_are_not_numbers_are_form_errors(client, area, officer, board):
    client.force_login(officer)
    response = client.post(reverse("boards:board-create", kwargs={"la_code": area.la_code}), {
        "name": "B", "quorum_kind": "number", "quorum_number": "abc", "quorum_chair_required": "no",
        "is_statutory": "yes"})
    assert response.status_code == 200
    assert "Enter the number of members as a whole number" in response.content.decode()
    # a "digit" Python cannot turn into a number, in the query string of "Add a seat"
    response = client.get(reverse("boards:seat-create", kwargs={"board": board.pk}) + "?partner=%C2%B2&constituency=x")
    assert response.status_code == 200 and "partner" not in response.context["form"].initial
    response = client.post(reverse("boards:invitation-answer", kwargs={
        "invitation": JointAreaInvitationFactory(board=BoardFactory(), area=area).pk}), {"answer": "abc"})
    assert response.status_code == 302  # refused with a message, nothing changed
    assert JointAreaInvitation.objects.get().status == JointAreaInvitation.Status.PENDING


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "Board \u202egnp.exe"])
def test_invisible_or_reversed_names_are_refused(client, area, officer, board, name):
    client.force_login(officer)
    response = client.post(reverse("boards:board-create", kwargs={"la_code": area.la_code}), {
        "name": name, "quorum_kind": "number", "quorum_number": "2", "quorum_chair_required": "no",
        "is_statutory": "yes"})
    assert response.status_code == 200 and "<title>Error: " in response.content.decode()
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_name": name, "person_email": "new@example.org", "role": "member", "voting": "yes",
        "constituency": "vcs", **date_input("term_start", day(0))})
    assert response.status_code == 200 and "<title>Error: " in response.content.decode()
    assert Board.objects.count() == 1 and not User.objects.filter(email="new@example.org").exists()
