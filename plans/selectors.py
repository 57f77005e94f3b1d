"""Reads for the plan pages, the area card, the home panel and the reminders.

Every function reads in a constant number of queries, whatever the number of
actions, partners or responses.
"""
import difflib
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property

from boards.models import Meeting, Seat
from partners import law
from plans import representation, spend
from plans.completeness import completeness_check
from plans.models import (
    Action,
    AgreementRequest,
    AgreementResponse,
    Consultee,
    GapAction,
    PlanApproval,
    PlanReview,
    PlanTransition,
    PlanVersion,
    Priority,
    ReviewProgress,
)
from plans.permissions import partner_ids_for_contact, policy
from pooling.models import Outcome
from trusts.dates import long_date
from trusts.pagination import pagination

S = PlanVersion.Status


def version_list(*, area, user=None):
    """The area's versions, newest first; with ``user``, only those the user may open."""
    qs = PlanVersion.objects.filter(area=area) if user is None else policy.visible(user).filter(area=area)
    return list(qs.order_by("-number"))


def current_versions_get(*, area, versions=None):
    """(the version being worked on or None, the published version or None)."""
    versions = versions if versions is not None else version_list(area=area)
    open_version = next((v for v in versions if v.status in PlanVersion.OPEN_STATUSES), None)
    published = next((v for v in versions if v.status == S.PUBLISHED), None)
    return open_version, published


def outcome_section_list(version):
    """[(outcome value, label, [priority with .action_list])] in the order of the five outcomes (2 queries)."""
    priorities = list(Priority.objects.filter(version=version).order_by("position", "pk").prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("responsible_partner").order_by("position", "pk"),
                 to_attr="action_list")))
    by_outcome = {}
    for priority in priorities:
        by_outcome.setdefault(priority.outcome, []).append(priority)
    return [(o.value, o.label, by_outcome.get(o.value, [])) for o in Outcome]


# more partners consulted one by one than this are summarised by type, with how and when
CONSULTED_LISTED = 20


def consulted_summary(consultees, *, listed=CONSULTED_LISTED):
    """(rows listed one by one, summary of the partners consulted directly or None). With more than
    ``listed`` partners consulted directly, they are grouped by how and when they were consulted,
    with a count per type of organisation, so a plan that consulted 400 schools stays readable."""
    direct = [c for c in consultees if c.kind == Consultee.Kind.PARTNER]
    if len(direct) <= listed:
        return consultees, None
    groups = {}
    for c in direct:
        key = (c.consulted_from, c.consulted_to, c.method)
        group = groups.setdefault(key, {"consulted_from": c.consulted_from, "consulted_to": c.consulted_to,
                                        "method": c.method, "count": 0, "types": {}})
        group["count"] += 1
        label = org_type_label(c.partner.org_type) if c.partner_id else "Other"
        group["types"][label] = group["types"].get(label, 0) + 1
    summary = sorted(groups.values(), key=lambda g: (g["consulted_from"], -g["count"]))
    for group in summary:
        group["types"] = sorted(group["types"].items(), key=lambda t: (-t[1], t[0]))
    return [c for c in consultees if c.kind != Consultee.Kind.PARTNER], {"count": len(direct), "groups": summary}


def plan_content_get(version):
    """The statutory content of a version, for the plan page, the public page and the PDF."""
    consultees = list(Consultee.objects.filter(version=version).select_related("partner"))
    listed, direct = consulted_summary(consultees)
    return {
        "outcomes": outcome_section_list(version),
        "gap_actions": list(GapAction.objects.filter(version=version).select_related("responsible_partner")),
        "consultees": consultees,
        "consultees_listed": listed,
        "consulted_directly": direct,
        "spend": spend.spend_statement_for(version),
    }


OUTSTANDING_SHOWN = 20
ANSWERS_PER_PAGE = 50
# the answer filter of the answers page: its value in the URL, its label, the request's latest decision
ANSWER_FILTERS = (("agreed", "Agreed", AgreementResponse.Decision.AGREE),
                  ("objected", "Objected", AgreementResponse.Decision.OBJECT),
                  ("none", "Not answered", ""))


