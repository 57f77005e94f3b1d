"""Issue 13: the holes a hostile tester found in boards, each as a user meets it.

Finding 1: joint boards only by the other area's consent, and a seat gives only the
board's own business. Finding 5: zip bombs in papers. Finding 7: dates and names that
made no sense. Finding 9: seat holders are invited, and their access ends with their term.
"""
import datetime
import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from boards import services
from boards.access import seat_terms_ended
from boards.factories import (
    AgendaItemFactory,
    BoardFactory,
    BoardMemberFactory,
    JointAreaInvitationFactory,
    MeetingFactory,
    SeatFactory,
)
from boards.models import Board, JointAreaInvitation, Meeting, Paper, Seat
from boards.uploads import MAX_RATIO, check_paper
from trusts.accounts import access_sweep
from trusts.errors import NotPermitted
from trusts.factories import OfficerFactory, TrustFactory
from trusts.models import Membership, User

pytestmark = pytest.mark.django_db
Status = JointAreaInvitation.Status


def day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def date_fields(prefix, value):
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def member_areas(user):
    return set(Membership.objects.filter(user=user, kind="board_member").values_list("trust__la_code", flat=True))


def public_page(client, area):
    client.logout()
    return client.get(reverse("boards:public-meetings", kwargs={"area": area.la_code})).content.decode()


# ---------------------------------------------------------------------------
# Finding 1: joint boards by consent
# ---------------------------------------------------------------------------
def test_finding1_joint_board_needs_consent(client, area, officer, other_area, other_officer):
    # the tester's steps: set up a board naming another area, then seat a member
    client.force_login(officer)
    response = client.post(reverse("boards:board-create", kwargs={"area": area.la_code}), {
        "name": "Northshire CTB", "quorum_kind": "number", "quorum_number": "2", "quorum_chair_required": "no",
        "is_statutory": "yes", "joint_areas": [other_area.pk]})
    assert response.status_code == 302
    board = Board.objects.get()
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_name": "Bea Member", "person_email": "bea@example.org", "role": "member", "voting": "yes",
        "constituency": "vcs", **date_fields("term_start", day(0))})
    assert response.status_code == 302
    member = User.objects.get(email="bea@example.org")
    MeetingFactory(board=board, date=day(14), place="Northshire Shire Hall")

    # nothing is shared until the other area says yes
    assert list(board.joint_trusts.all()) == []
    assert member_areas(member) == {area.la_code}
    invitation = JointAreaInvitation.objects.get()
    assert (invitation.area, invitation.status, invitation.invited_by) == (other_area, Status.PENDING, officer)
    client.force_login(member)
    assert client.get(reverse("trusts:area-detail", kwargs={"area": other_area.la_code})).status_code == 404
    assert "Northshire Shire Hall" not in public_page(client, other_area)
    client.force_login(other_officer)
    assert client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).status_code == 404
    # the lead area sees where the invitation stands
    client.force_login(officer)
    html = client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).content.decode()
    assert "Invitations to other areas" in html and "Waiting for an answer" in html

    # the invited area's officer sees the invitation on their area and accepts it
    client.force_login(other_officer)
    html = client.get(reverse("boards:board-list", kwargs={"area": other_area.la_code})).content.decode()
    assert "Invitations to join a joint board" in html and escape("Northshire CTB") in html
    answer = reverse("boards:invitation-answer", kwargs={"invitation": invitation.pk})
    assert answer in html
    response = client.post(answer, {"answer": "accept"})
    assert response["Location"] == reverse("boards:board-detail", kwargs={"board": board.pk})

    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (Status.ACCEPTED, other_officer)
    assert invitation.history.first().history_user == other_officer
    assert list(board.joint_trusts.all()) == [other_area]
    assert member_areas(member) == {area.la_code, other_area.la_code}
    assert client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).status_code == 200
    html = client.get(reverse("boards:board-history", kwargs={"board": board.pk})).content.decode()
    assert "Area invited to join" in html and "Invitation accepted" in html
    assert escape(other_officer.full_name) in html and escape(officer.full_name) in html
    assert "Northshire Shire Hall" in public_page(client, other_area)


