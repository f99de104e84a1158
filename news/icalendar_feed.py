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
        # Each text in the reader's language when translated, else the original, saying which (RFC 5545 LANGUAGE).
        title = event.localized("title")
        entry.add("summary", title, parameters={"LANGUAGE": title.language})
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end or event.start + DEFAULT_EVENT_LENGTH)
        entry.add("dtstamp", event.start)
        if event.place:
            place = event.localized("place")
            entry.add("location", place, parameters={"LANGUAGE": place.language})
        description = event.localized("description")
        text = "\n".join(filter(None, [event.unit.label, description]))
        if text:
            entry.add(
                "description", text, parameters={"LANGUAGE": description.language if description else title.language}
            )
        entry.add("categories", [event.get_kind_display()])
        entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
        calendar.add_component(entry)
    return calendar.to_ical()
