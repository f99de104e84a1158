import html

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from news import images
from news.models.events import SHORT_KIND_LABELS

register = template.Library()


@register.inclusion_tag("news/includes/picture.html")
def picture(photo, sizes="100vw", fallback_width=640):
    """A photo as <picture>: WebP and JPEG renditions with srcset, and the size known up front (no layout shift)."""
    fallback = images.best_rendition(photo, "jpeg", fallback_width)
    if fallback is None:
        return {"photo": None}
    return {
        "photo": photo,
        "sizes": sizes,
        "webp_srcset": images.srcset(photo, "webp"),
        "jpeg_srcset": images.srcset(photo, "jpeg"),
        "src": photo.image.storage.url(fallback["name"]),
        "width": fallback["width"],
        "height": fallback["height"],
    }


@register.simple_tag
def large_rendition(photo, max_width=1920):
    """The largest JPEG rendition up to ``max_width`` (for the lightbox), or None."""
    rendition = images.best_rendition(photo, "jpeg", max_width)
    if rendition is None:
        return None
    return {**rendition, "url": photo.image.storage.url(rendition["name"])}


@register.simple_tag
def conference_cells(cells):
    """One conference table row's cells: a link per report (its kind, short), or "no report". Built here
    rather than by template loops, which cost most of a 200-unit table's time (docs/PERFORMANCE.md)."""
    empty = format_html(
        '<td class="no-report"><span aria-hidden="true">—</span><span class="visually-hidden">{}</span></td>',
        _("no report"),
    )
    labels = {kind: html.escape(str(label)) for kind, label in SHORT_KIND_LABELS.items()}
    row = []
    for links in cells:
        if not links:
            row.append(empty)
            continue
        # The standard library's escape (what Django's wraps): Django's also checks for lazy strings, per call.
        cell = "<br>".join(f'<a href="{html.escape(link.url)}">{labels.get(link.kind, "")}</a>' for link in links)
        row.append(f'<td class="has-report">{cell}</td>')
    return mark_safe("\n".join(row))
