"""Reads for the plan pages, the area card, the home panel and the reminders.

Every function reads in a constant number of queries, whatever the number of
actions, partners or responses.
"""
import difflib
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch
from django.utils import timezone

from partners import law
from plans import spend
from plans.completeness import completeness_check
from plans.models import (
    Action,
    AgreementRequest,
    AgreementResponse,
    Consultee,
    GapAction,
    PlanReview,
    PlanTransition,
    PlanVersion,
    Priority,
    ReviewProgress,
)
from plans.outcomes import Outcome
from plans.permissions import policy

S = PlanVersion.Status


def versions_of(*, trust, user=None):
    """The area's versions, newest first; with ``user``, only those the user may open."""
    qs = PlanVersion.objects.filter(trust=trust) if user is None else policy.visible(user).filter(trust=trust)
    return list(qs.order_by("-number"))


def current_versions(*, trust, versions=None):
    """(the version being worked on or None, the published version or None)."""
    versions = versions if versions is not None else versions_of(trust=trust)
    open_version = next((v for v in versions if v.status in PlanVersion.OPEN_STATUSES), None)
    published = next((v for v in versions if v.status == S.PUBLISHED), None)
    return open_version, published


def outcome_sections(version):
    """[(outcome value, label, [priority with .action_list])] in the order of the five outcomes (2 queries)."""
    priorities = list(Priority.objects.filter(version=version).order_by("position", "pk").prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("responsible_partner").order_by("position", "pk"),
                 to_attr="action_list")))
    by_outcome = {}
    for priority in priorities:
        by_outcome.setdefault(priority.outcome, []).append(priority)
    return [(o.value, o.label, by_outcome.get(o.value, [])) for o in Outcome]


def plan_content(version):
    """The statutory content of a version, for the plan page, the public page and the PDF."""
    return {
        "outcomes": outcome_sections(version),
        "gap_actions": list(GapAction.objects.filter(version=version).select_related("responsible_partner")),
        "consultees": list(Consultee.objects.filter(version=version).select_related("partner")),
        "spend": spend.spend_statement_for(version),
    }


def agreement_state(version):
    """The current round: requests with partner, counts, outstanding, every response (audit)."""
    requests = list(AgreementRequest.objects.filter(version=version, round=version.agreement_round)
                    .select_related("partner").order_by("partner__name"))
    responses = list(AgreementResponse.objects.filter(request__version=version)
                     .select_related("request__partner", "actor").order_by("-at", "-pk"))
    agreed = sum(1 for r in requests if r.latest_decision == AgreementResponse.Decision.AGREE)
    return {
        "requests": requests,
        "responses": responses,
        "agreed": agreed,
        "total": len(requests),
        "outstanding": [r for r in requests if r.latest_decision != AgreementResponse.Decision.AGREE],
        "all_agreed": bool(requests) and agreed == len(requests),
    }


def latest_objection(version, transitions):
    """The objection that sent the version back, while it is still a draft from it."""
    if version.status != S.DRAFT or not transitions:
        return None
    last = transitions[-1]
    if last.from_status == S.AGREEMENT and last.comment.startswith("Objection from "):
        return last
    return None


def reviews_of(version, *, noted_only=False):
    qs = PlanReview.objects.filter(version=version).order_by("due_on").prefetch_related(
        Prefetch("progress", queryset=ReviewProgress.objects.order_by("outcome"), to_attr="progress_list"))
    if noted_only:
        qs = qs.filter(noted_on__isnull=False)
    reviews = list(qs)
    order = {o.value: i for i, o in enumerate(Outcome)}
    for review in reviews:
        review.progress_list.sort(key=lambda p: order.get(p.outcome, 99))
    return reviews


@dataclass(frozen=True)
class Compliance:
    framework: object
    owner: str
    required: bool
    deadline: object
    met: bool
    reason: str
    review_overdue: bool
    review_reason: str


