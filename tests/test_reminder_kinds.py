"""Reminder kinds: declared once, as constants, by the app that owns them
(``trusts.notices.kinds``); an undeclared kind is an error where it is used, never a reminder
skipped in silence; and kinds read as words wherever they are shown."""
from datetime import date

import pytest
from django.urls import reverse

from boards import news
from boards import reminders as boards_reminders
from plans import reminders as plans_reminders
from plans import services as plans_services
from trusts import accounts
from trusts import reminders as trusts_reminders
from trusts.notices import kinds
from trusts.notices.kinds import UnknownKind
from trusts.notices.kinds import label as kind_label
from trusts.notices.registry import Due, Recipient, chaser, registry, still_due
from trusts.notices.services import reminders_claim

pytestmark = pytest.mark.django_db


def _kinds_produced():
    """Every kind the registered chasers say they produce, and the messages sent at once
    (password resets, invitations, agreement requests and chases, board news)."""
    produced = {kind for fn in registry.chasers() for kind in getattr(fn, "chase_kinds", ())}
    assert {"plan_review_due", "board_papers", "direction_due", "direction_overdue"} <= produced  # chasers found
    return produced | {trusts_reminders.PASSWORD_RESET, trusts_reminders.INVITATION, boards_reminders.BOARD_NEWS,
                       *plans_services.AGREEMENT_KINDS}


def test_every_kind_the_service_can_send_is_declared_with_a_name():
    for kind in _kinds_produced():
        declared = kinds.get(kind)
        assert declared.label and "_" not in declared.label and kind_label(kind) == declared.label
    assert accounts.reminders is trusts_reminders and news.BOARD_NEWS is boards_reminders.BOARD_NEWS


def test_each_kind_is_declared_by_the_app_that_owns_it():
    owners = {kind: kind.owner for kind in kinds.declared()}
    assert owners[plans_reminders.PLAN_REVIEW_DUE] == "plans.reminders"
    assert owners[boards_reminders.BOARD_PAPERS] == "boards.reminders"
    assert owners[trusts_reminders.DIRECTION_DUE] == "trusts.reminders"
    assert {owner.split(".")[0] for owner in owners.values()} <= {"trusts", "plans", "boards", "partners", "pooling"}


def test_a_kind_is_its_code():
    assert plans_reminders.PLAN_REVIEW_DUE == "plan_review_due"
    assert {plans_reminders.PLAN_REVIEW_DUE: 1}["plan_review_due"] == 1


def test_a_chaser_or_check_for_an_undeclared_kind_is_refused_when_it_is_registered():
    before = registry.chasers()
    with pytest.raises(UnknownKind, match="plan_reveiw_due"):
        @chaser("plan_reveiw_due")
        def misspelt(today, rules):
            return []
    with pytest.raises(UnknownKind, match="board_paper"):
        @still_due("board_paper")
        def check(log):
            return True
    assert registry.chasers() == before


def test_a_reminder_of_an_undeclared_kind_cannot_be_made():
    with pytest.raises(UnknownKind):
        Due(kind="plan_reveiw_due", recipient=Recipient(email="p@example.org"), subject_key="plan:1",
            deadline=date(2011, 3, 1), offset="1", title="x")


def test_a_kind_cannot_be_declared_by_two_modules():
    with pytest.raises(kinds.ImproperlyConfigured, match="declared twice"):
        kinds.declare("plan_review_due", "Plan review due again")
    assert kinds.get("plan_review_due").owner == "plans.reminders"


def test_every_chased_kind_has_its_default_rule_after_migrate():
    from trusts.notices.models import ChaseRule

    rules = {rule.kind: rule for rule in ChaseRule.objects.all()}
    for kind in kinds.declared():
        if kind.rule is not None:
            assert (rules[kind].direction, rules[kind].offsets) == (kind.rule.direction, kind.rule.offsets)


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


def test_a_steward_cannot_add_a_rule_for_a_kind_the_service_does_not_send():
    from django.core.exceptions import ValidationError

    from trusts.notices.models import ChaseRule

    with pytest.raises(ValidationError) as err:
        ChaseRule(kind="plan_reveiw_due", description="x", direction="before", offsets="5").clean()
    assert list(err.value.message_dict) == ["kind"]
    ChaseRule(kind="direction_overdue", description="x", direction="after", offsets="1", repeat_every=5).clean()