def test_finding1_refused_invitation_shares_nothing(client, board, officer, other_area, other_officer):
    SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust))
    invitation = services.joint_area_invite(board=board, area=other_area, actor=officer)
    MeetingFactory(board=board, date=day(10), place="Lead Hall")
    client.force_login(other_officer)
    answer = reverse("boards:invitation-answer", kwargs={"invitation": invitation.pk})
    assert client.post(answer, {"answer": "refuse"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Status.REFUSED
    assert not board.joint_trusts.exists()
    assert not Membership.objects.filter(trust=other_area, kind="board_member").exists()
    assert "Lead Hall" not in public_page(client, other_area)
    # answered once: a later "accept" changes nothing
    client.force_login(other_officer)
    client.post(answer, {"answer": "accept"})
    assert not board.joint_trusts.exists()
    # both areas see the refusal
    client.force_login(officer)
    html = client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).content.decode()
    assert "Refused" in html and escape(other_area.name) in html


def test_finding1_only_the_invited_areas_officer_answers(client, board, officer, other_area):
    invitation = services.joint_area_invite(board=board, area=other_area, actor=officer)
    url = reverse("boards:invitation-answer", kwargs={"invitation": invitation.pk})
    client.force_login(officer)  # the lead area's officer cannot accept on the other area's behalf
    assert client.post(url, {"answer": "accept"}).status_code == 403
    client.force_login(OfficerFactory(trust=TrustFactory()))  # a third area does not know it exists
    assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(BoardMemberFactory(trust=other_area))
    assert client.post(url, {"answer": "accept"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING and not board.joint_trusts.exists()
    # and in the service, whatever the view does
    with pytest.raises(NotPermitted):
        services.joint_invitation_answer(invitation=invitation, actor=officer, accept=True)


def test_finding1_a_joint_areas_officer_cannot_invite_a_third_area(client, board, officer, other_area,
                                                                    other_officer):
    services.joint_invitation_answer(invitation=services.joint_area_invite(board=board, area=other_area,
                                                                           actor=officer),
                                     actor=other_officer, accept=True)
    third = TrustFactory()
    with pytest.raises(NotPermitted):
        services.board_update(board=board, actor=other_officer, joint_areas=[other_area, third])
    client.force_login(other_officer)
    form = client.get(reverse("boards:board-edit", kwargs={"board": board.pk})).context["form"]
    assert "joint_areas" not in form.fields
    assert not JointAreaInvitation.objects.filter(area=third).exists()


def test_finding1_removing_or_leaving_ends_the_access(client, board, officer, other_area, other_officer):
    member = SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust)).person
    # the same person also sits on the other area's own board: that keeps their access there
    both = SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust)).person
    SeatFactory(board=BoardFactory(trust=other_area), person=both)
    MeetingFactory(board=board, date=day(10), place="Lead Hall")
    invitation = services.joint_area_invite(board=board, area=other_area, actor=officer)
    services.joint_invitation_answer(invitation=invitation, actor=other_officer, accept=True)
    assert member_areas(member) == member_areas(both) == {board.trust.la_code, other_area.la_code}

    client.force_login(other_officer)
    response = client.post(reverse("boards:invitation-answer", kwargs={"invitation": invitation.pk}),
                           {"answer": "leave"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Status.ENDED
    assert not board.joint_trusts.exists()
    assert member_areas(member) == {board.trust.la_code}
    assert member_areas(both) == {board.trust.la_code, other_area.la_code}
    ended = Membership.history.filter(user_id=member.pk, trust_id=other_area.pk, history_type="-").get()
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
    assert again.status == Status.ENDED and member_areas(member) == {board.trust.la_code}


def test_finding1_a_pending_invitation_can_be_withdrawn(client, board, officer, other_area, other_officer):
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
    assert not board.joint_trusts.exists()


def test_finding1_area_card_shows_an_invitation_to_its_officers_only(client, board, officer, other_area,
                                                                     other_officer):
    from django.template.loader import render_to_string

    services.joint_area_invite(board=board, area=other_area, actor=officer)
    html = render_to_string("boards/area_card.html", {"area": other_area, "user": other_officer})
    assert "1 invitation to join a joint board" in html
    assert escape(board.name) not in html  # the board itself is not theirs yet
    assert "invitation" not in render_to_string("boards/area_card.html", {"area": other_area,
                                                                          "user": BoardMemberFactory()})


def test_finding1_a_seat_gives_only_the_boards_own_business(client, board, board_member, partner_contact):
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
    other = BoardFactory(trust=board.trust, name="Another board of the area")
    html = client.get(reverse("boards:board-list", kwargs={"area": board.trust.la_code})).content.decode()
    assert escape(board.name) in html and "Another board of the area" not in html
    assert client.get(reverse("boards:board-detail", kwargs={"board": other.pk})).status_code == 404


# ---------------------------------------------------------------------------
# Finding 5: zip bombs
# ---------------------------------------------------------------------------
CONTENT_TYPES = ('<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/></Types>')


def _bomb(where, megabytes=300):
    """A .docx of about 300 KB holding ``megabytes`` MB of zeros in the part ``where``, built in memory."""
    buf = io.BytesIO()
    zeros = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if where != "[Content_Types].xml":
            z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open(where, "w") as part:
            if where == "[Content_Types].xml":
                part.write(CONTENT_TYPES.encode())
            for _ in range(megabytes):
                part.write(zeros)
        if where != "word/document.xml":
            z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.fixture(scope="module")
def bombs():
    return {where: _bomb(where) for where in ("[Content_Types].xml", "word/document.xml")}


@pytest.mark.parametrize("where", ["[Content_Types].xml", "word/document.xml"])
def test_finding5_zip_bomb_paper_is_refused_quickly(bombs, where):
    data = bombs[where]
    assert 200_000 < len(data) < 400_000
    upload = SimpleUploadedFile("papers.docx", data)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as exc:
            check_paper(upload)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "unpacks to much more than its size" in exc.value.messages[0]
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert peak < 10 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_finding5_a_directory_that_understates_a_part_is_still_bounded():
    """A zip whose directory claims a small [Content_Types].xml that really unpacks to 50 MB:
    the read stops at the claimed size (and at the running cap), and the paper is refused."""
    raw = _bomb("[Content_Types].xml", megabytes=50)
    name = b"[Content_Types].xml"
    # find the part's central directory entry and make its unpacked size (bytes 24-28) say 1,000
    at = raw.find(b"PK\x01\x02")
    while raw[at + 46:at + 46 + len(name)] != name:
        at = raw.find(b"PK\x01\x02", at + 4)
    data = bytearray(raw)
    data[at + 24:at + 28] = (1000).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        assert z.getinfo("[Content_Types].xml").file_size == 1000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError):
            check_paper(SimpleUploadedFile("lying.docx", bytes(data)))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0 and peak < 10 * 1024 * 1024


def test_finding5_zip_bomb_upload_page_shows_the_reason(client, board, officer, bombs):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    client.force_login(officer)
    started = time.perf_counter()
    response = client.post(reverse("boards:paper-upload", kwargs={"item": item.pk}),
                           {"file": SimpleUploadedFile("bomb.docx", bombs["word/document.xml"])})
    assert time.perf_counter() - started < 2.0
    html = response.content.decode()
    assert "<title>Error: " in html and "unpacks to much more than its size" in html
    assert not Paper.objects.exists()


def test_finding5_a_real_document_with_a_well_compressed_part_is_accepted():
    """Ordinary document XML compresses by tens to 1: well within the ratio cap."""
    buf = io.BytesIO()
    body = "".join(f"<w:p><w:r><w:t>Action {i}: review {i * 7919 % 1000} places by {i % 28 + 1} March.</w:t>"
                   "</w:r></w:p>" for i in range(40000)).encode()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", body)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        info = z.getinfo("word/document.xml")
    assert info.file_size > 1024 * 1024 and info.file_size / info.compress_size < MAX_RATIO
    assert check_paper(SimpleUploadedFile("plan.docx", buf.getvalue())).extension == "docx"


# ---------------------------------------------------------------------------
# Finding 7: dates, numbers and names
# ---------------------------------------------------------------------------
def test_finding7_meeting_dated_year_one_is_refused(client, board, officer):
    client.force_login(officer)
    url = reverse("boards:meeting-create", kwargs={"board": board.pk})
    response = client.post(url, {"date_0": "1", "date_1": "1", "date_2": "1", "start_time": "10:00",
                                 "place": "Hall", "status": "held"})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert "The date of the meeting must be on or after 1 January 2004" in html
    response = client.post(url, {**date_fields("date", day(365 * 11)), "start_time": "10:00", "place": "Hall",
                                 "status": "scheduled"})
    assert "The date of the meeting must be on or before" in response.content.decode()
    assert not Meeting.objects.exists()
    # the service refuses it too, whatever a view does
    with pytest.raises(ValidationError):
        services.meeting_create(board=board, actor=officer, date=datetime.date(1, 1, 1),
                                start_time=datetime.time(10), place="Hall", status=Meeting.Status.HELD)
    assert not Meeting.objects.exists()


def test_finding7_seat_terms_out_of_range_are_refused(client, board, officer):
    client.force_login(officer)
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_name": "Old Timer", "person_email": "old@example.org", "role": "member", "voting": "yes",
        "constituency": "vcs", **date_fields("term_start", datetime.date(1900, 1, 1)),
        **date_fields("term_end", datetime.date(9999, 1, 1))})
    html = response.content.decode()
    assert "The date the term starts must be on or after 1 January 2004" in html
    assert "The date the term ends must be on or before" in html
    assert not Seat.objects.exists() and not User.objects.filter(email="old@example.org").exists()


