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

Partner agreement: each round has a date partners answer by (20 working
days unless the officer sets one), shown on the pages and in every e-mail about it. A
partner answers itself (signed in, or by the single-use link), or an officer records the
answer it sent by letter, e-mail or at a meeting; that is the partner's answer, and the
partner's own later answer replaces it. Every agreement e-mail (the request, the
officer's "remind everyone outstanding", the daily chasers) goes through the notices
exactly-once log, and none is sent once the partner has agreed (checked at send time).

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
from django.db.models import F, Max, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from boards import services as board_services
from boards.models import Decision, Meeting, Seat
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
    PlanSettings,
    PlanTransition,
    PlanVersion,
    Priority,
    ReviewProgress,
)
from plans.permissions import policy
from plans.reminders import AGREEMENT_CHASE, AGREEMENT_OUTSTANDING, AGREEMENT_REQUEST
from plans.selectors import agreement_tally_get, approval_meeting_list
from pooling.models import Outcome

from trusts.audit import audited
from trusts.dates import long_date
from trusts.errors import StaleEdit, TransitionError

Status = PlanVersion.Status
S = Status


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def _locked(version):
    return PlanVersion.objects.select_for_update().select_related("area").get(pk=version.pk)


def _move(version, to_status, actor, comment="", **fields):
    """Apply a status change already checked by the caller; write the audit row."""
    from_status = version.status
    version.status = to_status
    version.lock_version += 1
    for name, value in fields.items():
        setattr(version, name, value)
    audited(version, actor).save(update_fields=["status", "lock_version", "updated_at", *fields])
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
    audited(version, actor).save(update_fields=["lock_version", "updated_at"])


def review_interval(area):
    setting = PlanSettings.objects.filter(area=area).first()
    return setting.review_interval_months if setting else 12


def review_due(area, after):
    """When the plan's next review falls due: the area's review interval after ``after`` (the
    day the version was published, or the due date of the review just noted)."""
    return after + relativedelta(months=review_interval(area))


def approved_comment(meeting, decision):
    """The plan's history line for a version the board approved (and so published)."""
    quorum = f"{decision.present_voting} voting members present, {decision.quorum_required} needed"
    return f"Approved by the {meeting.board.name} on {long_date(meeting.date)} ({quorum}): {decision.resolution}"


# ---------------------------------------------------------------------------
# versions and content
# ---------------------------------------------------------------------------
@transaction.atomic
def plan_version_create(*, area, actor, title=""):
    """A new draft: a copy of the published version if there is one, else an empty plan."""
    from trusts.models import Area

    policy.require(actor, "change_plan", area)
    Area.objects.select_for_update().get(pk=area.pk)  # serialise version numbering per area
    open_version = PlanVersion.objects.filter(area=area).open().first()
    if open_version is not None:
        raise TransitionError(f"Version {open_version.number} is already being worked on "
                              f"({open_version.get_status_display().lower()}). Finish or change that version.")
    source = PlanVersion.objects.filter(area=area).published().first()
    if source is not None:
        return _copy(source, actor)
    number = (PlanVersion.objects.filter(area=area).aggregate(m=Max("number"))["m"] or 0) + 1
    version = PlanVersion(area=area, number=number, created_by=actor,
                          title=(title or "").strip() or f"{area.name} Children and Young People's Plan")
    audited(version, actor).save()
    PlanTransition.objects.create(version=version, from_status="", to_status=S.DRAFT, actor=actor,
                                  comment="New plan started")
    return version


CONTENT_FIELDS = ("title", "period_start", "period_end", "needs_assessment", "early_universal", "early_targeted",
                  "early_partner_roles", "early_workforce", "commissioning", "scs_link", "laa_link")


def _copy(source, actor):
    """Deep copy of every part of a version into a new draft (based_on the source)."""
    number = (PlanVersion.objects.filter(area_id=source.area_id).aggregate(m=Max("number"))["m"] or 0) + 1
    version = PlanVersion(area_id=source.area_id, number=number, based_on=source, created_by=actor,
                          **{f: getattr(source, f) for f in CONTENT_FIELDS})
    audited(version, actor).save()
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
        version.full_clean(exclude=["area", "based_on", "created_by"], validate_unique=False)
    except ValidationError as exc:
        raise TransitionError(" ".join(exc.messages)) from None
    version.lock_version += 1
    audited(version, actor).save(update_fields=[*fields, "lock_version", "updated_at"])
    return version


