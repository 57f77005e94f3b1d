"""The plan's chasers: time travel through the reminders, exactly once, flat query counts."""
import re
import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from boards.tests.factories import MeetingFactory
from partners.models import Partner
from plans import chasers
from plans.models import AgreementRequest, AgreementResponse, PlanApproval, PlanVersion
from plans.tests.factories import PlanReviewFactory, PlanVersionFactory, make_contact
from trusts.models import Membership, User
from trusts.notices.models import Notification, ReminderLog
from trusts.notices.registry import enabled_rules, registry
from trusts.notices.services import reminders_sweep
from trusts.tests.factories import OfficerFactory, StewardFactory, AreaFactory

LONDON = ZoneInfo("Europe/London")
S = PlanVersion.Status


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chase_rules")]


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """sweep(day, *chasers): the daily sweep at 06:30 on ``day`` (clock moved), tasks run eagerly."""

    def run(day, *fns):
        moment = datetime(day.year, day.month, day.day, 6, 30, tzinfo=LONDON)
        with time_machine.travel(moment, tick=False), registry.override(*fns), \
                django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(today=day)

    return run


@pytest.fixture
def walk(sweep):
    """Sweep every day from start to end; {day: sorted [(kind, recipient e-mail)]} of the e-mails sent."""

    def run(start, end, *fns):
        sent, day = {}, start
        while day <= end:
            before = len(mail.outbox)
            sweep(day, *fns)
            new = mail.outbox[before:]
            if new:
                logs = dict(ReminderLog.objects.values_list("pk", "kind"))
                sent[day] = sorted((logs[int(m.extra_headers["X-Reminder-Id"])], m.to[0].split("<")[-1].rstrip(">"))
                                   for m in new)
            day += timedelta(days=1)
        return sent

    return run


def published_plan(area, due, number=1):
    return PlanVersionFactory(area=area, number=number, status=S.PUBLISHED, published_on=due - timedelta(days=365),
                              review_due_on=due)


def officer_of(area, email):
    return OfficerFactory(area=area, email=email, full_name=email.split("@")[0].title())


def under_the_2009_act(*areas):
    """Only a framework that requires a plan requires its annual review, and none has since the
    plan regulations were revoked (31 October 2010): areas whose reviews fall due later are
    chased only if they run under the 2009 Act as it stood before, by choice."""
    for a in areas:
        a.framework = "ascl2009"
        a.save()
    return areas


# -- annual review -----------------------------------------------------------------------------
REVIEW_DUE = date(2012, 1, 3)  # the first working day after the New Year bank holiday (Monday 2 January)


@pytest.fixture
def review_areas(area, other_area):
    under_the_2009_act(area, other_area)  # reviews due in 2012 (test_review_chasers_stop_at_the_revocation)
    officer_of(area, "olive@northshire.example.org")
    officer_of(other_area, "oscar@southshire.example.org")
    area.director_name, area.director_email = "Dina Director", "dcs@northshire.example.org"
    area.save()
    plan = published_plan(area, REVIEW_DUE)
    done = published_plan(other_area, REVIEW_DUE)
    PlanReviewFactory(version=done, due_on=REVIEW_DUE)  # recorded: never chased
    return plan


def test_plan_review_due_officers_30_10_1_working_days_before_around_christmas(review_areas, walk):
    sent = walk(date(2011, 11, 1), REVIEW_DUE + timedelta(days=10), chasers.plan_review_due)
    officer = [("plan_review_due", "olive@northshire.example.org")]
    # 1 working day before Tuesday 3 January 2012 is Friday 30 December: 2 January, 26 and 27 December are holidays
    assert sent == {date(2011, 11, 17): officer, date(2011, 12, 15): officer, date(2011, 12, 30): officer}
    message = mail.outbox[-1]
    assert message.subject == "Northshire: the annual review of the plan is due on 3 January 2012"
    link = f"{settings.SITE_URL.rstrip('/')}/areas/801/plan/versions/{review_areas.number}/"
    assert link in message.body and f'href="{link}"' in message.alternatives[0][0]
    assert "1 working day before 3 January 2012" in message.body
    log = ReminderLog.objects.get(offset="1 working day before")
    assert (log.subject_key, log.deadline, log.link) == (f"plan:{review_areas.pk}:review:2012-01-03", REVIEW_DUE,
                                                         f"/areas/801/plan/versions/{review_areas.number}/")
    note = Notification.objects.get(reminder=log)
    assert note.user.email == "olive@northshire.example.org" and "para 36" in note.body


