import datetime
import functools
import html
import re

from django import template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from news import images, page_cache
from news.models import CreditRole, reader_language
from news.models.events import SHORT_KIND_LABELS, EventKind
from news.models.translations import ONLY_IN
from news.personal import MARK_ALL_READ_SLOT, unread_slot
from news.text import fold, fold_preserving_length

register = template.Library()


# Content in the reader's language -----------------------------------------------------------------------------


def lang_attribute(language, page_language=None):
    """' lang="vi"' for text in ``language`` on a page in another language (screen readers switch voice), else ''.
    ``page_language``: the reader's, when the caller has it already (a loop over 200 units)."""
    if not language or language == (page_language or reader_language()):
        return ""
    return f' lang="{html.escape(language)}"'


@register.filter
def lang_attr(text):
    """The lang attribute for a block holding ``text`` (anything with a ``language``: LocalizedText, an article's
    ``shown`` text), for example ``<div class="body"{{ article.shown|lang_attr }}>``."""
    return mark_safe(lang_attribute(getattr(text, "language", None)))


@register.simple_tag
def tr(value, *names):
    """Inline text in the reader's language when translated, else the original in a ``<span lang>``.

    ``{% tr unit "short_name" "name" %}`` picks among a model's translated fields (Translatable.localized);
    ``{% tr article.shown_title %}`` marks a LocalizedText already chosen."""
    if value is None or value == "":
        return ""
    if names:
        value = value.localized(*names)
    language = getattr(value, "language", None)
    if language and language != reader_language():
        return format_html('<span lang="{}">{}</span>', language, value)
    return value


@register.filter
def localized(obj, names):
    """``obj.localized(…)`` for templates: ``{{ event|localized:"description" }}``, names separated by commas."""
    return obj.localized(*names.split(","))


@register.simple_tag
def language_note(text):
    """A short note, in the reader's language, that ``text`` (an article's shown text) is not in it."""
    if getattr(text, "language", None) in (None, reader_language()):
        return ""
    return format_html('<p class="language-note" role="note">{}</p>', ONLY_IN.get(text.language, ""))


@register.simple_tag
def picture(photo, sizes="100vw", fallback_width=640):
    """A photo as <picture>: WebP and JPEG renditions with srcset, and the size known up front (no layout shift).
    Built here, not by an included template: a person's page shows 24 photos, a front page a dozen."""
    fallback = images.best_rendition(photo, "jpeg", fallback_width)
    if fallback is None:
        return ""
    webp_srcset = images.srcset(photo, "webp")
    source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp_srcset, sizes) if webp_srcset else ""
    return format_html(
        '<picture>\n  {}\n  <img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy"'
        ' decoding="async">\n</picture>',
        source,
        photo.image.storage.url(fallback["name"]),
        images.srcset(photo, "jpeg"),
        sizes,
        fallback["width"],
        fallback["height"],
        photo.description,
    )


@register.simple_tag
def large_rendition(photo, max_width=1920):
    """The largest JPEG rendition up to ``max_width`` (the lightbox's link, for a browser without script), with
    the photo's srcsets (the lightbox picks the size for the screen from them), or None."""
    rendition = images.best_rendition(photo, "jpeg", max_width)
    if rendition is None:
        return None
    return {
        **rendition,
        "url": photo.image.storage.url(rendition["name"]),
        "jpeg_srcset": images.srcset(photo, "jpeg"),
        "webp_srcset": images.srcset(photo, "webp"),
    }


@register.simple_tag
def credited_at_the_end(article):
    """The folded names the article's own credits give for its photos ("Photos", "Text and photos"): a photo
    credited to one of them needs no credit of its own under it (``in_credits``). From the prefetched credits."""
    roles = (CreditRole.PHOTO, CreditRole.TEXT_AND_PHOTO)
    return frozenset(fold(credit.display_name) for credit in article.credits.all() if credit.role in roles)


@register.filter
def in_credits(credit, credited):
    """Whether a photo's ``credit`` is one of the names ``credited_at_the_end`` returned (compared folded)."""
    return bool(credit) and fold(credit) in credited


# People -----------------------------------------------------------------------------------------------------


@register.simple_tag
def position_and_unit(person, link_unit=False):
    """A person's position and unit, the unit named once: "Viện trưởng Viện NIPI", never "Viện trưởng Viện NIPI,
    Viện NIPI". The unit follows after a comma unless the position names it already (any of its names, compared
    folded, as whole words). ``link_unit``: the unit's name links to its page, inside the position when it is there.
    ``person.unit`` should be selected with the person (a directory page lists 50)."""
    position = person.localized("position")
    unit = person.unit
    if unit is None:
        return tr(position)
    url = unit.get_absolute_url() if link_unit else None
    span = unit_named_in(position, unit)
    if span is None:
        label = unit.label
        shown = format_html('<a href="{}">{}</a>', url, tr(label)) if url else tr(label)
        return format_html("{}, {}", tr(position), shown) if position else shown
    if not url:
        return tr(position)
    start, end = span
    linked = format_html('{}<a href="{}">{}</a>{}', position[:start], url, position[start:end], position[end:])
    if position.language != reader_language():
        return format_html('<span lang="{}">{}</span>', position.language, linked)
    return linked


def unit_named_in(position, unit):
    """Where ``position`` names ``unit`` by one of its names (short or full, as shown or in the original), folded,
    as whole words: ``(start, end)`` in ``position``, the longest name found; None when it does not."""
    if not position:
        return None
    folded = fold_preserving_length(position)
    names = {fold(name) for name in (unit.label, unit.full_label, unit.name, unit.short_name) if name}
    for name in sorted(names, key=len, reverse=True):
        if match := re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
            return match.span()
    return None


