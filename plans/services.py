"""Every write to the plan: one transaction each, a state guard, an audit row.

Status moves (para 11, 36):
    draft -> consultation -> agreement (awaiting partner agreement)
          -> approval (awaiting board approval) -> published -> superseded
Going back, where a council needs it:
    consultation -> draft     the officer takes it back to change it
    agreement -> draft        the officer withdraws it, or a partner objects
    approval -> draft         the board rejects it
Anything else is refused with a ``TransitionError`` that says why. Content can be
changed only in draft or consultation; an approved or published version is locked,
and changing it starts a new draft copied from it.

An objection sends the version straight back to draft (not a separate flagged
state): the objection is on the transition and shown on the plan page, the officer
responds by changing the draft, and the next "send for agreement" starts a new
round in which every relevant partner is asked again.

Who may do each of these is the plan policy's answer (``plans.permissions``): every
service asks it (``policy.require(actor, ...)``) where it writes and refuses with
``NotPermitted``, whatever the view asked before.
"""
import secrets
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partners.models import Partner, PartnerContact
from plans.completeness import completeness_check
from plans.models import (
    Action,
    AgreementRequest,
    AgreementResponse,
    Consultee,
    GapAction,
    PartnerSpend,
    PlanReview,
    PlanSettings,
    PlanTransition,
    PlanVersion,
    Priority,
    ReviewProgress,
)
from plans.outcomes import Outcome
from plans.permissions import policy
# the core's one family of refusals; the names stay importable from here (plans.services.TransitionError)
from trusts.errors import NotPermitted, ServiceError, StaleEdit, TransitionError  # noqa: F401

Status = PlanVersion.Status
S = Status


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def _locked(version):
    return PlanVersion.objects.select_for_update().select_related("trust").get(pk=version.pk)


def _audited(obj, actor):
    obj._history_user = actor
    return obj


def _move(version, to_status, actor, comment="", **fields):
    """Apply a status change already checked by the caller; write the audit row."""
    from_status = version.status
    version.status = to_status
    version.lock_version += 1
    for name, value in fields.items():
        setattr(version, name, value)
    _audited(version, actor).save(update_fields=["status", "lock_version", "updated_at", *fields])
    PlanTransition.objects.create(version=version, from_status=from_status, to_status=to_status,
                                  actor=actor if getattr(actor, "pk", None) else None, comment=comment)
    return version


def _refuse(version, wanted):
    label = Status(wanted).label.lower()
    now = version.get_status_display().lower()
    reasons = {
        S.PUBLISHED: f"Version {version.number} is published. It cannot change status: start a new version to "
                     "change the plan.",
        S.SUPERSEDED: f"Version {version.number} has been replaced by a newer published version and cannot change.",
        S.APPROVAL: f"Version {version.number} is waiting for the board to approve it: it goes back to draft "
                    "only if the board rejects it.",
    }
    if version.status in reasons:
        return TransitionError(reasons[version.status])
    return TransitionError(f"Version {version.number} is {now}: it cannot move to '{label}' from there.")


def _check_stale(version, lock_version):
    if lock_version is None:
        return
    try:
        opened = int(lock_version)
    except (TypeError, ValueError):
        raise TransitionError("The page you saved from is not valid. Reload the page and try again.") from None
    if opened == version.lock_version:
        return
    last = version.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    who = last.history_user.full_name if last and last.history_user else "someone else"
    when = timezone.localtime(last.history_date).strftime("%-d %B %Y at %H:%M") if last else "since"
    raise StaleEdit(f"{who} changed version {version.number} of the plan on {when}, after you opened the page. "
                    "Your changes have not been saved; they are still in the form. Check the plan, then save again "
                    "to keep your changes.")


def _start_edit(version, actor, lock_version):
    version = _locked(version)
    policy.require(actor, "change_plan", version)
    if not version.is_editable:
        if version.is_locked:
            raise TransitionError(f"Version {version.number} is {version.get_status_display().lower()} and locked. "
                                  "Start a new version to change the plan.")
        raise TransitionError(f"Version {version.number} is {version.get_status_display().lower()}: take it back "
                              "to draft to change it.")
    _check_stale(version, lock_version)
    return version


