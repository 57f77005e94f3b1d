"""What the board chases: meeting papers, terms ending, minutes not approved,
an agenda not published by its deadline, actions overdue; and the daily digest of board news.

Each chaser makes one query per kind of record (filtered on its rule's ``anchor_range``)
and one per group of recipients, whatever the number of boards; nothing when nothing is due.
The offsets are the ChaseRules in the admin.
"""
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse

from boards import news
from boards.models import Action, AgendaItem, InterestsReview, Meeting, Paper, Seat
from boards.reminders import (
    ACTION_OVERDUE,
    AGENDA_UNPUBLISHED,
    BOARD_NEWS_DIGEST,
    BOARD_PAPERS,
    BOARD_TERM_ENDING,
    INTERESTS_REVIEW,
    MINUTES_UNAPPROVED,
)
from trusts.dates import long_date
from trusts.notices.registry import Recipient, chaser, still_due
from trusts.notices.selectors import area_recipient_list


def _time(value):
    return f"{value:%-I:%M%p}".lower().replace(":00", "")


@chaser(BOARD_PAPERS)
def board_papers(today, rules):
    """The board's members (seats in term on the meeting day), some days before a scheduled meeting."""
    rule = rules[BOARD_PAPERS]
    earliest, latest = rule.anchor_range(today)
    meetings = list(Meeting.objects.filter(status=Meeting.Status.SCHEDULED, date__range=(earliest, latest))
                    .select_related("board").order_by("date", "start_time", "pk"))  # query 1
    meetings = [m for m in meetings if rule.stage(today, m.date)]
    if not meetings:
        return
    ids = [m.pk for m in meetings]
    seats = list(Seat.objects.filter(board_id__in={m.board_id for m in meetings}, person__is_active=True,
                                 term_start__lte=max(m.date for m in meetings))
             .filter(Q(term_end__isnull=True) | Q(term_end__gte=min(m.date for m in meetings)))
             .order_by("person__full_name", "person_id")
             .values_list("board_id", "term_start", "term_end", "person_id", "person__email",
                          "person__full_name"))  # query 2
    items = {}
    for meeting_id, pk, position, title in (AgendaItem.objects.filter(meeting_id__in=ids)  # query 3
                                            .order_by("meeting_id", "position").values_list("meeting_id", "pk",
                                                                                            "position", "title")):
        items.setdefault(meeting_id, []).append((pk, position, title))
    papers = {}
    for item_id, title in Paper.objects.filter(item__meeting_id__in=ids).order_by("item_id", "uploaded_at", "pk") \
            .values_list("item_id", "title"):  # query 4
        papers.setdefault(item_id, []).append(title)
    members = {}
    for board_id, start, end, user_id, email, name in seats:
        members.setdefault(board_id, []).append((start, end, Recipient(email=email.lower(), name=name,
                                                                        user_id=user_id)))
    for m in meetings:
        people = list(dict.fromkeys(r for start, end, r in members.get(m.board_id, [])
                                    if start <= m.date and (end is None or end >= m.date)))
        agenda = [f"{position}. {title}" + (f" (papers: {', '.join(papers[pk])})" if pk in papers else "")
                  for pk, position, title in items.get(m.pk, [])]
        yield from rule.dues(
            today=today, anchor=m.date, subject_key=f"meeting:{m.pk}:papers", recipients=people,
            area_id=m.board.area_id,
            title=f"Papers for the {m.board.name} meeting on {long_date(m.date)}",
            context={"lines": [
                f"The meeting is on {m.date:%A} {long_date(m.date)} at {_time(m.start_time)}, {m.place}.",
                *(["The agenda:", *agenda] if agenda else ["No agenda items have been added yet."]),
                "Read the papers on the meeting page before the meeting.",
            ]},
            link=reverse("boards:meeting-detail", kwargs={"meeting": m.pk}),
        )


