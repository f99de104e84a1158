"""The iCalendar feed of events, written with the icalendar library."""

import datetime

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

DEFAULT_EVENT_LENGTH = datetime.timedelta(hours=2)


def events_calendar(events, request):
    """Bytes of an RFC 5545 calendar with one VEVENT per event."""
    calendar = Calendar()
    calendar.add("prodid", "-//Vietsovpetro//Portal//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Portal")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    host = request.get_host().split(":")[0]
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("summary", event.title)
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end or event.start + DEFAULT_EVENT_LENGTH)
        entry.add("dtstamp", event.start)
        if event.place:
            entry.add("location", event.place)
        description = "\n".join(filter(None, [str(event.unit), event.description]))
        if description:
            entry.add("description", description)
        entry.add("categories", [event.get_kind_display()])
        entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
        calendar.add_component(entry)
    return calendar.to_ical()