def _bump(version, actor):
    version.lock_version += 1
    _audited(version, actor).save(update_fields=["lock_version", "updated_at"])


def review_interval(trust):
    setting = PlanSettings.objects.filter(trust=trust).first()
    return setting.review_interval_months if setting else 12


# ---------------------------------------------------------------------------
# versions and content
# ---------------------------------------------------------------------------
@transaction.atomic
def plan_version_create(*, trust, actor, title=""):
    """A new draft: a copy of the published version if there is one, else an empty plan."""
    from trusts.models import Trust

    policy.require(actor, "change_plan", trust)
    Trust.objects.select_for_update().get(pk=trust.pk)  # serialise version numbering per area
    open_version = PlanVersion.objects.filter(trust=trust).open().first()
    if open_version is not None:
        raise TransitionError(f"Version {open_version.number} is already being worked on "
                              f"({open_version.get_status_display().lower()}). Finish or change that version.")
    source = PlanVersion.objects.filter(trust=trust).published().first()
    if source is not None:
        return _copy(source, actor)
    number = (PlanVersion.objects.filter(trust=trust).aggregate(m=Max("number"))["m"] or 0) + 1
    version = PlanVersion(trust=trust, number=number, created_by=actor,
                          title=(title or "").strip() or f"{trust.name} Children and Young People's Plan")
    _audited(version, actor).save()
    PlanTransition.objects.create(version=version, from_status="", to_status=S.DRAFT, actor=actor,
                                  comment="New plan started")
    return version


CONTENT_FIELDS = ("title", "period_start", "period_end", "needs_assessment", "early_universal", "early_targeted",
                  "early_partner_roles", "early_workforce", "commissioning", "scs_link", "laa_link")


def _copy(source, actor):
    """Deep copy of every part of a version into a new draft (based_on the source)."""
    number = (PlanVersion.objects.filter(trust_id=source.trust_id).aggregate(m=Max("number"))["m"] or 0) + 1
    version = PlanVersion(trust_id=source.trust_id, number=number, based_on=source, created_by=actor,
                          **{f: getattr(source, f) for f in CONTENT_FIELDS})
    _audited(version, actor).save()
    priorities = list(source.priorities.prefetch_related("actions"))
    new_priorities = bulk_create_with_history(
        [Priority(version=version, outcome=p.outcome, title=p.title, position=p.position) for p in priorities],
        Priority, default_user=actor)
    actions = []
    for old, new in zip(priorities, new_priorities):
        actions.extend(Action(priority=new, description=a.description, responsible_partner_id=a.responsible_partner_id,
                              due_by=a.due_by, measure=a.measure, position=a.position) for a in old.actions.all())
    bulk_create_with_history(actions, Action, default_user=actor)
    bulk_create_with_history(
        [GapAction(version=version, gap=g.gap, description=g.description, due_by=g.due_by, position=g.position,
                   responsible_partner_id=g.responsible_partner_id) for g in source.gap_actions.all()],
        GapAction, default_user=actor)
    bulk_create_with_history(
        [Consultee(version=version, kind=c.kind, partner_id=c.partner_id, org_type=c.org_type, group=c.group,
                   detail=c.detail, consulted_from=c.consulted_from, consulted_to=c.consulted_to, method=c.method)
         for c in source.consultees.all()], Consultee, default_user=actor)
    bulk_create_with_history(
        [PartnerSpend(version=version, partner_id=s.partner_id, financial_year=s.financial_year,
                      spend_area=s.spend_area, amount=s.amount) for s in source.spends.all()],
        PartnerSpend, default_user=actor)
    PlanTransition.objects.create(version=version, from_status="", to_status=S.DRAFT, actor=actor,
                                  comment=f"New draft copied from version {source.number}")
    return version


@transaction.atomic
def plan_content_update(*, version, actor, lock_version, **fields):
    """Change the version's own fields (title, period, the text sections)."""
    version = _start_edit(version, actor, lock_version)
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"Not plan content: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(version, name, value.strip() if isinstance(value, str) else value)
    try:
        version.full_clean(exclude=["trust", "based_on", "created_by"], validate_unique=False)
    except ValidationError as exc:
        raise TransitionError(" ".join(exc.messages)) from None
    version.lock_version += 1
    _audited(version, actor).save(update_fields=[*fields, "lock_version", "updated_at"])
    return version