@register.simple_tag
def portrait(person, width=160, alt=None, css_class="portrait", lazy=True):
    """A person's portrait as <picture> from its renditions (never the original), ``width`` CSS pixels wide, the
    browser choosing by the screen's density; ``alt`` defaults to the person's name. "" without a portrait."""
    renditions = person.portrait_renditions if person.portrait else None
    fallback = images.best_of(renditions, "jpeg", width)
    if fallback is None:
        return ""
    storage = person.portrait.storage
    webp_srcset = images.srcset_of(renditions, storage, "webp")
    sizes = f"{width}px"
    source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp_srcset, sizes) if webp_srcset else ""
    return format_html(
        '<picture>{}<img class="{}" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}'
        ' decoding="async"></picture>',
        source,
        css_class,
        storage.url(fallback["name"]),
        images.srcset_of(renditions, storage, "jpeg"),
        sizes,
        width,
        max(1, round(width * fallback["height"] / fallback["width"])),
        person.full_name if alt is None else alt,
        mark_safe(' loading="lazy"') if lazy else "",
    )


# Conferences --------------------------------------------------------------------------------------------------


@register.simple_tag
def conference_cells(cells):
    """One conference table row's cells: a link per report (its kind, short), or "no report". Built here
    rather than by template loops, which cost most of a 200-unit table's time (docs/PERFORMANCE.md)."""
    empty = format_html(
        '<td class="no-report"><span aria-hidden="true">—</span><span class="visually-hidden">{}</span></td>',
        _("no report"),
    )
    labels = kind_labels(get_language(), short=True)
    row = []
    for links in cells:
        if not links:
            row.append(empty)
            continue
        # The standard library's escape (what Django's wraps): Django's also checks for lazy strings, per call.
        cell = "<br>".join(f'<a href="{html.escape(link.url)}">{labels.get(link.kind, "")}</a>' for link in links)
        row.append(f'<td class="has-report">{cell}</td>')
    return mark_safe("\n".join(row))


@register.simple_tag
def unit_options(units, selected=None):
    """The <option>s of a unit filter: every unit (200 in a big company), the ``selected`` slug chosen.
    Built here: a template loop over them cost a list page more than its articles did. The reader's language is
    read once, not once a unit."""
    language = reader_language()
    labels = ((unit, unit.localized("short_name", "name", language=language)) for unit in units)
    return mark_safe(
        "".join(
            f'<option value="{html.escape(unit.slug)}"{" selected" if unit.slug == selected else ""}'
            f"{lang_attribute(label.language, language)}>{html.escape(label)}</option>"
            for unit, label in labels
        )
    )


CARD_TEMPLATE = "news/includes/article_card.html"


def card_shows(article):
    """Everything an article card shows, as one value: its cache key changes whenever any of it does."""
    photo = article.cover_photo
    text = article.shown
    return (
        article.pk,
        article.slug,
        text.title,
        text.lead,
        text.language,
        article.publish_at,
        article.created_at,
        article.unit.slug,
        article.unit.label,
        article.unit.label.language,
        article.category.localized("name") if article.category_id else "",
        (photo.image.name, photo.description, photo.renditions) if photo else None,
    )


@register.simple_tag
def article_cards(articles, unread_marks=False):
    """Article cards, each rendered once for what it shows and then taken from the cache (one ``get_many``
    for the page): a list page's cards cost more than the rest of it together. The key is made of the
    card's content itself, so a copy can never be stale, in any process, with any cache.

    ``unread_marks``: each card holds the placeholder of its unread mark, which news/personal.py fills for
    the reader of each request (the card itself is the same for everyone)."""
    articles = list(articles)
    template = get_template(CARD_TEMPLATE)

    def render(index):
        article = articles[index]
        return template.render(
            {
                "article": article,
                "unread_slot": mark_safe(unread_slot(article.pk, article.publish_at)) if unread_marks else "",
            }
        )

    cards = page_cache.fragments("card", [(*card_shows(article), unread_marks) for article in articles], render)
    return mark_safe("".join(cards))


@register.simple_tag
def mark_all_read():
    """Where a page with unread marks offers "Mark all as read": filled per reader (news/personal.py)."""
    return mark_safe(MARK_ALL_READ_SLOT.decode())


@register.simple_tag
def report_list_items(reports):
    """The <li>s of a list of conference reports (conferences.ReportItem): title, kind and date. Built here
    rather than by a template loop: a year's page lists hundreds (docs/PERFORMANCE.md)."""
    kinds = kind_labels(get_language(), short=False)
    return mark_safe(
        "".join(
            f'<li><a href="{html.escape(report.url)}"{lang_attribute(report.language)}>{html.escape(report.title)}</a> '
            f"<small>{kinds.get(report.kind, '')} · {short_date(timezone.localdate(report.start))}</small></li>"
            for report in reports
        )
    )


@functools.cache
def kind_labels(language, short):
    """Each EventKind's label (or the conference kinds' short labels) in ``language``, escaped; the
    current language, which is part of the cache's key."""
    labels = SHORT_KIND_LABELS.items() if short else EventKind.choices
    return {kind: html.escape(str(label)) for kind, label in labels}


@functools.lru_cache(maxsize=4096)
def _short_date(day, language):
    return date_format(day, "SHORT_DATE_FORMAT")


def short_date(day):
    return _short_date(day, get_language())


@register.filter
def isotime(moment):
    """A moment for a datetime="" attribute: ISO 8601 to the second in local time (HTML allows at most three
    digits of a second, and Django's "c" format writes six when a time has them)."""
    if not moment:
        return ""
    if not isinstance(moment, datetime.datetime):  # a day
        return moment.isoformat()
    return timezone.localtime(moment).isoformat(timespec="seconds")
