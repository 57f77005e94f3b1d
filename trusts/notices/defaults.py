"""The default chase rules, one for every kind of deadline the chasers know (issue 8).
Stewards change them in the admin (offsets, unit, repeats, enabled).

The first migration put these in the database (notices 0002); after every ``migrate`` (and
a test's database flush, which runs the same signal) a rule missing by kind is put back.
A rule a steward changed or disabled is left as it is; to stop one, disable it."""

# kind, direction, offsets, unit, repeat every, description
RULES = [
    ("plan_review_due", "before", "30,10,1", "working", None,
     "Annual review of the children and young people's plan due: the area's officers, "
     "30, 10 and 1 working days before."),
    ("plan_review_overdue", "after", "1", "working", 5,
     "Plan review overdue: escalation to the Director of Children's Services and the national "
     "stewards the working day after, then every 5 working days until done."),
    ("agreement_outstanding", "after", "5", "working", None,
     "A partner has not agreed the plan: the partner contact, 5 working days after the request."),
    ("agreement_escalation", "after", "10", "working", None,
     "Partners still outstanding: escalation to the area's officers, listing who, 10 working days "
     "after the request."),
    ("board_approval_pending", "after", "5", "working", 10,
     "Every partner has agreed and board approval is pending: the officers, to schedule it, 5 working "
     "days after, then every 10 working days."),
    ("board_papers", "before", "5", "working", None,
     "Board meeting papers: the board members, 5 working days before the meeting."),
    ("plan_deadline_2010", "before", "90,30,10", "working", None,
     "Areas without a published joint plan under a framework with the 1 April 2010 deadline: "
     "the officers, 90, 30 and 10 working days before (and the national list for stewards)."),
    ("board_term_ending", "before", "30", "calendar", None,
     "A board member's term ends within 30 days: the area's officers and the member."),
    ("minutes_unapproved", "after", "1", "working", 5,
     "Minutes not approved by the next meeting: the officers, the working day after that meeting, "
     "then every 5 working days."),
    ("direction_due", "before", "10,1", "working", None,
     "A direction's compliance date: the area's officers, 10 and 1 working days before."),
]


def add_missing(ChaseRule, using="default"):
    """Create each default rule whose kind is not in the database."""
    present = set(ChaseRule.objects.using(using).values_list("kind", flat=True))
    ChaseRule.objects.using(using).bulk_create([
        ChaseRule(kind=kind, direction=direction, offsets=offsets, unit=unit, repeat_every=repeat,
                  description=description, enabled=True)
        for kind, direction, offsets, unit, repeat, description in RULES if kind not in present
    ])


def sync_chase_rules(sender=None, using="default", apps=None, **kwargs):
    """post_migrate: add any default rule missing from the database."""
    if apps is None:
        from django.apps import apps
    try:
        ChaseRule = apps.get_model("notices", "ChaseRule")
    except LookupError:  # not migrated yet
        return
    add_missing(ChaseRule, using)