@chaser(BOARD_TERM_ENDING)
def board_term_ending(today, rules):
    """A seat's term ends soon and the member is not reappointed: the member and the area's officers."""
    rule = rules[BOARD_TERM_ENDING]
    earliest, latest = rule.anchor_range(today)
    reappointed = Seat.objects.filter(board_id=OuterRef("board_id"), person_id=OuterRef("person_id"),
                                      term_start__gt=OuterRef("term_start"))
    seats = list(Seat.objects.filter(term_end__range=(earliest, latest), term_start__lte=today)  # query 1
                 .exclude(Exists(reappointed))
                 .order_by("term_end", "pk")
                 .values("pk", "term_end", "role", "board_id", "board__name", "board__area_id", "person_id",
                         "person__email", "person__full_name", "person__is_active"))
    seats = [s for s in seats if rule.stage(today, s["term_end"])]
    if not seats:
        return
    officers = area_recipient_list({s["board__area_id"] for s in seats})  # query 2
    for s in seats:
        end, board, name = s["term_end"], s["board__name"], s["person__full_name"]
        role = Seat.Role(s["role"]).label.lower()
        common = dict(today=today, anchor=end, subject_key=f"seat:{s['pk']}:term-end", area_id=s["board__area_id"],
                      link=reverse("boards:board-detail", kwargs={"board": s["board_id"]}))
        if s["person__is_active"]:
            yield from rule.dues(
                recipients=[Recipient(email=s["person__email"].lower(), name=name, user_id=s["person_id"])],
                title=f"Your term on the {board} ends on {long_date(end)}",
                context={"lines": [f"Your term as {role} of the {board} ends on {long_date(end)}.",
                                   "Talk to the board's officers if you are to be reappointed or replaced."]},
                **common)
        yield from rule.dues(
            recipients=officers.get(s["board__area_id"], []),
            title=f"{name}'s term on the {board} ends on {long_date(end)}",
            context={"lines": [f"{name}'s term as {role} of the {board} ends on {long_date(end)}.",
                               "Reappoint them (a new term) or fill the seat, so the board stays complete."]},
            **common)


@chaser(MINUTES_UNAPPROVED)
def minutes_unapproved(today, rules):
    """A held meeting's minutes still not approved once the board's next meeting has taken place: officers."""
    rule = rules[MINUTES_UNAPPROVED]
    earliest, latest = rule.anchor_range(today)
    later = (Meeting.objects.filter(board_id=OuterRef("board_id")).exclude(status=Meeting.Status.CANCELLED)
             .filter(Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), start_time__gt=OuterRef("start_time")))
             .order_by("date", "start_time"))
    meetings = (Meeting.objects.filter(status=Meeting.Status.HELD)
                .exclude(minutes_status=Meeting.MinutesStatus.APPROVED)
                .annotate(next_date=Subquery(later.values("date")[:1]))
                .filter(next_date__lte=latest))
    if earliest is not None:
        meetings = meetings.filter(next_date__gte=earliest)
    meetings = [m for m in meetings.order_by("date", "pk").values(  # query 1
        "pk", "date", "next_date", "minutes_status", "board__name", "board__area_id")
        if rule.stage(today, m["next_date"])]
    if not meetings:
        return
    officers = area_recipient_list({m["board__area_id"] for m in meetings})  # query 2
    for m in meetings:
        state = "have not been drafted" if m["minutes_status"] == Meeting.MinutesStatus.NONE else \
            "are still in draft"
        yield from rule.dues(
            today=today, anchor=m["next_date"], subject_key=f"meeting:{m['pk']}:minutes",
            recipients=officers.get(m["board__area_id"], []), area_id=m["board__area_id"],
            title=f"The minutes of the {m['board__name']} meeting on {long_date(m['date'])} are not approved",
            context={"lines": [
                f"The minutes of the meeting on {long_date(m['date'])} {state}. The board's next meeting was on "
                f"{long_date(m['next_date'])}, where they should have been approved.",
                "Complete the minutes and have them approved at a quorate meeting of the board.",
            ]},
            link=reverse("boards:meeting-detail", kwargs={"meeting": m["pk"]}),
        )


# the longest notice a board may set (boards.models.Board.agenda_notice_days, at most 30 working
# days) spans under 60 calendar days, bank holidays included
LONGEST_NOTICE = timedelta(days=60)


@chaser(AGENDA_UNPUBLISHED)
def agenda_unpublished(today, rules):
    """A scheduled meeting whose agenda is not published by its deadline (the board's clear
    working days before it): the officers of the board's lead area."""
    rule = rules[AGENDA_UNPUBLISHED]
    earliest, latest = rule.anchor_range(today)
    meetings = [m for m in Meeting.objects.filter(  # query 1
        status=Meeting.Status.SCHEDULED, agenda_published_at__isnull=True, date__gt=today,
        date__lte=latest + LONGEST_NOTICE).select_related("board").order_by("date", "pk")
        if rule.stage(today, m.agenda_deadline)]
    if not meetings:
        return
    officers = area_recipient_list({m.board.area_id for m in meetings})  # query 2
    for m in meetings:
        deadline = m.agenda_deadline
        yield from rule.dues(
            today=today, anchor=deadline, subject_key=f"meeting:{m.pk}:agenda",
            recipients=officers.get(m.board.area_id, []), area_id=m.board.area_id,
            title=f"The agenda for the {m.board.name} meeting on {long_date(m.date)} is not published",
            context={"lines": [
                f"The agenda was due by {m.agenda_deadline:%A} {long_date(deadline)}, "
                f"{m.board.agenda_notice_days} clear "
                f"working days before the meeting on {long_date(m.date)}.",
                "Publish the agenda and its papers from the meeting page now, or move the meeting.",
            ]},
            link=reverse("boards:meeting-detail", kwargs={"meeting": m.pk}),
        )


