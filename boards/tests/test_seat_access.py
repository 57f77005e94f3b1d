"""Who reaches a board: a new seat holder is invited, their access ends with their last term;
read pages refuse a POST, and a read-only steward changes nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.access import seat_terms_ended
from boards.models import Meeting, Seat
from boards.tests.factories import (
    BoardFactory,
    BoardMemberFactory,
    SeatFactory,
    day,
    member_areas,
)
from trusts.accounts import access_sweep
from trusts.models import Membership, User
from trusts.tests.factories import date_input

pytestmark = pytest.mark.django_db




def test_a_new_seat_holder_is_invited_and_shown_as_invited(client, board, officer):
    client.force_login(officer)
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_name": "Ivy Invited", "person_email": "ivy@example.org", "role": "member", "voting": "yes",
        "constituency": "vcs", **date_input("term_start", day(0))})
    assert response.status_code == 302
    ivy = User.objects.get(email="ivy@example.org")
    assert ivy.invited_at is not None and not ivy.has_usable_password()
    assert ivy.account_status == User.AccountStatus.INVITED
    seat = Seat.objects.get()
    html = client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).content.decode()
    resend = reverse("boards:seat-invite", kwargs={"seat": seat.pk})
    assert "Invited" in html and resend in html

    first = ivy.invited_at
    assert client.post(resend).status_code == 302
    ivy.refresh_from_db()
    assert ivy.invited_at > first

    # once they have set a password they are active, and there is nothing to resend
    ivy.set_password("a-long-enough-password")
    ivy.save()
    html = client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).content.decode()
    assert "Active" in html and resend not in html


def test_resending_is_the_boards_officers_work(client, board, officer, other_officer):
    seat = SeatFactory(board=board, person=BoardMemberFactory(area=board.area))
    url = reverse("boards:seat-invite", kwargs={"seat": seat.pk})
    client.force_login(other_officer)
    assert client.post(url).status_code == 404
    client.force_login(seat.person)
    assert client.post(url).status_code == 403
    seat.person.refresh_from_db()
    assert seat.person.invited_at is None


def test_access_ends_when_the_last_term_ends(board, other_area, officer, other_officer):
    yesterday = day(-1)
    board.joint_areas.add(other_area)
    gone = SeatFactory(board=board, person=BoardMemberFactory(area=board.area), term_start=day(-400),
                       term_end=yesterday).person
    Membership.objects.create(user=gone, area=other_area, role="board_member")
    # ended on this board, but still sits on another board of the lead area: keeps that area only
    moved = SeatFactory(board=board, person=BoardMemberFactory(area=board.area), term_start=day(-400),
                        term_end=yesterday).person
    Membership.objects.create(user=moved, area=other_area, role="board_member")
    SeatFactory(board=BoardFactory(area=board.area), person=moved)
    staying = SeatFactory(board=board, person=BoardMemberFactory(area=board.area), term_end=day(0)).person

    yielded = {(u.email, a.la_code) for u, a, kind, reason in seat_terms_ended(timezone.localdate())}
    assert yielded == {(gone.email, board.area.la_code), (gone.email, other_area.la_code),
                       (moved.email, other_area.la_code)}

    assert access_sweep() == 3
    for user in (gone, moved, staying):
        user.refresh_from_db()
    assert member_areas(gone) == set() and not gone.is_active
    assert member_areas(moved) == {board.area.la_code} and moved.is_active
    assert member_areas(staying) == {board.area.la_code}
    reason = Membership.history.filter(user_id=gone.pk, history_type="-").first().history_change_reason
    assert reason == f"Their term on {board.name} ended on {yesterday:%-d %B %Y}"
    assert access_sweep() == 0  # nothing left to end


@pytest.mark.parametrize("seats", [2, 12])
def test_access_expiry_queries_flat(board, seats, django_assert_num_queries):
    for _ in range(seats):
        SeatFactory(board=board, person=BoardMemberFactory(area=board.area), term_start=day(-400),
                    term_end=day(-2))
    with django_assert_num_queries(2):
        assert len(list(seat_terms_ended(timezone.localdate()))) == seats


def test_ending_a_term_in_the_past_ends_access_now(client, board, officer):
    seat = SeatFactory(board=board, person=BoardMemberFactory(area=board.area), term_start=day(-400))
    client.force_login(officer)
    response = client.post(reverse("boards:seat-end", kwargs={"seat": seat.pk}), date_input("end_on", day(-1)))
    assert response.status_code == 302
    seat.person.refresh_from_db()
    assert member_areas(seat.person) == set() and not seat.person.is_active
    client.force_login(seat.person)  # inactive: signed out, the board is gone for them
    assert client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).status_code == 302


def test_a_former_member_given_a_new_seat_is_invited_again(client, board, officer):
    seat = SeatFactory(board=board, person=BoardMemberFactory(area=board.area), term_start=day(-400))
    services.seat_end(seat=seat, actor=officer, end_on=day(-1))
    person = User.objects.get(pk=seat.person_id)
    assert not person.is_active
    client.force_login(officer)
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_email": person.email, "role": "member", "voting": "yes", "constituency": "vcs",
        **date_input("term_start", day(0))})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active and person.invited_at is not None
    assert member_areas(person) == {board.area.la_code}


def test_read_pages_refuse_a_post(client, board, officer):
    client.force_login(officer)
    for url in (reverse("boards:board-detail", kwargs={"board": board.pk}),
                reverse("boards:board-list", kwargs={"la_code": board.area.la_code}),
                reverse("boards:mine"), reverse("boards:calendar")):
        assert client.post(url).status_code == 405


def test_a_read_only_steward_changes_nothing(client, board):
    from trusts.tests.factories import StewardReadFactory

    steward = StewardReadFactory()
    client.force_login(steward)
    assert client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).status_code == 200
    assert client.post(reverse("boards:calendar-reset")).status_code == 403
    response = client.post(reverse("boards:meeting-create", kwargs={"board": board.pk}), {
        **date_input("date", day(5)), "start_time": "10:00", "place": "Hall", "status": "scheduled"})
    assert response.status_code == 403 and not Meeting.objects.exists()