def _row_version_id(row):
    if isinstance(row, Action):
        return Priority.objects.filter(pk=row.priority_id).values_list("version_id", flat=True).first()
    return row.version_id


def _check_partner(row, version):
    for name in ("responsible_partner", "partner"):
        partner_id = getattr(row, f"{name}_id", None)
        if partner_id and not Partner.objects.filter(pk=partner_id, trust_id=version.trust_id).exists():
            raise TransitionError("Select a partner from the area's register")


@transaction.atomic
def plan_row_save(*, version, actor, lock_version, row):
    """Add or change one part of the content (priority, action, gap action, consultee, spend row)."""
    version = _start_edit(version, actor, lock_version)
    if _row_version_id(row) != version.pk:
        raise TransitionError("That part belongs to another version of the plan")
    _check_partner(row, version)
    try:
        row.full_clean(exclude=["version", "priority"])
    except ValidationError as exc:
        raise TransitionError(" ".join(exc.messages)) from None
    if isinstance(row, PartnerSpend):
        # the unique rule includes the version, which full_clean above leaves out
        twin = PartnerSpend.objects.filter(version_id=version.pk, partner_id=row.partner_id,
                                           financial_year=row.financial_year, spend_area=row.spend_area)
        if twin.exclude(pk=row.pk).exists():
            raise TransitionError("The plan already records this partner's spend on this for that year: change "
                                  "that row instead")
    _audited(row, actor).save()
    _bump(version, actor)
    return row


@transaction.atomic
def plan_row_delete(*, version, actor, lock_version, row):
    version = _start_edit(version, actor, lock_version)
    if _row_version_id(row) != version.pk:
        raise TransitionError("That part belongs to another version of the plan")
    _audited(row, actor).delete()
    _bump(version, actor)


# ---------------------------------------------------------------------------
# transitions
# ---------------------------------------------------------------------------
@transaction.atomic
def plan_consultation_start(*, version, actor, comment=""):
    version = _locked(version)
    policy.require(actor, "change_plan", version)
    if version.status != S.DRAFT:
        raise _refuse(version, S.CONSULTATION)
    return _move(version, S.CONSULTATION, actor, comment or "Sent out for consultation")


@transaction.atomic
def plan_return_to_draft(*, version, actor, comment=""):
    """The officer takes a version back: from consultation, or withdrawn from partner agreement."""
    version = _locked(version)
    policy.require(actor, "change_plan", version)
    if version.status not in (S.CONSULTATION, S.AGREEMENT):
        if version.status == S.DRAFT:
            raise TransitionError(f"Version {version.number} is already a draft.")
        raise _refuse(version, S.DRAFT)
    if version.status == S.AGREEMENT and not (comment or "").strip():
        raise TransitionError("Enter why the version is being withdrawn from partner agreement")
    default = "Taken back to draft" if version.status == S.CONSULTATION else "Withdrawn from partner agreement"
    return _move(version, S.DRAFT, actor, (comment or "").strip() or default)


