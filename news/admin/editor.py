"""The rich-text editor's menu in the newsroom's language.

django-prose-editor writes most names in its menu in English inside its JavaScript ("bold",
"heading 2", the style menu's "Heading 2" and "Paragraph", "Insert table"), with no setting or
translation hook for them (only its dialogs go through Django's JavaScript catalogue). The newsroom
gives them through Django's own catalogue instead: ``editor_labels`` maps each English text the
editor writes to our translation of it, the body's textarea carries the map (``data-editor-labels``),
and admin-a11y.js puts the translations on the menu's buttons (title and accessible name) and
options whenever the editor draws them.
"""

import json

from django.utils.translation import gettext as _
from django_prose_editor.fields import ProseEditorField

# The editor's headings go from level 1 to 6 (the article body offers 2 to 4).
HEADING_LEVELS = range(1, 7)


def editor_labels():
    """{the editor's English text: its translation in the active language}."""
    names = {
        "bold": _("Bold"),
        "italic": _("Italic"),
        "underline": _("Underline"),
        "strike": _("Strikethrough"),
        "subscript": _("Subscript"),
        "superscript": _("Superscript"),
        "paragraph": _("Paragraph"),
        "Paragraph": _("Paragraph"),
        "unordered list": _("Bulleted list"),
        "ordered list": _("Numbered list"),
        "blockquote": _("Quotation"),
        "horizontal rule": _("Horizontal line"),
        "figure": _("Image with caption"),
        "insert link": _("Insert link"),
        "remove link": _("Remove link"),
        "Insert table": _("Insert table"),
        "Add column": _("Add column"),
        "Delete column": _("Delete column"),
        "Add row": _("Add row"),
        "Delete row": _("Delete row"),
        "Merge cells": _("Merge cells"),
        "Split cell": _("Split cell"),
        "Toggle header cell": _("Header cell on or off"),
        "Delete table": _("Delete table"),
        "undo": _("Undo"),
        "redo": _("Redo"),
        "edit HTML": _("Edit HTML source"),
        # The style menu's button when the cursor is in no style it offers (a list item, a table cell).
        "question_mark": _("Text style"),
    }
    for level in HEADING_LEVELS:
        heading = _("Heading %(level)d") % {"level": level}
        names[f"heading {level}"] = heading
        names[f"Heading {level}"] = heading
    return names


class TranslatedEditorMixin:
    """For the admins with a rich-text body: the editor's menu in the user's language."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, ProseEditorField) and formfield is not None:
            formfield.widget.attrs["data-editor-labels"] = json.dumps(editor_labels(), ensure_ascii=False)
        return formfield
