"""The board's pages at a real area's size: the board page as a summary, every
seat on its own filtered, paginated page, and seat forms that never list every school.
Each is under 100 KB and a fixed number of queries at two sizes."""
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from boards.models import Constituency, Meeting, Seat
from boards.selectors import SEATS_PER_PAGE, SUMMARY_SEATS
from boards.tests.factories import BoardMemberFactory, MeetingFactory, SeatFactory, day, fill_real_board
from partners.models import Partner
from partners.tests.factories import PartnerFactory, SchoolFactory
from trusts.models import User
from trusts.tests.factories import date_input

pytestmark = pytest.mark.django_db

LIMIT = 100_000


def board_url(board):
    return reverse("boards:board-detail", kwargs={"board": board.pk})


def seats_url(board):
    return reverse("boards:board-seats", kwargs={"board": board.pk})


def create_url(board):
    return reverse("boards:seat-create", kwargs={"board": board.pk})


def new_seat(**fields):
    return {"person_name": "Hana Head", "person_email": "hana@school.example.org", "role": "member",
            "voting": "yes", **date_input("term_start", day(0)), **fields}


# ---------------------------------------------------------------------------
# the board page: a summary, the same size at 60 schools and at Lincolnshire's 460
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("schools", "seats"), [(60, 25), (460, 40)])
def test_board_page_is_a_summary_small_and_flat(client, officer, board, schools, seats, django_assert_num_queries):
    _made, by_type = fill_real_board(board, schools=schools, seats=seats)
    client.force_login(officer)
    # session, user, memberships, board, joint areas, seats in term, their named partners,
    # past and future terms counted, relevant partners, meetings, groups' members, invitations
    with django_assert_num_queries(13):  # 12, and the forward plan
        response = client.get(board_url(board))
    html = response.content.decode()
    page = response.context["page"]
    assert response.status_code == 200 and len(response.content) < LIMIT
    assert page.seats_filled == seats and page.past_count == 20
    assert len(page.shortlist) == SUMMARY_SEATS
    # chair first, then vice-chair, then by constituency
    assert [s.role for s in page.shortlist[:2]] == [Seat.Role.CHAIR, Seat.Role.VICE_CHAIR]
    assert f"See all {seats} seats in term" in html and seats_url(board) in html
    assert f"Members in term: the first {SUMMARY_SEATS} of {seats}" in html
    # the seats for groups, with their members today; the schools themselves are never listed
    mainstream = sum(len(by_type.get(t, [])) for t in ("school_community", "school_voluntary_aided",
                                                       "school_voluntary_controlled", "school_foundation"))
    assert f"All community, foundation and voluntary schools ({mainstream} on the register today)" in html
    assert by_type["school_community"][-1].name not in html
    assert "20 past terms" in html
    # the last of 12 past meetings is not on the page until asked for
    assert "the latest 6 of 12" in html and "Show all 12 past and cancelled meetings" in html


def test_board_page_lists_all_meetings_when_asked(client, officer, board):
    for i in range(9):
        MeetingFactory(board=board, date=day(-30 * (i + 1)), status=Meeting.Status.HELD, place=f"Room {i}")
    client.force_login(officer)
    html = client.get(board_url(board)).content.decode()
    assert "Room 5" in html and "Room 6" not in html  # the latest six
    html = client.get(board_url(board) + "?meetings=all").content.decode()
    assert "Room 8" in html and "Show all" not in html


def test_board_page_of_a_small_board_links_to_every_seat(client, board_member, board, member_seat):
    client.force_login(board_member)
    html = client.get(board_url(board)).content.decode()
    assert "See every seat" in html and "See all" not in html
    assert "Bella Board" in html and reverse("boards:seat-edit", kwargs={"seat": member_seat.pk}) not in html


