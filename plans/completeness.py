"""The completeness check: one engine for the plan page, the task list, the send guard and
the national dashboard.

The rules (``ITEMS``, each with its source) run on *facts* read in bulk: ``completeness_many``
reads them for any number of versions in five queries, and ``completeness_check(version)``
is the same code for one version. Each item is complete or says what is missing, grouped
with counts (never a line per partner); the figure is the share of individual checks passed,
so it is the same everywhere the version is shown.

Consultation is checked per partner (para 36 item 4: "all statutory relevant partners"):
each relevant partner of the area is consulted directly or through its type ("All:
academies"). The spend statement (para 36 item 7: "the spend of each partner") has a row
for each contributing partner: each partner responsible for an action or a key action, and,
when the statement comes from the pooled funds (``plans.spend``), each contributor to them.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, F, Q, Value, When

from partners import law
from partners.dashboard import relevant_q
from partners.models import Partner
from plans.models import Consultee, GapAction, PartnerSpend, Priority
from pooling.models import Contribution, Outcome


@dataclass(frozen=True)
class Item:
    """One item of the statutory list: its number, its key (= the plan page section), title and source."""

    number: int
    key: str
    title: str
    source: str


ITEMS = (
    Item(1, "details", "The plan's period", "SI 2010/591 reg 3(2)"),
    Item(2, "outcomes", "The five Every Child Matters outcomes: who will do what",
         "Para 36 item 2; SI 2010/591 reg 3(1)"),
    Item(3, "needs", "Joint needs assessment and the key actions to fill gaps", "Para 36 item 3; SI 2010/591 reg 4(1)(a)"),
    Item(4, "consultation", "Those consulted, with when and how", "Para 36 item 4"),
    Item(5, "early", "Early identification and early intervention", "Para 36 item 6"),
    Item(6, "commissioning", "Joint commissioning and the spend of each partner", "Para 36 item 7"),
    Item(7, "links", "Links to the Sustainable Community Strategy and the Local Area Agreement", "Para 29 and 35"),
)
ITEMS_BY_KEY = {item.key: item for item in ITEMS}

# Which partner types also count as consulting a named group (para 36 item 4).
GROUP_ORG_TYPES = {
    Consultee.Group.CHILDRENS_CENTRES: {"childrens_centre"},
    Consultee.Group.PRIVATE_THIRD_SECTOR: {"vcs", "private_provider"},
}

# Plain-English names of the organisation types for counts ("1 academy", "9 academies").
TYPE_NOUNS = {
    "local_authority": ("children's services authority", "children's services authorities"),
    "district_council": ("district council", "district councils"),
    "police_authority": ("police authority", "police authorities"),
    "chief_officer_police": ("chief officer of police", "chief officers of police"),
    "sha": ("Strategic Health Authority", "Strategic Health Authorities"),
    "pct": ("Primary Care Trust", "Primary Care Trusts"),
    "probation": ("probation service", "probation services"),
    "yot": ("Youth Offending Team", "Youth Offending Teams"),
    "connexions": ("Connexions service", "Connexions services"),
    "lsc": ("Learning and Skills Council", "Learning and Skills Councils"),
    "school_community": ("community school", "community schools"),
    "school_foundation": ("foundation school", "foundation schools"),
    "school_voluntary_aided": ("voluntary aided school", "voluntary aided schools"),
    "school_voluntary_controlled": ("voluntary controlled school", "voluntary controlled schools"),
    "school_community_special": ("community special school", "community special schools"),
    "school_foundation_special": ("foundation special school", "foundation special schools"),
    "school_nursery": ("maintained nursery school", "maintained nursery schools"),
    "non_maintained_special": ("non-maintained special school", "non-maintained special schools"),
    "pru": ("Pupil Referral Unit", "Pupil Referral Units"),
    "sixth_form_college": ("sixth form college", "sixth form colleges"),
    "fe_college": ("further education college", "further education colleges"),
    "schools_forum": ("Schools Forum", "Schools Forums"),
    "academy": ("academy", "academies"),
    "ctc": ("City Technology College", "City Technology Colleges"),
    "independent_school": ("independent school", "independent schools"),
    "jobcentre_plus": ("Jobcentre Plus office", "Jobcentre Plus offices"),
    "gp_practice": ("GP practice", "GP practices"),
    "childrens_centre": ("Sure Start Children's Centre", "Sure Start Children's Centres"),
    "vcs": ("voluntary and community sector body", "voluntary and community sector bodies"),
    "private_provider": ("private or independent provider", "private or independent providers"),
    "other": ("other organisation", "other organisations"),
}


def type_label(org_type):
    return law.ORG_TYPES_BY_CODE[org_type].label if org_type in law.ORG_TYPES_BY_CODE else org_type


def type_count(n, org_type):
    """ "1 academy", "9 academies" ("3 partners of type X" for a type without a plain name)."""
    one, many = TYPE_NOUNS.get(org_type, (f"partner of type {type_label(org_type)}",
                                          f"partners of type {type_label(org_type)}"))
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class Problem:
    """One thing to do before the plan is complete, linking to the plan page section that fixes it."""

    message: str
    section: str

    @property
    def anchor(self):
        return f"section-{self.section}"

    @property
    def title(self):
        return ITEMS_BY_KEY[self.section].title

    def __str__(self):
        return self.message


@dataclass
class Task:
    number: int
    key: str
    title: str
    source: str = ""
    checks: int = 0
    failed: int = 0
    missing: list = field(default_factory=list)

    @classmethod
    def for_item(cls, key):
        item = ITEMS_BY_KEY[key]
        return cls(item.number, item.key, item.title, item.source)

    @property
    def complete(self):
        return not self.failed

    @property
    def passed(self):
        return self.checks - self.failed

    def check(self, ok, message):
        self.checks += 1
        if not ok:
            self.failed += 1
            if message:
                self.missing.append(message)

    def check_each(self, results, message):
        """One check per (ok, label); one message for all that fail: ``message(failed labels)``."""
        failed = [label for ok, label in results if not ok]
        self.checks += len(results)
        self.failed += len(failed)
        if failed:
            self.missing.append(message(failed))


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
    def item_count(self):
        return len(self.tasks)

    @property
    def missing(self):
        return [m for t in self.tasks for m in t.missing]

    @property
    def problems(self):
        return [Problem(m, t.key) for t in self.tasks for m in t.missing]

    def summary(self):
        """The one short sentence the send guard gives."""
        n = len(self.missing)
        return (f"The plan is not complete: {_plural(n, 'thing', 'things')} to do before partners can be asked "
                f"to agree it. {'It is' if n == 1 else 'They are'} listed on the plan page.")

    def as_text(self):
        lines = [(f"Completeness: {self.percent}% ({self.passed} of {self.checks} checks; "
                  f"{self.complete_count} of {len(self.tasks)} items complete)")]
        for task in self.tasks:
            lines.append(f"{task.number}. {task.title}: {'Completed' if task.complete else 'Incomplete'}")
            lines.extend(f"   - {m}" for m in task.missing)
        return "\n".join(lines)


def _plural(n, one, many):
    return f"{n} {one if n == 1 else many}"


def _and(words):
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# ---------------------------------------------------------------------------
# facts, read in bulk
# ---------------------------------------------------------------------------
@dataclass
class Facts:
    """What the rules need about one version, read for many versions at once."""

    outcomes: dict = field(default_factory=dict)  # outcome: {n_priorities, n_actions, n_with_partner, ...}
    gap_total: int = 0
    gap_no_partner: int = 0
    responsible: dict = field(default_factory=dict)  # partner id: org type (actions and key actions)
    consulted_types: set = field(default_factory=set)  # types consulted (as a type or through a partner)
    type_consulted: set = field(default_factory=set)  # types consulted as a type ("All: academies")
    consulted_groups: set = field(default_factory=set)
    consulted_partners: dict = field(default_factory=lambda: defaultdict(set))  # relevant, direct: type: ids
    relevant: dict = field(default_factory=dict)  # org type: number of relevant partners of the area
    spend_partners: set = field(default_factory=set)  # partners with a row in the spend statement
    from_pooling: bool = False


def _pooled_contributors(area_ids):
    """[(area id, partner id)] of the areas' pooled-fund contributions (one query)."""
    return Contribution.objects.filter(fund__area__in=area_ids).order_by().values_list(
        "fund__area_id", "partner_id").distinct()


