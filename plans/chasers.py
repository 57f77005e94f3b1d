"""What the plan chases: annual reviews, partner agreements, board approval, the 2010 deadline.

Each chaser makes one query per kind of record (filtered on its rule's ``anchor_range``)
and one per group of recipients, whatever the number of areas; nothing when nothing is due.
The offsets and repeats are the ChaseRules in the admin, never numbers here.
"""
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, F, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting
from partners import law
from partners.models import PartnerContact
from plans.models import AgreementRequest, AgreementResponse, PlanApproval, PlanReview, PlanVersion
from plans.reminders import (
    AGREEMENT_CHASE,
    AGREEMENT_ESCALATION,
    AGREEMENT_OUTSTANDING,
    AGREEMENT_REQUEST,
    BOARD_APPROVAL_PENDING,
    PLAN_DEADLINE_2010,
    PLAN_REVIEW_DUE,
    PLAN_REVIEW_OVERDUE,
)
from plans.selectors import outstanding_request_list
from trusts.dates import long_date
from trusts.models import Area
from trusts.notices.registry import Recipient, chaser, still_due
from trusts.notices.selectors import area_recipient_list, director_recipient_list, steward_recipient_list

S = PlanVersion.Status
AGREE = AgreementResponse.Decision.AGREE
LISTED = 30  # partners named in one reminder; the rest are counted ("and 12 more")


def _start_of(day):
    """Midnight at the start of a London day, for filtering datetimes by local date."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _datetime_range(earliest, latest):
    """Filter arguments for a datetime field whose London date is within [earliest, latest]."""
    bounds = {"lt": _start_of(latest + timedelta(days=1))}
    if earliest is not None:
        bounds["gte"] = _start_of(earliest)
    return bounds


def _listed(names, limit=LISTED):
    lines = [f"- {n}" for n in names[:limit]]
    if limit is not None and len(names) > limit:
        lines.append(f"- and {len(names) - limit} more")
    return lines


def _version_link(la_code, number):
    return reverse("plans:version-detail", kwargs={"la_code": la_code, "version": number})


def _plan_required(today):
    """A condition on areas whose framework on the day requires a plan (and so its annual review):
    the one they chose, else the one in force, as ``partners.law.framework_for_area`` says. Since
    the plan regulations were revoked (31 October 2010) nobody has to review a plan."""
    condition = Q(area__framework__in=[f.code for f in law.FRAMEWORKS if f.plan_required])
    try:
        if law.framework_in_force(today).plan_required:
            condition |= Q(area__framework="")
    except LookupError:  # before any framework: nothing required of an area that chose none
        pass
    return condition


def _unreviewed(earliest, latest, today):
    """Published versions whose review falls in the range and has no review recorded for that date,
    in areas whose framework on the day still requires the review."""
    recorded = PlanReview.objects.filter(version_id=OuterRef("pk"), due_on=OuterRef("review_due_on"))
    qs = (PlanVersion.objects.published().filter(_plan_required(today)).filter(review_due_on__lte=latest)
          .exclude(Exists(recorded)))
    if earliest is not None:
        qs = qs.filter(review_due_on__gte=earliest)
    return list(qs.order_by("review_due_on", "pk")
                .values("pk", "number", "review_due_on", "area_id", "area__name", "area__la_code"))


# -- annual review ---------------------------------------------------------------------------
@chaser(PLAN_REVIEW_DUE)
def plan_review_due(today, rules):
    """The area's officers, before the annual review of the published plan is due."""
    rule = rules[PLAN_REVIEW_DUE]
    plans = _unreviewed(*rule.anchor_range(today), today)  # query 1
    if not plans:
        return
    officers = area_recipient_list({p["area_id"] for p in plans})  # query 2
    for p in plans:
        due = p["review_due_on"]
        yield from rule.dues(
            today=today, anchor=due, subject_key=f"plan:{p['pk']}:review:{due.isoformat()}",
            recipients=officers.get(p["area_id"], []), area_id=p["area_id"],
            title=f"{p['area__name']}: the annual review of the plan is due on {long_date(due)}",
            context={"lines": [
                f"Version {p['number']} of the Children and Young People's Plan is due its annual review "
                f"by {long_date(due)} (para 36).",
                "Review progress against the measures with the partners, update the needs assessment and record "
                "the review on the plan page.",
            ]},
            link=_version_link(p["area__la_code"], p["number"]),
        )