# ---------------------------------------------------------------------------
# the seats page: filtered, paginated, scoped
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("extra", [0, 120])
def test_seats_page_is_small_and_flat(client, officer, board, extra, django_assert_num_queries,
                                      django_assert_max_num_queries):
    fill_real_board(board, schools=100)
    SeatFactory.create_batch(extra, board=board, constituency=Constituency.PARENTS)
    client.force_login(officer)
    with django_assert_num_queries(9):  # + the page's seats, their named partners, a count, the groups' members
        response = client.get(seats_url(board))
    assert response.status_code == 200 and len(response.content) < LIMIT
    page = response.context["page"]
    assert page.total == 35 + extra
    assert len(page.seats) == min(SEATS_PER_PAGE, 35 + extra)
    with django_assert_max_num_queries(9):  # a page with no group seat does not count the groups' members
        response = client.get(seats_url(board) + "?page=3")
    assert len(response.content) < LIMIT


def test_seats_page_paginates_without_javascript(client, officer, board):
    SeatFactory.create_batch(SEATS_PER_PAGE + 5, board=board, constituency=Constituency.PARENTS)
    client.force_login(officer)
    html = client.get(seats_url(board)).content.decode()
    assert 'class="govuk-pagination"' in html and 'rel="next"' in html and 'rel="prev"' not in html
    assert "Page 1 of 2" in html
    second = client.get(seats_url(board) + "?page=2")
    assert len(second.context["page"].seats) == 5 and 'rel="prev"' in second.content.decode()
    # the filters are kept on the page links
    html = client.get(seats_url(board) + "?constituency=parents&page=2").content.decode()
    assert escape("?constituency=parents&page=1") in html
    # a page that does not exist gives the nearest one, never an error
    assert client.get(seats_url(board) + "?page=99").context["page"].page.number == 2
    assert client.get(seats_url(board) + "?page=x").context["page"].page.number == 1
    # every seat is on one of the pages, once
    ids = [s.pk for n in (1, 2) for s in client.get(seats_url(board) + f"?page={n}").context["page"].seats]
    assert sorted(ids) == sorted(board.seats.values_list("pk", flat=True))


def test_seats_page_filters(client, officer, board):
    police = PartnerFactory(area=board.area, org_type="police_authority", name="Northshire Police")
    SeatFactory(board=board, role=Seat.Role.CHAIR, constituency=Constituency.LEAD_MEMBER,
                person=BoardMemberFactory(full_name="Carol Chair"))
    SeatFactory(board=board, constituency=Constituency.PARTNER, partner=police,
                person=BoardMemberFactory(full_name="Peter Police"))
    SeatFactory(board=board, constituency=Constituency.VCS, person=BoardMemberFactory(full_name="Vera Voluntary"))
    ended = SeatFactory(board=board, constituency=Constituency.VCS, person=BoardMemberFactory(full_name="Olga Old"),
                        term_start=day(-800), term_end=day(-100))
    SeatFactory(board=board, constituency=Constituency.PARENTS, person=BoardMemberFactory(full_name="Nina New"),
                term_start=day(30))
    client.force_login(officer)

    def names(query=""):
        return [s.person.full_name for s in client.get(seats_url(board) + query).context["page"].seats]

    assert names() == ["Carol Chair", "Peter Police", "Vera Voluntary"]  # in term, chair first
    assert names("?constituency=vcs") == ["Vera Voluntary"]
    assert names("?status=ended") == ["Olga Old"]
    assert names("?status=future") == ["Nina New"]
    assert names("?status=all&constituency=vcs") == ["Olga Old", "Vera Voluntary"]
    assert names("?q=police") == ["Peter Police"]  # the partner's name too
    assert names("?q=VERA") == ["Vera Voluntary"]
    assert names("?q=nobody") == []
    # an ended term cannot be changed or ended again from the list
    html = client.get(seats_url(board) + "?status=ended").content.decode()
    assert reverse("boards:seat-edit", kwargs={"seat": ended.pk}) not in html
    # a bad filter is ignored with its error, never a server error
    response = client.get(seats_url(board) + "?constituency=kings")
    assert response.status_code == 200 and "<title>Error:" in response.content.decode()
    assert "Select who the seat represents from the list" in response.content.decode()
    assert len(response.context["page"].seats) == 3


