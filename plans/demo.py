"""Demo plans. Cambridgeshire: version 1 published (complete) with an annual review the
board has noted, and version 2 with the partners, some agreed and some outstanding.
Peterborough: an incomplete first draft. Idempotent: an area that already has a plan
is left alone. Partners and boards come from their demo modules, which run first.
"""
import datetime
import secrets

from django.utils import timezone

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
from plans.outcomes import Outcome, SpendArea
from trusts.models import Trust, User
from trusts.notices import workdays

S = PlanVersion.Status
D = datetime.date

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
    cambs = Trust.objects.filter(la_code="873").first()
    peterborough = Trust.objects.filter(la_code="874").first()
    made = []
    if cambs and not PlanVersion.objects.filter(trust=cambs).exists():
        officer = _actor("officer@cambridgeshire.example.org")
        if officer and Partner.objects.relevant(cambs).exists():
            v1, v2 = _cambridgeshire(cambs, officer)
            made.append(f"Cambridgeshire versions {v1.number} and {v2.number}")
        elif stdout:
            stdout.write("Plans: Cambridgeshire has no officer or no relevant partners; no plan added")
    if peterborough and not PlanVersion.objects.filter(trust=peterborough).exists():
        officer = _actor("officer@peterborough.example.org")
        if officer:
            _peterborough(peterborough, officer)
            made.append("a Peterborough draft")
    if stdout:
        stdout.write(f"Plans: {', '.join(made) if made else 'nothing added (already there)'}")


def _partner(trust, name):
    return Partner.objects.filter(trust=trust, name=name).first() or Partner.objects.relevant(trust).first()


def _audited(obj, actor):
    obj._history_user = actor
    return obj


