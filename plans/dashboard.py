"""The joint plan on the national compliance dashboard: status, publication, completeness,
partner agreement and the annual review, for every area in five queries.

``completeness_check`` reads about six queries per version, so the dashboard uses
``completeness_many``: the same rules and messages (``plans.completeness``) fed from
four aggregate queries for any number of versions.
"""
from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from partners import law
from partners.dashboard import relevant_q
from partners.models import Partner
from plans.completeness import GROUP_ORG_TYPES, Completeness, Task, _plural
from plans.models import AgreementRequest, AgreementResponse, Consultee, PartnerSpend, PlanReview, PlanVersion, Priority
from plans.outcomes import Outcome
from trusts.dashboard import Cell, Column, Contribution

S = PlanVersion.Status
NO_PLAN = "No plan"
# the order of the chart and of the status column when sorted
STATUS_ORDER = [NO_PLAN, S.DRAFT.label, S.CONSULTATION.label, S.AGREEMENT.label, S.APPROVAL.label,
                S.PUBLISHED.label]


def _pooled_contributions():
    """Contributions to the area's pooled funds count as partners' spend (plans.spend)."""
    try:
        from pooling.models import Contribution as PooledContribution
    except ImportError:  # pragma: no cover - pooling not installed
        return Value(False)
    return Exists(PooledContribution.objects.filter(fund__trust=OuterRef("trust_id")))


def _type_label(org_type):
    return law.ORG_TYPES_BY_CODE[org_type].label if org_type in law.ORG_TYPES_BY_CODE else org_type


def completeness_many(versions, *, day=None):
    """{version pk: Completeness} for many versions in four queries (none when empty).

    Gives what ``completeness_check(version)`` gives for each version (the same checks,
    messages and figure), with each area's relevant partners under its framework on ``day``."""
    versions = list(versions)
    if not versions:
        return {}
    ids = [v.pk for v in versions]
    facts = {
        row["pk"]: row for row in PlanVersion.objects.filter(pk__in=ids).order_by().annotate(
            gap_total=Count("gap_actions"),
            gap_no_partner=Count("gap_actions", filter=Q(gap_actions__responsible_partner__isnull=True)),
            hand_spend=Exists(PartnerSpend.objects.filter(version=OuterRef("pk"))),
            pooled_spend=_pooled_contributions(),
        ).values("pk", "gap_total", "gap_no_partner", "hand_spend", "pooled_spend")
    }
    outcomes = defaultdict(dict)
    for row in Priority.objects.filter(version__in=ids).order_by().values("version_id", "outcome").annotate(
        n_priorities=Count("id", distinct=True),
        n_actions=Count("actions"),
        n_with_partner=Count("actions", filter=Q(actions__responsible_partner__isnull=False)),
        n_no_date=Count("actions", filter=Q(actions__due_by__isnull=True)),
        n_no_measure=Count("actions", filter=Q(actions__measure="")),
    ):
        outcomes[row["version_id"]][row["outcome"]] = row
    consulted = defaultdict(lambda: (set(), set()))  # version: (types, groups)
    for version_id, kind, group, org_type, partner_type in (
        Consultee.objects.filter(version__in=ids).order_by()
        .values_list("version_id", "kind", "group", "org_type", "partner__org_type").distinct()
    ):
        types, groups = consulted[version_id]
        if kind == Consultee.Kind.GROUP:
            groups.add(group)
        else:
            types.add(org_type or partner_type)
    trusts = {v.trust_id: v.trust for v in versions}
    relevant = defaultdict(set)
    for trust_id, org_type in (Partner.objects.filter(relevant_q(trusts.values(), day)).order_by()
                               .values_list("trust_id", "org_type").distinct()):
        relevant[trust_id].add(org_type)
    return {
        v.pk: _completeness(v, facts[v.pk], outcomes[v.pk], consulted[v.pk],
                            sorted(relevant[v.trust_id], key=_type_label))
        for v in versions
    }


