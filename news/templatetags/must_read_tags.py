"""Must-read notices on reader pages: the front page's pinned banner and the note on the article itself.

What a reader sees of them is theirs alone (have they acknowledged?), so a page cached for everyone holds every
notice meant for its audience between markers, and news/personal.py keeps, per request, those this reader has
not acknowledged (the article page: the note, or the word that they have). Outside a cached page (the newsroom's
preview) the note is shown as it is, without the button.
"""

from django import template

from news.personal import must_read_markers

register = template.Library()


def _personal(context):
    return getattr(context.get("request"), "personal_slots", False)


@register.inclusion_tag("news/includes/must_read_notices.html", takes_context=True)
def must_read_notices(context, notices):
    """The front page's banner of must-read notices (the soonest due first), pinned above everything."""
    request = context["request"]
    personal = _personal(context)
    return {
        "notices": [(notice, must_read_markers(notice.pk)) for notice in notices] if personal else [],
        "markers": must_read_markers(),
        "next": request.get_full_path(),
    }


@register.inclusion_tag("news/includes/must_read_note.html", takes_context=True)
def must_read_note(context, article):
    """On a must-read article's page: the due date and "I have read this", or that the reader has."""
    request = context["request"]
    return {
        "article": article if article.must_read else None,
        "personal": _personal(context),
        "markers": must_read_markers(article.pk),
        "next": request.get_full_path(),
    }
