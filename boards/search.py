"""The boards' business in search (``trusts.search``): meetings (by place and minutes), agenda
items, papers (by title) and decisions.

Scoped as the meeting page is (``for_user``: stewards every board; officers their areas'
boards; board members the boards they sit on; partner contacts none). One query per kind.
"""
from django.urls import reverse

from boards.models import (
    AGENDA_ITEM_SEARCH_FIELDS,
    DECISION_SEARCH_FIELDS,
    MEETING_SEARCH_FIELDS,
    PAPER_SEARCH_FIELDS,
    AgendaItem,
    Decision,
    Meeting,
    Paper,
)
from trusts.search import Hit, Kind, excerpt, first, matching, mentions, shorten


def _meeting_url(meeting_id, item_id=None):
    url = reverse("boards:meeting-detail", kwargs={"meeting": meeting_id})
    return f"{url}#item-{item_id}" if item_id else url


def _where(meeting):
    return f"{meeting.board.area.name} · {meeting}"


def _meetings(user, terms, limit):
    scoped = Meeting.objects.for_user(user).select_related("board__area")
    count, meetings = first(matching(scoped, terms, MEETING_SEARCH_FIELDS, order=("-date", "-start_time", "pk")),
                            limit)
    return Kind("meetings", "Meetings", count, [
        Hit(title=str(m), url=_meeting_url(m.pk),
            context=f"{m.board.area.name} · {m.place} · {m.get_status_display()}",
            snippet=f"Minutes: {excerpt(m.minutes, terms)}" if mentions(m.minutes, terms) else "")
        for m in meetings
    ])


def _items(user, terms, limit):
    scoped = AgendaItem.objects.for_user(user).select_related("meeting__board__area")
    count, items = first(matching(scoped, terms, AGENDA_ITEM_SEARCH_FIELDS,
                                  order=("-meeting__date", "position", "pk")), limit)
    return Kind("agenda-items", "Agenda items", count, [
        Hit(title=shorten(str(item)), url=_meeting_url(item.meeting_id, item.pk), context=_where(item.meeting),
            snippet=excerpt(item.description, terms))
        for item in items
    ])


def _papers(user, terms, limit):
    scoped = Paper.objects.for_user(user).select_related("item__meeting__board__area")
    count, papers = first(matching(scoped, terms, PAPER_SEARCH_FIELDS,
                                   order=("-item__meeting__date", "item__position", "pk")), limit)
    return Kind("papers", "Papers", count, [
        Hit(title=paper.title, url=reverse("boards:paper-download", kwargs={"paper": paper.pk}),
            context=f"{paper.extension.upper()} · {shorten(str(paper.item), 80)} · {_where(paper.item.meeting)}")
        for paper in papers
    ])


def _decisions(user, terms, limit):
    scoped = Decision.objects.for_user(user).select_related("item__meeting__board__area")
    count, decisions = first(matching(scoped, terms, DECISION_SEARCH_FIELDS,
                                      order=("-item__meeting__date", "item__position", "pk")), limit)
    return Kind("decisions", "Decisions", count, [
        Hit(title=f"{shorten(d.item.title, 100)}: {d.get_outcome_display()}",
            url=_meeting_url(d.item.meeting_id, d.item_id), context=_where(d.item.meeting),
            snippet=excerpt(d.resolution, terms))
        for d in decisions
    ])


def provide(user, terms, limit):
    return [kind(user, terms, limit) for kind in (_meetings, _items, _papers, _decisions)]
