"""Test-only chasers, built like the real ones will be: a fixed number of batched queries."""
from trusts.models import Trust
from trusts.notices.registry import chaser
from trusts.notices.selectors import director_recipients, recipients_by_area, steward_recipients


def area_deadline_chaser(kind, anchor, *, escalate=False):
    """Every area has ``anchor`` as its deadline for ``kind``: its officers are told
    (and, with ``escalate``, its director and the national stewards)."""

    @chaser(kind)
    def chase(today, rules):
        rule = rules[kind]
        earliest, latest = rule.anchor_range(today)
        if (earliest and anchor < earliest) or anchor > latest:
            return
        areas = list(Trust.objects.order_by("pk").values_list("pk", "name", "la_code"))  # query 1
        ids = [pk for pk, _, _ in areas]
        people = recipients_by_area(ids)  # query 2
        if escalate:
            directors, stewards = director_recipients(ids), steward_recipients()  # queries 3-5
        for pk, name, la_code in areas:
            recipients = people[pk] + (directors.get(pk, []) + stewards if escalate else [])
            yield from rule.dues(
                today=today, anchor=anchor, subject_key=f"area:{pk}:{kind}", recipients=recipients, area_id=pk,
                title=f"{name}: {kind.replace('_', ' ')} on {anchor:%-d %B %Y}",
                context={"lines": [f"Deadline {anchor.isoformat()}"]}, link=f"/areas/{la_code}/",
            )

    from trusts.notices.registry import registry

    registry._registered.remove(chase)  # test chasers run only inside registry.override(...)
    return chase
