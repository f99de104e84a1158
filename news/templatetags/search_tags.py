"""Search results' excerpts: the matched words marked, everything else escaped."""

import html
import re

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from news.text import fold_preserving_length

register = template.Library()

SNIPPET_LENGTH = 240


@register.simple_tag
def highlight(text, terms):
    """An excerpt of ``text`` with the searched words marked (escaped; safe to print)."""
    return snippet(text, terms)


def snippet(text, terms, length=SNIPPET_LENGTH):
    """An escaped excerpt of ``text`` around the first match, with every matched word in <mark>."""
    text = " ".join(html.unescape(strip_tags(text or "")).split())
    folded = fold_preserving_length(text)
    words = [word for term in terms for word in [term.strip()] if word]
    if not words:
        return escape(text[:length])
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?!\w)"
    )
    first = pattern.search(folded)
    start = max(0, (first.start() if first else 0) - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start  # begin at a word, not inside one
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    pieces, position = [], start
    for match in pattern.finditer(folded, start, end):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(escape(text[position:end]))
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    return mark_safe(prefix + "".join(pieces) + suffix)  # every piece of text above is escaped
