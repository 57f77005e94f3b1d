"""Signals other apps listen to (boards never imports them)."""
from django.dispatch import Signal

# Sent INSIDE the transaction that records a decision, after the decision row is saved:
#   decision_recording.send(sender=Decision, decision=decision)
# A receiver applies what the decision decides (the plans app: a carried decision on a
# "plan_approval" item approves the version named on the item) in the same transaction, so the
# decision and its effect are saved together or not at all. A receiver refuses by raising a
# ``trusts.errors.ServiceError`` (or ``ValidationError``): nothing is saved and the person
# recording the decision sees the reason. Boards never imports the apps that listen.
decision_recording = Signal()

# Sent after the transaction that recorded a decision commits (for notifications):
#   decision_recorded.send(sender=Decision, decision=decision)
decision_recorded = Signal()
