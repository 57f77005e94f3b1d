"""Telling board members what is new: an agenda published, a paper added to a
published agenda, a paper replaced by a new version.

Each is a ``BoardUpdate`` row, written in the same transaction as the change. Every member
holding a seat on the day of the meeting is told once, as they chose on "Your boards"
(``NotificationPreference``; no row means straight away):

* straight away: one ``board_news`` e-mail each, through ``notices.services.reminder_send_now``
  (the ReminderLog row is inserted in the change's transaction, the send queued after commit;
  its unique key, ``board-update:<id>`` per recipient, makes it once whatever happens);
* daily digest: the chaser ``board_news_digest`` (boards/chasers.py) sends one e-mail with the
  morning sweep listing every update since the previous working day's digest (the sweep runs
  on working days only, so Monday's lists Friday to Sunday). Its key is the day, per recipient.

Papers added or replaced before the agenda is published are not news yet: the publication
notice lists the agenda and its papers.
"""
from collections import defaultdict
from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from boards.models import BoardUpdate, NotificationPreference, Seat
from boards.reminders import BOARD_NEWS, BOARD_NEWS_DIGEST
from trusts.dates import long_date
from trusts.notices.registry import Due, Recipient
from trusts.notices.workdays import add_working_days

DAILY = NotificationPreference.Frequency.DAILY


def members_by_frequency(board_ids, day_of):
    """{board id: {"immediately": [Recipient], "daily": [Recipient]}} for members with a seat in term
    on ``day_of(board_id)`` (each board's meeting day). Two queries, whatever the number of boards."""
    seats = list(Seat.objects.filter(board_id__in=board_ids, person__is_active=True)
                 .order_by("person__full_name", "person_id")
                 .values_list("board_id", "term_start", "term_end", "person_id", "person__email", "person__full_name"))
    daily = set(NotificationPreference.objects.filter(board_id__in=board_ids, frequency=DAILY)
                .values_list("board_id", "person_id"))
    result = defaultdict(lambda: {"immediately": [], "daily": []})
    seen = set()
    for board_id, start, end, person_id, email, name in seats:
        day = day_of(board_id)
        if (board_id, person_id) in seen or start > day or (end is not None and end < day):
            continue
        seen.add((board_id, person_id))
        group = "daily" if (board_id, person_id) in daily else "immediately"
        result[board_id][group].append(Recipient(email=email.lower(), name=name, user_id=person_id))
    return result


def record(*, meeting, kind, summary, paper=None, lines=()):
    """Keep the update and tell the members who chose "straight away" (call inside the change's
    transaction: if it rolls back, nobody is told)."""
    from trusts.notices.services import reminder_send_now

    update = BoardUpdate.objects.create(meeting=meeting, kind=kind, paper=paper, summary=summary[:300])
    members = members_by_frequency([meeting.board_id], lambda _board: meeting.date)[meeting.board_id]
    link = reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})
    today = timezone.localdate()
    for recipient in members["immediately"]:
        reminder_send_now(due=Due(
            kind=BOARD_NEWS, recipient=recipient, subject_key=f"board-update:{update.pk}", deadline=today,
            offset="at once", title=summary, area_id=meeting.board.area_id,
            context={"lines": [*lines, "You chose to be told straight away. You can choose one e-mail a day "
                                       "instead on the \u201cYour boards\u201d page."]},
            link=link))
    return update


def digest_window(today):
    """The days whose updates today's digest lists: from the previous working day to yesterday."""
    return add_working_days(today, -1), today


def digest_dues(today, rule):
    """One digest e-mail per member who chose it and has news: three queries."""
    start, end = digest_window(today)
    updates = list(BoardUpdate.objects.filter(
        happened_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
        happened_at__lt=timezone.make_aware(datetime.combine(end, time.min)))
        .select_related("meeting__board").order_by("happened_at", "pk"))  # query 1
    if not updates:
        return
    by_board = defaultdict(list)
    for update in updates:
        by_board[update.meeting.board_id].append(update)
    # members on each board's latest meeting day among the updates (a seat ending before it: not told)
    latest = {b: max(u.meeting.date for u in us) for b, us in by_board.items()}
    members = members_by_frequency(list(by_board), latest.__getitem__)  # queries 2 and 3
    news = defaultdict(list)
    who = {}
    for board_id, board_updates in by_board.items():
        for recipient in members[board_id]["daily"]:
            who[recipient.email] = recipient
            news[recipient.email].extend(board_updates)
    for email, items in news.items():
        items.sort(key=lambda u: (u.happened_at, u.pk))
        count = len(items)
        yield Due(
            kind=BOARD_NEWS_DIGEST, recipient=who[email], subject_key=f"board-news:{today.isoformat()}", deadline=today,
            offset="daily digest", area_id=items[0].meeting.board.area_id,
            title=f"Board news: {count} new agenda{'' if count == 1 else 's'} or paper{'' if count == 1 else 's'} "
                  f"since {long_date(start)}",
            context={"lines": [
                *(f"{timezone.localtime(u.happened_at):%-d %B}: {u.summary}" for u in items),
                "You chose one e-mail a day. You can choose to be told straight away on the \u201cYour boards\u201d page.",
            ]},
            link=reverse("boards:mine"))


def agenda_summary(meeting, paper_count):
    papers = f", with {paper_count} paper{'' if paper_count == 1 else 's'}" if paper_count else ""
    return f"The agenda for the {meeting.board.name} meeting on {long_date(meeting.date)} is published{papers}"


def paper_added_summary(paper, meeting):
    return (f"A paper was added to the {meeting.board.name} meeting on {long_date(meeting.date)}: "
            f"\u201c{paper.title}\u201d")


def paper_replaced_summary(paper, meeting):
    return (f"A new version of \u201c{paper.title}\u201d (version {paper.version}) for the {meeting.board.name} "
            f"meeting on {long_date(meeting.date)}")