def test_plan_review_due_twice_the_same_day_sends_once(review_areas, sweep):
    first = sweep(date(2011, 12, 15), chasers.plan_review_due)
    second = sweep(date(2011, 12, 15), chasers.plan_review_due)
    later = sweep(date(2011, 12, 16), chasers.plan_review_due)  # the same stage still due: not again
    assert (first.new, second.new, later.new) == (1, 0, 0)
    assert len(mail.outbox) == 1


def test_plan_review_overdue_escalates_weekly_to_director_and_stewards_until_recorded(review_areas, walk):
    steward = StewardFactory(email="sam@dcsf.example.gov.uk")
    sent = walk(REVIEW_DUE - timedelta(days=5), date(2012, 1, 20), chasers.plan_review_overdue)
    escalation = [("plan_review_overdue", "dcs@northshire.example.org"),
                  ("plan_review_overdue", steward.email)]
    # the working day after, then every 5 working days: a week apart
    assert sent == {date(2012, 1, 4): escalation, date(2012, 1, 11): escalation, date(2012, 1, 18): escalation}
    assert "Overdue: the annual review of the Northshire plan was due on 3 January 2012" in mail.outbox[0].subject
    # the director is a contact, not a user: an e-mail only; the steward also sees it on the home page
    assert Notification.objects.filter(user=steward).count() == 3
    PlanReviewFactory(version=review_areas, due_on=REVIEW_DUE, reviewed_on=date(2012, 1, 20))
    assert walk(date(2012, 1, 21), date(2012, 3, 1), chasers.plan_review_overdue) == {}


def test_plan_review_overdue_not_before_the_due_date_passes(review_areas, steward, walk):
    assert walk(date(2011, 11, 1), REVIEW_DUE, chasers.plan_review_overdue) == {}


def test_review_chasers_do_not_chase_an_area_under_the_revoked_framework(area, sweep, walk):
    """Since 31 October 2010 a plan need not be reviewed: an area following the framework in force
    (none chosen) is neither reminded nor escalated, while one that chose the 2009 Act still is."""
    StewardFactory(email="sam@dcsf.example.gov.uk")
    officer_of(area, "olive@northshire.example.org")
    area.director_email = "dcs@northshire.example.org"
    area.save()
    published_plan(area, REVIEW_DUE)
    assert area.effective_framework(REVIEW_DUE).code == "ascl2009_revoked_plan"
    # the days the area would be reminded (30, 10, 1 working days before) and escalated (after, then weekly)
    for day in (date(2011, 11, 17), date(2011, 12, 15), date(2011, 12, 30), date(2012, 1, 4), date(2012, 1, 11)):
        assert sweep(day, chasers.plan_review_due, chasers.plan_review_overdue).found == 0
    assert mail.outbox == []
    under_the_2009_act(area)
    assert walk(date(2011, 12, 15), date(2012, 1, 4), chasers.plan_review_due, chasers.plan_review_overdue) == {
        date(2011, 12, 15): [("plan_review_due", "olive@northshire.example.org")],
        date(2011, 12, 30): [("plan_review_due", "olive@northshire.example.org")],
        date(2012, 1, 4): [("plan_review_overdue", "dcs@northshire.example.org"),
                           ("plan_review_overdue", "sam@dcsf.example.gov.uk")]}


