"""Demo plans, dated relative to today so reminders and deadlines read as they would in use.

Cambridgeshire (about 200 relevant partners): version 1 published a little over two years
ago, complete, with its first annual review noted by the board and its second review six
weeks overdue (the steward's escalation); version 2, complete, with the partners: asked 10
working days before the demo's sweep, to answer within 20 working days (about two weeks
from today). A handful answered themselves, one school's letter was recorded by an officer,
and the group seats' answers are left for their holders: signing in as the demo board
member (the primary headteachers' representative) answers for about a hundred schools.
The board meets four weeks from today, after the deadline, to approve it.
Peterborough: an incomplete first draft.

Idempotent: an area that already has a plan is left alone. Partners, the board and the
pooled funds come from their demo modules, which run first (INSTALLED_APPS order).
"""
import datetime
import secrets

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from partners.models import Partner
from plans import services
from plans.completeness import completeness_check
from plans.models import (
    Action,
    AgreementRequest,
    AgreementResponse,
    Consultee,
    GapAction,
    PartnerSpend,
    PlanReview,
    PlanTransition,
    PlanVersion,
    Priority,
    ReviewProgress,
)
from pooling.models import Outcome, ServiceArea
from trusts.audit import audited
from trusts.dates import long_date
from trusts.models import Area, User
from trusts.notices import workdays

S = PlanVersion.Status

PRIORITIES = {
    "be_healthy": [
        ("Reduce childhood obesity", "Cambridgeshire Primary Care Trust",
         "Extend the healthy schools programme to every primary school", "NI 56: obesity in Year 6"),
        ("Improve emotional health", "Cambridgeshire Primary Care Trust",
         "Open a CAMHS single point of access with a four-week wait", "Waiting times for CAMHS (NI 51)"),
    ],
    "stay_safe": [
        ("Fewer children need to come into care", "Cambridgeshire County Council Children's Services",
         "Family intervention project in Fenland and Huntingdonshire", "NI 59: initial assessments in 7 days"),
        ("Safer roads and streets", "Chief Constable of Cambridgeshire Constabulary",
         "Neighbourhood policing teams meet every secondary school each term", "NI 48: children killed or injured on roads"),
    ],
    "enjoy_achieve": [
        ("Narrow the gap at Key Stage 2", "Cambridgeshire County Council Children's Services",
         "Every Child a Reader in 40 primary schools", "NI 102: attainment gap for pupils on free school meals"),
    ],
    "positive_contribution": [
        ("Fewer young people enter the youth justice system", "Cambridgeshire Youth Offending Service",
         "Youth inclusion programmes in the five districts", "NI 111: first-time entrants"),
    ],
    "economic_wellbeing": [
        ("More young people in education, employment or training", "Connexions Cambridgeshire and Peterborough",
         "September Guarantee offer to every 16 and 17 year old", "NI 117: 16-18 year olds who are NEET"),
    ],
}


def _actor(email):
    return User.objects.filter(email=email, is_active=True).first()


def seed(stdout):
    cambs = Area.objects.filter(la_code="873").first()
    peterborough = Area.objects.filter(la_code="874").first()
    made = []
    if cambs and not PlanVersion.objects.filter(area=cambs).exists():
        officer = _actor("officer@cambridgeshire.example.org")
        if officer and Partner.objects.relevant(cambs).exists():
            v1, v2 = _cambridgeshire(cambs, officer)
            made.append(f"Cambridgeshire versions {v1.number} and {v2.number}")
        elif stdout:
            stdout.write("Plans: Cambridgeshire has no officer or no relevant partners; no plan added")
    if peterborough and not PlanVersion.objects.filter(area=peterborough).exists():
        officer = _actor("officer@peterborough.example.org")
        if officer:
            _peterborough(peterborough, officer)
            made.append("a Peterborough draft")
    if stdout:
        stdout.write(f"Plans: {', '.join(made) if made else 'nothing added (already there)'}")


def _partner(area, name):
    return Partner.objects.filter(area=area, name=name).first() or Partner.objects.relevant(area).first()


# -- dates, all relative to today --------------------------------------------------------------
def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def financial_year(day):
    """The financial year a day falls in, by the year it starts (2026 is 2026-27)."""
    return day.year if day.month >= 4 else day.year - 1


def sweep_day(today=None):
    """The day the demo's reminder sweep runs as (trusts/notices/demo.py): today, or the last working day."""
    day = today or timezone.localdate()
    return day if workdays.is_working_day(day) else workdays.add_working_days(day, -1)


