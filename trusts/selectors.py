from django.utils import timezone

from trusts.models import Area


def area_list(*, user):
    return Area.objects.for_user(user).order_by("name")


def area_history_list(*, area, limit=50):
    """Who changed the area, when, and what changed (before and after)."""
    records = list(area.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    rows = []
    for newer, older in zip(records, records[1:] + [None]):
        if older is None:
            changes = [("Created", "", "")]
        else:
            delta = newer.diff_against(older)
            changes = [(c.field, c.old, c.new) for c in delta.changes if c.field != "updated_at"]
            if not changes:
                continue
        rows.append({"when": newer.history_date, "who": newer.history_user, "changes": changes})
    return rows[:limit]


def today():
    return timezone.localdate()