def _round_requests(version):
    return AgreementRequest.objects.filter(version=version, round=version.agreement_round)


def agreement_tally_get(version):
    """(agreed, total, outstanding requests) for the version's current round."""
    requests = list(_round_requests(version).select_related("partner"))
    outstanding = [r for r in requests if r.latest_decision != AgreementResponse.Decision.AGREE]
    return len(requests) - len(outstanding), len(requests), outstanding


def agreement_summary_get(version, *, outstanding_shown=OUTSTANDING_SHOWN):
    """The current round as a summary (5 queries whatever the number of partners): counts by
    answer and by organisation type, the answers given through board seats, and the first
    ``outstanding_shown`` partners (by name) that have not agreed."""
    agree, objected = AgreementResponse.Decision.AGREE, AgreementResponse.Decision.OBJECT
    requests = _round_requests(version)
    by_type = list(requests.order_by().values("partner__org_type").annotate(
        asked=Count("pk"), agreed=Count("pk", filter=Q(latest_decision=agree)),
        objected=Count("pk", filter=Q(latest_decision=objected))))
    types = sorted(({"code": row["partner__org_type"], "label": org_type_label(row["partner__org_type"]),
                     "asked": row["asked"], "agreed": row["agreed"], "not_yet": row["asked"] - row["agreed"]}
                    for row in by_type), key=lambda t: t["label"])
    total = sum(t["asked"] for t in types)
    agreed = sum(t["agreed"] for t in types)
    objected_count = sum(row["objected"] for row in by_type)
    outstanding_count = total - agreed
    outstanding = list(requests.exclude(latest_decision=agree).select_related("partner")
                       .order_by("partner__name", "pk")[:outstanding_shown]) if outstanding_count else []
    latest = AgreementResponse.objects.filter(request=OuterRef("request")).order_by("-at", "-pk").values("pk")[:1]
    through = list(AgreementResponse.objects.filter(
        request__version=version, request__round=version.agreement_round, via=AgreementResponse.Via.REPRESENTATIVE,
        pk=Subquery(latest)).order_by().values("through_label", "decision").annotate(n=Count("pk"))
        .order_by("through_label", "decision")) if total else []
    for row in through:
        row["decision_label"] = AgreementResponse.Decision(row["decision"]).label
    return {
        "total": total,
        "agreed": agreed,
        "objected": objected_count,
        "not_answered": total - agreed - objected_count,
        "outstanding_count": outstanding_count,
        "outstanding": outstanding,
        "outstanding_more": outstanding_count - len(outstanding),
        "by_type": types,
        "through": through,
        "all_agreed": bool(total) and agreed == total,
    }


ANSWERS_PAGE_NAMES = ("filters", "errors", "answer_choices", "type_choices", "total", "can_record", "page", "rows",
                      "pagination")


def answers_title_error(params):
    """Whether the answers page's title starts "Error:", from the query string alone (the
    page itself also refuses a type that was not asked in this round)."""
    answer, org_type = params.get("answer", ""), params.get("type", "")
    return bool(answer and answer not in {a[0] for a in ANSWER_FILTERS}
                or org_type and org_type not in law.ORG_TYPES_BY_CODE)


def _clean_filters(params, type_codes):
    """The answers page's filters from the query string: unknown values are dropped, with a message."""
    answer = params.get("answer", "")
    org_type = params.get("type", "")
    q = " ".join(params.get("q", "").split())[:100]
    errors = []
    if answer and answer not in {a[0] for a in ANSWER_FILTERS}:
        errors.append(("answer", "Choose an answer from the list"))
        answer = ""
    if org_type and org_type not in type_codes:
        errors.append(("type", "Choose a type of organisation from the list"))
        org_type = ""
    return {"answer": answer, "type": org_type, "q": q}, errors