def demo_dates(today=None):
    """Every date of the Cambridgeshire story, from today."""
    today = today or timezone.localdate()
    published = add_years(today, -2) - datetime.timedelta(days=42)
    v1_start = published + datetime.timedelta(days=7)
    asked = workdays.add_working_days(sweep_day(today), -10)
    v2_start = (today + datetime.timedelta(days=40)).replace(day=1)  # the month after the board approves it
    return {
        "today": today,
        "v1_published": published,
        "v1_started": published - datetime.timedelta(days=267),
        "v1_start": v1_start,
        "v1_end": add_years(v1_start, 3) - datetime.timedelta(days=1),
        "v1_review_1": add_years(published, 1),
        "v1_review_2": add_years(published, 2),  # six weeks ago, never recorded: overdue
        "v2_started": today - datetime.timedelta(days=91),
        "v2_consulted": today - datetime.timedelta(days=77),
        "asked": asked,
        "due": workdays.add_working_days(asked, services.AGREEMENT_WORKING_DAYS),  # about two weeks from today
        "v2_start": v2_start,
        "v2_end": add_years(v2_start, 3) - datetime.timedelta(days=1),
    }


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _priorities(version, area, due_by):
    actions = []
    for outcome, rows in PRIORITIES.items():
        for position, (title, partner_name, action, measure) in enumerate(rows):
            priority = Priority.objects.create(version=version, outcome=outcome, title=title, position=position)
            actions.append(Action(priority=priority, description=action, measure=measure, due_by=due_by,
                                  responsible_partner=_partner(area, partner_name)))
    Action.objects.bulk_create(actions)


# consulted by type: one row per organisation type of relevant partner (the headteachers' conferences,
# the colleges' principals, the statutory partners' leads), plus a few partners by name
TYPE_METHODS = {
    "school_community": "Primary and secondary headteachers' conferences and a written response form",
    "academy": "Academy principals' forum and a written response form",
    "fe_college": "Meetings with each college's principal",
    "sixth_form_college": "Meetings with each college's principal",
}
GROUP_METHODS = ["Visits to 12 children's centres", "VCS forum and provider events", "Staff survey (1,200 replies)",
                 "Primary school councils", "Youth Council and online survey",
                 "Parent carer forum and family questionnaires"]
SPENDERS = (
    ("Cambridgeshire Primary Care Trust", ServiceArea.CHILD_HEALTH, "4200000.00"),
    ("Cambridgeshire Youth Offending Service", ServiceArea.YOUTH_OFFENDING, "1850000.00"),
    ("Cambridgeshire County Council Children's Services", ServiceArea.EARLY_INTERVENTION, "6100000.00"),
    ("Chief Constable of Cambridgeshire Constabulary", ServiceArea.OTHER, "350000.00"),
    ("Connexions Cambridgeshire and Peterborough", ServiceArea.OTHER, "1200000.00"),
)


def _consultees(version, area, start, end):
    types = sorted(set(Partner.objects.relevant(area).order_by().values_list("org_type", flat=True)))
    Consultee.objects.bulk_create(
        [Consultee(version=version, kind=Consultee.Kind.PARTNER_TYPE, org_type=t, consulted_from=start,
                   consulted_to=end, method=TYPE_METHODS.get(t, "Partnership workshops and written comments"))
         for t in types]
        + [Consultee(version=version, kind=Consultee.Kind.PARTNER, partner=_partner(area, name), consulted_from=start,
                     consulted_to=end, method="Meeting with the partner's lead for children")
           for name in ("Cambridgeshire Primary Care Trust", "Chief Constable of Cambridgeshire Constabulary")]
        + [Consultee(version=version, kind=Consultee.Kind.GROUP, group=g.value, consulted_from=start,
                     consulted_to=end, method=method) for g, method in zip(Consultee.Group, GROUP_METHODS)])