@chaser(PLAN_REVIEW_OVERDUE)
def plan_review_overdue(today, rules):
    """Escalation: the Director of Children's Services and the national stewards, then again until done."""
    rule = rules[PLAN_REVIEW_OVERDUE]
    plans = _unreviewed(*rule.anchor_range(today), today)  # query 1
    if not plans:
        return
    directors = director_recipient_list({p["area_id"] for p in plans})  # queries 2-3
    stewards = steward_recipient_list()  # query 4
    for p in plans:
        due = p["review_due_on"]
        yield from rule.dues(
            today=today, anchor=due, subject_key=f"plan:{p['pk']}:review:{due.isoformat()}",
            recipients=directors.get(p["area_id"], []) + stewards, area_id=p["area_id"],
            title=f"Overdue: the annual review of the {p['area__name']} plan was due on {long_date(due)}",
            context={"lines": [
                f"No annual review of version {p['number']} of the {p['area__name']} Children and Young "
                f"People's Plan has been recorded. It was due on {long_date(due)}.",
                "This escalation is repeated until the area's officers record the review.",
            ]},
            link=_version_link(p["area__la_code"], p["number"]),
        )


# -- partner agreements ----------------------------------------------------------------------
def _contacts_by_partner(partner_ids):
    """{partner id: [Recipient]} for the partners' active contact users (one query)."""
    result = {}
    rows = (PartnerContact.objects.filter(partner_id__in=list(partner_ids), user__is_active=True)
            .order_by("partner_id", "user__full_name", "user_id")
            .values_list("partner_id", "user_id", "user__email", "user__full_name"))
    for partner_id, user_id, email, name in rows:
        result.setdefault(partner_id, []).append(Recipient(email=email.lower(), name=name, user_id=user_id))
    return result


@chaser(AGREEMENT_OUTSTANDING)
def agreement_outstanding(today, rules):
    """A partner asked to agree the plan and not yet agreed: its contacts (else its lead contact).

    The e-mail carries the answer-by date and a signed answer link; the link is a credential,
    so the log keeps only the request and contact ids and the link is signed at send time."""
    from plans.tokens import link_days

    rule = rules[AGREEMENT_OUTSTANDING]
    requests = list(outstanding_request_list()
                    .filter(**{f"asked_at__{k}": v for k, v in _datetime_range(*rule.anchor_range(today)).items()}))
    if not requests:  # query 1
        return
    contacts = _contacts_by_partner({r.partner_id for r in requests})  # query 2
    site = settings.SITE_URL.rstrip("/")
    for req in requests:
        version, partner, area = req.version, req.partner, req.version.area
        asked = timezone.localdate(req.asked_at)
        due = version.agreement_due_on
        people = contacts.get(partner.pk) or (
            [Recipient(email=partner.lead_contact_email.lower(), name=partner.lead_contact_name or partner.name)]
            if partner.lead_contact_email else [])
        respond = reverse("plans:agreement-respond", kwargs={"la_code": area.la_code, "agreement": req.pk})
        for person in people:
            yield from rule.dues(
                today=today, anchor=asked, subject_key=f"agreement:{req.pk}", area_id=area.pk,
                recipients=[person], template="plans/email/agreement_reminder",
                title=f"{partner.name}: please agree the {area.name} Children and Young People's Plan"
                      + (f" by {long_date(due)}" if due else ""),
                context={"agreement_request_id": req.pk, "contact_user_id": person.user_id,
                         "partner_name": partner.name, "area_name": area.name, "version_number": version.number,
                         "version_title": version.title, "asked_on": long_date(asked), "days": link_days(),
                         "answer_by": long_date(due) if due else "as soon as you can", "site_url": site,
                         "plan_url": site + _version_link(area.la_code, version.number)},
                # the in-app notification links to the sign-in answer page, never to a signed link
                link=respond if person.user_id else "",
            )