def read_facts(versions, *, day=None):
    """{version pk: Facts} in five queries, whatever the number of versions, areas or partners.

    ``versions`` should have their ``area`` loaded (select_related)."""
    ids = [v.pk for v in versions]
    facts = {pk: Facts() for pk in ids}
    trusts = {v.area_id: v.area for v in versions}
    # 1. priorities and their actions, per outcome and responsible partner
    for row in (Priority.objects.filter(version__in=ids).order_by()
                .values("version_id", "outcome", "actions__responsible_partner_id",
                        "actions__responsible_partner__org_type")
                .annotate(n_priorities=Count("id", distinct=True), n_actions=Count("actions"),
                          n_no_date=Count("actions", filter=Q(actions__due_by__isnull=True)),
                          n_no_measure=Count("actions", filter=Q(actions__measure="")))):
        f = facts[row["version_id"]]
        partner_id = row["actions__responsible_partner_id"]
        found = f.outcomes.setdefault(row["outcome"], dict.fromkeys(
            ("n_priorities", "n_actions", "n_with_partner", "n_no_date", "n_no_measure"), 0))
        for key in ("n_priorities", "n_actions", "n_no_date", "n_no_measure"):
            found[key] += row[key]
        if partner_id is not None:
            found["n_with_partner"] += row["n_actions"]
            f.responsible[partner_id] = row["actions__responsible_partner__org_type"]
    # 2. key actions to fill gaps, per responsible partner
    for version_id, partner_id, org_type, n in (
        GapAction.objects.filter(version__in=ids).order_by()
        .values("version_id", "responsible_partner_id", "responsible_partner__org_type")
        .annotate(n=Count("id")).values_list("version_id", "responsible_partner_id",
                                             "responsible_partner__org_type", "n")
    ):
        f = facts[version_id]
        f.gap_total += n
        if partner_id is None:
            f.gap_no_partner += n
        else:
            f.responsible[partner_id] = org_type
    # 3. those consulted; a partner consulted directly counts if it is a relevant partner of the area
    relevant_partner = relevant_q(trusts.values(), day, prefix="partner__") & Q(partner__area_id=F("version__area_id"))
    for version_id, kind, group, org_type, partner_id, partner_type, is_relevant in (
        Consultee.objects.filter(version__in=ids).order_by()
        .annotate(is_relevant=Case(When(relevant_partner, then=Value(True)), default=Value(False),
                                   output_field=BooleanField()))
        .values_list("version_id", "kind", "group", "org_type", "partner_id", "partner__org_type", "is_relevant")
        .distinct()
    ):
        f = facts[version_id]
        if kind == Consultee.Kind.GROUP:
            f.consulted_groups.add(group)
        elif kind == Consultee.Kind.PARTNER_TYPE:
            f.type_consulted.add(org_type)
            f.consulted_types.add(org_type)
        else:
            f.consulted_types.add(partner_type)
            if is_relevant:
                f.consulted_partners[partner_type].add(partner_id)
    # 4. the areas' relevant partners, counted by type (each area under its own framework on ``day``)
    relevant = defaultdict(dict)
    for area_id, org_type, n in (Partner.objects.filter(relevant_q(trusts.values(), day)).order_by()
                                  .values("area_id", "org_type").annotate(n=Count("pk"))
                                  .values_list("area_id", "org_type", "n")):
        relevant[area_id][org_type] = n
    # 5. the spend statement's partners: the pooled funds' contributors if the area has any, else
    # the rows entered on the version (plans.spend), in one query
    hand = PartnerSpend.objects.filter(version__in=ids).order_by().annotate(
        source=Value("plan")).values_list("source", "version_id", "partner_id").distinct()
    pooled = _pooled_contributors(list(trusts))
    hand = hand.union(pooled.annotate(source=Value("pooling")).values_list("source", "fund__area_id", "partner_id"))
    by_version, by_area = defaultdict(set), defaultdict(set)
    for source, key, partner_id in hand:
        (by_area if source == "pooling" else by_version)[key].add(partner_id)
    for v in versions:
        f = facts[v.pk]
        f.relevant = relevant.get(v.area_id, {})
        f.from_pooling = bool(by_area.get(v.area_id))
        f.spend_partners = by_area[v.area_id] if f.from_pooling else by_version.get(v.pk, set())
    return facts


