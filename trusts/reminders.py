"""The reminders the core sends: stewards' directions to an area, and account e-mails."""
from trusts.notices.kinds import DefaultRule, declare

DIRECTION_DUE = declare("direction_due", "Direction due", rule=DefaultRule(
    "before", "10,1", "working", None,
    "A direction's compliance date: the area's officers, 10 and 1 working days before."))
# no default rule: a steward adds one to repeat the single escalation (trusts/chasers.py)
DIRECTION_OVERDUE = declare("direction_overdue", "Direction overdue")
# sent at once, not chased (trusts/accounts.py)
PASSWORD_RESET = declare("password_reset", "Password reset")
INVITATION = declare("invitation", "Invitation to the service")