@still_due(AGREEMENT_REQUEST, AGREEMENT_CHASE, AGREEMENT_OUTSTANDING)
def agreement_request_still_due(log):
    """A request e-mail or reminder goes only while the partner has still not agreed (checked at send time)."""
    from plans.services import agreement_still_outstanding

    kind, _, pk = log.subject_key.partition(":")
    if kind != "agreement" or not pk.isdigit():
        return True  # not a request's key: nothing to judge it by
    return agreement_still_outstanding(int(pk))


@still_due(AGREEMENT_ESCALATION)
def agreement_escalation_still_due(log):
    """The officers' list of outstanding partners goes only while someone is outstanding in that round."""
    parts = log.subject_key.split(":")  # plan:<version>:agreements:<round>
    if len(parts) != 4 or not parts[1].isdigit() or not parts[3].isdigit():
        return True
    return outstanding_request_list().filter(version_id=int(parts[1]), round=int(parts[3])).exists()


@chaser(AGREEMENT_ESCALATION)
def agreement_escalation(today, rules):
    """Partners still outstanding some days after the round started: the area's officers, one per version."""
    rule = rules[AGREEMENT_ESCALATION]
    earliest, latest = rule.anchor_range(today)
    bounds = _datetime_range(earliest, latest)
    versions = list(  # query 1: versions whose round started in the range
        PlanVersion.objects.filter(status=S.AGREEMENT)
        .annotate(round_started=Min("agreement_requests__asked_at",
                                    filter=Q(agreement_requests__round=F("agreement_round"))))
        .filter(**{f"round_started__{k}": v for k, v in bounds.items()})
        .values("pk", "number", "title", "agreement_round", "agreement_due_on", "round_started", "area_id",
                "area__name", "area__la_code")
    )
    if not versions:
        return
    outstanding = {}
    for req in (outstanding_request_list().filter(version_id__in=[v["pk"] for v in versions])  # query 2
                .order_by("partner__name", "pk")):
        outstanding.setdefault(req.version_id, []).append(req.partner.name)
    if not outstanding:
        return
    officers = area_recipient_list({v["area_id"] for v in versions if v["pk"] in outstanding})  # query 3
    for v in versions:
        names = outstanding.get(v["pk"])
        if not names:
            continue
        started = timezone.localdate(v["round_started"])
        yield from rule.dues(
            today=today, anchor=started, subject_key=f"plan:{v['pk']}:agreements:{v['agreement_round']}",
            recipients=officers.get(v["area_id"], []), area_id=v["area_id"],
            title=f"{v['area__name']}: {len(names)} partner{'s have' if len(names) != 1 else ' has'} not agreed "
                  f"version {v['number']} of the plan",
            context={"lines": [
                f"The relevant partners were asked on {long_date(started)} to agree version {v['number']} "
                f"({v['title']})" + (f" by {long_date(v['agreement_due_on'])}" if v["agreement_due_on"] else "")
                + ". These have not agreed it yet:",
                *_listed(names),
                "Contact them: the plan goes to the board for approval once every relevant partner has agreed.",
            ]},
            link=_version_link(v["area__la_code"], v["number"]),
        )


