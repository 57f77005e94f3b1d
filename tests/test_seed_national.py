"""manage.py seed_national at a tiny scale: every model family, the app's invariants,
determinism by seed, refusal of a used database, the flush that refuses a database with
real users, no password in code, each app's part found by name, and the pages of a
seeded area."""
import ast
import inspect
from collections import defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from boards.models import AgendaItem, Attendance, Board, Decision, Declaration, Meeting, Seat
from boards.services import meeting_quorum
from partners.models import Partner, PartnerContact
from plans.completeness import completeness_check
from plans.models import (
    Action,
    AgreementRequest,
    AgreementResponse,
    Consultee,
    GapAction,
    PartnerSpend,
    PlanApproval,
    PlanReview,
    PlanTransition,
    PlanVersion,
    Priority,
    ReviewProgress,
)
from pooling.models import Contribution, PooledFund, Spend
from trusts import national_data as national
from trusts.models import GSS_PREFIX_TYPES, Membership, Area, User
from trusts.notices.models import Notification, ReminderLog
from trusts.permissions import officer_area_ids

pytestmark = pytest.mark.django_db

# six areas: a county, unitaries sharing a police force (Hartlepool, Middlesbrough), a metropolitan
# district and a London borough
SMALL = {"areas": 6, "scale": 0.02}


