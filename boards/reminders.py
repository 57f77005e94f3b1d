"""The reminders a board's business sends: papers before a meeting, members' terms, minutes,
agendas, actions, the yearly review of a member's register of interests, and board news."""
from trusts.notices.kinds import DefaultRule, declare

BOARD_PAPERS = declare("board_papers", "Board meeting papers", rule=DefaultRule(
    "before", "5", "working", None,
    "Board meeting papers: the board members, 5 working days before the meeting."))
BOARD_TERM_ENDING = declare("board_term_ending", "Board member's term ending", rule=DefaultRule(
    "before", "30", "calendar", None,
    "A board member's term ends within 30 days: the area's officers and the member."))
MINUTES_UNAPPROVED = declare("minutes_unapproved", "Minutes not approved", rule=DefaultRule(
    "after", "1", "working", 5,
    "Minutes not approved by the next meeting: the officers, the working day after that meeting, "
    "then every 5 working days."))
AGENDA_UNPUBLISHED = declare("agenda_unpublished", "Board agenda not published", rule=DefaultRule(
    "after", "1", "working", None,
    "A board meeting's agenda not published by its deadline (the board's clear working days' notice "
    "before the meeting): the area's officers, the working day after the deadline."))
ACTION_OVERDUE = declare("action_overdue", "Board action overdue", rule=DefaultRule(
    "after", "1", "working", 10,
    "An action agreed at a board meeting still open after its due date: its owner, the working day "
    "after, then every 10 working days."))
INTERESTS_REVIEW = declare("interests_review", "Register of interests to review", rule=DefaultRule(
    "after", "0", "working", 20,
    "A board member's register of interests not reviewed for a year (or since their first seat began): "
    "the member, on the day it falls due, then every 20 working days until they confirm it."))
# a board's new agenda or paper: sent at once (boards/news.py), or in the daily digest
BOARD_NEWS = declare("board_news", "Board agenda or paper news")
BOARD_NEWS_DIGEST = declare("board_news_digest", "Daily digest of board news", rule=DefaultRule(
    "after", "0", "working", None,
    "Board members who chose a daily digest: one e-mail with the morning reminders listing the agendas "
    "published and papers added or replaced since the previous working day's digest."))