# -- board approval --------------------------------------------------------------------------
@chaser(BOARD_APPROVAL_PENDING)
def board_approval_pending(today, rules):
    """Every partner agreed, and the version is on no future board meeting's agenda: the officers."""
    rule = rules[BOARD_APPROVAL_PENDING]
    earliest, latest = rule.anchor_range(today)
    current = Q(agreement_requests__round=F("agreement_round"))
    not_agreed = AgreementRequest.objects.filter(version_id=OuterRef("pk"), round=OuterRef("agreement_round")) \
        .exclude(latest_decision=AGREE)
    scheduled = PlanApproval.objects.filter(version_id=OuterRef("pk"), outcome=PlanApproval.Outcome.PENDING,
                                            meeting__date__gte=today)
    scheduled = scheduled.exclude(meeting__status=Meeting.Status.CANCELLED)
    versions = list(  # query 1
        PlanVersion.objects.filter(status__in=[S.AGREEMENT, S.APPROVAL])
        .exclude(Exists(not_agreed)).exclude(Exists(scheduled))
        .annotate(all_agreed=Max("agreement_requests__responses__at", filter=current))
        .filter(**{f"all_agreed__{k}": v for k, v in _datetime_range(earliest, latest).items()})
        .values("pk", "number", "title", "status", "all_agreed", "area_id", "area__name", "area__la_code")
    )
    if not versions:
        return
    officers = area_recipient_list({v["area_id"] for v in versions})  # query 2
    for v in versions:
        agreed = timezone.localdate(v["all_agreed"])
        lines = [f"Every relevant partner had agreed version {v['number']} ({v['title']}) by {long_date(agreed)}."]
        if v["status"] == S.APPROVAL:
            lines.append("It is waiting for board approval but is not on the agenda of any future board meeting.")
        lines.append("Put it on the agenda of a board meeting: the board approves the plan before it is published.")
        yield from rule.dues(
            today=today, anchor=agreed, subject_key=f"plan:{v['pk']}:board-approval",
            recipients=officers.get(v["area_id"], []), area_id=v["area_id"],
            title=f"{v['area__name']}: put version {v['number']} of the plan on a board meeting's agenda",
            context={"lines": lines},
            link=reverse("plans:board-submit", kwargs={"la_code": v["area__la_code"], "version": v["number"]}),
        )


# -- the 1 April 2010 deadline ---------------------------------------------------------------
def _deadline_areas(deadline):
    """Areas whose framework on the deadline sets it, with no published plan (one query).

    An area that chose a framework runs under it; the others under the one in force on the
    deadline day (the 2009 Act from 1 April 2010), as ``partners.law.framework_for_area`` says.
    """
    chosen = [f.code for f in law.FRAMEWORKS if f.plan_deadline == deadline]
    in_force = [f for f in law.FRAMEWORKS if f.in_force_on(deadline)]
    condition = Q(framework__in=chosen)
    if in_force and in_force[0].plan_deadline == deadline:
        condition |= Q(framework="")
    published = PlanVersion.objects.filter(area_id=OuterRef("pk"), status=S.PUBLISHED)
    return list(Area.objects.filter(condition).exclude(Exists(published)).order_by("name")
                .values_list("pk", "name", "la_code"))


@chaser(PLAN_DEADLINE_2010)
def plan_deadline_2010(today, rules):
    """Areas without a published plan before the framework's deadline: officers, and one national list."""
    rule = rules[PLAN_DEADLINE_2010]
    earliest, latest = rule.anchor_range(today)
    deadlines = sorted({f.plan_deadline for f in law.FRAMEWORKS if f.plan_deadline
                        and earliest <= f.plan_deadline <= latest and rule.stage(today, f.plan_deadline)})
    stewards = None
    for deadline in deadlines:  # one date in practice (1 April 2010)
        areas = _deadline_areas(deadline)  # query 1
        if not areas:
            continue
        officers = area_recipient_list([pk for pk, _, _ in areas])  # query 2
        for pk, name, la_code in areas:
            yield from rule.dues(
                today=today, anchor=deadline, subject_key=f"area:{pk}:plan-deadline", recipients=officers.get(pk, []),
                area_id=pk, title=f"{name}: the joint plan must be published by {long_date(deadline)}",
                context={"lines": [
                    f"{name} has no published Children and Young People's Plan. Under its statutory framework "
                    f"the Children's Trust Board must publish a joint plan by {long_date(deadline)}.",
                    "Agree the plan with the partners and take it to the board in time.",
                ]},
                link=reverse("plans:overview", kwargs={"la_code": la_code}),
            )
        if stewards is None:
            stewards = steward_recipient_list()  # query 3
        yield from rule.dues(
            today=today, anchor=deadline, subject_key=f"national:plan-deadline:{deadline.isoformat()}",
            recipients=stewards,
            title=f"{len(areas)} area{'s have' if len(areas) != 1 else ' has'} no published plan for the "
                  f"{long_date(deadline)} deadline",
            context={"lines": ["Areas without a published Children and Young People's Plan:",
                               *_listed([f"{name} ({la_code})" for _, name, la_code in areas], limit=None)]},
            link=reverse("trusts:dashboard") + "?flag=plan_status",
        )