def test_review_chasers_stop_at_the_revocation(area, walk):
    """A review due in September 2010 is escalated weekly until the plan regulations are revoked
    (31 October 2010), then no more: the review is no longer required."""
    steward = StewardFactory(email="sam@dcsf.example.gov.uk")
    area.director_email = "dcs@northshire.example.org"
    area.save()
    published_plan(area, date(2010, 9, 1))
    sent = walk(date(2010, 9, 1), date(2010, 11, 20), chasers.plan_review_overdue)
    escalation = [("plan_review_overdue", "dcs@northshire.example.org"), ("plan_review_overdue", steward.email)]
    # the working day after (Thursday 2 September), then every 5 working days
    assert sent == {date(2010, 9, 2) + timedelta(weeks=w): escalation for w in range(9)}
    assert max(sent) == date(2010, 10, 28)  # the last Thursday before Sunday 31 October


# -- partner agreements ------------------------------------------------------------------------
ASKED = date(2010, 3, 29)  # Monday before Easter: Good Friday 2 April and Easter Monday 5 April 2010


@pytest.fixture
def agreement(area, other_area):
    """Version 2 asked on ASKED: one partner with a contact user, one with only a lead contact, one agreed."""
    officer_of(area, "olive@northshire.example.org")
    officer_of(area, "owen@northshire.example.org")
    officer_of(other_area, "oscar@southshire.example.org")
    version = PlanVersionFactory(area=area, number=2, status=S.AGREEMENT, agreement_round=1)
    pct = Partner.objects.create(area=area, name="NHS Northshire PCT", org_type="pct")
    police = Partner.objects.create(area=area, name="Northshire Police Authority", org_type="police_authority",
                                    lead_contact_name="Pip Police", lead_contact_email="Pip@Police.example.org")
    yot = Partner.objects.create(area=area, name="Northshire Youth Offending Team", org_type="yot")
    make_contact(pct, "pct@partners.example.org")
    make_contact(yot, "yot@partners.example.org")
    asked = timezone.make_aware(datetime(2010, 3, 29, 16, 45))
    requests = {p.org_type: AgreementRequest.objects.create(version=version, partner=p, round=1, asked_at=asked,
                                                            nonce=secrets.token_hex(16))
                for p in (pct, police, yot)}
    yot_request = requests["yot"]
    AgreementResponse.objects.create(request=yot_request, decision="agree", via="page")
    yot_request.latest_decision = "agree"
    yot_request.save()
    # an earlier round of the same version is over: never chased
    AgreementRequest.objects.create(version=version, partner=pct, round=0, asked_at=asked - timedelta(days=60),
                                    nonce="x")
    return version, requests


def test_agreement_outstanding_5_working_days_after_over_easter_to_the_partner_contacts(agreement, walk):
    version, requests = agreement
    sent = walk(ASKED, date(2010, 5, 1), chasers.agreement_outstanding)
    # 5 working days after Monday 29 March 2010, over Easter, is Wednesday 7 April
    assert sent == {date(2010, 4, 7): [("agreement_outstanding", "pct@partners.example.org"),
                                       ("agreement_outstanding", "pip@police.example.org")]}
    by_to = {m.to[0]: m for m in mail.outbox}
    pct_mail = next(m for to, m in by_to.items() if "pct@" in to)
    assert pct_mail.subject == "NHS Northshire PCT: please agree the Northshire Children and Young People's Plan"
    assert f"/areas/801/plan/agreements/{requests['pct'].pk}/" in pct_mail.body
    # no user for the police: its lead contact gets a signed single-use link, made when the e-mail
    # is rendered: the link is a credential, so the log keeps only the request's id
    police_log = ReminderLog.objects.get(recipient_email="pip@police.example.org")
    assert police_log.link == "" and police_log.recipient_id is None
    assert "plan-answer" not in str(police_log.context) and police_log.context["contact_user_id"] is None
    assert police_log.subject_key == f"agreement:{requests['police_authority'].pk}"
    from plans.tokens import agreement_token_read

    police_mail = next(m for to, m in by_to.items() if "pip@" in to)
    token = re.search(r"/plan-answer/([^/\s]+)/", police_mail.body).group(1)
    with time_machine.travel(datetime(2010, 4, 8, 9, tzinfo=LONDON)):
        assert agreement_token_read(token)[0] == requests["police_authority"]