# ---------------------------------------------------------------------------
# the rules
# ---------------------------------------------------------------------------
def completeness_many(versions, *, day=None):
    """{version pk: Completeness} for many versions in five queries (none when empty).

    ``versions`` should have their ``area`` loaded (select_related); relevant partners are each
    area's under its framework on ``day`` (today by default)."""
    versions = list(versions)
    if not versions:
        return {}
    facts = read_facts(versions, day=day)
    return {v.pk: evaluate(v, facts[v.pk]) for v in versions}


def completeness_check(version, *, day=None):
    """The task list for one version: ``completeness_many`` for it alone (five queries)."""
    return completeness_many([version], day=day)[version.pk]


def evaluate(version, facts):
    """The rules of ``ITEMS``, item by item, on the version's text and its facts (no query)."""
    return Completeness([_details(version), _outcomes(facts), _needs(version, facts), _consultation(facts),
                         _early(version), _commissioning(version, facts), _links(version)])


def _details(version):
    task = Task.for_item("details")
    if not version.period_start and not version.period_end:
        task.check(False, "Enter the plan's period: the date it starts and the date it ends")
        task.check(False, None)
    else:
        task.check(bool(version.period_start), "Enter the date the plan starts")
        task.check(bool(version.period_end), "Enter the date the plan ends")
    return task


