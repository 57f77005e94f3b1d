"""Who changed a record, and why: one helper for every service.

The audited models keep their history with django-simple-history: each save writes a
history row with the record as it is after the save, and when (``history_date``), so
the row before it is the "before". What the model cannot know is who made the change
and, sometimes, why: a service marks the instance with ``audited`` before it saves.
"""

__all__ = ["audited"]


def audited(obj, actor, reason=None):
    """Mark ``obj`` so its next save's history row names ``actor`` (and ``reason``, if given).

    Returns ``obj``, so a service can write ``audited(plan, actor).save(update_fields=...)``.
    """
    obj._history_user = actor
    if reason:
        obj._change_reason = reason
    return obj
