"""Receivers: the plans app reacts to boards' decisions without boards importing plans."""


def on_decision_recorded(sender, decision, **kwargs):
    from plans.services import plan_decision_from_board

    plan_decision_from_board(decision=decision)


def connect():
    try:
        from boards.signals import decision_recorded
    except ImportError:  # pragma: no cover - boards absent
        return
    decision_recorded.connect(on_decision_recorded, dispatch_uid="plans.on_decision_recorded")