def test_seats_page_of_another_area_is_404(client, other_officer, board, make_seats):
    make_seats(2)
    client.force_login(other_officer)
    assert client.get(seats_url(board)).status_code == 404
    assert client.post(seats_url(board)).status_code in (404, 405)


def test_seats_page_for_a_board_member_has_no_actions(client, board_member, board, member_seat):
    client.force_login(board_member)
    response = client.get(seats_url(board))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bella Board" in html and "Add a seat" not in html and "Resend invitation" not in html


def test_seats_page_offers_to_send_a_first_invitation_and_to_resend_one(client, officer, board):
    never = BoardMemberFactory(full_name="Nell Never", invited_at=None)
    never.set_unusable_password()
    never.save()
    asked = BoardMemberFactory(full_name="Ivan Invited")
    asked.set_unusable_password()
    asked.invited_at = asked.date_joined
    asked.save()
    SeatFactory(board=board, person=never)
    SeatFactory(board=board, person=asked)
    client.force_login(officer)
    html = client.get(seats_url(board)).content.decode()
    assert "Send invitation<span class=\"govuk-visually-hidden\"> to Nell Never" in html
    assert "Resend invitation<span class=\"govuk-visually-hidden\"> to Ivan Invited" in html
    assert "Resend invitation<span class=\"govuk-visually-hidden\"> to Nell Never" not in html


# ---------------------------------------------------------------------------
# "Add a seat" and "Change a seat": no list of every partner
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("schools", [60, 460])
def test_seat_forms_are_small_and_flat(client, officer, board, schools, django_assert_num_queries):
    made, by_type = fill_real_board(board, schools=schools)
    client.force_login(officer)
    with django_assert_num_queries(8):  # the same at 60 and 460 schools
        response = client.get(create_url(board))
    assert response.status_code == 200 and len(response.content) < LIMIT
    html = response.content.decode()
    offered = set(re.findall(r'<option value="(\d+)"', html))
    schools_and_colleges = {str(p.pk) for t, ps in by_type.items() for p in ps
                            if t.startswith("school_") or t in ("academy", "pru", "fe_college", "independent_school")}
    assert offered and not offered & schools_and_colleges
    ticked = set(re.findall(r'name="represented_partners"[^>]*value="(\d+)"', html, re.DOTALL))
    assert {str(p.pk) for p in by_type["district_council"]} <= ticked and not ticked & schools_and_colleges
    # the group seat that names five schools keeps them on its form
    seat = made[2]
    response = client.get(reverse("boards:seat-edit", kwargs={"seat": seat.pk}))
    assert response.status_code == 200 and len(response.content) < LIMIT
    ticked = set(re.findall(r'name="represented_partners"[^>]*value="(\d+)"', response.content.decode(), re.DOTALL))
    assert {str(p.pk) for p in seat.represented_partners.all()} <= ticked


@pytest.mark.parametrize("query", ["120045", "Springfield Primary School", "springfield primary",
                                   " 120045  Springfield Primary School "])
def test_add_seat_for_a_school_by_urn_or_name(client, officer, board, query):
    school = SchoolFactory(area=board.area, name="Springfield Primary School", urn="120045")
    SchoolFactory(area=board.area, name="Springfield Secondary School", urn="120046")
    client.force_login(officer)
    response = client.post(create_url(board), new_seat(constituency="partner", partner_school=query))
    assert response.status_code == 302, response.content.decode()
    assert Seat.objects.get(board=board).partner == school


