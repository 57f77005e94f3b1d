"""Default chase rules for every kind issue 8 lists. Stewards change them in the admin."""
from django.db import migrations

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


def seed(apps, schema_editor):
    ChaseRule = apps.get_model("notices", "ChaseRule")
    for kind, direction, offsets, unit, repeat, description in RULES:
        ChaseRule.objects.get_or_create(kind=kind, defaults={
            "direction": direction, "offsets": offsets, "unit": unit, "repeat_every": repeat,
            "description": description, "enabled": True,
        })


def unseed(apps, schema_editor):
    apps.get_model("notices", "ChaseRule").objects.filter(kind__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