@transaction.atomic
def plan_agreement_start(*, version, actor, comment="", site_url=None, notify=True):
    """Ask every relevant partner (under the area's framework today) to agree the version.

    ``notify=False`` (demo data only) records the requests without sending e-mail."""
    version = _locked(version)
    policy.require(actor, "change_plan", version)
    if version.status == S.DRAFT:
        consulted = PlanTransition.objects.filter(version=version, to_status=S.CONSULTATION).exists()
        if not consulted:
            raise TransitionError("Send the draft out for consultation first: partners agree a plan once it has "
                                  "been consulted on.")
    elif version.status != S.CONSULTATION:
        raise _refuse(version, S.AGREEMENT)
    check = completeness_check(version)
    if not check.complete:
        missing = check.missing
        raise TransitionError(
            f"The plan is not complete ({check.percent}%), so it cannot go to partners to agree. "
            f"{len(missing)} thing{'s' if len(missing) != 1 else ''} to do: " + "; ".join(missing) + ".")
    partners = list(Partner.objects.relevant(version.trust).order_by("name"))
    if not partners:
        raise TransitionError("The partner register has no relevant partners to agree the plan.")
    round_ = version.agreement_round + 1
    now = timezone.now()
    bulk_create_with_history(
        [AgreementRequest(version=version, partner=p, round=round_, asked_at=now, asked_by=actor,
                          nonce=secrets.token_hex(16)) for p in partners],
        AgreementRequest, default_user=actor)
    _move(version, S.AGREEMENT, actor,
          (comment or "").strip() or f"Sent to {len(partners)} relevant partners to agree (round {round_})",
          agreement_round=round_)
    ids = list(AgreementRequest.objects.filter(version=version, round=round_).values_list("pk", flat=True))
    site_url = site_url or getattr(settings, "SITE_URL", "http://127.0.0.1:8000")

    def enqueue():
        # Never hang or fail the officer's request when Redis is down: stop at the first
        # refused publish (it is logged); the agreement_outstanding chaser sends the link later.
        from plans.tasks import agreement_request_send_task
        from trusts.notices.services import publish_safely

        for pk in ids:
            if not publish_safely(agreement_request_send_task, pk, site_url):
                break

    if notify:
        transaction.on_commit(enqueue)
    return version


def agreement_request_send(*, request, site_url):
    """E-mail every contact of the partner (or its lead contact) a signed, single-use link."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.urls import reverse

    from plans.tokens import agreement_token_make, link_days

    request = AgreementRequest.objects.select_related("partner", "version__trust").get(pk=request.pk)
    version = request.version
    if version.status != S.AGREEMENT or request.round != version.agreement_round or request.latest_decision:
        return 0
    recipients = [(c.user_id, c.user.email, c.user.full_name)
                  for c in PartnerContact.objects.filter(partner=request.partner, user__is_active=True)
                  .select_related("user")]
    if not recipients and request.partner.lead_contact_email:
        recipients = [(None, request.partner.lead_contact_email, request.partner.lead_contact_name)]
    sent = 0
    plan_url = site_url.rstrip("/") + reverse("plans:version-detail", kwargs={"area": version.trust.la_code,
                                                                               "version": version.pk})
    for user_id, email, name in recipients:
        token = agreement_token_make(request=request, user_id=user_id)
        context = {
            "name": name, "partner": request.partner, "version": version, "area": version.trust,
            "answer_url": site_url.rstrip("/") + reverse("plans:agreement-answer", kwargs={"answer_token": token}),
            "plan_url": plan_url, "days": link_days(),
        }
        subject = render_to_string("plans/email/agreement_request_subject.txt", context).strip()
        message = EmailMultiAlternatives(subject, render_to_string("plans/email/agreement_request.txt", context),
                                         to=[email])
        message.attach_alternative(render_to_string("plans/email/agreement_request.html", context), "text/html")
        message.send()
        sent += 1
    return sent


@transaction.atomic
def agreement_respond(*, request, actor, decision, reasons="", via=AgreementResponse.Via.PAGE, token_user=None):
    """A partner contact agrees or objects (with reasons). A change of mind is a new entry.

    ``via=email``: the signed link stands in for signing in; ``token_user`` is the contact
    it was sent to, and the request's nonce is rotated so the link works once."""
    request = AgreementRequest.objects.select_for_update().select_related("partner").get(pk=request.pk)
    version = _locked(request.version)
    who = actor if getattr(actor, "is_authenticated", False) else token_user
    if via == AgreementResponse.Via.PAGE:
        # never the partner's name in the refusal: an id must not tell who it is for (finding 8)
        policy.require(actor, "answer_agreement", request)
    if version.status != S.AGREEMENT or request.round != version.agreement_round:
        raise TransitionError(f"Version {version.number} is not waiting for partners to agree it "
                              f"({version.get_status_display().lower()}), so no answer can be recorded.")
    if decision not in AgreementResponse.Decision.values:
        raise TransitionError("Select whether your organisation agrees the plan or objects to it")
    reasons = (reasons or "").strip()
    if decision == AgreementResponse.Decision.OBJECT and not reasons:
        raise TransitionError("Enter your organisation's reasons for objecting")
    if request.latest_decision == decision:
        raise TransitionError(f"{request.partner.name} has already "
                              f"{'agreed' if decision == 'agree' else 'objected to'} version {version.number}.")
    response = AgreementResponse.objects.create(request=request, decision=decision, reasons=reasons,
                                                actor=who, via=via)
    request.latest_decision = decision
    fields = ["latest_decision"]
    if via == AgreementResponse.Via.EMAIL:
        request.nonce = secrets.token_hex(16)
        fields.append("nonce")
    _audited(request, who).save(update_fields=fields)
    if decision == AgreementResponse.Decision.OBJECT:
        _move(version, S.DRAFT, who, f"Objection from {request.partner.name}: {reasons}")
    return response