def _page(paginator, number):
    """The page asked for; a number out of range or not a number gives the nearest page."""
    return paginator.get_page(number)


def _answer_of(responses):
    """The answer that counts for a request: the partner's own latest answer wins over a representative's."""
    own = [r for r in responses if r.is_own]
    return (own or responses or [None])[0]


def answers_page(*, version, user, params):
    """The answers page: every partner asked in the current round, filtered and 50 a page, with the
    answer that counts and how it came; or (``show=log``) every answer recorded, all rounds.
    A constant number of queries (about 5) whatever the number of partners or answers."""
    from django.core.paginator import Paginator

    agree = AgreementResponse.Decision.AGREE
    requests = _round_requests(version)
    type_rows = list(requests.order_by().values("partner__org_type").annotate(asked=Count("pk")))
    types = sorted(((row["partner__org_type"], org_type_label(row["partner__org_type"])) for row in type_rows),
                   key=lambda t: t[1])
    show = "log" if params.get("show") == "log" else "partners"
    filters, errors = _clean_filters(params, {code for code, _label in types})
    if filters["type"]:
        requests = requests.filter(partner__org_type=filters["type"])
    if filters["q"]:
        requests = requests.filter(partner__name__icontains=filters["q"])
    is_officer = policy.can(user, "change_plan", version)
    context = {
        "area": version.area, "version": version, "show": show, "filters": filters, "errors": errors,
        "answer_choices": ANSWER_FILTERS, "type_choices": types, "is_officer": is_officer,
        "total": sum(row["asked"] for row in type_rows),
        "can_record": is_officer and version.status == S.AGREEMENT,
    }
    if show == "log":
        log = AgreementResponse.objects.filter(request__version=version).select_related("request__partner", "actor")
        if filters["type"]:
            log = log.filter(request__partner__org_type=filters["type"])
        if filters["q"]:
            log = log.filter(request__partner__name__icontains=filters["q"])
        if filters["answer"] in ("agreed", "objected"):
            log = log.filter(decision=agree if filters["answer"] == "agreed" else AgreementResponse.Decision.OBJECT)
        elif filters["answer"]:
            log = log.none()
        page = _page(Paginator(log.order_by("-at", "-pk"), ANSWERS_PER_PAGE), params.get("page"))
        context.update(page=page, rows=list(page.object_list))
    else:
        if filters["answer"]:
            wanted = {value: decision for value, _label, decision in ANSWER_FILTERS}[filters["answer"]]
            requests = requests.filter(latest_decision=wanted)
        page = _page(Paginator(requests.select_related("partner").order_by("partner__name", "pk"),
                               ANSWERS_PER_PAGE), params.get("page"))
        rows = list(page.object_list)
        responses = {}
        for response in (AgreementResponse.objects.filter(request__in=[r.pk for r in rows])
                         .select_related("actor").order_by("-at", "-pk")):
            responses.setdefault(response.request_id, []).append(response)
        for row in rows:
            for response in responses.get(row.pk, []):
                response.request = row  # no query per row for the partner's name
            row.answer = _answer_of(responses.get(row.pk, []))
            row.type_label = org_type_label(row.partner.org_type)
        context.update(page=page, rows=rows)
    context["pagination"] = pagination(context["page"], params)
    return context


def latest_objection(version, transitions):
    """The objection that sent the version back, while it is still a draft from it."""
    if version.status != S.DRAFT or not transitions:
        return None
    last = transitions[-1]
    if last.from_status == S.AGREEMENT and last.comment.startswith("Objection from "):
        return last
    return None


def review_list(version, *, noted_only=False):
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
    period_ended: bool = False
    period_reason: str = ""
    published_in_time: bool = True

    @property
    def reasons(self):
        """Why the area does not meet the plan rules, one sentence each (empty when it does)."""
        return [text for failed, text in ((not self.published_in_time, self.reason),
                                          (self.review_overdue, self.review_reason),
                                          (self.period_ended, self.period_reason)) if failed]


