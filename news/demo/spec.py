"""The vocabulary the demo data is written in: local times and article bodies."""

import datetime
import textwrap
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils.html import escape

# The enterprise's clock: every demo time is local to Vũng Tàu.
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")


class Relative(NamedTuple):
    """A local time ``days`` from today, for content that must stay upcoming (or recent) whenever it is loaded."""

    days: int
    at: str = "08:00"


def local_today():
    return datetime.datetime.now(LOCAL_TZ).date()


def local_datetime(value, today=None):
    """An aware datetime from "dd/mm/yyyy[ HH:MM[:SS]]" (day first), a ``Relative`` or a datetime; None stays None."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    if isinstance(value, Relative):
        day = (today or local_today()) + datetime.timedelta(days=value.days)
        return datetime.datetime.combine(day, datetime.time.fromisoformat(value.at), tzinfo=LOCAL_TZ)
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).replace(tzinfo=LOCAL_TZ)
        except ValueError:
            continue
    raise ValueError(f"Not a day-first local time: {value!r}")


def body_blocks(text):
    """Blocks of an article body written as plain text.

    Paragraphs are separated by blank lines and may wrap over several lines; a paragraph whose lines
    start with "- " is a bulleted list, one item per "- " (items may wrap too). A paragraph is a str,
    a list is a list of str.
    """
    blocks = []
    for chunk in textwrap.dedent(text).strip().split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines()]
        if lines[0].startswith("- "):
            items = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:])
                else:
                    items[-1] += " " + line
            blocks.append(items)
        else:
            blocks.append(" ".join(lines))
    return blocks


def body_html(blocks):
    """Simple HTML for body blocks: ``<p>`` for paragraphs, ``<ul><li>`` for lists; text is escaped."""
    parts = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p>{escape(block)}</p>")
        else:
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block) + "</ul>")
    return "".join(parts)
