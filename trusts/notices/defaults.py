"""The default chase rules, one for every kind of deadline the chasers know (issue 8).
Stewards change them in the admin (offsets, unit, repeats, enabled).

The first migration put these in the database (notices 0002); after every ``migrate`` (and
a test's database flush, which runs the same signal) a rule missing by kind is put back.
A rule a steward changed or disabled is left as it is; to stop one, disable it."""

from django.db import models


class Kind(models.TextChoices):
    """Every kind of reminder the service sends, with the name people read (the reminder list,
    the admin, the dashboard): the code is what the chasers and the log store."""

    PLAN_REVIEW_DUE = "plan_review_due", "Plan review due"
    PLAN_REVIEW_OVERDUE = "plan_review_overdue", "Plan review overdue"
    AGREEMENT_OUTSTANDING = "agreement_outstanding", "Partner has not agreed the plan"
    AGREEMENT_ESCALATION = "agreement_escalation", "Partners still to agree the plan"
    BOARD_APPROVAL_PENDING = "board_approval_pending", "Plan waiting for board approval"
    BOARD_PAPERS = "board_papers", "Board meeting papers"
    PLAN_DEADLINE_2010 = "plan_deadline_2010", "Joint plan due by 1 April 2010"
    BOARD_TERM_ENDING = "board_term_ending", "Board member's term ending"
    MINUTES_UNAPPROVED = "minutes_unapproved", "Minutes not approved"
    DIRECTION_DUE = "direction_due", "Direction due"
    AGENDA_UNPUBLISHED = "agenda_unpublished", "Board agenda not published"
    ACTION_OVERDUE = "action_overdue", "Board action overdue"
    INTERESTS_REVIEW = "interests_review", "Register of interests to review"
    # a board's new agenda or paper: sent at once (boards/news.py), or in the daily digest
    BOARD_NEWS = "board_news", "Board agenda or paper news"
    BOARD_NEWS_DIGEST = "board_news_digest", "Daily digest of board news"
    # no default rule: a steward adds one to repeat the single escalation (trusts/chasers.py)
    DIRECTION_OVERDUE = "direction_overdue", "Direction overdue"
    # sent at once, not chased (trusts/accounts.py)
    PASSWORD_RESET = "password_reset", "Password reset"
    INVITATION = "invitation", "Invitation to the service"


def kind_label(kind):
    """The name of a kind of reminder; a kind sent without an entry above reads as words."""
    try:
        return Kind(kind).label
    except ValueError:
        return str(kind or "").replace("_", " ").capitalize()


# kind, direction, offsets, unit, repeat every, description
RULES = [
    (Kind.PLAN_REVIEW_DUE.value, "before", "30,10,1", "working", None,
     "Annual review of the children and young people's plan due: the area's officers, "
     "30, 10 and 1 working days before."),
    (Kind.PLAN_REVIEW_OVERDUE.value, "after", "1", "working", 5,
     "Plan review overdue: escalation to the Director of Children's Services and the national "
     "stewards the working day after, then every 5 working days until done."),
    (Kind.AGREEMENT_OUTSTANDING.value, "after", "5", "working", None,
     "A partner has not agreed the plan: the partner contact, 5 working days after the request."),
    (Kind.AGREEMENT_ESCALATION.value, "after", "10", "working", None,
     "Partners still outstanding: escalation to the area's officers, listing who, 10 working days "
     "after the request."),
    (Kind.BOARD_APPROVAL_PENDING.value, "after", "5", "working", 10,
     "Every partner has agreed and board approval is pending: the officers, to schedule it, 5 working "
     "days after, then every 10 working days."),
    (Kind.BOARD_PAPERS.value, "before", "5", "working", None,
     "Board meeting papers: the board members, 5 working days before the meeting."),
    (Kind.PLAN_DEADLINE_2010.value, "before", "90,30,10", "working", None,
     "Areas without a published joint plan under a framework with the 1 April 2010 deadline: "
     "the officers, 90, 30 and 10 working days before (and the national list for stewards)."),
    (Kind.BOARD_TERM_ENDING.value, "before", "30", "calendar", None,
     "A board member's term ends within 30 days: the area's officers and the member."),
    (Kind.MINUTES_UNAPPROVED.value, "after", "1", "working", 5,
     "Minutes not approved by the next meeting: the officers, the working day after that meeting, "
     "then every 5 working days."),
    (Kind.DIRECTION_DUE.value, "before", "10,1", "working", None,
     "A direction's compliance date: the area's officers, 10 and 1 working days before."),
    # board business (issue 16, boards/chasers.py)
    (Kind.AGENDA_UNPUBLISHED.value, "after", "1", "working", None,
     "A board meeting's agenda not published by its deadline (the board's clear working days' notice "
     "before the meeting): the area's officers, the working day after the deadline."),
    (Kind.ACTION_OVERDUE.value, "after", "1", "working", 10,
     "An action agreed at a board meeting still open after its due date: its owner, the working day "
     "after, then every 10 working days."),
    (Kind.INTERESTS_REVIEW.value, "after", "0", "working", 20,
     "A board member's register of interests not reviewed for a year (or since their first seat began): "
     "the member, on the day it falls due, then every 20 working days until they confirm it."),
    (Kind.BOARD_NEWS_DIGEST.value, "after", "0", "working", None,
     "Board members who chose a daily digest: one e-mail with the morning reminders listing the agendas "
     "published and papers added or replaced since the previous working day's digest."),
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