def plan_compliance_get(*, area, published, reviews=None, today=None, review_recorded=None):
    """Does the area meet the framework's plan rules on ``today``? With why. It does not while
    any of these applies: no plan published (or published late) where one is required; the
    annual review overdue where the law requires a review on the day (not since the plan
    regulations were revoked); the published plan's period ended where a plan is required.

    ``review_recorded``: whether the review due is recorded, when the caller knows (the
    dashboard reads it for every area at once); otherwise it is looked for in ``reviews``."""
    today = today or timezone.localdate()
    framework = area.effective_framework(today)
    owner = "the Children's Trust Board" if framework.plan_owner == "board" else "the local authority"
    deadline = framework.plan_deadline
    if not framework.plan_required:
        met = True
        reason = f"Under {framework.name} a plan is not required."
        if published:
            reason += (f" The area publishes one anyway (version {published.number}, "
                       f"{long_date(published.published_on)}).")
        else:
            reason += " The area may still keep and publish a voluntary plan."
    elif published is None:
        met = False
        if deadline and today <= deadline:
            reason = f"No plan is published yet: {owner} must publish one by {long_date(deadline)}."
        elif deadline:
            reason = f"No plan is published: {owner} had to publish one by {long_date(deadline)}."
        else:
            reason = f"No plan is published: {owner} must publish one."
    elif deadline and published.published_on > deadline:
        met = False
        reason = (f"Version {published.number} was published on {long_date(published.published_on)}, after the "
                  f"deadline of {long_date(deadline)}.")
    else:
        met = True
        reason = f"Version {published.number} was published on {long_date(published.published_on)}"
        reason += f", by the deadline of {long_date(deadline)}." if deadline else "."
    overdue, review_reason = False, ""
    if published and not framework.plan_required:
        # the plan regulations were revoked with the statutory guidance: nobody has to review a plan
        # or consult on a review any more (the department's archived FAQ on Children's Trusts)
        review_reason = (f"The plan regulations were revoked on {long_date(law.PLAN_REGULATIONS_REVOKED)}: the plan "
                         f"need not be reviewed. A review may still be recorded.")
    elif published and published.review_due_on:
        if published.review_due_on < today:
            done = (review_recorded if review_recorded is not None
                    else any(r.due_on == published.review_due_on for r in (reviews or [])))
            overdue = not done
            review_reason = (f"The annual review due on {long_date(published.review_due_on)} "
                             + ("has been recorded and waits for the board to note it." if done else "is overdue."))
        else:
            review_reason = f"The next annual review is due by {long_date(published.review_due_on)}."
    ended, period_reason = False, ""
    if published and framework.plan_required and published.period_end and published.period_end < today:
        # the plan states its period (SI 2010/591 reg 3(2)); past it, the area has no plan in force
        ended = True
        period_reason = (f"The period of version {published.number} ended on {long_date(published.period_end)}: "
                         f"{owner} must publish a new plan.")
    return Compliance(framework, owner, framework.plan_required, deadline, met and not overdue and not ended,
                      reason, overdue, review_reason, ended, period_reason, published_in_time=met)