def _cambridgeshire(area, officer):
    d = demo_dates()
    v1_fy = financial_year(d["v1_start"])
    v1 = PlanVersion(area=area, number=1, created_by=officer,
                     title=f"Cambridgeshire Children and Young People's Plan {d['v1_start'].year}-{d['v1_end'].year}",
                     period_start=d["v1_start"], period_end=d["v1_end"],
                     needs_assessment=(
                         "Cambridgeshire has 130,000 children and young people. Outcomes are good overall but the "
                         "gaps are wide: children on free school meals in Fenland do far worse at Key Stage 2 than "
                         "their peers, child obesity is rising, and waits for CAMHS are too long."),
                     early_universal="Children's centres in every district and extended schools offering "
                                     "family support; health visitors see every family by 14 days.",
                     early_targeted="Locality teams using the Common Assessment Framework, with a lead "
                                    "professional for every child with additional needs.",
                     early_partner_roles="Schools, health visitors, children's centres and the police identify "
                                         "needs early; the locality team coordinates the response.",
                     early_workforce="Every front-line worker trained in the CAF in the plan's first year; 40 new "
                                     "lead professional posts across the partnership.",
                     commissioning="A joint commissioning board of the council and the PCT commissions CAMHS, "
                                   "short breaks and speech and language therapy from a pooled budget.",
                     scs_link="Delivers the 'Supporting and protecting vulnerable people' priority of the "
                              "Cambridgeshire Sustainable Community Strategy.",
                     laa_link="Sets the context for the LAA targets NI 56, NI 59, NI 111, NI 117 and NI 102.")
    audited(v1, officer).save()
    first_year_end = add_years(d["v1_start"], 1) - datetime.timedelta(days=1)
    _priorities(v1, area, first_year_end)
    GapAction.objects.create(version=v1, gap="No out-of-hours CAMHS in the north of the county",
                             description="Commission an out-of-hours crisis service",
                             responsible_partner=_partner(area, "Cambridgeshire Primary Care Trust"),
                             due_by=first_year_end)
    started = d["v1_started"]
    _consultees(v1, area, started + datetime.timedelta(days=62), started + datetime.timedelta(days=150))
    PartnerSpend.objects.bulk_create([
        PartnerSpend(version=v1, partner=_partner(area, name), financial_year=v1_fy, spend_area=spent_on,
                     amount=amount) for name, spent_on, amount in SPENDERS])
    # its history, as it happened before this service recorded it live
    when = _at(started)
    meeting = d["v1_published"] - datetime.timedelta(days=2)
    for days, from_s, to_s, comment in (
            (0, "", S.DRAFT, "New plan started"),
            (60, S.DRAFT, S.CONSULTATION, "Sent out for consultation"),
            (160, S.CONSULTATION, S.AGREEMENT, "Sent to every relevant partner to agree (round 1)"),
            (220, S.AGREEMENT, S.APPROVAL, f"On the agenda of the Children's Trust Board, {long_date(meeting)}"),
            (267, S.APPROVAL, S.PUBLISHED, f"Approved by the Children's Trust Board on {long_date(meeting)}")):
        PlanTransition.objects.create(version=v1, from_status=from_s, to_status=to_s, actor=officer,
                                      at=when + datetime.timedelta(days=days), comment=comment)
    asked = when + datetime.timedelta(days=160)
    requests = AgreementRequest.objects.bulk_create([
        AgreementRequest(version=v1, partner=p, round=1, asked_at=asked, asked_by=officer,
                         nonce=secrets.token_hex(16), latest_decision=AgreementResponse.Decision.AGREE)
        for p in Partner.objects.relevant(area)])
    AgreementResponse.objects.bulk_create([
        AgreementResponse(request=r, decision=AgreementResponse.Decision.AGREE, via=AgreementResponse.Via.EMAIL,
                          at=asked + datetime.timedelta(days=20)) for r in requests])
    v1.status, v1.agreement_round = S.PUBLISHED, 1
    v1.agreement_due_on = (asked + datetime.timedelta(days=28)).date()
    v1.published_on, v1.review_due_on = d["v1_published"], d["v1_review_1"]
    audited(v1, officer).save()
    review_1 = d["v1_review_1"]
    review = audited(PlanReview(version=v1, due_on=review_1, reviewed_on=review_1 - datetime.timedelta(days=25),
                                 noted_on=review_1 - datetime.timedelta(days=8), created_by=officer,
                                 needs_assessment_update="Child obesity in Year 6 fell from 18.9% to 18.1%; the "
                                                         "Fenland attainment gap is unchanged; CAMHS waits halved."),
                      officer)
    review.save()
    ReviewProgress.objects.bulk_create([ReviewProgress(review=review, outcome=o.value, progress=text) for o, text in zip(
        Outcome, ["Healthy schools in 118 of 131 primaries; CAMHS single point of access open.",
                  "Family intervention project working with 64 families; 7-day assessments up to 78%.",
                  "Every Child a Reader in 38 schools; the gap narrowed by one point.",
                  "First-time entrants down 14%.",
                  "NEET down from 6.1% to 5.4%; September Guarantee offers to 96%."])])
    v1.review_due_on = d["v1_review_2"]  # six weeks ago and not recorded: the overdue escalation
    audited(v1, officer).save()
    return v1, _version_2(area, officer, d)