def plan_compliance(*, trust, published, reviews=None, today=None):
    """Does the area meet the framework's plan rules (owner, must publish, by when)? With why."""
    today = today or timezone.localdate()
    framework = trust.effective_framework(today)
    owner = "the Children's Trust Board" if framework.plan_owner == "board" else "the local authority"
    deadline = framework.plan_deadline
    if not framework.plan_required:
        met = True
        reason = f"Under {framework.name} a plan is not required."
        if published:
            reason += f" The area publishes one anyway (version {published.number}, {published.published_on:%-d %B %Y})."
    elif published is None:
        met = False
        if deadline and today <= deadline:
            reason = f"No plan is published yet: {owner} must publish one by {deadline:%-d %B %Y}."
        elif deadline:
            reason = f"No plan is published: {owner} had to publish one by {deadline:%-d %B %Y}."
        else:
            reason = f"No plan is published: {owner} must publish one."
    elif deadline and published.published_on > deadline:
        met = False
        reason = (f"Version {published.number} was published on {published.published_on:%-d %B %Y}, after the "
                  f"deadline of {deadline:%-d %B %Y}.")
    else:
        met = True
        reason = f"Version {published.number} was published on {published.published_on:%-d %B %Y}"
        reason += f", by the deadline of {deadline:%-d %B %Y}." if deadline else "."
    overdue, review_reason = False, ""
    if published and published.review_due_on:
        if published.review_due_on < today:
            done = any(r.due_on == published.review_due_on for r in (reviews or []))
            overdue = not done
            review_reason = (f"The annual review due on {published.review_due_on:%-d %B %Y} "
                             + ("has been recorded and waits for the board to note it." if done else "is overdue."))
        else:
            review_reason = f"The next annual review is due by {published.review_due_on:%-d %B %Y}."
    return Compliance(framework, owner, framework.plan_required, deadline, met, reason, overdue, review_reason)


def version_page(*, version, user):
    """Everything the plan page shows (constant queries)."""
    trust = version.trust
    versions = versions_of(trust=trust, user=user)
    _open, published = current_versions(trust=trust, versions=versions)
    transitions = list(PlanTransition.objects.filter(version=version).select_related("actor").order_by("at", "pk"))
    agreement = agreement_state(version)
    reviews = reviews_of(version) if version.status in (S.PUBLISHED, S.SUPERSEDED) else []
    is_officer = policy.can(user, "change_plan", version)
    approvals = approvals_of(version)
    for approval in approvals:
        approval.can_decide = (approval.outcome == approval.Outcome.PENDING
                               and policy.can(user, "decide_approval", approval))
    return {
        "area": trust,
        "version": version,
        "versions": versions,
        "published": published,
        "is_officer": is_officer,
        "editable": is_officer and version.is_editable,
        "check": completeness_check(version),
        "content": plan_content(version),
        "transitions": transitions,
        "objection": latest_objection(version, transitions),
        "agreement": agreement,
        "my_requests": [r for r in agreement["requests"] if policy.can(user, "answer_agreement", r)]
        if version.status == S.AGREEMENT else [],
        "reviews": reviews,
        "compliance": plan_compliance(trust=trust, published=published,
                                      reviews=reviews if published and published.pk == version.pk else None),
        "approvals": approvals,
    }


def approvals_of(version):
    try:
        from plans.models import PlanApproval
    except ImportError:  # boards not integrated yet
        return []
    return list(PlanApproval.objects.filter(version=version).select_related(
        "meeting__board", "decided_by", "agenda_item").order_by("-created_at", "-pk"))


def area_card(*, trust, user=None):
    """The plan's summary for the area page (constant queries): with ``user``, only the
    versions the user may open (a board member does not learn of a draft from it)."""
    versions = versions_of(trust=trust, user=user)
    open_version, published = current_versions(trust=trust, versions=versions)
    current = open_version or published
    card = {"current": current, "published": published, "open": open_version}
    if current is not None:
        card["check"] = completeness_check(current)
        if current.status == S.AGREEMENT:
            card["agreement"] = agreement_state_counts(current)
    card["compliance"] = plan_compliance(trust=trust, published=published,
                                         reviews=list(PlanReview.objects.filter(version=published))
                                         if published else None)
    return card


def agreement_state_counts(version):
    rows = list(AgreementRequest.objects.filter(version=version, round=version.agreement_round)
                .values_list("latest_decision", flat=True))
    agreed = sum(1 for d in rows if d == AgreementResponse.Decision.AGREE)
    return {"agreed": agreed, "total": len(rows)}


# ---------------------------------------------------------------------------
# for the reminders (trusts.notices): what is due and outstanding
# ---------------------------------------------------------------------------
def plan_reviews_due(*, on):
    """Published versions whose annual review is due on or before a date and not yet recorded."""
    recorded = PlanReview.objects.filter(version_id=OuterRef("pk"), due_on=OuterRef("review_due_on"))
    return (PlanVersion.objects.published().filter(review_due_on__lte=on).exclude(Exists(recorded))
            .select_related("trust").order_by("review_due_on"))


