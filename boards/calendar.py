"""iCalendar (RFC 5545) feeds of board meetings, built with the icalendar package."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, Timezone

from boards.models import Meeting

LONDON = ZoneInfo("Europe/London")
DEFAULT_LENGTH = timedelta(hours=2)
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=ZoneInfo("UTC"))


def _uid(meeting):
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".") or "localhost"
    if host == "*":
        host = "localhost"
    return f"board-meeting-{meeting.pk}@{host}"


def ical_for_meetings(meetings, *, name):
    cal = Calendar()
    cal.add("prodid", "-//Children's Trust partnership manager//Board meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    meetings = list(meetings)
    if meetings:
        # a VTIMEZONE for every TZID used (RFC 5545 3.6.5)
        first = min(m.date for m in meetings).replace(month=1, day=1)
        last = max(m.date for m in meetings).replace(month=12, day=31)
        cal.add_component(Timezone.from_tzinfo(LONDON, tzid="Europe/London", first_date=first, last_date=last))
    stamp = datetime.now(tz=ZoneInfo("UTC")).replace(microsecond=0)
    for meeting in meetings:
        start = datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON)
        end = (datetime.combine(meeting.date, meeting.end_time, tzinfo=LONDON) if meeting.end_time
               else start + DEFAULT_LENGTH)
        event = Event()
        event.add("uid", _uid(meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"{meeting.board.name}" + (" (cancelled)" if meeting.status == Meeting.Status.CANCELLED
                                                          else ""))
        event.add("location", meeting.place)
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        # seconds since 2020 rise with every change, as SEQUENCE must
        event.add("sequence", max(0, int((meeting.updated_at - SEQUENCE_EPOCH).total_seconds())))
        event.add("last-modified", meeting.updated_at.astimezone(ZoneInfo("UTC")).replace(microsecond=0))
        cal.add_component(event)
    return cal.to_ical()