def _outcomes(facts):
    task = Task.for_item("outcomes")
    rows = [(outcome.label, facts.outcomes.get(outcome.value, {})) for outcome in Outcome]
    task.check_each([(bool(row.get("n_priorities")), label) for label, row in rows],
                    lambda failed: _outcomes_lack(failed, "priority"))
    task.check_each([(bool(row.get("n_with_partner")), label) for label, row in rows],
                    lambda failed: _outcomes_lack(failed, "action with a responsible partner"))
    # dates and measures are checked once there are actions to check
    acted = [(label, row) for label, row in rows if row.get("n_actions")]
    for key, what in (("n_no_date", "no date to be done by"), ("n_no_measure", "no measure of progress")):
        counts = {label: row[key] for label, row in acted}
        total = sum(counts.values())

        def message(failed, counts=counts, total=total, what=what):
            have = "action has" if total == 1 else "actions have"
            if len(failed) == 1:
                return f"{failed[0]}: {total} {have} {what}"
            return f"{total} {have} {what}: " + _and(f"{counts[label]} in {label}" for label in failed)

        task.check_each([(not n, label) for label, n in counts.items()], message)
    return task


def _outcomes_lack(failed, what):
    if len(failed) == 1:
        return f"{failed[0]} has no {what}"
    if len(failed) == len(Outcome):
        return f"None of the five outcomes has a{'n' if what[0] in 'aeiou' else ''} {what}"
    return f"{len(failed)} outcomes have no {what}: {_and(failed)}"