def agreement_summary(version, requests=None):
    """(agreed, total, outstanding requests) for the version's current round."""
    if requests is None:
        requests = list(AgreementRequest.objects.filter(version=version, round=version.agreement_round)
                        .select_related("partner"))
    agreed = [r for r in requests if r.latest_decision == AgreementResponse.Decision.AGREE]
    outstanding = [r for r in requests if r.latest_decision != AgreementResponse.Decision.AGREE]
    return len(agreed), len(requests), outstanding


# ---------------------------------------------------------------------------
# publication and review
# ---------------------------------------------------------------------------
def _publish(version, actor, published_on, comment):
    """Publish an approved version: supersede the previous one; set the review due date."""
    previous = PlanVersion.objects.select_for_update().filter(trust_id=version.trust_id, status=S.PUBLISHED) \
        .exclude(pk=version.pk).first()
    if previous is not None:
        _move(previous, S.SUPERSEDED, actor, f"Replaced by version {version.number}")
    due = published_on + relativedelta(months=review_interval(version.trust))
    return _move(version, S.PUBLISHED, actor, comment, published_on=published_on, review_due_on=due)


@transaction.atomic
def plan_review_record(*, version, actor, reviewed_on, needs_assessment_update, progress):
    """The annual review of the published version (para 36): progress per outcome."""
    version = _locked(version)
    policy.require(actor, "change_plan", version)
    if version.status != S.PUBLISHED:
        raise TransitionError(f"Only the published plan is reviewed; version {version.number} is "
                              f"{version.get_status_display().lower()}.")
    if reviewed_on > timezone.localdate():
        raise TransitionError("The review date must be today or in the past")
    if reviewed_on < version.published_on:
        raise TransitionError("The review date must be on or after the day the plan was published")
    if not (needs_assessment_update or "").strip():
        raise TransitionError("Enter the updated needs assessment")
    missing = [o.label for o in Outcome if not (progress.get(o.value) or "").strip()]
    if missing:
        raise TransitionError("Enter the progress against the measures for: " + ", ".join(missing))
    if PlanReview.objects.filter(version=version, due_on=version.review_due_on).exists():
        raise TransitionError(f"The review due on {version.review_due_on:%-d %B %Y} has already been recorded")
    review = _audited(PlanReview(version=version, due_on=version.review_due_on, reviewed_on=reviewed_on,
                                 needs_assessment_update=needs_assessment_update.strip(), created_by=actor), actor)
    review.save()
    bulk_create_with_history([ReviewProgress(review=review, outcome=o.value, progress=progress[o.value].strip())
                              for o in Outcome], ReviewProgress, default_user=actor)
    return review


@transaction.atomic
def plan_review_note(*, review, actor, noted_on):
    """Record the date the board noted the review; the next review falls due a year on."""
    review = PlanReview.objects.select_for_update().get(pk=review.pk)
    version = _locked(review.version)
    policy.require(actor, "change_plan", version)
    if review.noted_on:
        raise TransitionError(f"The board noted this review on {review.noted_on:%-d %B %Y}")
    if noted_on < review.reviewed_on:
        raise TransitionError("The board can note the review only on or after the day it was made")
    if noted_on > timezone.localdate():
        raise TransitionError("The date the board noted it must be today or in the past")
    review.noted_on = noted_on
    _audited(review, actor).save(update_fields=["noted_on"])
    if version.status == S.PUBLISHED and version.review_due_on == review.due_on:
        version.review_due_on = review.due_on + relativedelta(months=review_interval(version.trust))
        _audited(version, actor).save(update_fields=["review_due_on", "updated_at"])
    return review


