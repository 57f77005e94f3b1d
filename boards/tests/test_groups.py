"""Representation by group: one seat for a whole class of partners (s12A(5)).

A real area has hundreds of schools. A seat may represent a group defined by a rule over
the register (``boards.groups``); membership follows the register, and the composition
check counts gaps by type with a link to the partners behind each count.
"""
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from boards import groups, selectors, services
from boards.models import Constituency, Seat
from boards.tests.factories import BoardMemberFactory, SeatFactory
from partners.models import Partner

pytestmark = pytest.mark.django_db

MAINTAINED = ("school_community", "school_voluntary_aided", "school_voluntary_controlled", "school_foundation")


@pytest.fixture(autouse=True)
def statutory(area):
    area.framework = "ascl2009"  # every maintained school and academy is a relevant partner (s193)
    area.save()


def schools(area, n, org_types=MAINTAINED, start=0):
    """n open schools, spread over the types (in bulk: the sizes of a real county)."""
    return Partner.objects.bulk_create([
        Partner(area=area, name=f"School {start + i:04d}", org_type=org_types[i % len(org_types)],
                urn=f"{110000 + start + i}") for i in range(n)])


def group_seat(board, officer, *codes, **kwargs):
    return services.seat_create(board=board, actor=officer, person=BoardMemberFactory(),
                                constituency=Constituency.SCHOOLS, term_start=SeatFactory.term_start.function(),
                                represented_groups=list(codes), **kwargs)


def composition(board):
    return selectors.board_page(board=board).composition


def partner_checks(comp):
    return {c.key: c for c in comp.checks if c.is_partner_check}


def close(partner):
    partner.engagement = Partner.Engagement.WITHDRAWN
    partner.save()


def test_groups_are_defined_once_over_the_register_types_with_their_source():
    codes = [g.code for g in groups.GROUPS]
    assert len(codes) == len(set(codes))
    maintained = groups.GROUPS_BY_CODE["maintained_schools"]
    assert set(maintained.org_types) == {"school_community", "school_foundation", "school_voluntary_aided",
                                         "school_voluntary_controlled", "school_community_special",
                                         "school_foundation_special", "school_nursery"}
    assert "s12A(5)" in maintained.source and "s194" in maintained.source
    assert set(groups.GROUPS_BY_CODE["colleges"].org_types) == {"fe_college", "sixth_form_college"}
    assert groups.GROUPS_BY_CODE["vcs"].org_types == ("vcs",)


def test_group_seat_represents_300_schools_so_no_school_is_a_gap(board, area, officer):
    schools(area, 300)
    before = partner_checks(composition(board))
    assert sum(c.missing for c in before.values()) == 300
    assert len(before) == len(MAINTAINED)  # grouped by type: 4 rows, not 300

    group_seat(board, officer, "maintained_schools")
    comp = composition(board)
    checks = partner_checks(comp)
    assert all(c.met for c in checks.values()) and sum(c.total for c in checks.values()) == 300
    assert comp.partners_missing == 0
    assert {c.key for c in comp.gaps} == {"authority", "schools_forum", "vcs", "dcs", "lead_member"}
    assert next(c for c in comp.checks if c.key == "schools").met


def test_group_covers_only_its_types_and_the_rest_are_counted(board, area, officer):
    schools(area, 30)
    schools(area, 7, org_types=("academy",), start=100)
    group_seat(board, officer, "maintained_schools")
    checks = partner_checks(composition(board))
    academies = checks["partners-academy"]
    assert (academies.met, academies.missing, academies.total) == (False, 7, 7)
    assert academies.title == "Academy (including free school): 7 of 7 not represented"
    assert "All academies and city technology colleges" in academies.detail
    assert academies.add_query == "constituency=schools&group=academies"
    assert academies.register_url == f"/areas/{area.la_code}/partners/?org_type=academy&duty=cooperate"


def test_a_closing_school_leaves_the_group(board, area, officer):
    made = schools(area, 10)
    group_seat(board, officer, "maintained_schools")
    page = selectors.board_page(board=board)
    assert page.group_members == {"maintained_schools": 10} and page.composition.partners_total == 10

    close(Partner.objects.get(pk=made[0].pk))
    page = selectors.board_page(board=board)
    assert page.group_members == {"maintained_schools": 9}
    assert page.composition.partners_total == 9  # a closed school is no gap either
    assert page.composition.partners_missing == 0
    # the seat's choice is unchanged: nothing was copied, so nothing goes stale
    assert Seat.objects.get(board=board).represented_groups == ["maintained_schools"]


def test_a_new_school_joins_the_group(board, area, officer):
    schools(area, 10)
    group_seat(board, officer, "maintained_schools")
    Partner.objects.create(area=area, name="Northshire New Primary", org_type="school_foundation", urn="123456")
    page = selectors.board_page(board=board)
    assert page.group_members == {"maintained_schools": 11}
    assert page.composition.partners_total == 11 and page.composition.partners_missing == 0


def test_seat_choice_of_groups_is_audited(board, area, officer):
    seat = group_seat(board, officer, "maintained_schools")
    services.seat_update(seat=seat, actor=officer, represented_groups=["maintained_schools", "academies"])
    rows = list(Seat.history.filter(id=seat.pk).order_by("history_date"))
    assert [r.represented_groups for r in rows] == [["maintained_schools"], ["maintained_schools", "academies"]]
    assert rows[-1].history_user == officer
    details = [row["detail"] for row in selectors.board_history_list(board=board)]
    assert details[0].endswith("represents all maintained schools; represents all academies and city technology "
                               "colleges")


