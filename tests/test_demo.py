"""The demo at real size: one area with about 200 relevant partners, its schools
represented through group seats, every date relative to today, idempotent and fast."""
import datetime
import io
import re
import time

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from boards.composition import composition_for, relevant_partners_of
from boards.models import Board, Meeting, Seat
from partners.models import Partner
from plans import demo as plans_demo
from plans.models import AgreementRequest, AgreementResponse, Consultee, PlanVersion
from plans.representation import represented_requests
from pooling.models import PooledFund
from pooling.selectors import spend_statement_list
from trusts.notices import workdays

pytestmark = pytest.mark.django_db

SCHOOL_TYPES = {"school_community", "school_foundation", "school_voluntary_aided", "school_voluntary_controlled",
                "school_community_special", "school_foundation_special", "school_nursery", "non_maintained_special",
                "academy", "pru"}


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_demo_area_has_a_real_size_register():
    seed()
    cambs = Partner.objects.filter(area__la_code="873")
    relevant = Partner.objects.relevant(cambs.first().area)
    assert relevant.count() >= 150
    assert relevant.filter(org_type__in=SCHOOL_TYPES).count() >= 130
    for org_type in ("school_community", "school_voluntary_aided", "school_voluntary_controlled", "school_foundation",
                     "academy", "school_community_special", "school_nursery", "pru", "fe_college",
                     "sixth_form_college", "district_council", "chief_officer_police", "probation", "pct", "yot",
                     "jobcentre_plus"):
        assert cambs.filter(org_type=org_type).exists(), org_type
    schools = list(cambs.filter(org_type__in=SCHOOL_TYPES))
    assert all(re.fullmatch(r"\d{6}", p.urn) for p in schools)
    assert len({p.urn for p in schools}) == len(schools)
    # every school has its phase, so the primary and secondary groups follow the register
    assert all(p.phase for p in schools)
    assert cambs.filter(name="Histon Park Community Primary School", phase="primary").exists()
    for partner in cambs:
        partner.full_clean()


def test_demo_register_is_the_same_every_time():
    from partners.demo import generated_register

    assert generated_register() == generated_register()


def test_demo_board_represents_the_schools_through_groups_with_few_gaps():
    seed()
    board = Board.objects.get(area__la_code="873")
    seats = list(board.seats.current().select_related("partner", "person").prefetch_related("represented_partners"))
    composition = composition_for(board, seats=seats, relevant_partners=relevant_partners_of([board.area]))
    gaps = [c.title for c in composition.gaps]
    # two genuine gaps, by type: never a row per school
    assert gaps == ["Jobcentre Plus: 1 of 1 not represented", "The Schools Forum is represented"]
    assert "Community school: all" in " ".join(c.title for c in composition.checks)
    # the demo board member holds the primary headteachers' seat, which represents about a hundred schools
    seat = Seat.objects.get(board=board, person__email="board.member@example.org")
    assert seat.represented_groups == ["maintained_primary"] and seat.constituency == "schools"
    version = PlanVersion.objects.get(area__la_code="873", number=2)
    waiting = represented_requests(seat, version).filter(has_own=False)
    assert waiting.count() >= 100
    # the group seats' answers are left for their holders to give
    assert not AgreementResponse.objects.filter(via=AgreementResponse.Via.REPRESENTATIVE).exists()


def test_demo_plan_is_complete_and_with_every_relevant_partner():
    seed()
    area = Partner.objects.filter(area__la_code="873").first().area
    v1 = PlanVersion.objects.get(area=area, number=1)
    v2 = PlanVersion.objects.get(area=area, number=2)
    relevant = set(Partner.objects.relevant(area).values_list("pk", flat=True))
    for version in (v1, v2):
        assert version.period_start and version.period_end
        # every relevant partner consulted, directly or through its type, and the six groups
        consulted = Consultee.objects.filter(version=version)
        types = set(consulted.filter(kind="partner_type").values_list("org_type", flat=True))
        direct = set(consulted.filter(kind="partner").values_list("partner_id", flat=True))
        assert not [p for p in Partner.objects.filter(pk__in=relevant) if p.org_type not in types and p.pk not in direct]
        assert set(consulted.filter(kind="group").values_list("group", flat=True)) == set(Consultee.Group.values)
        # every partner responsible for an action has spend in the statement (from the pooled funds)
        responsible = set(version.priorities.values_list("actions__responsible_partner", flat=True)) | set(
            version.gap_actions.values_list("responsible_partner", flat=True))
        assert responsible <= {row.partner_id for row in spend_statement_list(area=area)}
    assert v2.status == "agreement" and v2.period_start > timezone.localdate()
    requests = AgreementRequest.objects.filter(version=v2, round=v2.agreement_round)
    assert set(requests.values_list("partner_id", flat=True)) == relevant
    answers = AgreementResponse.objects.filter(request__version=v2)
    assert 5 <= answers.filter(via="email").count() <= 20
    letter = answers.get(via="officer")
    assert letter.channel == "letter" and letter.request.partner.name == "St Laurence Catholic Primary School"
    assert requests.filter(latest_decision="agree").count() == answers.count()
    # the demo partner contact's partner is left to answer
    assert requests.get(partner__name="Cambridgeshire Primary Care Trust").latest_decision == ""


def test_demo_seed_is_idempotent_and_fast(django_capture_on_commit_callbacks):
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    took = time.perf_counter() - started
    first = counts()
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    assert counts() == first
    # a few seconds on SQLite (about 2.5 s alone; the bound leaves room for a busy machine)
    assert took < 20


@pytest.mark.parametrize("today", [datetime.date(2026, 11, 28), datetime.date(2028, 2, 29), datetime.date(2031, 6, 10)])
def test_demo_dates_are_relative_to_today(today):
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(12), tzinfo=timezone.get_current_timezone()),
                             tick=False):
        assert timezone.localdate() == today
        seed()
        v1 = PlanVersion.objects.get(area__la_code="873", number=1)
        v2 = PlanVersion.objects.get(area__la_code="873", number=2)
        sweep = plans_demo.sweep_day(today)
        asked = timezone.localdate(AgreementRequest.objects.filter(version=v2).first().asked_at)
        assert asked == workdays.add_working_days(sweep, -10)
        # the deadline: 20 working days after the request, about two weeks from today
        assert v2.agreement_due_on == workdays.add_working_days(asked, 20)
        assert 7 <= (v2.agreement_due_on - today).days <= 21
        assert v2.transitions.get(to_status="agreement").at.date() == asked
        assert all(asked <= timezone.localdate(r.at) <= today
                   for r in AgreementResponse.objects.filter(request__version=v2))
        # a previous published version, its first review noted, its second six weeks overdue
        assert today - datetime.timedelta(days=3 * 365) < v1.published_on < today - datetime.timedelta(days=2 * 365)
        review = v1.reviews.get()
        assert review.noted_on < today and 41 <= (today - v1.review_due_on).days <= 43
        assert v1.period_start < today < v1.period_end < v2.period_end
        # board meetings: two held (the first quorate), one four weeks ahead to approve the plan
        meetings = list(Meeting.objects.filter(board__area__la_code="873").order_by("date"))
        assert [m.date - today for m in meetings] == [datetime.timedelta(days=d) for d in (-84, -28, 28)]
        assert meetings[2].date > v2.agreement_due_on
        # the pooled funds run over this financial year
        year = today.year if today.month >= 4 else today.year - 1
        for fund in PooledFund.objects.filter(area__la_code="873"):
            assert fund.start_date <= today <= fund.end_date
            assert year in fund.years
        assert not Partner.objects.filter(agreement_signed_on__gt=today).exists()