class _VersionPage:
    """What the plan page shows, each part worked out when first read: a page served from
    the page cache (``{% fragment %}``) works out none of it."""

    def __init__(self, version, user):
        self.version, self.user, self.area = version, user, version.area

    @cached_property
    def versions(self):
        return version_list(area=self.area, user=self.user)

    @cached_property
    def published(self):
        return current_versions_get(area=self.area, versions=self.versions)[1]

    @cached_property
    def transitions(self):
        return list(PlanTransition.objects.filter(version=self.version).select_related("actor").order_by("at", "pk"))

    @cached_property
    def reviews(self):
        return review_list(self.version) if self.version.status in (S.PUBLISHED, S.SUPERSEDED) else []

    @cached_property
    def is_officer(self):
        return policy.can(self.user, "change_plan", self.version)

    @cached_property
    def approvals(self):
        approvals = approval_list(self.version)
        for approval in approvals:
            approval.can_decide = (approval.outcome == approval.Outcome.PENDING
                                   and policy.can(self.user, "decide_approval", approval))
        return approvals

    def context(self):
        version, lazy = self.version, SimpleLazyObject
        published, reviews = lazy(lambda: self.published), lazy(lambda: self.reviews)
        return {
            "area": self.area,
            "version": version,
            "versions": lazy(lambda: self.versions),
            "published": published,
            # the version it was copied from, if the user may open it (its number is in the URL)
            "based_on": lazy(lambda: next((v for v in self.versions if v.pk == version.based_on_id), None)),
            "is_officer": lazy(lambda: self.is_officer),
            "editable": lazy(lambda: self.is_officer and version.is_editable),
            "check": lazy(lambda: completeness_check(version)),
            "content": lazy(lambda: plan_content_get(version)),
            "transitions": lazy(lambda: self.transitions),
            "objection": lazy(lambda: latest_objection(version, self.transitions)),
            "agreement": lazy(lambda: agreement_summary_get(version) if version.agreement_round else None),
            "my_requests": lazy(lambda: own_request_list(version, self.user)),
            "represent": lazy(lambda: _represent_panel(version, self.user)),
            "reviews": reviews,
            "compliance": lazy(lambda: plan_compliance_get(
                area=self.area, published=self.published,
                reviews=self.reviews if self.published and self.published.pk == version.pk else None)),
            "approvals": lazy(lambda: self.approvals),
        }


def version_page(*, version, user):
    """Everything the plan page shows (constant queries, whatever the number of partners),
    each value worked out only if the page reads it."""
    return _VersionPage(version, user).context()


def own_request_list(version, user):
    """A partner contact's requests in the current round (their organisations' own, to answer)."""
    if version.status != S.AGREEMENT:
        return []
    mine = partner_ids_for_contact(user)
    if not mine:
        return []
    return [r for r in _round_requests(version).filter(partner_id__in=mine).select_related("partner", "version")
            .order_by("partner__name") if policy.can(user, "answer_agreement", r)]


def _represent_panel(version, user):
    """The seat holder's panel (``plans.representation``)."""
    return representation.panel(user=user, version=version)


def approval_meeting_list(*, area):
    """Meetings of the area's board(s), lead or joint, that a plan can go to (not cancelled)."""
    return (Meeting.objects.for_area(area).exclude(status=Meeting.Status.CANCELLED)
            .filter(date__gte=timezone.localdate() - relativedelta(months=3))
            .select_related("board").order_by("date", "start_time"))


def approval_list(version):
    return list(PlanApproval.objects.filter(version=version).select_related(
        "meeting__board", "decided_by", "agenda_item").order_by("-created_at", "-pk"))


def area_card(*, area, user=None):
    """The plan's summary for the area page (constant queries): with ``user``, only the
    versions the user may open (a board member does not learn of a draft from it)."""
    versions = version_list(area=area, user=user)
    open_version, published = current_versions_get(area=area, versions=versions)
    current = open_version or published
    card = {"current": current, "published": published, "open": open_version}
    if current is not None:
        card["check"] = completeness_check(current)
        if current.status == S.AGREEMENT:
            card["agreement"] = agreement_counts_get(current)
    card["compliance"] = plan_compliance_get(area=area, published=published,
                                         reviews=list(PlanReview.objects.filter(version=published))
                                         if published else None)
    return card


def agreement_counts_get(version):
    rows = list(AgreementRequest.objects.filter(version=version, round=version.agreement_round)
                .values_list("latest_decision", flat=True))
    agreed = sum(1 for d in rows if d == AgreementResponse.Decision.AGREE)
    return {"agreed": agreed, "total": len(rows)}


