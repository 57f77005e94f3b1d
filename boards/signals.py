"""Signals other apps listen to (boards never imports them)."""
from django.dispatch import Signal

# Sent after the transaction that recorded a decision commits:
#   decision_recorded.send(sender=Decision, decision=decision)
# The plans app reacts to approval decisions (item kind "plan_approval") without boards importing plans.
decision_recorded = Signal()