def _version_2(area, officer, d):
    """Copied from version 1, brought up to date, consulted on, and with the partners now."""
    v2 = services.plan_version_create(area=area, actor=officer)
    services.plan_content_update(
        version=v2, actor=officer, lock_version=v2.lock_version,
        title=f"Cambridgeshire Children and Young People's Plan {d['v2_start'].year}-{d['v2_end'].year}",
        period_start=d["v2_start"], period_end=d["v2_end"])
    v2.refresh_from_db()
    # the copied rows, dated for this version: actions due by the end of its first year, consulted lately
    first_year_end = add_years(d["v2_start"], 1) - datetime.timedelta(days=1)
    actions = list(Action.objects.filter(priority__version=v2))
    gaps = list(GapAction.objects.filter(version=v2))
    for row in actions + gaps:
        row.due_by = first_year_end
    bulk_update_with_history(actions, Action, ["due_by"], default_user=officer)
    bulk_update_with_history(gaps, GapAction, ["due_by"], default_user=officer)
    consultees = list(Consultee.objects.filter(version=v2))
    for row in consultees:
        row.consulted_from, row.consulted_to = d["v2_consulted"], d["asked"] - datetime.timedelta(days=3)
    bulk_update_with_history(consultees, Consultee, ["consulted_from", "consulted_to"], default_user=officer)
    spends = list(PartnerSpend.objects.filter(version=v2))
    for row in spends:
        row.financial_year = financial_year(d["v2_start"])
    bulk_update_with_history(spends, PartnerSpend, ["financial_year"], default_user=officer)

    services.plan_consultation_start(version=v2, actor=officer)
    # asked 10 working days before the demo's sweep (trusts/notices/demo.py), to answer within the usual
    # 20 working days: the sweep after seeding sends the partner contact's reminder and the officers'
    # escalation, and the deadline is about two weeks from today
    v2 = services.plan_agreement_start(version=v2, actor=officer, notify=False, due_on=d["due"])
    AgreementRequest.objects.filter(version=v2, round=1).update(asked_at=_at(d["asked"]))
    for to_status, day in ((S.DRAFT, d["v2_started"]), (S.CONSULTATION, d["v2_consulted"]),
                           (S.AGREEMENT, d["asked"])):
        PlanTransition.objects.filter(version=v2, to_status=to_status).update(at=_at(day))
    _answers(area, officer, v2, d)
    return PlanVersion.objects.get(pk=v2.pk)


# partners that answered for themselves, from the link in the e-mail (the PCT is left for the demo
# partner contact; the schools' group seats are left for their holders, the demo board member first)
OWN_ANSWERS = (
    "Cambridge City Council", "Huntingdonshire District Council", "East Cambridgeshire District Council",
    "Chief Constable of Cambridgeshire Constabulary", "Cambridgeshire Police Authority",
    "Cambridgeshire and Peterborough Probation Trust", "Cambridgeshire Youth Offending Service",
    "NHS East of England (Strategic Health Authority)", "Connexions Cambridgeshire and Peterborough",
    "Hills Road Sixth Form College", "Chesterton Community College", "Histon and Impington Junior School",
    "Thomas Clarkson Academy",
)
BY_LETTER = "St Laurence Catholic Primary School"


def _answers(area, officer, v2, d):
    requests = {r.partner.name: r for r in AgreementRequest.objects.filter(version=v2, round=v2.agreement_round)
                .select_related("partner")}
    for i, name in enumerate(OWN_ANSWERS):
        request = requests.get(name)
        if request is None:
            continue
        response = services.agreement_respond(request=request, actor=None, decision=AgreementResponse.Decision.AGREE,
                                              via=AgreementResponse.Via.EMAIL)
        day = workdays.add_working_days(d["asked"], 1 + i % 8)
        AgreementResponse.objects.filter(pk=response.pk).update(at=_at(min(day, d["today"]), 9 + i % 8))
    request = requests.get(BY_LETTER)
    if request is not None:
        received = workdays.add_working_days(d["asked"], 4)
        response = services.agreement_record(
            request=request, actor=officer, decision=AgreementResponse.Decision.AGREE, received_on=received,
            channel=AgreementResponse.Channel.LETTER,
            note="Letter from the chair of governors: the governing body agreed the plan at its meeting.")
        AgreementResponse.objects.filter(pk=response.pk).update(
            at=_at(min(workdays.add_working_days(received, 1), d["today"]), 11))


def _peterborough(area, officer):
    version = services.plan_version_create(area=area, actor=officer,
                                           title="Peterborough Children and Young People's Plan 2011")
    services.plan_content_update(version=version, actor=officer, lock_version=version.lock_version,
                                 needs_assessment="Draft: the needs assessment is being refreshed with the 2011 "
                                                  "census and school data.")
    version.refresh_from_db()
    Priority.objects.create(version=version, outcome="stay_safe", title="Reduce repeat referrals to social care")
    return version


def completeness_report():
    """The completeness check of every demo plan version, as text (for the closing note)."""
    lines = []
    for version in PlanVersion.objects.filter(area__la_code__in=["873", "874"]).select_related("area") \
            .order_by("area__la_code", "number"):
        lines.append(f"{version.area.name}, version {version.number} ({version.get_status_display()}):")
        lines.append(completeness_check(version).as_text())
        lines.append("")
    return "\n".join(lines)
