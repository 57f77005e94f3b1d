"""The colour of every status tag, in one place (``templates/includes/status_tag.html``).

Colour only helps: the tag's words carry the meaning. Keyed by what the status is of,
because the same word is a different state in different records (a draft plan is
grey, draft minutes are yellow: they wait for approval).
"""
from django import template

register = template.Library()

# what -> ({status: GOV.UK tag colour}, colour of any other status; "" for the plain tag)
TAG_COLOURS = {
    # a record's status (its model's choices)
    "account": ({"active": "green", "invited": "blue", "closed": "red"}, "grey"),
    "decision": ({"carried": "green", "not_carried": "red"}, "grey"),
    "fund": ({"active": "green", "closed": "grey"}, "blue"),
    "invitation": ({"pending": "yellow", "accepted": "green", "refused": "red"}, "grey"),
    "meeting": ({"cancelled": "grey", "minutes_approved": "green", "held": "turquoise",
                 "agenda_published": "purple"}, "blue"),
    "minutes": ({"approved": "green", "draft": "yellow"}, ""),
    "national_import": ({"refused": "red", "done": "green"}, "blue"),
    "plan": ({"draft": "grey", "consultation": "light-blue", "agreement": "yellow", "approval": "orange",
              "published": "green", "superseded": "grey"}, ""),
    "reminder": ({"failed": "red", "queued": "yellow"}, "green"),
    # a state worked out for the page
    "change": ({"added": "green", "removed": "red", "same": "grey"}, ""),
    "compliance": ({"met": "green", "not_met": "red"}, ""),
    "contribution": ({"not_allowed": "red"}, ""),
    "due": ({"overdue": "red"}, ""),
    "duty": ({"relevant": "green", "engaged": "blue", "not_bound": "grey"}, ""),
    "framework": ({}, ""),
    "paper": ({"supplementary": "yellow", "replaced": "blue"}, ""),
    "partner": ({"closed": "grey"}, ""),
    "quorum": ({"quorate": "green", "not_quorate": "red", "expected": "blue", "at_risk": "orange"}, ""),
    "requirement": ({"must": "red", "should": "yellow"}, ""),
    "task": ({"incomplete": "blue", "awaiting_decision": "blue", "action_needed": "yellow"}, ""),
}


@register.filter
def tag_colour(status, of):
    """" govuk-tag--<colour>" for ``status`` of a record of kind ``of`` ("" for the plain tag)."""
    colours, other = TAG_COLOURS[of]
    colour = colours.get(str(status), other)
    return f" govuk-tag--{colour}" if colour else ""