# ---------------------------------------------------------------------------
# for other apps: the plan in force for partners.regard, the requests the chasers follow up
# ---------------------------------------------------------------------------
def board_plan_in_force(area, day):
    """Whether a plan the area's Children's Trust Board published before the plan regulations
    were revoked (31 October 2010) is still in force on the day: its published version (not
    superseded, so not replaced by a later plan) whose period has not ended. Relevant partners
    must have regard to such a plan, and to no other, after the revocation (``partners.law``,
    the department's archived FAQ on Children's Trusts). Registered as ``partners.regard``'s
    provider (``plans.apps``). One query."""
    published = (PlanVersion.objects.published()
                 .filter(area=area, published_on__lt=law.PLAN_REGULATIONS_REVOKED)
                 .filter(Q(period_end__isnull=True) | Q(period_end__gte=day))
                 .order_by().values_list("published_on", flat=True))
    return any(_board_owned(on) for on in published)


def _board_owned(published_on):
    """Whether the board owned the plan on the day it was published (the framework then in
    force; no framework was in force before April 2005, so no board then)."""
    try:
        return law.framework_in_force(published_on).plan_owner == "board"
    except LookupError:
        return False


def outstanding_request_list(*, area=None):
    """Requests of the current round without an agreement, with the date asked (oldest first)."""
    qs = (AgreementRequest.objects.filter(version__status=S.AGREEMENT, round=F("version__agreement_round"))
          .exclude(latest_decision=AgreementResponse.Decision.AGREE)
          .select_related("partner", "version__area").order_by("asked_at", "pk"))
    return qs.filter(version__area=area) if area is not None else qs


# ---------------------------------------------------------------------------
# compare two versions, section by section
# ---------------------------------------------------------------------------
NO_DATE = "no date"


def _section_lines(version):
    """The content of a version as (section title, [lines]) for comparing (constant queries)."""
    content = plan_content_get(version)
    sections = [("Title and period", [version.title, f"Starts: {long_date(version.period_start, NO_DATE)}",
                                      f"Ends: {long_date(version.period_end, NO_DATE)}"])]
    for _value, label, priorities in content["outcomes"]:
        lines = []
        for p in priorities:
            lines.append(f"Priority: {p.title}")
            for a in p.action_list:
                who = a.responsible_partner.name if a.responsible_partner else "no responsible partner"
                lines.append(f"  Action: {a.description} | who: {who} | by: {long_date(a.due_by, NO_DATE)} "
                             f"| measure: {a.measure}")
        sections.append((label, lines))
    needs = version.needs_assessment.splitlines() + [
        f"Key action: {g.description} (gap: {g.gap}) | who: "
        f"{g.responsible_partner.name if g.responsible_partner else 'no responsible partner'} "
        f"| by: {long_date(g.due_by, NO_DATE)}"
        for g in content["gap_actions"]]
    sections.append(("Joint needs assessment and key actions", needs))
    sections.append(("Those consulted", sorted(
        f"{c.label}{' – ' + c.detail if c.detail else ''} | from {long_date(c.consulted_from, NO_DATE)}"
        f"{' to ' + long_date(c.consulted_to, NO_DATE) if c.consulted_to else ''} | how: {c.method}"
        for c in content["consultees"])))
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


def section_diff_list(a, b):
    """Section-by-section differences from version a to version b (difflib)."""
    result = []
    for (title, old), (_t, new) in zip(_section_lines(a), _section_lines(b)):
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


def pending_approval_list(*, user):
    """Plan versions waiting for a decision at meetings of boards on which the user has a current seat."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    boards = (Seat.objects.filter(person=user, term_start__lte=today)
              .filter(Q(term_end__isnull=True) | Q(term_end__gte=today)).values("board_id"))
    return list(PlanApproval.objects.for_user(user).filter(outcome=PlanApproval.Outcome.PENDING,
                                                           meeting__board_id__in=boards)
                .select_related("version__area", "meeting__board").order_by("meeting__date"))


def open_request_list(*, user):
    """A partner contact's open requests: versions their organisation has not yet agreed."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(outstanding_request_list()
                .filter(partner__contacts__user=user)
                .filter(version__area__in=AgreementRequest.objects.for_user(user).values("version__area"))
                .order_by("asked_at"))
