"""Receivers: the plans app reacts to boards' decisions without boards importing plans."""
from boards.signals import decision_recording


def on_decision_recording(sender, decision, **kwargs):
    """In the transaction recording a board decision: apply it to the plan (may refuse, rolling back)."""
    from plans.services import plan_decision_apply

    plan_decision_apply(decision=decision)


def connect():
    decision_recording.connect(on_decision_recording, dispatch_uid="plans.on_decision_recording")