def test_finding7_numbers_that_are_not_numbers_are_form_errors(client, area, officer, board):
    client.force_login(officer)
    response = client.post(reverse("boards:board-create", kwargs={"area": area.la_code}), {
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
    assert JointAreaInvitation.objects.get().status == Status.PENDING


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "Board \u202egnp.exe"])
def test_finding7_invisible_or_reversed_names_are_refused(client, area, officer, board, name):
    client.force_login(officer)
    response = client.post(reverse("boards:board-create", kwargs={"area": area.la_code}), {
        "name": name, "quorum_kind": "number", "quorum_number": "2", "quorum_chair_required": "no",
        "is_statutory": "yes"})
    assert response.status_code == 200 and "<title>Error: " in response.content.decode()
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_name": name, "person_email": "new@example.org", "role": "member", "voting": "yes",
        "constituency": "vcs", **date_fields("term_start", day(0))})
    assert response.status_code == 200 and "<title>Error: " in response.content.decode()
    assert Board.objects.count() == 1 and not User.objects.filter(email="new@example.org").exists()


# ---------------------------------------------------------------------------
# Finding 9: seat holders are invited, and their access ends with their term
# ---------------------------------------------------------------------------
def test_finding9_a_new_seat_holder_is_invited_and_shown_as_invited(client, board, officer):
    client.force_login(officer)
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_name": "Ivy Invited", "person_email": "ivy@example.org", "role": "member", "voting": "yes",
        "constituency": "vcs", **date_fields("term_start", day(0))})
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


