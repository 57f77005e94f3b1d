"""What the stewards' directions chase: the compliance date of a direction to an area.

Before the date (the ``direction_due`` rule's offsets) the area's officers are told; once it
has passed with the direction still open or answered but not closed, the national stewards
are told once. A steward who wants that escalation repeated adds a ``direction_overdue`` rule
(after the date, with "repeat every") in the admin: it then replaces the single escalation.
Three queries for any number of directions; none when nothing is due.
"""
from django.urls import reverse

from trusts.dates import long_date
from trusts.models import Direction
from trusts.notices.registry import Due, chaser
from trusts.notices.selectors import area_recipient_list, steward_recipient_list
from trusts.reminders import DIRECTION_DUE, DIRECTION_OVERDUE

OVERDUE = "overdue"  # the offset label of the single escalation


@chaser(DIRECTION_DUE, DIRECTION_OVERDUE)
def direction_due(today, rules):
    before, after = rules.get(DIRECTION_DUE), rules.get(DIRECTION_OVERDUE)
    latest = max(rule.anchor_range(today)[1] for rule in (before, after) if rule)
    directions = list(Direction.objects.exclude(status=Direction.Status.CLOSED).filter(due_by__lte=latest)
                      .select_related("area").order_by("due_by", "pk"))  # query 1
    upcoming = [d for d in directions if d.due_by >= today and before and before.stage(today, d.due_by)]
    overdue = [d for d in directions if d.due_by < today and (after.stage(today, d.due_by) if after else before)]
    officers = area_recipient_list({d.area_id for d in upcoming}) if upcoming else {}  # query 2
    stewards = steward_recipient_list() if overdue else []  # query 3
    for d in upcoming:
        yield from before.dues(
            today=today, anchor=d.due_by, subject_key=f"direction:{d.pk}", recipients=officers.get(d.area_id, []),
            area_id=d.area_id, title=f"{d.area.name}: a direction must be complied with by {long_date(d.due_by)}",
            context={"lines": [
                f"The direction on the area's {d.get_arrangement_display().lower()} must be complied with by "
                f"{long_date(d.due_by)}.",
                f"What must be done: {d.required_action}",
                "Send the stewards your response on the direction's page.",
            ]},
            link=reverse("trusts:direction-detail", kwargs={"direction": d.pk}),
        )
    for d in overdue:
        fields = dict(
            subject_key=f"direction:{d.pk}", area_id=d.area_id,
            title=f"Overdue: {d.area.name} has not complied with a direction due by {long_date(d.due_by)}",
            context={"lines": [
                f"The direction to {d.area.name} on its {d.get_arrangement_display().lower()} was due to be "
                f"complied with by {long_date(d.due_by)} and is not closed ({d.get_status_display().lower()}).",
                f"What must be done: {d.required_action}",
                "Review the area's response and close the direction, or follow it up.",
            ]},
            link=reverse("trusts:direction-detail", kwargs={"direction": d.pk}),
        )
        if after:
            yield from after.dues(today=today, anchor=d.due_by, recipients=stewards, **fields)
        else:
            for steward in stewards:
                yield Due(kind=before.kind, recipient=steward, deadline=d.due_by, offset=OVERDUE, **fields)
