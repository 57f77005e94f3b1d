"""Reads: a user's notifications, the national reminder log, and recipients for chasers.

The recipient helpers each make ONE query for any number of areas, so a chaser over
every area stays a fixed number of queries.
"""
from collections import defaultdict

from trusts.models import Membership, Area, User
from trusts.notices.models import ChaseRule, Notification, ReminderLog
from trusts.notices.registry import Recipient


def notification_list(*, user, limit=10):
    """The user's undismissed notifications, newest first (one query)."""
    return list(Notification.objects.for_user(user).undismissed().order_by("-created_at", "-pk")[:limit])


def reminder_list(*, area_id=None, kind="", status="", overdue=False):
    """Every reminder nationally, newest first, for the stewards' page."""
    qs = ReminderLog.objects.select_related("area").order_by("-created_at", "-pk")
    if area_id:
        qs = qs.filter(area_id=area_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(kind__in=ChaseRule.objects.filter(direction=ChaseRule.Direction.AFTER).values("kind"))
    return qs


def area_recipient_list(area_ids, role=User.Role.OFFICER):
    """{area id: [Recipient, ...]} for the active members in one role (officers by default)."""
    result = defaultdict(list)
    rows = (
        Membership.objects.filter(area_id__in=list(area_ids), role=role, user__is_active=True)
        .values_list("area_id", "user_id", "user__email", "user__full_name")
        .order_by("area_id", "user__full_name")
    )
    for area_id, user_id, email, name in rows:
        result[area_id].append(Recipient(email=email.lower(), name=name, user_id=user_id))
    return result


def director_recipient_list(area_ids):
    """{area id: [Recipient]} for each area's Director of Children's Services (if an address is held).

    The director's address is a contact on the area, not a user, unless a user has it.
    """
    areas = list(Area.objects.filter(pk__in=list(area_ids)).exclude(director_email="")
                 .values_list("pk", "director_email", "director_name"))
    users = dict(User.objects.filter(email__in=[e.lower() for _, e, _ in areas], is_active=True)
                 .values_list("email", "pk"))
    return {pk: [Recipient(email=email.lower(), name=name, user_id=users.get(email.lower()))] for pk, email, name in areas}


def steward_recipient_list():
    """The national data stewards (one query)."""
    return [Recipient.of(u) for u in User.objects.filter(role=User.Role.STEWARD, is_active=True).order_by("pk")]