def _row_version_id(row):
    if isinstance(row, Action):
        return Priority.objects.filter(pk=row.priority_id).values_list("version_id", flat=True).first()
    return row.version_id


def _check_partner(row, version):
    for name in ("responsible_partner", "partner"):
        partner_id = getattr(row, f"{name}_id", None)
        if partner_id and not Partner.objects.filter(pk=partner_id, area_id=version.area_id).exists():
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
    audited(row, actor).save()
    _bump(version, actor)
    return row


@transaction.atomic
def plan_row_delete(*, version, actor, lock_version, row):
    version = _start_edit(version, actor, lock_version)
    if _row_version_id(row) != version.pk:
        raise TransitionError("That part belongs to another version of the plan")
    audited(row, actor).delete()
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


# Partners answer within 20 working days unless the officer sets another date (the
# guidance sets no period; a month is what areas gave, and what the chasers assume).
AGREEMENT_WORKING_DAYS = 20
# Reminder kinds about one agreement request (subject key "agreement:<request id>"): all
# go through the notices exactly-once log, and none is sent once the partner has agreed.
AGREEMENT_KINDS = (AGREEMENT_REQUEST, AGREEMENT_CHASE, AGREEMENT_OUTSTANDING)


def agreement_due_default(day=None):
    from trusts.notices.workdays import add_working_days

    return add_working_days(day or timezone.localdate(), AGREEMENT_WORKING_DAYS)


@transaction.atomic
def plan_agreement_start(*, version, actor, comment="", site_url=None, notify=True, due_on=None):
    """Ask every relevant partner (under the area's framework today) to agree the version, by a date.

    ``due_on`` defaults to 20 working days from today. The request e-mails are logged in
    the notices exactly-once log in this transaction and sent after it commits.
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
    today_ = timezone.localdate()
    due_on = due_on or agreement_due_default(today_)
    if due_on <= today_:
        raise TransitionError("The date partners answer by must be in the future", field="due_on")
    check = completeness_check(version)
    if not check.complete:  # one short sentence: the plan page lists the problems (once)
        raise TransitionError(check.summary())
    partners = list(Partner.objects.relevant(version.area).order_by("name"))
    if not partners:
        raise TransitionError("The partner register has no relevant partners to agree the plan.")
    round_ = version.agreement_round + 1
    now = timezone.now()
    bulk_create_with_history(
        [AgreementRequest(version=version, partner=p, round=round_, asked_at=now, asked_by=actor,
                          nonce=secrets.token_hex(16)) for p in partners],
        AgreementRequest, default_user=actor)
    _move(version, S.AGREEMENT, actor,
          (comment or "").strip() or f"Sent to {len(partners)} relevant partners to agree by {long_date(due_on)} "
                                     f"(round {round_})",
          agreement_round=round_, agreement_due_on=due_on)
    if notify:
        requests = list(AgreementRequest.objects.filter(version=version, round=round_).select_related("partner"))
        _agreement_mail(requests, version=version, kind=AGREEMENT_REQUEST, offset=f"round {round_}", site_url=site_url)
    return version


def _site(site_url=None):
    return (site_url or getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _recipients_by_partner(partners):
    """{partner id: [Recipient]}: its active contacts, else its lead contact's address (one query)."""
    from trusts.notices.registry import Recipient

    result = {}
    for c in (PartnerContact.objects.filter(partner__in=[p.pk for p in partners], user__is_active=True)
              .select_related("user").order_by("user__full_name", "user_id")):
        result.setdefault(c.partner_id, []).append(Recipient.of(c.user))
    for p in partners:
        if p.pk not in result and p.lead_contact_email:
            result[p.pk] = [Recipient(email=p.lead_contact_email.lower(), name=p.lead_contact_name or p.name)]
    return result


