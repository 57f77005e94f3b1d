"""Reminder kinds read as words wherever they are shown (issue 17): one list of kinds with their
names beside the chase rules (``trusts.notices.defaults.Kind``), and every kind a chaser or the
accounts can produce has a name in it."""
from datetime import date

import pytest
from django.urls import reverse

from trusts import accounts
from trusts.notices.defaults import RULES, Kind, kind_label
from trusts.notices.registry import Due, Recipient, registry
from trusts.notices.services import reminders_claim

pytestmark = pytest.mark.django_db


def _kinds_produced():
    """Every kind the registered chasers say they produce, the default rules' kinds, and the
    messages sent at once (password resets and invitations)."""
    kinds = {kind for fn in registry.chasers() for kind in getattr(fn, "chase_kinds", ())}
    assert {"plan_review_due", "board_papers", "direction_due", "direction_overdue"} <= kinds  # chasers found
    return kinds | {rule[0] for rule in RULES} | {accounts.RESET_KIND, accounts.INVITATION_KIND}


def test_every_kind_the_service_can_send_has_a_name():
    missing = sorted(kind for kind in _kinds_produced() if kind not in Kind.values)
    assert not missing, f"give these reminder kinds a name in trusts/notices/defaults.py Kind: {missing}"
    for kind in _kinds_produced():
        assert kind_label(kind) == Kind(kind).label and "_" not in kind_label(kind)


def test_a_kind_without_a_name_still_reads_as_words():
    assert kind_label("something_new") == "Something new"
    assert kind_label("plan_review_overdue") == "Plan review overdue"


def _log(area, kind):
    reminders_claim([Due(kind=kind, recipient=Recipient(email="p@example.org", name="Pat"), subject_key="plan:1",
                         deadline=date(2011, 3, 1), offset="1 working day after", title="The review is overdue",
                         area_id=area.pk)])


def test_reminder_list_shows_kind_names_not_codes(client, steward, area):
    _log(area, "plan_review_overdue")
    client.force_login(steward)
    html = client.get(reverse("notices:reminder-list")).content.decode()
    assert 'data-label="Kind">Plan review overdue</td>' in html
    assert "plan_review_overdue</td>" not in html
    # the filter offers the names, and filters by the code
    assert '<option value="plan_review_overdue">Plan review overdue</option>' in html
    filtered = client.get(reverse("notices:reminder-list"), {"kind": "plan_review_overdue"}).content.decode()
    assert '<option value="plan_review_overdue" selected>Plan review overdue</option>' in filtered
    assert "1 reminder<" in filtered


def test_admin_shows_kind_names(client, steward, area):
    _log(area, "plan_review_overdue")
    client.force_login(steward)
    log_list = client.get(reverse("admin:notices_reminderlog_changelist")).content.decode()
    assert "Plan review overdue" in log_list
    assert "?kind=plan_review_overdue" in log_list  # the filter's link keeps the code
    rules = client.get(reverse("admin:notices_chaserule_changelist")).content.decode()
    assert "Board meeting papers" in rules and "Direction due" in rules