def test_finding9_resending_is_the_boards_officers_work(client, board, officer, other_officer):
    seat = SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust))
    url = reverse("boards:seat-invite", kwargs={"seat": seat.pk})
    client.force_login(other_officer)
    assert client.post(url).status_code == 404
    client.force_login(seat.person)
    assert client.post(url).status_code == 403
    seat.person.refresh_from_db()
    assert seat.person.invited_at is None


def test_finding9_access_ends_when_the_last_term_ends(board, other_area, officer, other_officer):
    yesterday = day(-1)
    board.joint_trusts.add(other_area)
    gone = SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust), term_start=day(-400),
                       term_end=yesterday).person
    Membership.objects.create(user=gone, trust=other_area, kind="board_member")
    # ended on this board, but still sits on another board of the lead area: keeps that area only
    moved = SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust), term_start=day(-400),
                        term_end=yesterday).person
    Membership.objects.create(user=moved, trust=other_area, kind="board_member")
    SeatFactory(board=BoardFactory(trust=board.trust), person=moved)
    staying = SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust), term_end=day(0)).person

    yielded = {(u.email, a.la_code) for u, a, kind, reason in seat_terms_ended(timezone.localdate())}
    assert yielded == {(gone.email, board.trust.la_code), (gone.email, other_area.la_code),
                       (moved.email, other_area.la_code)}

    assert access_sweep() == 3
    for user in (gone, moved, staying):
        user.refresh_from_db()
    assert member_areas(gone) == set() and not gone.is_active
    assert member_areas(moved) == {board.trust.la_code} and moved.is_active
    assert member_areas(staying) == {board.trust.la_code}
    reason = Membership.history.filter(user_id=gone.pk, history_type="-").first().history_change_reason
    assert reason == f"Their term on {board.name} ended on {yesterday:%-d %B %Y}"
    assert access_sweep() == 0  # nothing left to end