def _agreement_mail(requests, *, version, kind, offset, site_url=None):
    """Log one e-mail per contact of each request's partner (exactly once) and send them after commit.

    The answer link is a credential: the log keeps only the request and contact ids, and the
    e-mail's template tag signs the link when the worker renders it (``plans_links``)."""
    from django.urls import reverse

    from plans.tokens import link_days
    from trusts.notices.registry import Due
    from trusts.notices.services import publish_safely, reminders_claim

    area = version.area
    site = _site(site_url)
    people = _recipients_by_partner([r.partner for r in requests])
    plan_path = reverse("plans:version-detail", kwargs={"la_code": area.la_code, "version": version.number})
    due = version.agreement_due_on
    template = "plans/email/agreement_request" if kind == AGREEMENT_REQUEST else "plans/email/agreement_reminder"
    dues = []
    for req in requests:
        partner = req.partner
        if kind == AGREEMENT_REQUEST:
            title = f"{area.name}: does {partner.name} agree the Children and Young People's Plan?"
        else:
            title = (f"{partner.name}: please answer by {long_date(due)} whether you agree the {area.name} "
                     "Children and Young People's Plan")
        for person in people.get(partner.pk, []):
            respond = reverse("plans:agreement-respond", kwargs={"la_code": area.la_code, "agreement": req.pk})
            dues.append(Due(
                kind=kind, recipient=person, subject_key=f"agreement:{req.pk}", deadline=due, offset=offset,
                title=title, area_id=area.pk, template=template,
                context={"agreement_request_id": req.pk, "contact_user_id": person.user_id,
                         "partner_name": partner.name, "area_name": area.name, "version_number": version.number,
                         "version_title": version.title, "plan_url": site + plan_path, "site_url": site,
                         "answer_by": f"{long_date(due)}", "days": link_days(),
                         "asked_on": f"{long_date(timezone.localdate(req.asked_at))}"},
                # the in-app notification's link: the sign-in page to answer (never the signed link)
                link=respond if person.user_id else ""))
    if not dues:
        return []
    _claim, _new, _requeued, ids = reminders_claim(dues)

    def publish():
        # never hang or fail the officer's request when Redis is down: stop at the first refused
        # publish (it is logged); the rows stay queued and the next daily sweep sends them
        from trusts.notices.tasks import reminder_send_task

        for pk in ids:
            if not publish_safely(reminder_send_task, pk):
                break

    transaction.on_commit(publish)
    return ids


def agreement_request_send(*, request, site_url=None):
    """Log and send the request e-mail of one request (a task queued before the log was used).

    Exactly once: a second call logs nothing new."""
    request = AgreementRequest.objects.select_related("partner", "version__area").get(pk=request.pk)
    version = request.version
    if version.status != S.AGREEMENT or request.round != version.agreement_round or request.latest_decision:
        return 0
    with transaction.atomic():
        return len(_agreement_mail([request], version=version, kind=AGREEMENT_REQUEST, offset=f"round {request.round}",
                                   site_url=site_url))


@transaction.atomic
def agreement_chase(*, version, actor, site_url=None):
    """Remind every partner that has not agreed the current round, in one action (officers).

    One e-mail per contact of each outstanding partner, through the exactly-once log: a
    second press on the same day sends nothing new. Returns (partners chased, e-mails queued)."""
    version = _locked(version)
    policy.require(actor, "change_plan", version)
    if version.status != S.AGREEMENT:
        raise TransitionError(f"Version {version.number} is {version.get_status_display().lower()}: partners are "
                              "chased only while it waits for them to agree it.")
    outstanding = list(AgreementRequest.objects.filter(version=version, round=version.agreement_round)
                       .exclude(latest_decision=AgreementResponse.Decision.AGREE).select_related("partner"))
    if not outstanding:
        raise TransitionError("Every relevant partner has agreed: there is nobody to chase.")
    if version.agreement_due_on is None:  # a round started before deadlines were recorded
        version.agreement_due_on = agreement_due_default(timezone.localdate(version.updated_at))
        audited(version, actor).save(update_fields=["agreement_due_on", "updated_at"])
    ids = _agreement_mail(outstanding, version=version, kind=AGREEMENT_CHASE,
                          offset=f"chased {timezone.localdate().isoformat()}", site_url=site_url)
    return len(outstanding), len(ids)


def _withdraw_agreement_notices(request):
    """The partner has answered: its agreement reminders leave its contacts' home pages now."""
    _withdraw_agreement_notices_of([request.pk])


def _withdraw_agreement_notices_of(request_ids):
    from trusts.notices.models import Notification

    ids = list(request_ids)
    for start in range(0, len(ids), 500):  # well under SQLite's limit on query parameters
        keys = [f"agreement:{pk}" for pk in ids[start:start + 500]]
        Notification.objects.filter(reminder__subject_key__in=keys, reminder__kind__in=AGREEMENT_KINDS,
                                    dismissed_at__isnull=True).update(dismissed_at=timezone.now())