def test_agreement_outstanding_stops_once_agreed(agreement, walk):
    version, requests = agreement
    for req in requests.values():
        req.latest_decision = "agree"
        req.save()
    assert walk(ASKED, date(2010, 4, 20), chasers.agreement_outstanding) == {}


def test_agreement_escalation_10_working_days_after_one_reminder_per_officer_listing_who(agreement, walk, sweep):
    version, requests = agreement
    sent = walk(ASKED, date(2010, 5, 14), chasers.agreement_escalation)
    officers = [("agreement_escalation", "olive@northshire.example.org"),
                ("agreement_escalation", "owen@northshire.example.org")]
    assert sent == {date(2010, 4, 14): officers}
    message = mail.outbox[0]
    assert message.subject == "Northshire: 2 partners have not agreed version 2 of the plan"
    assert "- NHS Northshire PCT\n" in message.body and "- Northshire Police Authority\n" in message.body
    assert "Youth Offending" not in message.body
    log = ReminderLog.objects.first()
    assert (log.subject_key, log.deadline, log.offset) == (f"plan:{version.pk}:agreements:1", ASKED,
                                                           "10 working days after")
    assert sweep(date(2010, 4, 14), chasers.agreement_escalation).new == 0


def test_agreement_chasers_ignore_a_version_no_longer_waiting(agreement, walk):
    version, _requests = agreement
    PlanVersion.objects.filter(pk=version.pk).update(status=S.DRAFT)  # an objection sent it back
    assert walk(ASKED, date(2010, 4, 30), chasers.agreement_outstanding, chasers.agreement_escalation) == {}


# -- board approval ----------------------------------------------------------------------------
AGREED = date(2010, 6, 1)


@pytest.fixture
def all_agreed(area):
    officer_of(area, "olive@northshire.example.org")
    version = PlanVersionFactory(area=area, number=1, status=S.AGREEMENT, agreement_round=1)
    for i, when in enumerate((datetime(2010, 5, 20, 9), datetime(2010, 6, 1, 15))):
        partner = Partner.objects.create(area=area, name=f"Partner {i}", org_type="pct")
        req = AgreementRequest.objects.create(version=version, partner=partner, round=1, nonce=str(i),
                                              asked_at=timezone.make_aware(datetime(2010, 5, 17, 9)),
                                              latest_decision="agree")
        AgreementResponse.objects.create(request=req, decision="agree", via="page", at=timezone.make_aware(when))
    return version


def test_board_approval_pending_5_working_days_after_the_last_agreement_then_every_10(all_agreed, walk):
    sent = walk(AGREED, date(2010, 7, 31), chasers.board_approval_pending)
    officer = [("board_approval_pending", "olive@northshire.example.org")]
    # the last partner agreed on Tuesday 1 June 2010 (after the spring bank holiday): 5 working days later is
    # Tuesday 8 June, then every 10 working days
    assert sent == {date(2010, 6, 8): officer, date(2010, 6, 22): officer, date(2010, 7, 6): officer,
                    date(2010, 7, 20): officer}
    log = ReminderLog.objects.order_by("pk").first()
    assert log.link == f"/areas/801/plan/versions/{all_agreed.number}/board/"
    assert log.subject_key == f"plan:{all_agreed.pk}:board-approval" and log.deadline == AGREED


def test_board_approval_pending_quiet_while_on_a_future_meetings_agenda(all_agreed, walk):
    meeting = MeetingFactory(board__area=all_agreed.area, date=date(2010, 7, 15))
    PlanApproval.objects.create(version=all_agreed, meeting=meeting)
    PlanVersion.objects.filter(pk=all_agreed.pk).update(status=S.APPROVAL)
    assert walk(AGREED, date(2010, 7, 15), chasers.board_approval_pending) == {}
    # the meeting passed without a decision: chased again the next day (the current repeat), then on schedule
    sent = walk(date(2010, 7, 16), date(2010, 7, 31), chasers.board_approval_pending)
    officer = [("board_approval_pending", "olive@northshire.example.org")]
    assert sent == {date(2010, 7, 16): officer, date(2010, 7, 20): officer}


