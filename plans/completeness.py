"""The completeness check: a version against the statutory list of para 36.

Six items, each complete or with exactly what is missing, and a figure: the share
of individual checks passed. Computed in a constant number of queries (aggregates,
never a loop over rows), so it can run on every plan page and area card.
"""
from dataclasses import dataclass, field

from django.db.models import Count, Q

from partners import law
from partners.models import Partner
from plans import spend
from plans.models import Consultee, GapAction, Priority
from plans.outcomes import Outcome

# Which partner types also count as consulting a named group (para 36 item 4).
GROUP_ORG_TYPES = {
    Consultee.Group.CHILDRENS_CENTRES: {"childrens_centre"},
    Consultee.Group.PRIVATE_THIRD_SECTOR: {"vcs", "private_provider"},
}


@dataclass
class Task:
    number: int
    key: str
    title: str
    checks: int = 0
    missing: list = field(default_factory=list)

    @property
    def complete(self):
        return not self.missing

    @property
    def passed(self):
        return self.checks - len(self.missing)

    def check(self, ok, message):
        self.checks += 1
        if not ok:
            self.missing.append(message)


@dataclass
class Completeness:
    tasks: list

    @property
    def checks(self):
        return sum(t.checks for t in self.tasks)

    @property
    def passed(self):
        return sum(t.passed for t in self.tasks)

    @property
    def percent(self):
        return (100 * self.passed // self.checks) if self.checks else 0

    @property
    def complete(self):
        return all(t.complete for t in self.tasks)

    @property
    def complete_count(self):
        return sum(1 for t in self.tasks if t.complete)

    @property
    def missing(self):
        return [m for t in self.tasks for m in t.missing]

    def as_text(self):
        lines = [f"Completeness: {self.percent}% ({self.passed} of {self.checks} checks; "
                 f"{self.complete_count} of {len(self.tasks)} items complete)"]
        for task in self.tasks:
            lines.append(f"{task.number}. {task.title}: {'Completed' if task.complete else 'Incomplete'}")
            lines.extend(f"   - {m}" for m in task.missing)
        return "\n".join(lines)


def _plural(n, one, many):
    return f"{n} {one if n == 1 else many}"


def completeness_check(version):
    """The task list for a version (about 5 queries, whatever its size)."""
    trust = version.trust
    outcomes = _outcomes(version)
    needs = _needs(version)
    consultation = _consultation(version, trust)
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
    commissioning.check(spend.has_spend(version), "No partner's spend recorded")
    links = Task(6, "links", "Links to the Sustainable Community Strategy and the Local Area Agreement")
    links.check(bool(version.scs_link.strip()),
                "Explain how the plan is consistent with the Sustainable Community Strategy")
    links.check(bool(version.laa_link.strip()), "Explain how the plan informs the Local Area Agreement")
    return Completeness([outcomes, needs, consultation, early, commissioning, links])


def _outcomes(version):
    task = Task(1, "outcomes", "The five Every Child Matters outcomes: who will do what")
    rows = {
        row["outcome"]: row
        for row in Priority.objects.filter(version=version).order_by().values("outcome").annotate(
            n_priorities=Count("id", distinct=True),
            n_actions=Count("actions"),
            n_with_partner=Count("actions", filter=Q(actions__responsible_partner__isnull=False)),
            n_no_date=Count("actions", filter=Q(actions__due_by__isnull=True)),
            n_no_measure=Count("actions", filter=Q(actions__measure="")),
        )
    }
    for outcome in Outcome:
        row = rows.get(outcome.value, {})
        label = outcome.label
        task.check(bool(row.get("n_priorities")), f"{label} has no priority")
        task.check(bool(row.get("n_with_partner")), f"{label} has no action with a responsible partner")
        if row.get("n_actions"):  # dates and measures are checked once there are actions to check
            no_date = row.get("n_no_date", 0)
            task.check(not no_date,
                       f"{label}: {_plural(no_date, 'action has', 'actions have')} no date to be done by")
            no_measure = row.get("n_no_measure", 0)
            task.check(not no_measure,
                       f"{label}: {_plural(no_measure, 'action has', 'actions have')} no measure of progress")
    return task


def _needs(version):
    task = Task(2, "needs", "Joint needs assessment and the key actions to fill gaps")
    task.check(bool(version.needs_assessment.strip()), "Enter the joint needs assessment")
    counts = GapAction.objects.filter(version=version).aggregate(
        total=Count("id"), no_partner=Count("id", filter=Q(responsible_partner__isnull=True)))
    task.check(counts["total"] > 0, "Add a key action to fill a gap in provision")
    if counts["total"]:
        task.check(not counts["no_partner"],
                   f"{_plural(counts['no_partner'], 'key action has', 'key actions have')} no responsible partner")
    return task


def relevant_types(trust):
    """The organisation types of the area's relevant partners, under its framework today."""
    return sorted(set(Partner.objects.relevant(trust).order_by().values_list("org_type", flat=True).distinct()),
                  key=lambda t: law.ORG_TYPES_BY_CODE[t].label if t in law.ORG_TYPES_BY_CODE else t)


def _consultation(version, trust):
    task = Task(3, "consultation", "Those consulted, with when and how")
    types = relevant_types(trust)
    consulted_types, consulted_groups = set(), set()
    for kind, group, org_type, partner_type in (
        Consultee.objects.filter(version=version).order_by()
        .values_list("kind", "group", "org_type", "partner__org_type").distinct()
    ):
        if kind == Consultee.Kind.GROUP:
            consulted_groups.add(group)
        else:
            consulted_types.add(org_type or partner_type)
    task.check(bool(types), "The partner register has no relevant partners: add them before consulting")
    for org_type in types:
        label = law.ORG_TYPES_BY_CODE[org_type].label if org_type in law.ORG_TYPES_BY_CODE else org_type
        task.check(org_type in consulted_types, f"No relevant partner of type {label} consulted")
    for group in Consultee.Group:
        ok = group.value in consulted_groups or bool(GROUP_ORG_TYPES.get(group, set()) & consulted_types)
        task.check(ok, f"{group.label}: not consulted")
    return task
