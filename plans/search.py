"""The plan in search (``trusts.search``): versions (title and written sections), priorities
and actions.

Scoped as a version's page is: the policy's ``visible`` versions (officers every version of
their area's plan; board members only those put to the board and the published ones, never a
draft; partner contacts the published plan and the versions they are asked to agree) within
the area rule; priorities and actions through their version. One query per kind.
"""
from django.urls import reverse

from plans.models import (
    ACTION_SEARCH_FIELDS,
    PRIORITY_SEARCH_FIELDS,
    VERSION_SEARCH_FIELDS,
    Action,
    PlanVersion,
    Priority,
)
from plans.permissions import policy
from trusts.search import Hit, Kind, excerpt, first, matching, mentions, shorten


def _readable_versions(user):
    return policy.visible(user) & PlanVersion.objects.for_user(user)


def _version_url(version, outcome=None):
    url = reverse("plans:version-detail", kwargs={"la_code": version.area.la_code, "version": version.number})
    return f"{url}#outcome-{outcome}" if outcome else url


def _plan(version):
    return f"{version.area.name} · {version} · {version.get_status_display()}"


def _first_passage(version, terms):
    """The first written section that holds a word of the query, as a snippet."""
    for name in VERSION_SEARCH_FIELDS[1:]:
        text = getattr(version, name)
        if mentions(text, terms):
            return f"{PlanVersion._meta.get_field(name).verbose_name.capitalize()}: {excerpt(text, terms)}"
    return ""


def _versions(user, terms, limit):
    scoped = _readable_versions(user).select_related("area")
    count, versions = first(matching(scoped, terms, VERSION_SEARCH_FIELDS, order=("area__name", "-number")), limit)
    return Kind("plan-versions", "Plan versions", count, [
        Hit(title=str(v), url=_version_url(v), context=f"{v.area.name} · {v.get_status_display()}",
            snippet=_first_passage(v, terms))
        for v in versions
    ])


def _priorities(user, terms, limit):
    scoped = Priority.objects.filter(version__in=_readable_versions(user)).select_related("version__area")
    count, priorities = first(matching(scoped, terms, PRIORITY_SEARCH_FIELDS,
                                       order=("version__area__name", "-version__number", "outcome", "position", "pk")),
                              limit)
    return Kind("priorities", "Plan priorities", count, [
        Hit(title=shorten(p.title), url=_version_url(p.version, p.outcome),
            context=f"{p.get_outcome_display()} · {_plan(p.version)}")
        for p in priorities
    ])


def _actions(user, terms, limit):
    scoped = (Action.objects.filter(priority__version__in=_readable_versions(user))
              .select_related("priority__version__area", "responsible_partner"))
    count, actions = first(matching(scoped, terms, ACTION_SEARCH_FIELDS,
                                    order=("priority__version__area__name", "-priority__version__number",
                                           "priority__outcome", "priority__position", "position", "pk")), limit)
    hits = []
    for action in actions:
        who = action.responsible_partner.name if action.responsible_partner_id else ""
        hits.append(Hit(
            title=shorten(action.description),
            url=_version_url(action.priority.version, action.priority.outcome),
            context=" · ".join(filter(None, [f"Priority: {shorten(action.priority.title, 80)}", who,
                                             _plan(action.priority.version)])),
            snippet=_action_passage(action, terms),
        ))
    return Kind("plan-actions", "Plan actions", count, hits)


def _action_passage(action, terms):
    if len(action.description) > 120 and mentions(action.description, terms):
        return excerpt(action.description, terms)  # the title shows only the start
    if mentions(action.measure, terms):
        return f"How progress is measured: {excerpt(action.measure, terms)}"
    return ""


def provide(user, terms, limit):
    return [kind(user, terms, limit) for kind in (_versions, _priorities, _actions)]