def test_board_approval_pending_not_while_a_partner_is_outstanding(all_agreed, walk):
    AgreementRequest.objects.filter(version=all_agreed).update(latest_decision="")
    assert walk(AGREED, date(2010, 7, 1), chasers.board_approval_pending) == {}


# -- the 1 April 2010 deadline -----------------------------------------------------------------
DEADLINE = date(2010, 4, 1)


@pytest.fixture
def deadline_areas(db):
    follows = AreaFactory(name="Follows the law in force", la_code="811", gss_code="E06000811")
    proposals = AreaFactory(name="Adopted the proposals", la_code="812", gss_code="E06000812",
                             framework="proposals2008")
    enacted = AreaFactory(name="Stays under the 2004 Act", la_code="813", gss_code="E06000813", framework="ca2004")
    published = AreaFactory(name="Already published", la_code="814", gss_code="E06000814")
    for a in (follows, proposals, enacted, published):
        officer_of(a, f"officer.{a.la_code}@example.org")
    published_plan(published, date(2011, 2, 1))
    return follows, proposals


def test_plan_deadline_2010_officers_at_90_30_10_and_one_national_list_per_stage(deadline_areas, walk):
    steward = StewardFactory(email="sam@dcsf.example.gov.uk")
    sent = walk(date(2009, 11, 1), DEADLINE + timedelta(days=3), chasers.plan_deadline_2010)
    stage = [("plan_deadline_2010", "officer.811@example.org"), ("plan_deadline_2010", "officer.812@example.org"),
             ("plan_deadline_2010", steward.email)]
    # 90 working days before 1 April 2010 (over Christmas and New Year) is Monday 23 November 2009
    assert sent == {date(2009, 11, 23): stage, date(2010, 2, 18): stage, date(2010, 3, 18): stage}
    national = ReminderLog.objects.filter(recipient_email=steward.email)
    assert national.count() == 3 and {n.area_id for n in national} == {None}
    body = national.first().context["lines"]
    assert body == ["Areas without a published Children and Young People's Plan:",
                    "- Adopted the proposals (812)", "- Follows the law in force (811)"]
    assert national.first().title == "2 areas have no published plan for the 1 April 2010 deadline"
    assert national.first().subject_key == "national:plan-deadline:2010-04-01"


# -- every chaser, all together ----------------------------------------------------------------
def test_real_registry_finds_the_plan_chasers(review_areas, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2011, 12, 15, 6, 30, tzinfo=LONDON), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        result = reminders_sweep(today=date(2011, 12, 15))
    assert {c.__name__ for c in registry.chasers()} >= {
        "plan_review_due", "plan_review_overdue", "agreement_outstanding", "agreement_escalation",
        "board_approval_pending", "plan_deadline_2010"}
    assert result.new == 1 and mail.outbox[0].to == ["Olive <olive@northshire.example.org>"]


# -- queries: flat as the number of areas grows ------------------------------------------------
def _areas(n, prefix):
    result = []
    for i in range(n):
        a = AreaFactory(name=f"{prefix} {i}", la_code=f"{500 + i:03d}", gss_code=f"E06{500 + i:06d}")
        officer_of(a, f"officer{i}@{prefix.lower()}.example.org")
        a.director_email = f"dcs{i}@example.org"
        a.save()
        result.append(a)
    return result


def _build_reviews(n):
    for a in under_the_2009_act(*_areas(n, "Review")):
        published_plan(a, REVIEW_DUE)
    return date(2011, 12, 15), chasers.plan_review_due


def _build_overdue(n):
    StewardFactory()
    for a in under_the_2009_act(*_areas(n, "Overdue")):
        published_plan(a, REVIEW_DUE)
    return date(2012, 1, 11), chasers.plan_review_overdue


def _build_requests(n, fn):
    for a in _areas(n, "Agree"):
        version = PlanVersionFactory(area=a, number=1, status=S.AGREEMENT, agreement_round=1)
        for j in range(2):
            p = Partner.objects.create(area=a, name=f"Partner {j}", org_type="pct",
                                       lead_contact_email=f"lead{j}@{a.la_code}.example.org")
            if j:
                make_contact(p, f"contact{a.la_code}@example.org")
            AgreementRequest.objects.create(version=version, partner=p, round=1, nonce=str(j),
                                            asked_at=timezone.make_aware(datetime(2010, 3, 29, 10)))
    return (date(2010, 4, 7) if fn is chasers.agreement_outstanding else date(2010, 4, 14)), fn