def seed(**options):
    out = StringIO()
    call_command("seed_national", stdout=out, **{**SMALL, **options})
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeded once for the module's read-only tests (each test's own changes roll back)."""
    with django_db_blocker.unblock():
        out = seed(today=timezone.localdate())
        yield out
        national.flush()


def test_seed_national_creates_every_model_family(seeded):
    for model in (Area, User, Membership, Partner, PartnerContact, Board, Seat, Meeting, AgendaItem, Attendance,
                  Decision, Declaration, PooledFund, Contribution, Spend, PlanVersion, Priority, Action, GapAction,
                  Consultee, PartnerSpend, PlanTransition, AgreementRequest, AgreementResponse, PlanApproval,
                  PlanReview, ReviewProgress, ReminderLog, Notification):
        assert model.objects.exists(), f"no {model._meta.verbose_name_plural} seeded"
    assert Area.objects.count() == 6
    # the counts are printed per model, with the time taken and how to sign in (no password given)
    assert "partners.Partner" in seeded and "Seeded in" in seeded
    assert "The users have no password" in seeded and national.SUPERUSER_EMAIL in seeded
    # every plan state across the areas
    assert set(PlanVersion.objects.values_list("status", flat=True)) == set(PlanVersion.Status.values)
    assert set(Meeting.objects.values_list("status", flat=True)) >= {"held", "scheduled"}


def test_seed_national_areas_and_users(seeded):
    for area in Area.objects.all():
        area.full_clean()
        assert GSS_PREFIX_TYPES[area.gss_code[:3]] == area.authority_type
        officer = User.objects.get(email=f"officer.{area.la_code}@example.org")
        assert officer.is_officer and area.pk in officer_area_ids(officer)
        assert area.boards.count() == 1 and 20 <= area.boards.get().seats.current().count() <= 40
    assert Area.objects.filter(authority_type="county").exists()
    # no password was given: nobody can sign in with one (each unusable marker its own, as Django makes it)
    users = list(User.objects.all())
    assert not any(user.has_usable_password() for user in users)
    assert len({user.password for user in users}) == len(users)
    steward = User.objects.get(email=national.SUPERUSER_EMAIL)
    assert steward.is_superuser and steward.is_staff
    assert set(User.objects.filter(groups__name__startswith="Steward").values_list("groups__name", flat=True)) == {
        "Steward (read)", "Steward (edit)"}
    assert not User.objects.filter(is_staff=True).exclude(role=User.Role.STEWARD).exists()


def test_seed_national_partners_keep_the_register_rules(seeded):
    for partner in Partner.objects.select_related("area"):
        partner.full_clean()  # identifiers allowed for the type, signing dates, funding agreement only for academies
    urns = Partner.objects.exclude(urn="").values("area", "urn").annotate(n=Count("pk")).filter(n__gt=1)
    assert not urns.exists()
    assert Partner.objects.exclude(urn="").exists()
    county = Area.objects.filter(authority_type="county").first()
    assert 3 <= county.partners.filter(org_type="district_council").count() <= 12
    assert not Partner.objects.filter(org_type="district_council").exclude(area__authority_type="county").exists()
    statutory = {"local_authority", "police_authority", "chief_officer_police", "pct", "sha", "probation", "yot",
                 "connexions", "lsc", "jobcentre_plus", "schools_forum"}
    for area in Area.objects.all():
        assert statutory <= set(area.partners.values_list("org_type", flat=True))
    assert set(Partner.objects.values_list("engagement", flat=True)) == set(Partner.Engagement.values)


def test_seed_national_boards_keep_the_seat_and_meeting_rules(seeded):
    terms = defaultdict(list)
    for seat in Seat.objects.select_related("board", "partner"):
        seat.full_clean()
        terms[(seat.board_id, seat.person_id)].append((seat.term_start, seat.term_end or date.max))
    for spans in terms.values():  # nobody holds two seats on one board at once
        spans.sort()
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    # one person may sit on several boards (the police force's representative for two areas)
    assert User.objects.annotate(n=Count("board_seats__board", distinct=True)).filter(n__gt=1).exists()
    for attendance in Attendance.objects.select_related("seat", "meeting"):
        assert attendance.seat.is_current(attendance.meeting.date)
        assert attendance.seat.board_id == attendance.meeting.board_id
    decided = Meeting.objects.filter(items__decisions__isnull=False).distinct()
    for meeting in decided.select_related("board"):
        quorum = meeting_quorum(meeting)
        assert quorum.quorate, quorum.reason
        assert set(Decision.objects.filter(item__meeting=meeting).values_list("present_voting", flat=True)) == {
            quorum.present_voting}
    for meeting in Meeting.objects.filter(minutes_status="approved").select_related("minutes_approved_at"):
        later = meeting.minutes_approved_at
        assert later.board_id == meeting.board_id and later.date > meeting.date and meeting_quorum(later).quorate
    today = timezone.localdate()
    assert not Meeting.objects.filter(status="scheduled", date__lt=today).exists()
    assert not Meeting.objects.filter(status="held", date__gt=today).exists()


def test_seed_national_plans_keep_the_plan_rules(seeded):
    for area in Area.objects.all():
        versions = area.plan_versions.all()
        assert versions.filter(status="published").count() <= 1
        assert versions.open().count() <= 1
    for version in PlanVersion.objects.exclude(status="draft").select_related("area"):
        assert completeness_check(version).complete, completeness_check(version).as_text()
    for version in PlanVersion.objects.filter(status__in=["published", "superseded"]):
        approval = version.approvals.get(outcome="approved")
        assert approval.meeting.date == version.published_on and approval.decision.outcome == "carried"
        assert approval.agenda_item.reference == f"plans.planversion:{version.pk}"
        final = version.agreement_requests.filter(round=version.agreement_round)
        assert final.exists() and not final.exclude(latest_decision="agree").exists()
        steps = list(version.transitions.values_list("to_status", flat=True))
        assert steps[0] == "draft" and "published" in steps
    requests = AgreementRequest.objects.filter(version__status="agreement")
    assert requests.filter(latest_decision="").exists() and requests.filter(latest_decision="agree").exists()
    for pending in PlanApproval.objects.filter(outcome="pending").select_related("version", "meeting"):
        assert pending.version.status == "approval" and pending.meeting.status == "scheduled"
    assert PlanApproval.objects.filter(outcome="pending").count() == PlanVersion.objects.filter(status="approval").count()
    for review in PlanReview.objects.select_related("version"):
        assert review.reviewed_on >= review.version.published_on and review.progress.count() == 5


def test_seed_national_money_is_to_the_penny_and_contributors_may_pool(seeded):
    for contribution in Contribution.objects.select_related("fund__area", "partner__area"):
        assert isinstance(contribution.value, Decimal) and contribution.value == contribution.value.quantize(
            Decimal("0.01"))
        contribution.full_clean()  # eligibility under the area's framework, years inside the fund's period
    for spend in Spend.objects.select_related("fund"):
        spend.full_clean()
    years = set(Contribution.objects.values_list("year", flat=True))
    assert len(years) == 3


def test_seed_national_reminders_are_plausible(seeded):
    assert set(ReminderLog.objects.values_list("status", flat=True)) >= {"sent"}
    assert not ReminderLog.objects.filter(status="sent", sent_at__isnull=True).exists()
    for note in Notification.objects.select_related("reminder"):
        assert note.user_id == note.reminder.recipient_id and note.reminder.status == "sent"


def test_seed_national_is_deterministic_by_seed():
    # --flush every time: the module's seeded areas may already be there (this test's changes roll back)
    seed(seed=7, today=date(2026, 11, 23), areas=4, flush=True)
    first = national.data_digest()
    seed(seed=7, today=date(2026, 11, 23), areas=4, flush=True)
    assert national.data_digest() == first
    seed(seed=8, today=date(2026, 11, 23), areas=4, flush=True)
    assert national.data_digest() != first


def test_seed_national_password_from_the_option_or_the_environment(seeded, settings, monkeypatch):
    # seeded outside the tests' fast-hasher setting: accept the default hasher too
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    out = seed(areas=1, flush=True, password="given-on-the-command-line")
    assert "given-on-the-command-line" not in out and "Sign in with the password given" in out
    # one hash for everyone, and it is the password given
    assert User.objects.values("password").distinct().count() == 1
    assert User.objects.get(email=national.SUPERUSER_EMAIL).check_password("given-on-the-command-line")
    monkeypatch.setenv("SEED_PASSWORD", "from-the-environment")
    seed(areas=1, flush=True)
    steward = User.objects.get(email=national.SUPERUSER_EMAIL)
    assert steward.check_password("from-the-environment") and not steward.check_password("given-on-the-command-line")


def test_seed_national_flush_refuses_a_database_with_real_users(seeded):
    real = User.objects.create(email="jane.smith@council.gov.uk", full_name="Jane Smith", role=User.Role.OFFICER)
    with pytest.raises(CommandError, match=r"1 user that seed_national did not make \(for example "
                                           r"jane\.smith@council\.gov\.uk\).*nothing was deleted.*--force-flush"):
        seed(flush=True)
    assert Area.objects.count() == 6 and Partner.objects.exists()
    with pytest.raises(national.FlushRefused):
        national.flush()
    assert Area.objects.count() == 6
    with pytest.raises(CommandError, match="--force-flush only goes with --flush"):
        seed(force_flush=True)
    out = seed(areas=2, flush=True, force_flush=True)
    assert "Flushed" in out and Area.objects.count() == 2
    # the areas went; the real user did not
    assert User.objects.filter(pk=real.pk).exists()


def test_seed_national_each_app_makes_its_own_rows(seeded):
    # each app's part is found by module name (<app>/national_data.py), in INSTALLED_APPS order
    assert [label for label, _part in national.parts()] == ["trusts", "partners", "boards", "pooling", "plans"]
    for label, phase in (("trusts", "make"), ("partners", "make"), ("boards", "make"), ("pooling", "make"),
                         ("plans", "make"), ("boards", "finish"), ("plans", "finish"), ("boards", "remind"),
                         ("plans", "remind")):
        assert f"  {label} {phase}: " in seeded
    # the core's part and orchestrator import no feature app
    tree = ast.parse(inspect.getsource(national))
    imported = {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not imported & {"partners", "boards", "pooling", "plans"}


def test_seed_national_refuses_a_database_with_areas(seeded):
    with pytest.raises(CommandError, match="already has 6 areas"):
        seed()
    assert Area.objects.count() == 6


def test_seed_national_pages_render_for_the_officer_and_the_steward(seeded, client):
    area = Area.objects.filter(authority_type="county").first()
    officer = User.objects.get(email=f"officer.{area.la_code}@example.org")
    partner = area.partners.get(org_type="pct")
    version = area.plan_versions.order_by("-number").first()
    board = area.boards.get()
    meeting = board.meetings.filter(status="held").last()
    fund = area.pooled_funds.first()
    client.force_login(officer)
    la = area.la_code
    for url in (reverse("trusts:home"), reverse("trusts:area-detail", kwargs={"la_code": la}),
                reverse("partners:partner-list", kwargs={"la_code": la}),
                reverse("partners:partner-detail", kwargs={"la_code": la, "partner": partner.pk}),
                reverse("plans:overview", kwargs={"la_code": la}),
                reverse("plans:version-detail", kwargs={"la_code": la, "version": version.number}),
                reverse("boards:board-detail", kwargs={"board": board.pk}),
                reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk}),
                reverse("pooling:fund-detail", kwargs={"la_code": la, "fund": fund.pk})):
        response = client.get(url)
        assert response.status_code == 200, url
    assert partner.name.encode() in client.get(reverse("partners:partner-detail",
                                                       kwargs={"la_code": la, "partner": partner.pk})).content
    other = Area.objects.exclude(pk=area.pk).first()
    assert client.get(reverse("partners:partner-list", kwargs={"la_code": other.la_code})).status_code == 404
    client.force_login(User.objects.get(email=national.SUPERUSER_EMAIL))
    response = client.get(reverse("trusts:dashboard"))
    assert response.status_code == 200 and area.name.encode() in response.content
