"""The one HTML allow-list for stored rich text, derived from the editor's features.

The editor (django-prose-editor) and the server agree on what an article body
may contain because both are built from ``BODY_EDITOR_CONFIG``: what the editor
cannot produce, the sanitiser removes. Word's clutter (classes, styles, ``mso-``
properties, ``<o:p>``, conditional comments, empty spans) goes; structure stays.
"""

import re

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from news.text import nfc

BODY_EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": True, "protocols": ["http", "https", "mailto", "tel"]},
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "Figure": True,
        "Caption": True,
        "Image": True,
    }
}

# Only these URL schemes survive in href/src: no javascript:, data: or vbscript:.
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Headings and emphasis pasted from Word or other sites keep their structure even where
# the editor's menu writes them differently.
EXTRA_TAGS = {"h1", "h5", "h6", "b", "i", "caption", "colgroup", "col", "tfoot"}


def _build_cleaner():
    allowlist = allowlist_from_extensions(expand_extensions(BODY_EDITOR_CONFIG["extensions"]))
    attributes = {tag: set(attrs) for tag, attrs in allowlist["attributes"].items()}
    attributes.pop("figure", None)  # the Figure extension allows any class there; we want none
    return nh3.Cleaner(
        tags=set(allowlist["tags"]) | EXTRA_TAGS,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel=allowlist.get("link_rel"),
        strip_comments=True,
    )


_cleaner = _build_cleaner()

# Elements whose content an HTML parser reads as text up to their end tag (or drops, as nh3 drops
# script and style with their content), and <template>, whose content nh3 drops. Left open, each
# takes the rest of the body with it; comments do the same.
RAW_TEXT_TAGS = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "template")
_OPENING = re.compile(
    r"<(?P<name>" + "|".join((*RAW_TEXT_TAGS, "plaintext")) + r""")(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>?"""
    r"|<!--",
    re.IGNORECASE,
)
_COMMENT_END = re.compile(r"-->|--!>")


def close_or_drop_open_elements(html):
    """``html`` without the opening tags of raw-text elements and comments that are never closed.

    A complete ``<script>…</script>`` or comment stays for nh3 to remove whole; an unclosed one loses
    only its tag, so the text after it is kept (``<plaintext>`` can never be closed). Removing a tag
    can join its neighbours into a new one ("<scr<style>ipt>"), hence the repeat until nothing changes.
    """
    for _ in range(100):
        kept, position, dropped = [], 0, False
        while opening := _OPENING.search(html, position):
            end = _closing_end(html, opening)
            if end is None:
                kept.append(html[position : opening.start()])
                position, dropped = opening.end(), True
            else:
                kept.append(html[position:end])
                position = end
        html = "".join(kept) + html[position:]
        if not dropped:
            break
    return html


def _closing_end(html, opening):
    """Where the element or comment that ``opening`` starts ends, or None when it is never closed."""
    name = opening["name"]
    if name is None:  # a comment; "<!-->" and "<!--->" are complete, empty ones
        for abrupt in (">", "->"):
            if html.startswith(abrupt, opening.end()):
                return opening.end() + len(abrupt)
        closing = _COMMENT_END.search(html, opening.end())
    elif name.lower() == "plaintext":
        return None
    else:
        closing = re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE).search(html, opening.end())
    return closing.end() if closing else None


def sanitize_body(html):
    """Return ``html`` reduced to the editor's allow-list, in NFC; empty stays empty.

    Nothing but markup is lost: an unclosed ``<style>``, ``<script>`` or comment is dropped as a tag,
    not taken to run to the end of the body.
    """
    if not html:
        return ""
    cleaned = _cleaner.clean(close_or_drop_open_elements(nfc(html))).strip()
    # The editor always leaves one empty paragraph in an empty document.
    return "" if cleaned in ("<p></p>", "<p><br></p>") else cleaned