@pytest.mark.parametrize("seats", [2, 12])
def test_finding9_access_expiry_queries_flat(board, seats, django_assert_num_queries):
    for _ in range(seats):
        SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust), term_start=day(-400),
                    term_end=day(-2))
    with django_assert_num_queries(2):
        assert len(list(seat_terms_ended(timezone.localdate()))) == seats


def test_finding9_ending_a_term_in_the_past_ends_access_now(client, board, officer):
    seat = SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust), term_start=day(-400))
    client.force_login(officer)
    response = client.post(reverse("boards:seat-end", kwargs={"seat": seat.pk}), date_fields("end_on", day(-1)))
    assert response.status_code == 302
    seat.person.refresh_from_db()
    assert member_areas(seat.person) == set() and not seat.person.is_active
    client.force_login(seat.person)  # inactive: signed out, the board is gone for them
    assert client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).status_code == 302


def test_finding9_a_former_member_given_a_new_seat_is_invited_again(client, board, officer):
    seat = SeatFactory(board=board, person=BoardMemberFactory(trust=board.trust), term_start=day(-400))
    services.seat_end(seat=seat, actor=officer, end_on=day(-1))
    person = User.objects.get(pk=seat.person_id)
    assert not person.is_active
    client.force_login(officer)
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), {
        "person_email": person.email, "role": "member", "voting": "yes", "constituency": "vcs",
        **date_fields("term_start", day(0))})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active and person.invited_at is not None
    assert member_areas(person) == {board.trust.la_code}


def test_read_pages_refuse_a_post(client, board, officer):
    client.force_login(officer)
    for url in (reverse("boards:board-detail", kwargs={"board": board.pk}),
                reverse("boards:board-list", kwargs={"area": board.trust.la_code}),
                reverse("boards:mine"), reverse("boards:calendar")):
        assert client.post(url).status_code == 405


def test_a_read_only_steward_changes_nothing(client, board):
    from trusts.factories import StewardReadFactory

    steward = StewardReadFactory()
    client.force_login(steward)
    assert client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).status_code == 200
    assert client.post(reverse("boards:calendar-reset")).status_code == 403
    response = client.post(reverse("boards:meeting-create", kwargs={"board": board.pk}), {
        **date_fields("date", day(5)), "start_time": "10:00", "place": "Hall", "status": "scheduled"})
    assert response.status_code == 403 and not Meeting.objects.exists()
