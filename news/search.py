"""Search over published articles, people and events, with or without Vietnamese diacritics.

Both sides are folded (news/text.py): the stored ``search_document`` and the query. Every term
must appear as whole words; quoted text is one phrase. The same substring tests run on SQLite
and on PostgreSQL (where trigram GIN indexes answer them), so both find the same items.
Ranking: an exact (accented) match of the whole query in the title or lead first, then matches in the
title, then newer.
"""

import html
import re
import unicodedata

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from news.models import Article, Event, Person
from news.text import MAX_QUERY_LENGTH, fold_preserving_length, nfc

SNIPPET_LENGTH = 240


def clean_query(raw):
    """The query as searched and shown: NFC, single spaces, control characters (a NUL byte, which
    PostgreSQL refuses in a comparison) read as spaces, at most MAX_QUERY_LENGTH characters."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in nfc(raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _matching(queryset, terms, field="search_document"):
    for term in terms:
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


def _flag(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _exact(query, *fields):
    exact = Q()
    for name in fields:
        exact |= Q(**{f"{name}__icontains": query.strip('"')})
    return exact


def articles(query, terms):
    matched = _matching(Article.objects.published(), terms)
    title_match = Q()
    for term in terms:
        title_match &= Q(search_title__contains=term)
    return matched.annotate(exact_match=_flag(_exact(query, "title", "lead")), title_match=_flag(title_match)).order_by(
        "-exact_match", "-title_match", "-publish_at", "-pk"
    )


def people(query, terms):
    return (
        _matching(Person.objects.select_related("unit"), terms)
        .annotate(exact_match=_flag(_exact(query, "full_name", "position")))
        .order_by("-exact_match", "sort_key", "pk")
    )


def events(query, terms):
    return (
        _matching(Event.objects.select_related("unit"), terms)
        .annotate(exact_match=_flag(_exact(query, "title", "place", "description")))
        .order_by("-exact_match", "-start", "pk")
    )


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
