"""Joint boards: another area joins a board only by its officers' consent, and leaves it
with nothing shared; a seat gives only the board's own business."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from boards import services
from boards.models import Board, JointAreaInvitation
from boards.tests.factories import (
    BoardFactory,
    BoardMemberFactory,
    MeetingFactory,
    SeatFactory,
    day,
    member_areas,
)
from trusts.errors import NotPermitted
from trusts.models import Membership, User
from trusts.tests.factories import OfficerFactory, AreaFactory, date_input

pytestmark = pytest.mark.django_db


Status = JointAreaInvitation.Status


def public_page(client, area):
    client.logout()
    return client.get(reverse("boards:public-meetings", kwargs={"la_code": area.la_code})).content.decode()


def test_joint_board_needs_consent(client, area, officer, other_area, other_officer):
    # the tester's steps: set up a board naming another area, then seat a member
    client.force_login(officer)
    response = client.post(reverse("boards:board-create", kwargs={"la_code": area.la_code}), {
        "name": "Northshire CTB", "quorum_kind": "number", "quorum_number": "2", "quorum_chair_required": "no",
        "is_statutory": "yes", "joint_areas": [other_area.pk]})
    assert response.status_code == 302
    board = Board.objects.get()
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_name": "Bea Member", "person_email": "bea@example.org", "role": "member", "voting": "yes",
        "constituency": "vcs", **date_input("term_start", day(0))})
    assert response.status_code == 302
    member = User.objects.get(email="bea@example.org")
    MeetingFactory(board=board, date=day(14), place="Northshire Shire Hall")

    # nothing is shared until the other area says yes
    assert list(board.joint_areas.all()) == []
    assert member_areas(member) == {area.la_code}
    invitation = JointAreaInvitation.objects.get()
    assert (invitation.area, invitation.status, invitation.invited_by) == (other_area, Status.PENDING, officer)
    client.force_login(member)
    assert client.get(reverse("trusts:area-detail", kwargs={"la_code": other_area.la_code})).status_code == 404
    assert "Northshire Shire Hall" not in public_page(client, other_area)
    client.force_login(other_officer)
    assert client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).status_code == 404
    # the lead area sees where the invitation stands
    client.force_login(officer)
    html = client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).content.decode()
    assert "Invitations to other areas" in html and "Waiting for an answer" in html

    # the invited area's officer sees the invitation on their area and accepts it
    client.force_login(other_officer)
    html = client.get(reverse("boards:board-list", kwargs={"la_code": other_area.la_code})).content.decode()
    assert "Invitations to join a joint board" in html and escape("Northshire CTB") in html
    answer = reverse("boards:invitation-answer", kwargs={"invitation": invitation.pk})
    assert answer in html
    response = client.post(answer, {"answer": "accept"})
    assert response["Location"] == reverse("boards:board-detail", kwargs={"board": board.pk})

    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (Status.ACCEPTED, other_officer)
    assert invitation.history.first().history_user == other_officer
    assert list(board.joint_areas.all()) == [other_area]
    assert member_areas(member) == {area.la_code, other_area.la_code}
    assert client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).status_code == 200
    html = client.get(reverse("boards:board-history", kwargs={"board": board.pk})).content.decode()
    assert "Area invited to join" in html and "Invitation accepted" in html
    assert escape(other_officer.full_name) in html and escape(officer.full_name) in html
    assert "Northshire Shire Hall" in public_page(client, other_area)


def test_refused_invitation_shares_nothing(client, board, officer, other_area, other_officer):
    SeatFactory(board=board, person=BoardMemberFactory(area=board.area))
    invitation = services.joint_area_invite(board=board, area=other_area, actor=officer)
    MeetingFactory(board=board, date=day(10), place="Lead Hall")
    client.force_login(other_officer)
    answer = reverse("boards:invitation-answer", kwargs={"invitation": invitation.pk})
    assert client.post(answer, {"answer": "refuse"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Status.REFUSED
    assert not board.joint_areas.exists()
    assert not Membership.objects.filter(area=other_area, role="board_member").exists()
    assert "Lead Hall" not in public_page(client, other_area)
    # answered once: a later "accept" changes nothing
    client.force_login(other_officer)
    client.post(answer, {"answer": "accept"})
    assert not board.joint_areas.exists()
    # both areas see the refusal
    client.force_login(officer)
    html = client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).content.decode()
    assert "Refused" in html and escape(other_area.name) in html


def test_only_the_invited_areas_officer_answers(client, board, officer, other_area):
    invitation = services.joint_area_invite(board=board, area=other_area, actor=officer)
    url = reverse("boards:invitation-answer", kwargs={"invitation": invitation.pk})
    client.force_login(officer)  # the lead area's officer cannot accept on the other area's behalf
    assert client.post(url, {"answer": "accept"}).status_code == 403
    client.force_login(OfficerFactory(area=AreaFactory()))  # a third area does not know it exists
    assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(BoardMemberFactory(area=other_area))
    assert client.post(url, {"answer": "accept"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING and not board.joint_areas.exists()
    # and in the service, whatever the view does
    with pytest.raises(NotPermitted):
        services.joint_invitation_answer(invitation=invitation, actor=officer, accept=True)


def test_a_joint_areas_officer_cannot_invite_a_third_area(client, board, officer, other_area,
                                                                    other_officer):
    services.joint_invitation_answer(invitation=services.joint_area_invite(board=board, area=other_area,
                                                                           actor=officer),
                                     actor=other_officer, accept=True)
    third = AreaFactory()
    with pytest.raises(NotPermitted):
        services.board_update(board=board, actor=other_officer, joint_areas=[other_area, third])
    client.force_login(other_officer)
    form = client.get(reverse("boards:board-edit", kwargs={"board": board.pk})).context["form"]
    assert "joint_areas" not in form.fields
    assert not JointAreaInvitation.objects.filter(area=third).exists()


def test_removing_or_leaving_ends_the_access(client, board, officer, other_area, other_officer):
    member = SeatFactory(board=board, person=BoardMemberFactory(area=board.area)).person
    # the same person also sits on the other area's own board: that keeps their access there
    both = SeatFactory(board=board, person=BoardMemberFactory(area=board.area)).person
    SeatFactory(board=BoardFactory(area=other_area), person=both)
    MeetingFactory(board=board, date=day(10), place="Lead Hall")
    invitation = services.joint_area_invite(board=board, area=other_area, actor=officer)
    services.joint_invitation_answer(invitation=invitation, actor=other_officer, accept=True)
    assert member_areas(member) == member_areas(both) == {board.area.la_code, other_area.la_code}

    client.force_login(other_officer)
    response = client.post(reverse("boards:invitation-answer", kwargs={"invitation": invitation.pk}),
                           {"answer": "leave"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Status.ENDED
    assert not board.joint_areas.exists()
    assert member_areas(member) == {board.area.la_code}
    assert member_areas(both) == {board.area.la_code, other_area.la_code}
    ended = Membership.history.filter(user_id=member.pk, area_id=other_area.pk, history_type="-").get()
    assert ended.history_user == other_officer and "left the joint board" in ended.history_change_reason
    assert "Lead Hall" not in public_page(client, other_area)

    # invited again and accepted, then the lead area takes it out through the board form
    again = services.joint_area_invite(board=board, area=other_area, actor=officer)
    services.joint_invitation_answer(invitation=again, actor=other_officer, accept=True)
    client.force_login(officer)
    response = client.post(reverse("boards:board-edit", kwargs={"board": board.pk}), {
        "name": board.name, "quorum_kind": "fraction", "quorum_numerator": "1", "quorum_denominator": "2",
        "quorum_chair_required": "no", "is_statutory": "yes"})
    assert response.status_code == 302
    again.refresh_from_db()
    assert again.status == Status.ENDED and member_areas(member) == {board.area.la_code}


def test_a_pending_invitation_can_be_withdrawn(client, board, officer, other_area, other_officer):
    client.force_login(officer)
    form = {"name": board.name, "quorum_kind": "fraction", "quorum_numerator": "1", "quorum_denominator": "2",
            "quorum_chair_required": "no", "is_statutory": "yes"}
    url = reverse("boards:board-edit", kwargs={"board": board.pk})
    client.post(url, {**form, "joint_areas": [other_area.pk]})
    invitation = JointAreaInvitation.objects.get()
    assert client.get(url).context["form"].initial["joint_areas"] == [other_area]
    client.post(url, form)
    invitation.refresh_from_db()
    assert invitation.status == Status.WITHDRAWN
    client.force_login(other_officer)
    response = client.post(reverse("boards:invitation-answer", kwargs={"invitation": invitation.pk}),
                           {"answer": "accept"})
    assert response.status_code == 302
    assert not board.joint_areas.exists()


def test_area_card_shows_an_invitation_to_its_officers_only(client, board, officer, other_area,
                                                                     other_officer):
    from django.template.loader import render_to_string

    services.joint_area_invite(board=board, area=other_area, actor=officer)
    html = render_to_string("boards/area_card.html", {"area": other_area, "user": other_officer})
    assert "1 invitation to join a joint board" in html
    assert escape(board.name) not in html  # the board itself is not theirs yet
    assert "invitation" not in render_to_string("boards/area_card.html", {"area": other_area,
                                                                          "user": BoardMemberFactory()})


def test_a_seat_gives_only_the_boards_own_business(client, board, board_member, partner_contact):
    """Board members see the boards they sit on; a board of their area they do not sit on is
    a 404, and partner contacts see no board at all."""
    meeting = MeetingFactory(board=board)
    urls = [reverse("boards:board-detail", kwargs={"board": board.pk}),
            reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})]
    for user in (board_member, partner_contact):
        client.force_login(user)
        assert [client.get(u).status_code for u in urls] == [404, 404]
    SeatFactory(board=board, person=board_member)
    client.force_login(board_member)
    assert [client.get(u).status_code for u in urls] == [200, 200]
    other = BoardFactory(area=board.area, name="Another board of the area")
    html = client.get(reverse("boards:board-list", kwargs={"la_code": board.area.la_code})).content.decode()
    assert escape(board.name) in html and "Another board of the area" not in html
    assert client.get(reverse("boards:board-detail", kwargs={"board": other.pk})).status_code == 404