def _completeness(version, facts, outcome_rows, consulted, types):
    """The rules of ``plans.completeness``, item by item, on already-read figures."""
    outcomes = Task(1, "outcomes", "The five Every Child Matters outcomes: who will do what")
    for outcome in Outcome:
        row = outcome_rows.get(outcome.value, {})
        label = outcome.label
        outcomes.check(bool(row.get("n_priorities")), f"{label} has no priority")
        outcomes.check(bool(row.get("n_with_partner")), f"{label} has no action with a responsible partner")
        if row.get("n_actions"):
            no_date = row.get("n_no_date", 0)
            outcomes.check(not no_date,
                           f"{label}: {_plural(no_date, 'action has', 'actions have')} no date to be done by")
            no_measure = row.get("n_no_measure", 0)
            outcomes.check(not no_measure,
                           f"{label}: {_plural(no_measure, 'action has', 'actions have')} no measure of progress")
    needs = Task(2, "needs", "Joint needs assessment and the key actions to fill gaps")
    needs.check(bool(version.needs_assessment.strip()), "Enter the joint needs assessment")
    needs.check(facts["gap_total"] > 0, "Add a key action to fill a gap in provision")
    if facts["gap_total"]:
        needs.check(not facts["gap_no_partner"],
                    f"{_plural(facts['gap_no_partner'], 'key action has', 'key actions have')} no responsible partner")
    consultation = Task(3, "consultation", "Those consulted, with when and how")
    consulted_types, consulted_groups = consulted
    consultation.check(bool(types), "The partner register has no relevant partners: add them before consulting")
    for org_type in types:
        consultation.check(org_type in consulted_types, f"No relevant partner of type {_type_label(org_type)} consulted")
    for group in Consultee.Group:
        ok = group.value in consulted_groups or bool(GROUP_ORG_TYPES.get(group, set()) & consulted_types)
        consultation.check(ok, f"{group.label}: not consulted")
    early = Task(4, "early", "Early identification and early intervention")
    early.check(bool(version.early_universal.strip()),
                "Describe early intervention through universal services, such as children's centres and "
                "extended schools")
    early.check(bool(version.early_targeted.strip()), "Describe early intervention through targeted services")
    early.check(bool(version.early_partner_roles.strip()),
                "Set out the partners' roles and responsibilities in early identification and intervention")
    early.check(bool(version.early_workforce.strip()), "Set out the implications for the children's workforce")
    commissioning = Task(5, "commissioning", "Joint commissioning and the spend of each partner")
    commissioning.check(bool(version.commissioning.strip()), "Describe the joint commissioning arrangements")
    # pooled contributions replace hand-entered spend when the area has any (plans.spend)
    commissioning.check(bool(facts["pooled_spend"] or facts["hand_spend"]), "No partner's spend recorded")
    links = Task(6, "links", "Links to the Sustainable Community Strategy and the Local Area Agreement")
    links.check(bool(version.scs_link.strip()),
                "Explain how the plan is consistent with the Sustainable Community Strategy")
    links.check(bool(version.laa_link.strip()), "Explain how the plan informs the Local Area Agreement")
    return Completeness([outcomes, needs, consultation, early, commissioning, links])


def _requests(agreed=False):
    qs = AgreementRequest.objects.filter(version=OuterRef("pk"), round=OuterRef("agreement_round"))
    if agreed:
        qs = qs.filter(latest_decision=AgreementResponse.Decision.AGREE)
    counted = qs.order_by().values("version").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def current_versions(areas):
    """{area id: (open version or None, published version or None)} in one query, with each
    version's agreement counts (current round) and whether its due review is recorded."""
    found = defaultdict(lambda: [None, None])
    for version in (
        PlanVersion.objects.filter(trust__in=[a.pk for a in areas], status__in=[*PlanVersion.OPEN_STATUSES,
                                                                                 S.PUBLISHED])
        .select_related("trust")
        .annotate(
            requests_total=_requests(), requests_agreed=_requests(agreed=True),
            review_recorded=Exists(PlanReview.objects.filter(version=OuterRef("pk"),
                                                             due_on=OuterRef("review_due_on"))),
        )
    ):
        found[version.trust_id][1 if version.status == S.PUBLISHED else 0] = version
    return {pk: tuple(pair) for pk, pair in found.items()}


def _d(day):
    return f"{day:%-d %B %Y}"


def provide(areas, today):
    versions = current_versions(areas) if areas else {}
    checks = completeness_many([open_ or published for open_, published in versions.values()], day=today)
    values = {}
    statuses = dict.fromkeys(STATUS_ORDER, 0)
    published_count = overdue_count = 0
    for area in areas:
        open_version, published = versions.get(area.pk, (None, None))
        cells = {}
        if published is not None:
            status = S.PUBLISHED.label
            text = status + (f"; new version {open_version.get_status_display().lower()}" if open_version else "")
            published_count += 1
            cells["plan_published"] = Cell(_d(published.published_on), published.published_on.isoformat())
        else:
            status = open_version.get_status_display() if open_version else NO_PLAN
            text = status
            cells["plan_published"] = Cell("Not published")
        statuses[status] += 1
        cells["plan_status"] = Cell(text, STATUS_ORDER.index(status), flagged=published is None)
        current = open_version or published
        if current is not None:
            check = checks[current.pk]
            cells["plan_completeness"] = Cell(f"{check.percent}% (version {current.number})", check.percent)
        if open_version is not None and open_version.status == S.AGREEMENT:
            agreed, total = open_version.requests_agreed, open_version.requests_total
            cells["plan_agreement"] = Cell(f"{agreed} of {total}", total - agreed)
        if published is not None and published.review_due_on:
            due = published.review_due_on
            if due < today and not published.review_recorded:
                overdue_count += 1
                cells["plan_review"] = Cell(f"Overdue (due {_d(due)})", due.isoformat(), flagged=True)
            elif due < today:
                cells["plan_review"] = Cell(f"Recorded (due {_d(due)})", due.isoformat())
            else:
                cells["plan_review"] = Cell(f"Due {_d(due)}", due.isoformat())
        values[area.pk] = cells
    return Contribution(
        columns=[
            Column("plan_status", "Plan status", flag="Without a published plan"),
            Column("plan_published", "Plan published on"),
            Column("plan_completeness", "Plan completeness", numeric=True),
            Column("plan_agreement", "Partners agreed"),
            Column("plan_review", "Annual review", flag="Overdue reviews"),
        ],
        values=values,
        totals=[
            f"{published_count} of {len(areas)} area{'s' if len(areas) != 1 else ''} "
            f"{'have' if len(areas) != 1 else 'has'} a published joint plan",
            f"{overdue_count} overdue review{'s' if overdue_count != 1 else ''}",
        ],
        charts=[("Plan status across areas", list(statuses.items()))],
    )