def agreement_requests_outstanding(*, trust=None):
    """Requests of the current round without an agreement, with the date asked (oldest first)."""
    qs = (AgreementRequest.objects.filter(version__status=S.AGREEMENT, round=F("version__agreement_round"))
          .exclude(latest_decision=AgreementResponse.Decision.AGREE)
          .select_related("partner", "version__trust").order_by("asked_at", "pk"))
    return qs.filter(version__trust=trust) if trust is not None else qs


def plan_versions_awaiting_approval(*, trust=None):
    qs = PlanVersion.objects.filter(status=S.APPROVAL).select_related("trust").order_by("updated_at")
    return qs.filter(trust=trust) if trust is not None else qs


# ---------------------------------------------------------------------------
# compare two versions, section by section
# ---------------------------------------------------------------------------
def _d(day):
    return f"{day:%-d %B %Y}" if day else "no date"


def section_lines(version):
    """The content of a version as (section title, [lines]) for comparing (constant queries)."""
    content = plan_content(version)
    sections = [("Title and period", [version.title,
                                      f"Starts: {_d(version.period_start)}", f"Ends: {_d(version.period_end)}"])]
    for _value, label, priorities in content["outcomes"]:
        lines = []
        for p in priorities:
            lines.append(f"Priority: {p.title}")
            for a in p.action_list:
                who = a.responsible_partner.name if a.responsible_partner else "no responsible partner"
                lines.append(f"  Action: {a.description} | who: {who} | by: {_d(a.due_by)} | measure: {a.measure}")
        sections.append((label, lines))
    needs = version.needs_assessment.splitlines() + [
        f"Key action: {g.description} (gap: {g.gap}) | who: "
        f"{g.responsible_partner.name if g.responsible_partner else 'no responsible partner'} | by: {_d(g.due_by)}"
        for g in content["gap_actions"]]
    sections.append(("Joint needs assessment and key actions", needs))
    sections.append(("Those consulted", sorted(
        f"{c.label}{' – ' + c.detail if c.detail else ''} | from {_d(c.consulted_from)}"
        f"{' to ' + _d(c.consulted_to) if c.consulted_to else ''} | how: {c.method}" for c in content["consultees"])))
    sections.append(("Early identification and early intervention", [
        f"Universal: {version.early_universal}", f"Targeted: {version.early_targeted}",
        f"Partners' roles: {version.early_partner_roles}", f"Workforce: {version.early_workforce}"]))
    sections.append(("Joint commissioning and spend", version.commissioning.splitlines() + [
        f"{r.partner_name} {r.year_label} {r.area_label}: planned £{r.planned}"
        + (f", actual £{r.actual}" if r.actual is not None else "") for r in content["spend"].rows]))
    sections.append(("Links to the Sustainable Community Strategy and Local Area Agreement", [
        f"Sustainable Community Strategy: {version.scs_link}", f"Local Area Agreement: {version.laa_link}"]))
    return sections


@dataclass
class SectionDiff:
    title: str
    changed: bool
    rows: list  # (kind, text): kind is "same", "added" or "removed"


def compare_versions(a, b):
    """Section-by-section differences from version a to version b (difflib)."""
    result = []
    for (title, old), (_t, new) in zip(section_lines(a), section_lines(b)):
        rows = []
        for line in difflib.ndiff(old, new):
            code, text = line[:2], line[2:]
            if code == "  ":
                rows.append(("same", text))
            elif code == "- ":
                rows.append(("removed", text))
            elif code == "+ ":
                rows.append(("added", text))
        result.append(SectionDiff(title, any(k != "same" for k, _ in rows), rows))
    return result


def org_type_label(code):
    return law.ORG_TYPES_BY_CODE[code].label if code in law.ORG_TYPES_BY_CODE else code


def pending_approvals_for(*, user):
    """Plan versions waiting for a decision at meetings of boards on which the user has a current seat."""
    from django.db.models import Q

    from plans.models import PlanApproval

    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    try:
        from boards.models import Seat
    except ImportError:  # pragma: no cover
        return []
    boards = (Seat.objects.filter(person=user, term_start__lte=today)
              .filter(Q(term_end__isnull=True) | Q(term_end__gte=today)).values("board_id"))
    return list(PlanApproval.objects.for_user(user).filter(outcome=PlanApproval.Outcome.PENDING,
                                                           meeting__board_id__in=boards)
                .select_related("version__trust", "meeting__board").order_by("meeting__date"))


def agreements_awaiting(*, user):
    """A partner contact's open requests: versions their organisation has not yet agreed."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(agreement_requests_outstanding()
                .filter(partner__contacts__user=user)
                .filter(version__trust__in=AgreementRequest.objects.for_user(user).values("version__trust"))
                .order_by("asked_at"))