@pytest.mark.parametrize(("query", "message"), [
    ("999999", "No partner on the register has the URN or UKPRN 999999"),
    ("Nowhere Academy", "No partner on the register of the board's areas is called"),
    ("Springfield", ("\u201cSpringfield\u201d matches 2 partners (Springfield Primary School (120045), "
                     "Springfield Secondary School (120046)): enter the URN or the full name of the one you mean")),
    ("120047", "No partner on the register has the URN or UKPRN 120047"),  # another area's school
])
def test_add_seat_for_a_school_that_is_not_found_says_why_and_saves_nothing(client, officer, board, other_area,
                                                                              query, message):
    SchoolFactory(area=board.area, name="Springfield Primary School", urn="120045")
    SchoolFactory(area=board.area, name="Springfield Secondary School", urn="120046")
    SchoolFactory(area=other_area, name="Faraway School", urn="120047")
    users = User.objects.count()
    client.force_login(officer)
    response = client.post(create_url(board), new_seat(constituency="partner", partner_school=query))
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in html
    assert escape(message) in html or message in html, html
    assert 'href="#id_partner_school"' in html  # the error summary links to the field
    assert not Seat.objects.exists() and User.objects.count() == users  # no account made either


def test_add_seat_partner_from_the_list_and_a_school_is_refused(client, officer, board):
    police = PartnerFactory(area=board.area, org_type="police_authority")
    SchoolFactory(area=board.area, urn="120045")
    client.force_login(officer)
    response = client.post(create_url(board), new_seat(constituency="partner", partner=police.pk,
                                                       partner_school="120045"))
    assert "Choose the partner from the list or enter a school or college, not both" in response.content.decode()
    response = client.post(create_url(board), new_seat(constituency="partner"))
    assert "Select the partner organisation this seat represents, or enter a school" in response.content.decode()
    assert not Seat.objects.exists()


def test_add_seat_names_represented_partners_by_code_or_name(client, officer, board):
    police = PartnerFactory(area=board.area, org_type="police_authority")
    school = SchoolFactory(area=board.area, name="Springfield Primary School", urn="120045")
    gp = PartnerFactory(area=board.area, org_type="gp_practice", name="Market Street Surgery", ods_code="B81001")
    vcs = PartnerFactory(area=board.area, org_type="vcs", name="Northshire Youth Action")
    client.force_login(officer)
    response = client.post(create_url(board), new_seat(
        constituency="schools", represented_partners=[police.pk],
        represented_named="120045\r\nb81001\r\n\r\nnorthshire youth action\r\nSpringfield Primary School"))
    assert response.status_code == 302, response.content.decode()
    seat = Seat.objects.get(board=board)
    assert set(seat.represented_partners.all()) == {police, school, gp, vcs}


def test_add_seat_with_a_named_partner_not_found_says_which_line_and_saves_nothing(client, officer, board):
    SchoolFactory(area=board.area, name="Springfield Primary School", urn="120045")
    client.force_login(officer)
    response = client.post(create_url(board), new_seat(
        constituency="schools", represented_named="120045\nSpringfeld Primary"))
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in html
    assert escape("Line 2: No partner on the register of the board's areas is called "
                  "\u201cSpringfeld Primary\u201d") in html
    assert "Springfeld Primary" in html  # what was typed is kept
    assert not Seat.objects.exists()


def test_change_seat_of_a_school_keeps_it_and_can_name_another(client, officer, board):
    first = SchoolFactory(area=board.area, name="Springfield Primary School", urn="120045")
    second = SchoolFactory(area=board.area, name="Hillside Academy", org_type="academy", urn="140001")
    seat = SeatFactory(board=board, constituency=Constituency.PARTNER, partner=first)
    client.force_login(officer)
    url = reverse("boards:seat-edit", kwargs={"seat": seat.pk})
    html = client.get(url).content.decode()
    assert f'<option value="{first.pk}" selected>' in html and f'value="{second.pk}"' not in html
    data = {"role": "member", "voting": "yes", "constituency": "partner", **date_input("term_start", seat.term_start)}
    assert client.post(url, {**data, "partner": first.pk}).status_code == 302
    assert client.post(url, {**data, "partner_school": "Hillside"}).status_code == 302
    seat.refresh_from_db()
    assert seat.partner == second
    assert Partner.objects.filter(board_seats=seat).get() == second