def _answer_checks(request, version, decision, reasons, *, own):
    if version.status != S.AGREEMENT or request.round != version.agreement_round:
        raise TransitionError(f"Version {version.number} is not waiting for partners to agree it "
                              f"({version.get_status_display().lower()}), so no answer can be recorded.")
    if decision not in AgreementResponse.Decision.values:
        raise TransitionError("Select whether your organisation agrees the plan or objects to it" if own else
                              "Select whether the partner agrees the plan or objects to it", field="decision")
    reasons = (reasons or "").strip()
    if decision == AgreementResponse.Decision.OBJECT and not reasons:
        raise TransitionError("Enter your organisation's reasons for objecting" if own else
                              "Enter the partner's reasons for objecting", field="reasons")
    return reasons


def _answer_apply(request, version, response, who):
    request.latest_decision = response.decision
    fields = ["latest_decision"]
    if response.via == AgreementResponse.Via.EMAIL:
        request.nonce = secrets.token_hex(16)
        fields.append("nonce")
    reason = (f"Answer received by {response.get_channel_display().lower()}, recorded by an officer"
              if response.recorded_by_officer else None)
    audited(request, who, reason).save(update_fields=fields)
    _withdraw_agreement_notices(request)
    if response.decision == AgreementResponse.Decision.OBJECT:
        _move(version, S.DRAFT, who, f"Objection from {request.partner.name}: {response.reasons}")


def _answers_apply(requests, version, responses, who, *, objection):
    """``_answer_apply`` for many requests at once (a representative's answer for a whole
    group): one bulk audited update, one withdrawal of reminders, at most one objection move."""
    from simple_history.utils import bulk_update_with_history

    AgreementResponse.objects.bulk_create(responses)
    for request, response in zip(requests, responses, strict=True):
        request.latest_decision = response.decision
    bulk_update_with_history(requests, AgreementRequest, ["latest_decision"], batch_size=500, default_user=who,
                             default_change_reason=f"Answer given {responses[0].how_label}")
    _withdraw_agreement_notices_of(r.pk for r in requests)
    if objection:
        _move(version, S.DRAFT, who, objection)


@transaction.atomic
def agreement_respond(*, request, actor, decision, reasons="", via=AgreementResponse.Via.PAGE, token_user=None):
    """A partner contact agrees or objects (with reasons). A change of mind is a new entry.

    ``via=email``: the signed link stands in for signing in; ``token_user`` is the contact
    it was sent to, and the request's nonce is rotated so the link works once. The
    partner's own answer replaces one an officer recorded for it, or one given through the
    board seat that represents it, even the same answer."""
    request = AgreementRequest.objects.select_for_update().select_related("partner").get(pk=request.pk)
    version = _locked(request.version)
    who = actor if getattr(actor, "is_authenticated", False) else token_user
    if via == AgreementResponse.Via.PAGE:
        # never the partner's name in the refusal: an id must not tell who it is for
        policy.require(actor, "answer_agreement", request)
    reasons = _answer_checks(request, version, decision, reasons, own=True)
    last = request.responses.order_by("-at", "-pk").first()
    replaceable = (AgreementResponse.Via.OFFICER, AgreementResponse.Via.REPRESENTATIVE)
    if request.latest_decision == decision and not (last and last.via in replaceable):
        raise TransitionError(f"{request.partner.name} has already "
                              f"{'agreed' if decision == 'agree' else 'objected to'} version {version.number}.")
    response = AgreementResponse.objects.create(request=request, decision=decision, reasons=reasons,
                                                actor=who, via=via)
    _answer_apply(request, version, response, who)
    return response


