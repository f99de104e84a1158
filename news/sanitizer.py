"""The one HTML allow-list for stored rich text, derived from the editor's features.

The editor (django-prose-editor) and the server agree on what an article body
may contain because both are built from ``BODY_EDITOR_CONFIG``: what the editor
cannot produce, the sanitiser removes. Word's clutter (classes, styles, ``mso-``
properties, ``<o:p>``, conditional comments, empty spans) goes; structure stays.
"""

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


def sanitize_body(html):
    """Return ``html`` reduced to the editor's allow-list, in NFC; empty stays empty."""
    if not html:
        return ""
    cleaned = _cleaner.clean(nfc(html)).strip()
    # The editor always leaves one empty paragraph in an empty document.
    return "" if cleaned in ("<p></p>", "<p><br></p>") else cleaned