def test_seat_refuses_an_unknown_group(board, officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        group_seat(board, officer, "all_the_schools")
    assert exc.value.message_dict["represented_groups"] == ["Select groups of partners from the list"]
    assert not Seat.objects.filter(board=board).exists()


def test_observer_does_not_represent_a_group(board, area, officer):
    schools(area, 5)
    group_seat(board, officer, "maintained_schools", role=Seat.Role.OBSERVER)
    assert partner_checks(composition(board))["partners-school_community"].missing == 2


# ---------------------------------------------------------------------------
# pages
# ---------------------------------------------------------------------------
def test_board_page_shows_gaps_grouped_with_counts_and_register_links(client, officer, board, area):
    made = schools(area, 300)
    client.force_login(officer)
    html = client.get(reverse("boards:board-detail", kwargs={"board": board.pk})).content.decode()
    assert "Community school: 75 of 75 not represented" in html
    assert escape(f"/areas/{area.la_code}/partners/?org_type=school_community&duty=cooperate") in html
    assert made[0].name not in html and made[-1].name not in html  # never a row per school
    # the link is to the register, filtered to the partners behind the count
    register = client.get(f"/areas/{area.la_code}/partners/?org_type=school_community&duty=cooperate")
    assert register.status_code == 200
    assert register.context["form"].values()["org_type"] == "school_community"


@pytest.mark.parametrize("size", [40, 400])
def test_board_page_with_a_group_seat_is_small_and_flat_at_two_sizes(client, officer, board, area, size,
                                                                     django_assert_num_queries):
    schools(area, size)
    group_seat(board, officer, "maintained_schools")
    SeatFactory(board=board, constituency=Constituency.VCS)
    client.force_login(officer)
    # the same at 40 and 400 schools; one counts groups' members, one past terms, one the forward plan
    with django_assert_num_queries(13):
        response = client.get(reverse("boards:board-detail", kwargs={"board": board.pk}))
    html = response.content.decode()
    assert f"All maintained schools ({size} on the register today)" in html
    assert len(response.content) < 100_000
    assert response.context["composition"].partners_missing == 0


def test_seat_form_chooses_groups(client, officer, board, area):
    schools(area, 12)
    client.force_login(officer)
    url = reverse("boards:seat-create", kwargs={"board": board.pk})
    form = client.get(url + "?constituency=schools&group=maintained_schools").content.decode()
    checked = re.findall(r'<input[^>]*name="represented_groups"[^>]*value="(\w+)"\s*checked', form)
    assert checked == ["maintained_schools"]  # pre-filled from the composition panel's link
    today = SeatFactory.term_start.function()
    data = {"person_name": "Hana Head", "person_email": "hana@school.example.org", "role": "member",
            "voting": "yes", "constituency": "schools", "represented_groups": ["maintained_schools", "academies"],
            "term_start_0": today.day, "term_start_1": today.month, "term_start_2": today.year}
    response = client.post(url, data)
    assert response.status_code == 302
    seat = Seat.objects.get(board=board, person__email="hana@school.example.org")
    assert seat.represented_groups == ["maintained_schools", "academies"]
    assert partner_checks(composition(board))["partners-school_community"].met


@pytest.mark.parametrize(("change", "message"), [
    ({"represented_groups": ["every_school"]}, "Select groups of partners from the list"),
    ({"role": "observer"}, "An observer cannot represent a group of partners"),
])
def test_seat_form_group_errors(client, officer, board, change, message):
    client.force_login(officer)
    today = SeatFactory.term_start.function()
    data = {"person_name": "Hana Head", "person_email": "hana@school.example.org", "role": "member",
            "voting": "yes", "constituency": "schools", "represented_groups": ["maintained_schools"],
            "term_start_0": today.day, "term_start_1": today.month, "term_start_2": today.year, **change}
    response = client.post(reverse("boards:seat-create", kwargs={"board": board.pk}), data)
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in html
    assert escape(message) in html or message in html
    assert not Seat.objects.filter(board=board).exists()


def test_seat_form_offers_schools_as_groups_not_400_checkboxes(client, officer, board, area):
    made = schools(area, 400)
    police = Partner.objects.create(area=area, name="Northshire Police Authority", org_type="police_authority")
    client.force_login(officer)
    response = client.get(reverse("boards:seat-create", kwargs={"board": board.pk}))
    html = response.content.decode()
    offered = re.findall(r'name="represented_partners"[^>]*value="(\d+)"', html, re.S)
    assert offered == [str(police.pk)]
    assert len(response.content) < 100_000
    # a seat that already names a school keeps it on the form when edited
    seat = group_seat(board, officer, "academies")
    seat.represented_partners.add(made[0])
    html = client.get(reverse("boards:seat-edit", kwargs={"seat": seat.pk})).content.decode()
    assert sorted(re.findall(r'name="represented_partners"[^>]*value="(\d+)"', html, re.S)) == \
        sorted([str(police.pk), str(made[0].pk)])
