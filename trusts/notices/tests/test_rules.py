"""Chase rules: seeded for every kind, validated, and the schedule each one gives."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from trusts.notices.models import ChaseRule

D = date
KINDS = {"plan_review_due", "plan_review_overdue", "agreement_outstanding", "agreement_escalation",
         "board_approval_pending", "board_papers", "plan_deadline_2010", "board_term_ending",
         "minutes_unapproved", "direction_due",
         "agenda_unpublished", "action_overdue",  # board business
         "board_news_digest", "interests_review"}


def reminder_days(rule, anchor, start, end):
    """Each day from start to end on which a NEW stage becomes due: what the log would send."""
    seen, days = set(), []
    day = start
    while day <= end:
        label = rule.stage(day, anchor)
        if label and label not in seen:
            seen.add(label)
            days.append((day, label))
        day += timedelta(days=1)
    return days


def test_rules_seeded_for_every_kind(db):
    assert set(ChaseRule.objects.values_list("kind", flat=True)) == KINDS
    assert ChaseRule.objects.get(kind="board_term_ending").unit == ChaseRule.Unit.CALENDAR


def test_plan_review_due_30_10_1_working_days_before_over_christmas(rule):
    # 5 January 2010: 1 working day before is 4 January; 10 before skips New Year's Day,
    # the Boxing Day substitute (28 December 2009) and Christmas Day
    assert reminder_days(rule("plan_review_due"), D(2010, 1, 5), D(2009, 10, 1), D(2010, 1, 10)) == [
        (D(2009, 11, 19), "30 working days before"),
        (D(2009, 12, 17), "10 working days before"),
        (D(2010, 1, 4), "1 working day before"),
    ]


def test_plan_deadline_2010_90_30_10_working_days_before(rule):
    days = reminder_days(rule("plan_deadline_2010"), D(2010, 4, 1), D(2009, 6, 1), D(2010, 4, 30))
    assert days == [
        (D(2009, 11, 23), "90 working days before"),
        (D(2010, 2, 18), "30 working days before"),
        (D(2010, 3, 18), "10 working days before"),
    ]


def test_plan_review_overdue_escalates_then_every_5_working_days(rule):
    # due Thursday 1 April 2010: Good Friday and Easter Monday are not working days
    days = reminder_days(rule("plan_review_overdue"), D(2010, 4, 1), D(2010, 3, 1), D(2010, 4, 30))
    assert days == [
        (D(2010, 4, 6), "1 working day after"),
        (D(2010, 4, 13), "6 working days after"),
        (D(2010, 4, 20), "11 working days after"),
        (D(2010, 4, 27), "16 working days after"),
    ]


def test_agreements_reminder_after_5_escalation_after_10(rule):
    asked = D(2009, 12, 21)  # Monday before Christmas
    assert reminder_days(rule("agreement_outstanding"), asked, asked, D(2010, 2, 1)) == [
        (D(2009, 12, 30), "5 working days after")]
    assert reminder_days(rule("agreement_escalation"), asked, asked, D(2010, 2, 1)) == [
        (D(2010, 1, 7), "10 working days after")]


def test_after_rule_without_repeat_stops_after_catch_up(rule):
    r = rule("agreement_outstanding")
    asked = D(2010, 3, 1)
    assert r.stage(D(2010, 3, 8), asked) == "5 working days after"
    assert r.stage(D(2010, 3, 15), asked) == "5 working days after"  # a missed sweep is caught up
    assert r.stage(D(2010, 3, 16), asked) is None
    earliest, latest = r.anchor_range(D(2010, 3, 15))
    assert earliest <= asked <= latest
    assert not (r.anchor_range(D(2010, 3, 16))[0] <= asked)


def test_board_term_ending_in_calendar_days(rule):
    assert reminder_days(rule("board_term_ending"), D(2010, 3, 31), D(2010, 1, 1), D(2010, 4, 30)) == [
        (D(2010, 3, 1), "30 days before")]


def test_board_papers_and_direction_due_and_minutes(rule):
    assert reminder_days(rule("board_papers"), D(2010, 4, 8), D(2010, 3, 1), D(2010, 4, 8)) == [
        (D(2010, 3, 30), "5 working days before")]  # back over Easter 2010
    assert [d for d, _ in reminder_days(rule("direction_due"), D(2010, 6, 30), D(2010, 5, 1), D(2010, 7, 1))] == [
        D(2010, 6, 16), D(2010, 6, 29)]
    assert [d for d, _ in reminder_days(rule("minutes_unapproved"), D(2010, 5, 27), D(2010, 5, 1), D(2010, 6, 12))] \
        == [D(2010, 5, 28), D(2010, 6, 7)]  # 31 May 2010 is the spring bank holiday


def test_board_approval_pending_repeats(rule):
    labels = [label for _, label in reminder_days(rule("board_approval_pending"), D(2010, 1, 4), D(2010, 1, 1),
                                                   D(2010, 3, 1))]
    assert labels == ["5 working days after", "15 working days after", "25 working days after",
                      "35 working days after"]


def test_anchor_range_covers_every_anchor_due_that_day(rule):
    for kind in KINDS:
        r = rule(kind)
        today = D(2010, 3, 15)
        earliest, latest = r.anchor_range(today)
        for back in range(-200, 200):
            anchor = today + timedelta(days=back)
            if r.stage(today, anchor):
                assert (earliest is None or earliest <= anchor) and anchor <= latest, (kind, anchor)


@pytest.mark.parametrize(("offsets", "direction", "repeat", "field"), [
    ("30, ten", "before", None, "offsets"),
    ("", "before", None, "offsets"),
    ("5", "before", 5, "repeat_every"),
])
def test_rule_clean_gives_a_plain_message(offsets, direction, repeat, field):
    r = ChaseRule(kind="x", description="x", direction=direction, offsets=offsets, repeat_every=repeat)
    with pytest.raises(ValidationError) as err:
        r.clean()
    assert field in err.value.message_dict


def test_disabled_rule_is_not_chased(rule):
    from trusts.notices.registry import enabled_rules

    ChaseRule.objects.filter(kind="board_papers").update(enabled=False)
    assert "board_papers" not in enabled_rules()
    assert "plan_review_due" in enabled_rules()