@transaction.atomic
def agreement_record(*, request, actor, decision, received_on, channel, reasons="", note="", document=None):
    """An officer records a partner's answer that came outside the service (letter, e-mail, a meeting).

    It is the partner's answer, shown as recorded by that officer with when and how it came;
    the partner's own later answer replaces it, and it replaces one given through the board
    seat that represents the partner. An answer the partner gave itself in this round is
    never overwritten by an officer: the partner changes its own answer.

    ``document``: the letter or e-mail itself (an uploaded file), checked by content
    (``plans.uploads``) before anything is written; a bad file changes nothing."""
    request = AgreementRequest.objects.select_for_update().select_related("partner").get(pk=request.pk)
    version = _locked(request.version)
    policy.require(actor, "record_agreement", request)
    reasons = _answer_checks(request, version, decision, reasons, own=False)
    if channel not in AgreementResponse.Channel.values:
        raise TransitionError("Select how the answer came", field="channel")
    asked_on = timezone.localdate(request.asked_at)
    if received_on > timezone.localdate():
        raise TransitionError("The date the answer was received must be today or in the past", field="received_on")
    if received_on < asked_on:
        raise TransitionError(f"The date the answer was received must be on or after {long_date(asked_on)}, when "
                              f"{request.partner.name} was asked", field="received_on")
    checked = None
    if document is not None:
        from plans.uploads import check_answer_document

        try:
            checked = check_answer_document(document)
        except ValidationError as exc:
            raise TransitionError(exc.messages[0], field="document") from None
    last = request.responses.select_related("actor").order_by("-at", "-pk").first()
    if last is not None and last.via in (AgreementResponse.Via.PAGE, AgreementResponse.Via.EMAIL):
        raise TransitionError(f"{request.partner.name} answered itself on {long_date(timezone.localtime(last.at))}"
                              f" ({last.get_decision_display().lower()}). Its own answer stands: ask its contact to "
                              "change it if it has changed its mind.")
    response = AgreementResponse(
        request=request, decision=decision, reasons=reasons, actor=actor, via=AgreementResponse.Via.OFFICER,
        received_on=received_on, channel=channel, note=(note or "").strip())
    if checked is not None:
        response.document_name, response.document_type = checked.original_name, checked.content_type
        response.document_size = checked.size
        document.seek(0)
        response.document.save(f"answer.{checked.extension}", document, save=False)
    try:
        response.save()
        _answer_apply(request, version, response, actor)
    except Exception:
        # nothing is kept of a refused answer, the file included (an outer rollback after this
        # returns can leave an unreferenced file under a random name: never served, as no row names it)
        if checked is not None:
            response.document.delete(save=False)
        raise
    return response


@transaction.atomic
def agreement_represent(*, version, seat, actor, decision, reasons=""):
    """The holder of a board seat answers for every partner the seat represents (para 45; s12A(5)).

    One answer per represented partner with a request in the current round and no answer of
    its own (itself, or recorded for it by an officer): the partner's own answer, before or
    after, always wins. A partner already holding this very answer through this seat is left
    as it is. An objection (with reasons) sends the version back to draft once. Returns the
    number of partners answered for."""
    from plans.permissions import SeatForVersion
    from plans.representation import represented_requests, seat_label

    version = _locked(version)
    seat = Seat.objects.select_related("board", "person", "partner").get(pk=seat.pk)
    policy.require(actor, "answer_for_represented", SeatForVersion(seat, version))
    if version.status != S.AGREEMENT:
        raise TransitionError(f"Version {version.number} is not waiting for partners to agree it "
                              f"({version.get_status_display().lower()}), so no answer can be given for them.")
    if decision not in AgreementResponse.Decision.values:
        raise TransitionError("Select whether the partners you represent agree the plan or object to it",
                              field="decision")
    reasons = (reasons or "").strip()
    if decision == AgreementResponse.Decision.OBJECT and not reasons:
        raise TransitionError("Enter the reasons for objecting", field="reasons")
    candidates = represented_requests(seat, version).filter(has_own=False)
    # (the latest answer may be none: NULL never equals, so test it explicitly, never with exclude)
    waiting = Q(last_seat__isnull=True) | ~Q(last_seat=seat.pk) | ~Q(last_decision=decision)
    requests = list(candidates.filter(waiting)
                    .select_related("partner").select_for_update(of=("self",)).order_by("partner__name"))
    if not requests:
        if not represented_requests(seat, version).exists():
            raise TransitionError(f"This seat represents no partner that was asked to agree version {version.number}.")
        if not candidates.exists():
            raise TransitionError("Every partner this seat represents has answered for itself: there is nobody "
                                  "left to answer for.")
        raise TransitionError(f"Every partner this seat represents that has not answered for itself already has "
                              f"this answer through the seat ({AgreementResponse.Decision(decision).label.lower()}).")
    label = seat_label(seat)
    now = timezone.now()
    responses = [AgreementResponse(request=r, decision=decision, reasons=reasons, actor=actor, at=now,
                                   via=AgreementResponse.Via.REPRESENTATIVE, through_seat=seat, through_label=label)
                 for r in requests]
    objection = ""
    if decision == AgreementResponse.Decision.OBJECT:
        count = len(requests)
        objection = (f"Objection from {label}, for {count} partner{'s' if count != 1 else ''} it represents: "
                     f"{reasons}")
    _answers_apply(requests, version, responses, actor, objection=objection)
    return len(requests)