@transaction.atomic
def plan_settings_update(*, trust, actor, review_interval_months):
    policy.require(actor, "change_plan", trust)
    try:
        months = int(review_interval_months)
    except (TypeError, ValueError):
        months = 0
    if not 1 <= months <= 36:
        raise TransitionError("The review interval must be between 1 and 36 months", field="review_interval_months")
    setting, _ = PlanSettings.objects.select_for_update().get_or_create(trust=trust)
    setting.review_interval_months = months
    _audited(setting, actor).save()
    return setting


def today():
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    return day + relativedelta(months=months)


# ---------------------------------------------------------------------------
# board approval (boards: agenda_item_add, meeting_quorum, Decision, decision_recorded)
# ---------------------------------------------------------------------------
def _boards():
    """The boards app's API, imported late so the plan works (without approval) if it is absent."""
    from boards import services as board_services
    from boards.models import Decision, Meeting, Seat
    from boards.signals import decision_recorded

    return board_services, Decision, Meeting, Seat, decision_recorded


def area_meetings(trust):
    """Meetings of the area's board(s), lead or joint, that a plan can go to (not cancelled)."""
    _s, _d, Meeting, _seat, _sig = _boards()
    return (Meeting.objects.for_area(trust).exclude(status=Meeting.Status.CANCELLED)
            .filter(date__gte=timezone.localdate() - relativedelta(months=3))
            .select_related("board").order_by("date", "start_time"))


@transaction.atomic
def plan_board_submit(*, version, meeting, actor):
    """Put a version all partners agreed on a board meeting's agenda (or move it to another meeting)."""
    from plans.models import PlanApproval

    board_services, _d, Meeting, _seat, _sig = _boards()
    version = _locked(version)
    policy.require(actor, "change_plan", version)
    if version.status == S.AGREEMENT:
        agreed, total, outstanding = agreement_summary(version)
        if not total or outstanding:
            names = ", ".join(r.partner.name for r in outstanding[:10])
            more = f" and {len(outstanding) - 10} more" if len(outstanding) > 10 else ""
            raise TransitionError(f"{agreed} of {total} relevant partners have agreed version {version.number}. "
                                  f"It can go to the board when all have agreed. Waiting for: {names}{more}.")
    elif version.status != S.APPROVAL:
        raise _refuse(version, S.APPROVAL)
    if not area_meetings(version.trust).filter(pk=meeting.pk).exists():
        raise TransitionError("Select a meeting of the area's board that has not been cancelled")
    meeting = Meeting.objects.select_related("board").get(pk=meeting.pk)
    previous = PlanApproval.objects.select_for_update().filter(version=version, outcome=PlanApproval.Outcome.PENDING)
    for old in previous:
        if old.meeting_id == meeting.pk:
            raise TransitionError(f"Version {version.number} is already on the agenda of that meeting")
        old.outcome = PlanApproval.Outcome.MOVED
        _audited(old, actor).save(update_fields=["outcome"])
    try:
        item = board_services.agenda_item_add(
            meeting=meeting, actor=actor, kind="plan_approval", reference=f"plans.planversion:{version.pk}",
            title=f"Approve the Children and Young People's Plan (version {version.number})",
            description=f"{version.title}. All relevant partners have agreed it. The board approves it "
                        "(it is then published) or rejects it with reasons.")
    except ValidationError as exc:
        raise TransitionError(" ".join(exc.messages)) from None
    approval = _audited(PlanApproval(version=version, meeting=meeting, agenda_item=item, created_by=actor), actor)
    approval.save()
    if version.status == S.AGREEMENT:
        _move(version, S.APPROVAL, actor, f"On the agenda of the {meeting.board.name} meeting on "
                                          f"{meeting.date:%-d %B %Y}")
    return approval