def _needs(version, facts):
    task = Task.for_item("needs")
    task.check(bool(version.needs_assessment.strip()), "Enter the joint needs assessment")
    task.check(facts.gap_total > 0, "Add a key action to fill a gap in provision")
    if facts.gap_total:
        task.check(not facts.gap_no_partner,
                   f"{_plural(facts.gap_no_partner, 'key action has', 'key actions have')} no responsible partner")
    return task


def _by_type(counts):
    """ "9 academies and 3 community schools" from {org type: n}, largest first."""
    ordered = sorted(((n, org_type) for org_type, n in counts.items() if n), key=lambda p: (-p[0], type_label(p[1])))
    return _and(type_count(n, org_type) for n, org_type in ordered)


def _consultation(facts):
    task = Task.for_item("consultation")
    task.check(bool(facts.relevant), "The partner register has no relevant partners: add them before consulting")
    # one check per relevant type: passed when every relevant partner of the type is covered
    uncovered = {}
    for org_type, n in facts.relevant.items():
        missing = 0 if org_type in facts.type_consulted else n - len(facts.consulted_partners.get(org_type, ()))
        uncovered[org_type] = max(missing, 0)
    total = sum(uncovered.values())
    task.check_each(
        [(not n, org_type) for org_type, n in sorted(uncovered.items())],
        lambda failed: f"{_plural(total, 'relevant partner has', 'relevant partners have')} not been consulted, "
                       f"directly or through their type: {_by_type(uncovered)}")
    task.check_each(
        [(group.value in facts.consulted_groups or bool(GROUP_ORG_TYPES.get(group, set()) & facts.consulted_types),
          group.label) for group in Consultee.Group],
        lambda failed: (f"{failed[0]}: not consulted" if len(failed) == 1
                        else f"{len(failed)} groups have not been consulted: {_and(failed)}"))
    return task


def _early(version):
    task = Task.for_item("early")
    task.check(bool(version.early_universal.strip()),
               "Describe early intervention through universal services, such as children's centres and "
               "extended schools")
    task.check(bool(version.early_targeted.strip()), "Describe early intervention through targeted services")
    task.check(bool(version.early_partner_roles.strip()),
               "Set out the partners' roles and responsibilities in early identification and intervention")
    task.check(bool(version.early_workforce.strip()), "Set out the implications for the children's workforce")
    return task


def _commissioning(version, facts):
    task = Task.for_item("commissioning")
    task.check(bool(version.commissioning.strip()), "Describe the joint commissioning arrangements")
    task.check(bool(facts.spend_partners), "No partner's spend recorded")
    # one check per type of contributing partner: every partner responsible for an action or a key
    # action has a row in the statement (pooled contributors are in it by definition)
    without = defaultdict(int)
    for partner_id, org_type in facts.responsible.items():
        without[org_type] += partner_id not in facts.spend_partners
    total = sum(without.values())
    where = "contribution to the pooled funds" if facts.from_pooling else "spend recorded"
    results = [(not n, org_type) for org_type, n in sorted(without.items())]
    if facts.spend_partners:
        task.check_each(results, lambda failed: (
            f"{_plural(total, 'partner responsible for an action has', 'partners responsible for actions have')}"
            f" no {where}: {_by_type(without)}"))
    else:  # "No partner's spend recorded" says it: the checks fail without a second message
        for ok, _label in results:
            task.check(ok, None)
    return task


def _links(version):
    task = Task.for_item("links")
    task.check(bool(version.scs_link.strip()),
               "Explain how the plan is consistent with the Sustainable Community Strategy")
    task.check(bool(version.laa_link.strip()), "Explain how the plan informs the Local Area Agreement")
    return task


def relevant_types(area):
    """The organisation types of the area's relevant partners, under its framework today."""
    return sorted(set(Partner.objects.relevant(area).order_by().values_list("org_type", flat=True).distinct()),
                  key=type_label)