def _build_approval(n):
    for a in _areas(n, "Approve"):
        version = PlanVersionFactory(area=a, number=1, status=S.AGREEMENT, agreement_round=1)
        p = Partner.objects.create(area=a, name="Partner", org_type="pct")
        req = AgreementRequest.objects.create(version=version, partner=p, round=1, nonce="n", latest_decision="agree",
                                              asked_at=timezone.make_aware(datetime(2010, 5, 17, 9)))
        AgreementResponse.objects.create(request=req, decision="agree", via="page",
                                         at=timezone.make_aware(datetime(2010, 6, 1, 9)))
    return date(2010, 6, 8), chasers.board_approval_pending


def _build_deadline(n):
    StewardFactory()
    _areas(n, "Deadline")
    return date(2010, 3, 18), chasers.plan_deadline_2010


BUILDERS = {
    "plan_review_due": (_build_reviews, 2),
    "plan_review_overdue": (_build_overdue, 4),
    "agreement_outstanding": (lambda n: _build_requests(n, chasers.agreement_outstanding), 2),
    "agreement_escalation": (lambda n: _build_requests(n, chasers.agreement_escalation), 3),
    "board_approval_pending": (_build_approval, 2),
    "plan_deadline_2010": (_build_deadline, 3),
}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
@pytest.mark.parametrize("n", [2, 20])
def test_chaser_queries_flat_in_the_number_of_areas(kind, n, django_assert_num_queries):
    build, queries = BUILDERS[kind]
    today, fn = build(n)
    rules = enabled_rules()
    with django_assert_num_queries(queries):
        dues = list(fn(today, rules))
    assert len({d.area_id for d in dues if d.area_id}) == n  # every area is chased
    assert all(d.kind == kind for d in dues)


def test_officer_membership_of_another_kind_is_not_told(review_areas, area, walk):
    # a board member of the area is not an officer: the review reminders are the officers'
    from trusts.tests.factories import UserFactory

    member = UserFactory(email="member@northshire.example.org")
    Membership.objects.create(user=member, area=area, role=User.Role.BOARD_MEMBER)
    sent = walk(date(2011, 12, 15), date(2011, 12, 15), chasers.plan_review_due)
    assert sent == {date(2011, 12, 15): [("plan_review_due", "olive@northshire.example.org")]}


# -- the demo ----------------------------------------------------------------------------------
def test_demo_home_pages_show_reminders_and_an_escalation(client, settings, tmp_path,
                                                         django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command
    from django.urls import reverse

    from trusts.models import User
    from trusts.notices import workdays

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())  # ends with the day's sweep

    def home(email):
        client.force_login(User.objects.get(email=email))
        return client.get(reverse("trusts:home")).content.decode()

    # version 1's second annual review (due six weeks before today) was never recorded, but the demo
    # area follows the framework in force today, under which nobody has to review a plan (the plan
    # regulations were revoked on 31 October 2010): no escalation
    due = timezone.localdate() - timedelta(days=42)
    assert "Overdue: the annual review" not in home("steward@dcsf.example.gov.uk")
    assert PlanVersion.objects.get(area__la_code="873", number=1).review_due_on == due
    # the reminders: version 2's requests are dated 10 working days before the demo's sweep
    day = timezone.localdate()
    day = day if workdays.is_working_day(day) else workdays.add_working_days(day, -1)
    asked = timezone.make_aware(datetime.combine(workdays.add_working_days(day, -10), time(10)))
    assert set(AgreementRequest.objects.filter(version__area__la_code="873", version__number=2)
               .values_list("asked_at", flat=True)) == {asked}
    assert "partners have not agreed version 2 of the plan" in home("officer@cambridgeshire.example.org")
    assert "Cambridgeshire Primary Care Trust: please agree the Cambridgeshire" in home("partner.contact@example.org")
