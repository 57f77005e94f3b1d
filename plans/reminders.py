"""The reminders the plan sends: the annual review, partners' agreement and the board's
approval of the plan, and the 1 April 2010 deadline for a first joint plan."""
from trusts.notices.kinds import DefaultRule, declare

PLAN_REVIEW_DUE = declare("plan_review_due", "Plan review due", rule=DefaultRule(
    "before", "30,10,1", "working", None,
    "Annual review of the children and young people's plan due: the area's officers, "
    "30, 10 and 1 working days before."))
PLAN_REVIEW_OVERDUE = declare("plan_review_overdue", "Plan review overdue", rule=DefaultRule(
    "after", "1", "working", 5,
    "Plan review overdue: escalation to the Director of Children's Services and the national "
    "stewards the working day after, then every 5 working days until done."))
# sent at once when an agreement round starts or an officer chases every outstanding partner
AGREEMENT_REQUEST = declare("agreement_request", "Request to agree the plan")
AGREEMENT_CHASE = declare("agreement_chase", "Reminder to agree the plan")
AGREEMENT_OUTSTANDING = declare("agreement_outstanding", "Partner has not agreed the plan", rule=DefaultRule(
    "after", "5", "working", None,
    "A partner has not agreed the plan: the partner contact, 5 working days after the request."))
AGREEMENT_ESCALATION = declare("agreement_escalation", "Partners still to agree the plan", rule=DefaultRule(
    "after", "10", "working", None,
    "Partners still outstanding: escalation to the area's officers, listing who, 10 working days "
    "after the request."))
BOARD_APPROVAL_PENDING = declare("board_approval_pending", "Plan waiting for board approval", rule=DefaultRule(
    "after", "5", "working", 10,
    "Every partner has agreed and board approval is pending: the officers, to schedule it, 5 working "
    "days after, then every 10 working days."))
PLAN_DEADLINE_2010 = declare("plan_deadline_2010", "Joint plan due by 1 April 2010", rule=DefaultRule(
    "before", "90,30,10", "working", None,
    "Areas without a published joint plan under a framework with the 1 April 2010 deadline: "
    "the officers, 90, 30 and 10 working days before (and the national list for stewards)."))