@transaction.atomic
def plan_board_decide(*, approval, actor, decision, reasons=""):
    """A board member records the board's decision at a quorate meeting: approve publishes, reject returns
    the version to draft. The decision is also recorded on the boards agenda item."""
    from plans.models import PlanApproval

    board_services, Decision, Meeting, _seat, decision_recorded = _boards()
    approval = PlanApproval.objects.select_for_update().get(pk=approval.pk)
    version = _locked(approval.version)
    meeting = Meeting.objects.select_for_update().select_related("board").get(pk=approval.meeting_id)
    approval.meeting = meeting
    policy.require(actor, "decide_approval", approval)
    if approval.outcome != PlanApproval.Outcome.PENDING:
        raise TransitionError(f"This item is already closed: {approval.get_outcome_display().lower()}.")
    if version.status != S.APPROVAL:
        raise _refuse(version, S.PUBLISHED if decision == "approve" else S.DRAFT)
    if not meeting.can_record_business:
        raise TransitionError(f"The meeting is on {meeting.date:%-d %B %Y}: the board's decision can be recorded "
                              "on or after the day of the meeting, and not for a cancelled meeting.")
    quorum = board_services.meeting_quorum(meeting)
    if not quorum.quorate:
        raise TransitionError(f"The board's decision cannot be recorded: the meeting is not quorate. {quorum.reason}")
    reasons = (reasons or "").strip()
    if decision not in ("approve", "reject"):
        raise TransitionError("Select whether the board approves or rejects the plan")
    if decision == "reject" and not reasons:
        raise TransitionError("Enter the board's reasons for rejecting the plan")
    approved = decision == "approve"
    resolution = (f"The board approves version {version.number} of the Children and Young People's Plan for "
                  "publication." if approved else
                  f"The board rejects version {version.number} of the Children and Young People's Plan: {reasons}")
    board_decision = _audited(Decision(
        item_id=approval.agenda_item_id, resolution=resolution,
        outcome=Decision.Outcome.CARRIED if approved else Decision.Outcome.NOT_CARRIED,
        present_voting=quorum.present_voting, quorum_required=quorum.required, recorded_by=actor), actor)
    board_decision.save()
    approval.outcome = PlanApproval.Outcome.APPROVED if approved else PlanApproval.Outcome.REJECTED
    approval.reasons, approval.decided_by, approval.decided_at = reasons, actor, timezone.now()
    approval.decision = board_decision
    _audited(approval, actor).save()
    if approved:
        _publish(version, actor, meeting.date,
                 f"Approved by the {meeting.board.name} on {meeting.date:%-d %B %Y} ({quorum.reason})")
    else:
        _move(version, S.DRAFT, actor, f"Rejected by the {meeting.board.name} on {meeting.date:%-d %B %Y}: {reasons}")
    transaction.on_commit(lambda: decision_recorded.send(sender=Decision, decision=board_decision))
    return approval


def plan_decision_from_board(*, decision):
    """A decision recorded on a plan approval item in the boards app (signal receiver's work).

    Applied only when the person who recorded it holds a seat on the board on the day of the
    meeting: only board members record approval. Decisions made here are already applied."""
    from plans.models import PlanApproval

    board_services, Decision, _m, _seat, _sig = _boards()
    approval = PlanApproval.objects.filter(agenda_item_id=decision.item_id, outcome=PlanApproval.Outcome.PENDING,
                                           decision__isnull=True).select_related("meeting").first()
    if approval is None or decision.outcome == Decision.Outcome.DEFERRED:
        return None
    actor = decision.recorded_by
    if not policy.can(actor, "decide_approval", approval):
        return None
    with transaction.atomic():
        approval = PlanApproval.objects.select_for_update().get(pk=approval.pk)
        version = _locked(approval.version)
        if approval.outcome != PlanApproval.Outcome.PENDING or version.status != S.APPROVAL:
            return None
        approved = decision.outcome == Decision.Outcome.CARRIED
        approval.outcome = PlanApproval.Outcome.APPROVED if approved else PlanApproval.Outcome.REJECTED
        approval.reasons = "" if approved else decision.resolution
        approval.decided_by, approval.decided_at, approval.decision = actor, timezone.now(), decision
        _audited(approval, actor).save()
        meeting = approval.meeting
        if approved:
            _publish(version, actor, meeting.date, f"Approved by the board on {meeting.date:%-d %B %Y}")
        else:
            _move(version, S.DRAFT, actor, f"Rejected by the board on {meeting.date:%-d %B %Y}: {decision.resolution}")
    return approval