@still_due(AGENDA_UNPUBLISHED)
def agenda_still_unpublished(log):
    pk = log.subject_key.split(":")[1]
    return Meeting.objects.filter(pk=pk, agenda_published_at__isnull=True, status=Meeting.Status.SCHEDULED).exists()


@chaser(ACTION_OVERDUE)
def action_overdue(today, rules):
    """An action agreed at a meeting still open after its due date: its owner."""
    rule = rules[ACTION_OVERDUE]
    earliest, latest = rule.anchor_range(today)
    actions = Action.objects.filter(status=Action.Status.OPEN, due_on__lte=latest)
    if earliest is not None:
        actions = actions.filter(due_on__gte=earliest)
    actions = [a for a in actions.order_by("due_on", "pk").values(  # query 1
        "pk", "description", "due_on", "meeting_id", "meeting__date", "meeting__board__name",
        "meeting__board__area_id", "owner__person_id", "owner__person__email", "owner__person__full_name",
        "owner__person__is_active") if rule.stage(today, a["due_on"])]
    for a in actions:
        if not a["owner__person__is_active"]:
            continue
        owner = Recipient(email=a["owner__person__email"].lower(), name=a["owner__person__full_name"],
                          user_id=a["owner__person_id"])
        yield from rule.dues(
            today=today, anchor=a["due_on"], subject_key=f"action:{a['pk']}", recipients=[owner],
            area_id=a["meeting__board__area_id"],
            title=(f"Your action from the {a['meeting__board__name']} meeting on {long_date(a['meeting__date'])} "
                   "is overdue"),
            context={"lines": [f"The action \u201c{a['description'][:200]}\u201d was due by {long_date(a['due_on'])}.",
                               "Tell the board's officer when it is done; it is listed at the board's next "
                               "meeting until then."]},
            link=reverse("boards:meeting-detail", kwargs={"meeting": a["meeting_id"]}),
        )


@still_due(ACTION_OVERDUE)
def action_still_open(log):
    return Action.objects.filter(pk=log.subject_key.split(":")[1], status=Action.Status.OPEN).exists()


@chaser(BOARD_NEWS_DIGEST)
def board_news_digest(today, rules):
    """Members who chose a daily digest: one e-mail listing the board's new agendas and papers
    since the previous working day's digest (boards/news.py)."""
    yield from news.digest_dues(today, rules[BOARD_NEWS_DIGEST])


@chaser(INTERESTS_REVIEW)
def interests_review_due(today, rules):
    """A member's register of interests is reviewed yearly: a year after they last confirmed it,
    or, if they never did, a year after their first current seat began. The member, until they
    confirm it (each year's review is its own reminder)."""
    rule = rules[INTERESTS_REVIEW]
    seats = (Seat.objects.current(today).filter(person__isnull=False, person__is_active=True)  # query 1
             .values("person_id", "person__email", "person__full_name", "term_start", "board__area_id")
             .annotate(reviewed_on=Subquery(InterestsReview.objects.filter(person_id=OuterRef("person_id"))
                                            .values("reviewed_on")[:1])))
    members = {}
    for s in seats.order_by("person_id", "term_start"):
        members.setdefault(s["person_id"], s)  # the earliest seat: the area and the start
    for person_id, s in members.items():
        due = (s["reviewed_on"] or s["term_start"]) + timedelta(days=InterestsReview.REVIEW_EVERY_DAYS)
        if not rule.stage(today, due):
            continue
        member = Recipient(email=s["person__email"].lower(), name=s["person__full_name"], user_id=person_id)
        yield from rule.dues(
            today=today, anchor=due, subject_key=f"interests:{person_id}:{due.isoformat()}", recipients=[member],
            area_id=s["board__area_id"],
            title="Review your register of interests",
            context={"lines": [f"Your register of interests was due for its yearly review on {long_date(due)}.",
                               "Check each entry, add or end any that changed, and confirm it is up to date."]},
            link=reverse("boards:interests"),
        )


@still_due(INTERESTS_REVIEW)
def interests_not_reviewed(log):
    """Still due while the member has not confirmed the register since the reminder's cycle began."""
    _kind, person_id, due = log.subject_key.split(":")
    cycle_start = date.fromisoformat(due) - timedelta(days=InterestsReview.REVIEW_EVERY_DAYS)
    return not InterestsReview.objects.filter(person_id=person_id, reviewed_on__gt=cycle_start).exists()
