"""The iCalendar feed of events, written with the icalendar library.

A subscribed calendar keeps what the feed lists: upcoming events, those under way (a three-day course stays
on its second day) and those of the last ``PAST_WINDOW``. Each event has a UID that does not depend on how
the reader reached the portal (``PORTAL_BASE_URL``'s host), and LAST-MODIFIED and SEQUENCE, so calendar
apps take in an edit: SEQUENCE grows whenever its title, time or place changes (``Event.sequence``).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vDuration
from icalendar import Event as CalendarEvent

from news.identity import site_name

DEFAULT_EVENT_LENGTH = datetime.timedelta(hours=2)
PAST_WINDOW = datetime.timedelta(days=90)  # how far back a subscribed calendar still shows past events
REFRESH_INTERVAL = datetime.timedelta(hours=1)  # how often calendar apps are asked to fetch it again


def calendar_events(events, now=None):
    """Of ``events`` (a queryset), those the calendar lists: upcoming, under way, or over since ``PAST_WINDOW``."""
    return events.since((now or timezone.now()) - PAST_WINDOW)


def event_uid(event):
    """The event's UID: the same however the feed was reached (127.0.0.1, localhost, the portal's name)."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "portal"
    return f"event-{event.pk}@{host}"


def events_calendar(events, request, now=None):
    """Bytes of an RFC 5545 calendar with one VEVENT per event, named in the reader's language."""
    stamp = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//Vietsovpetro//Portal//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", site_name())
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL).to_ical().decode())  # the same, for Outlook
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", event_uid(event))
        entry.add("dtstamp", stamp)  # when this copy was made (RFC 5545 3.8.7.2), in UTC
        entry.add("last-modified", event.updated_at.astimezone(datetime.UTC).replace(microsecond=0))
        entry.add("sequence", event.sequence)
        # Each text in the reader's language when translated, else the original, saying which (RFC 5545 LANGUAGE).
        title = event.localized("title")
        entry.add("summary", title, parameters={"LANGUAGE": title.language})
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end or event.start + DEFAULT_EVENT_LENGTH)
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