def agreement_still_outstanding(request_id):
    """Is the request still waiting for an agreement (current round, version with partners)?"""
    return AgreementRequest.objects.filter(
        pk=request_id, version__status=S.AGREEMENT, round=F("version__agreement_round"),
    ).exclude(latest_decision=AgreementResponse.Decision.AGREE).exists()


# ---------------------------------------------------------------------------
# publication and review
# ---------------------------------------------------------------------------
def _publish(version, actor, published_on, comment):
    """Publish an approved version: supersede the previous one; set the review due date."""
    previous = PlanVersion.objects.select_for_update().filter(area_id=version.area_id, status=S.PUBLISHED) \
        .exclude(pk=version.pk).first()
    if previous is not None:
        _move(previous, S.SUPERSEDED, actor, f"Replaced by version {version.number}")
    due = review_due(version.area, published_on)
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
        raise TransitionError(f"The review due on {long_date(version.review_due_on)} has already been recorded")
    review = audited(PlanReview(version=version, due_on=version.review_due_on, reviewed_on=reviewed_on,
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
        raise TransitionError(f"The board noted this review on {long_date(review.noted_on)}")
    if noted_on < review.reviewed_on:
        raise TransitionError("The board can note the review only on or after the day it was made")
    if noted_on > timezone.localdate():
        raise TransitionError("The date the board noted it must be today or in the past")
    review.noted_on = noted_on
    audited(review, actor).save(update_fields=["noted_on"])
    if version.status == S.PUBLISHED and version.review_due_on == review.due_on:
        version.review_due_on = review_due(version.area, review.due_on)
        audited(version, actor).save(update_fields=["review_due_on", "updated_at"])
    return review


@transaction.atomic
def plan_settings_update(*, area, actor, review_interval_months):
    policy.require(actor, "change_plan", area)
    try:
        months = int(review_interval_months)
    except (TypeError, ValueError):
        months = 0
    if not 1 <= months <= 36:
        raise TransitionError("The review interval must be between 1 and 36 months", field="review_interval_months")
    setting, _ = PlanSettings.objects.select_for_update().get_or_create(area=area)
    setting.review_interval_months = months
    audited(setting, actor).save()
    return setting


def today():
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    return day + relativedelta(months=months)


# ---------------------------------------------------------------------------
# board approval: an agenda item on a boards meeting, decided through boards' decision_record
# ---------------------------------------------------------------------------
@transaction.atomic
def plan_board_submit(*, version, meeting, actor):
    """Put a version all partners agreed on a board meeting's agenda (or move it to another meeting)."""
    version = _locked(version)
    policy.require(actor, "change_plan", version)
    if version.status == S.AGREEMENT:
        agreed, total, outstanding = agreement_tally_get(version)
        if not total or outstanding:
            names = ", ".join(r.partner.name for r in outstanding[:10])
            more = f" and {len(outstanding) - 10} more" if len(outstanding) > 10 else ""
            raise TransitionError(f"{agreed} of {total} relevant partners have agreed version {version.number}. "
                                  f"It can go to the board when all have agreed. Waiting for: {names}{more}.")
    elif version.status != S.APPROVAL:
        raise _refuse(version, S.APPROVAL)
    if not approval_meeting_list(area=version.area).filter(pk=meeting.pk).exists():
        raise TransitionError("Select a meeting of the area's board that has not been cancelled")
    meeting = Meeting.objects.select_related("board").get(pk=meeting.pk)
    previous = PlanApproval.objects.select_for_update().filter(version=version, outcome=PlanApproval.Outcome.PENDING)
    for old in previous:
        if old.meeting_id == meeting.pk:
            raise TransitionError(f"Version {version.number} is already on the agenda of that meeting")
        old.outcome = PlanApproval.Outcome.MOVED
        audited(old, actor).save(update_fields=["outcome"])
    try:
        item = board_services.agenda_item_add(
            meeting=meeting, actor=actor, kind="plan_approval", reference=f"plans.planversion:{version.pk}",
            title=f"Approve the Children and Young People's Plan (version {version.number})",
            description=f"{version.title}. All relevant partners have agreed it. The board approves it "
                        "(it is then published) or rejects it with reasons.")
    except ValidationError as exc:
        raise TransitionError(" ".join(exc.messages)) from None
    approval = audited(PlanApproval(version=version, meeting=meeting, agenda_item=item, created_by=actor), actor)
    approval.save()
    if version.status == S.AGREEMENT:
        _move(version, S.APPROVAL, actor, f"On the agenda of the {meeting.board.name} meeting on "
                                          f"{long_date(meeting.date)}")
    return approval


def _approval_resolution(version, approved, reasons):
    if approved:
        return f"The board approves version {version.number} of the Children and Young People's Plan for publication."
    return f"The board rejects version {version.number} of the Children and Young People's Plan: {reasons}"


@transaction.atomic
def plan_board_decide(*, approval, actor, decision, reasons=""):
    """The board's decision on the version, recorded from the plan's approval page.

    Not a second way to approve: it records the decision on the agenda item through the boards
    app's ``decision_record`` (quorate meeting, who may record), and ``plan_decision_apply``
    applies it, exactly as when the decision is recorded from the meeting page."""
    approval = PlanApproval.objects.select_related("version", "agenda_item__meeting__board").get(pk=approval.pk)
    policy.require(actor, "decide_approval", approval)
    if approval.outcome != PlanApproval.Outcome.PENDING:
        raise TransitionError(f"This item is already closed: {approval.get_outcome_display().lower()}.")
    reasons = (reasons or "").strip()
    if decision not in ("approve", "reject"):
        raise TransitionError("Select whether the board approves or rejects the plan", field="decision")
    if decision == "reject" and not reasons:
        raise TransitionError("Enter the board's reasons for rejecting the plan", field="reasons")
    approved = decision == "approve"
    try:
        board_services.decision_record(
            item=approval.agenda_item, actor=actor,
            resolution=_approval_resolution(approval.version, approved, reasons),
            outcome=Decision.Outcome.CARRIED if approved else Decision.Outcome.NOT_CARRIED)
    except ValidationError as exc:
        raise TransitionError(" ".join(exc.messages)) from None
    return PlanApproval.objects.get(pk=approval.pk)


def plan_decision_apply(*, decision):
    """Apply a decision the board recorded on a plan approval item: the only way a version is
    approved (and published) or rejected by the board.

    Runs inside the transaction that records the decision (``boards.signals.decision_recording``),
    so the decision and the plan change together or not at all. Carried: the version named on
    the item is published. Not carried: it returns to draft with the resolution as the reason.
    Deferred: it stays on the agenda, waiting. A decision on an item whose version is no longer
    waiting for it (moved to another meeting, withdrawn) is refused with the reason."""
    approval = (PlanApproval.objects.select_for_update().filter(agenda_item_id=decision.item_id)
                .order_by("-created_at", "-pk").first())
    if approval is None:
        return None  # not a plan approval item
    version = _locked(approval.version)
    if approval.outcome == PlanApproval.Outcome.MOVED:
        current = PlanApproval.objects.filter(version=version, outcome=PlanApproval.Outcome.PENDING) \
            .select_related("meeting").first()
        where = f" to the meeting on {long_date(current.meeting.date)}" if current else ""
        raise TransitionError(f"Version {version.number} of the plan was moved{where}: record the board's decision "
                              "on the item at that meeting.")
    if approval.outcome != PlanApproval.Outcome.PENDING:
        raise TransitionError(f"The board's decision on version {version.number} is already recorded "
                              f"({approval.get_outcome_display().lower()}).")
    if version.status != S.APPROVAL:
        raise TransitionError(f"Version {version.number} of the plan is {version.get_status_display().lower()}, not "
                              "waiting for the board's approval, so the decision cannot apply to it.")
    if decision.outcome == Decision.Outcome.DEFERRED:
        return approval
    meeting = Meeting.objects.select_related("board").get(pk=approval.meeting_id)
    actor = decision.recorded_by
    approved = decision.outcome == Decision.Outcome.CARRIED
    approval.outcome = PlanApproval.Outcome.APPROVED if approved else PlanApproval.Outcome.REJECTED
    approval.reasons = "" if approved else decision.resolution
    approval.decided_by, approval.decided_at, approval.decision = actor, timezone.now(), decision
    audited(approval, actor).save()
    if approved:
        _publish(version, actor, meeting.date, approved_comment(meeting, decision))
    else:
        _move(version, S.DRAFT, actor,
              f"Rejected by the {meeting.board.name} on {long_date(meeting.date)}: {decision.resolution}")
    return approval
