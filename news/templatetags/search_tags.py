"""Search results' excerpts: the best part of the text, the matched words marked, everything else escaped."""

import functools
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from news.text import fold_preserving_length, plain_text, search_phrase, search_terms

register = template.Library()

SNIPPET_LENGTH = 240
# How far apart the words of a window may lie: the rest of the excerpt is the text before and after them.
WINDOW_SPAN = SNIPPET_LENGTH * 5 // 6


@register.simple_tag
def highlight(text, terms, query=None, also=None):
    """An excerpt of ``text`` with the searched words marked (escaped; safe to print). ``terms`` are the
    query's (``search_terms``), or the query itself. Given the query too, its words found together as typed
    are what is marked, where ``text`` or ``also`` (another text of the same result: the body beside the
    title) holds them so."""
    if isinstance(terms, str):
        query, terms = terms, search_terms(terms)
    return snippet(text, terms, phrase=search_phrase(query) if query else None, also=[also] if also else [])


@functools.lru_cache(maxsize=64)
def _read(text):
    """``text`` as a reader sees it on one line (tags gone, a space where a block ended) and folded, position for
    position. Kept for a while: a result's body is read for its excerpt and again for its title's marks."""
    plain = " ".join(plain_text(text).split())
    return plain, fold_preserving_length(plain)


def _pattern(terms):
    """Whole-word matches of the folded ``terms`` in folded text, a term of several words across any spaces or
    punctuation between them (the search document ignores both); group n is the n-th term."""
    alternatives = [r"[\W_]+".join(re.escape(word) for word in term.split()) for term in terms]
    return re.compile(r"(?<!\w)(?:" + "|".join(f"({alternative})" for alternative in alternatives) + r")(?!\w)")


def _matches(folded, terms, phrase, also):
    """The spans to mark in ``folded`` and the term each belongs to. Where the result (this text or those
    ``also`` of it) holds the query's words as one phrase (adjacent, in order), only those occurrences, word by
    word: "Đảng ủy" or "Công nghệ" in a result naming Đặng Đình Công is not what was looked for. Otherwise
    every whole-word match of a term."""
    if phrase and phrase not in terms:
        spans = []
        pattern = _pattern([phrase])
        for found in pattern.finditer(folded):
            for word in re.finditer(r"[^\W_]+", found.group()):
                spans.append((found.start() + word.start(), found.start() + word.end(), 0))
        if spans or any(pattern.search(_read(str(other))[1]) for other in also):
            return spans
    # Longest first, so that a quoted phrase is marked whole before its words.
    ordered = sorted(terms, key=len, reverse=True)
    return [(found.start(), found.end(), found.lastindex) for found in _pattern(ordered).finditer(folded)]


def _best_window(spans):
    """The first and last span of the best window: the most different terms (then the most matches) within
    WINDOW_SPAN characters, the earliest of equals."""
    best, best_score = (0, 0), None
    last = 0
    for first in range(len(spans)):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= WINDOW_SPAN:
            last += 1
        window = spans[first : last + 1]
        score = (len({term for _, _, term in window}), len(window))
        if best_score is None or score > best_score:
            best, best_score = (first, last), score
    return spans[best[0]], spans[best[1]]


def snippet(text, terms, length=SNIPPET_LENGTH, phrase=None, also=()):
    """An escaped excerpt of ``text`` (HTML or plain) around the best window of matches, with the matched words
    in <mark>: the query's ``phrase`` where the text (or a text ``also`` of the same result) holds it, else the
    terms, the excerpt where the most of them come close together."""
    text, folded = _read(str(text or ""))
    terms = [" ".join(term.split()) for term in terms if term.strip()]
    if not terms:
        return escape(text[:length])
    spans = _matches(folded, terms, " ".join(phrase.split()) if phrase else None, also)
    start = 0
    if spans:
        first, last = _best_window(spans)
        lead_in = max(0, min(length // 3, (length - (last[1] - first[0])) // 2))
        start = max(0, first[0] - lead_in)
    if start:
        start = text.find(" ", start, first[0]) + 1 or start  # begin at a word, not inside one
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    pieces, position = [], start
    for match_start, match_end, _ in spans:
        if match_start < start or match_end > end:
            continue
        pieces.append(escape(text[position:match_start]))
        pieces.append(f"<mark>{escape(text[match_start:match_end])}</mark>")
        position = match_end
    pieces.append(escape(text[position:end]))
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    return mark_safe(prefix + "".join(pieces) + suffix)  # every piece of text above is escaped