def _cambridgeshire(area, officer):
    v1 = PlanVersion(trust=area, number=1, title="Cambridgeshire Children and Young People's Plan 2010-2013",
                     period_start=D(2010, 4, 1), period_end=None, created_by=officer,
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
                     early_workforce="Every front-line worker trained in the CAF by March 2011; 40 new lead "
                                     "professional posts across the partnership.",
                     commissioning="A joint commissioning board of the council and the PCT commissions CAMHS, "
                                   "short breaks and speech and language therapy from a pooled budget.",
                     scs_link="Delivers the 'Supporting and protecting vulnerable people' priority of the "
                              "Cambridgeshire Sustainable Community Strategy 2007-2021.",
                     laa_link="Sets the context for the LAA targets NI 56, NI 59, NI 111, NI 117 and NI 102.")
    _audited(v1, officer).save()
    for outcome, rows in PRIORITIES.items():
        for position, (title, partner_name, action, measure) in enumerate(rows):
            priority = Priority.objects.create(version=v1, outcome=outcome, title=title, position=position)
            Action.objects.create(priority=priority, description=action, responsible_partner=_partner(area, partner_name),
                                  due_by=D(2011, 3, 31), measure=measure)
    GapAction.objects.create(version=v1, gap="No out-of-hours CAMHS in the north of the county",
                             description="Commission an out-of-hours crisis service",
                             responsible_partner=_partner(area, "Cambridgeshire Primary Care Trust"),
                             due_by=D(2011, 3, 31))
    Consultee.objects.bulk_create(
        [Consultee(version=v1, kind=Consultee.Kind.PARTNER, partner=p, consulted_from=D(2009, 9, 1),
                   consulted_to=D(2009, 11, 30), method="Partnership workshops and written comments")
         for p in Partner.objects.relevant(area)]
        + [Consultee(version=v1, kind=Consultee.Kind.GROUP, group=g.value, consulted_from=D(2009, 9, 1),
                     consulted_to=D(2009, 11, 30), method=method)
           for g, method in zip(Consultee.Group, [
               "Visits to 12 children's centres", "VCS forum and provider events",
               "Staff survey (1,200 replies)", "Primary school councils", "Youth Council and online survey",
               "Parent carer forum and family questionnaires"])])
    for partner_name, area_of_spend, amount in (
            ("Cambridgeshire Primary Care Trust", SpendArea.CHILD_HEALTH, "4200000.00"),
            ("Cambridgeshire Youth Offending Service", SpendArea.YOUTH_OFFENDING, "1850000.00"),
            ("Cambridgeshire County Council Children's Services", SpendArea.EARLY_INTERVENTION, "6100000.00")):
        PartnerSpend.objects.create(version=v1, partner=_partner(area, partner_name), financial_year=2010,
                                    spend_area=area_of_spend, amount=amount)
    # its history, as it happened in 2009-10 (before this service recorded it live)
    when = timezone.make_aware(datetime.datetime(2009, 7, 1, 10))
    for days, from_s, to_s, comment in (
            (0, "", S.DRAFT, "New plan started"),
            (60, S.DRAFT, S.CONSULTATION, "Sent out for consultation"),
            (160, S.CONSULTATION, S.AGREEMENT, "Sent to every relevant partner to agree (round 1)"),
            (220, S.AGREEMENT, S.APPROVAL, "On the agenda of the Children's Trust Board, 25 March 2010"),
            (267, S.APPROVAL, S.PUBLISHED, "Approved by the Children's Trust Board on 25 March 2010")):
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
    v1.published_on, v1.review_due_on = D(2010, 3, 25), D(2011, 3, 25)
    _audited(v1, officer).save()
    review = _audited(PlanReview(version=v1, due_on=D(2011, 3, 25), reviewed_on=D(2011, 2, 28), created_by=officer,
                                 noted_on=D(2011, 3, 17),
                                 needs_assessment_update="Child obesity in Year 6 fell from 18.9% to 18.1%; the "
                                                         "Fenland attainment gap is unchanged; CAMHS waits halved."),
                      officer)
    review.save()
    ReviewProgress.objects.bulk_create([ReviewProgress(review=review, outcome=o.value, progress=text) for o, text in zip(
        Outcome, ["Healthy schools in 180 of 196 primaries; CAMHS single point of access open.",
                  "Family intervention project working with 64 families; 7-day assessments up to 78%.",
                  "Every Child a Reader in 38 schools; the gap narrowed by one point.",
                  "First-time entrants down 14%.",
                  "NEET down from 6.1% to 5.4%; September Guarantee offers to 96%."])])
    v1.review_due_on = D(2012, 3, 25)
    _audited(v1, officer).save()

    # version 2: copied, changed, consulted on, with the partners now
    v2 = services.plan_version_create(trust=area, actor=officer)
    services.plan_content_update(version=v2, actor=officer, lock_version=v2.lock_version,
                                 title="Cambridgeshire Children and Young People's Plan 2011-2014",
                                 period_start=D(2011, 4, 1))
    v2.refresh_from_db()
    services.plan_consultation_start(version=v2, actor=officer)
    services.plan_agreement_start(version=v2, actor=officer, notify=False)
    # asked 10 working days before the demo's sweep (the last working day, as trusts/notices/demo.py does),
    # so the sweep after seeding sends the partner contact's reminder and the officers' escalation
    sweep_day = timezone.localdate()
    if not workdays.is_working_day(sweep_day):
        sweep_day = workdays.add_working_days(sweep_day, -1)
    AgreementRequest.objects.filter(version=v2, round=1).update(asked_at=timezone.make_aware(
        datetime.datetime.combine(workdays.add_working_days(sweep_day, -10), datetime.time(10))))
    requests = list(AgreementRequest.objects.filter(version=v2, round=1).select_related("partner")
                    .order_by("partner__name"))
    for req in requests[: len(requests) // 2]:
        if req.partner.name == "Cambridgeshire Primary Care Trust":
            continue  # left for the demo partner contact to answer
        AgreementResponse.objects.create(request=req, decision=AgreementResponse.Decision.AGREE,
                                         via=AgreementResponse.Via.EMAIL)
        req.latest_decision = AgreementResponse.Decision.AGREE
        req.save(update_fields=["latest_decision"])
    return v1, PlanVersion.objects.get(pk=v2.pk)


def _peterborough(area, officer):
    version = services.plan_version_create(trust=area, actor=officer,
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
    for version in PlanVersion.objects.filter(trust__la_code__in=["873", "874"]).select_related("trust") \
            .order_by("trust__la_code", "number"):
        lines.append(f"{version.trust.name}, version {version.number} ({version.get_status_display()}):")
        lines.append(completeness_check(version).as_text())
        lines.append("")
    return "\n".join(lines)
