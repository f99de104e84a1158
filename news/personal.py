"""What a page shows one reader only: added per request, never part of a page cached for everyone.

Pages cached whole (news/page_cache.py) hold placeholders that ``fill_personal_parts`` replaces: the account
links, and on the front page and the news list each card's unread mark and "Mark all as read".
"""

import datetime
import functools
import hashlib
import logging
import re
from urllib.parse import quote

from django.db import DatabaseError
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from news.models import Article, ArticleRead
from news.models.scopes import reader_read_all_before

logger = logging.getLogger(__name__)

# Where base.html leaves the reader's own links in a page cached for everyone.
ACCOUNT_SLOT = b"<!--portal:account-->"


def account_links(request):
    """The reader's own links in the header: the newsroom for staff, subscriptions and sign-out, or
    sign-in. Per request, never in a page cached for everyone (news/page_cache.py fills them in)."""
    user = request.user
    if not user.is_authenticated:
        return format_html(
            '<a href="{}?next={}">{}</a>', reverse("login"), quote(request.get_full_path()), _("Sign in")
        )
    match = request.resolver_match
    # Only the menu's own pages are marked current: any other page shares one copy of the links.
    current = match.view_name if match is not None and match.view_name in ACCOUNT_PAGES else ""
    links = signed_in_links(get_language(), get_script_prefix(), user.is_staff, current)
    # The reader's name opens their menu: a <details>, so it works without script and with the keyboard.
    return format_html(
        '<details class="user-menu"><summary>{}</summary><ul>{}</ul></details>',
        user.get_full_name() or user.get_username(),
        links,
    )


ACCOUNT_PAGES = ("news:mail_settings", "news:subscriptions")


@functools.lru_cache(maxsize=64)
def signed_in_links(language, script_prefix, is_staff, current_view):
    """The signed-in reader's menu items, the same for every reader of a kind, so made once (they are added
    to every page served, cached ones included)."""
    links = [
        (reverse("admin:index"), _("Newsroom"), "") if is_staff else None,
        (reverse("news:mail_settings"), _("My settings"), "news:mail_settings"),
        (reverse("news:subscriptions"), _("My subscriptions"), "news:subscriptions"),
        (reverse("logout"), _("Sign out"), ""),
    ]
    return mark_safe(
        "".join(
            format_html(
                '<li><a href="{}"{}>{}</a></li>',
                url,
                mark_safe(' aria-current="page"') if view and view == current_view else "",
                label,
            )
            for url, label, view in filter(None, links)
        )
    )


# Unread marks ---------------------------------------------------------------------------------------------

# An article card on a page that shows unread marks holds this placeholder (unread_slot): the article and when
# it was published, so that only recent articles are looked up.
UNREAD_SLOT_START = b"<!--portal:unread:"
UNREAD_SLOTS = re.compile(rb"<!--portal:unread:(\d+):(-?\d+)-->")
# Where such a page offers "Mark all as read" (a form with the reader's CSRF token: never in a shared copy).
MARK_ALL_READ_SLOT = b"<!--portal:mark-all-read-->"
# Only the latest news is marked: an archive page of last year's news is not a list of things to catch up on.
UNREAD_WITHIN = datetime.timedelta(days=30)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def microseconds(moment):
    """``moment`` as whole microseconds since 1970, exactly (a float timestamp could be off by one)."""
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


def unread_slot(article_id, published):
    return f"<!--portal:unread:{int(article_id)}:{microseconds(published)}-->"


def unread_among(reader, published, now=None):
    """Those of the articles ``published`` ({id: publish time in microseconds}) that ``reader`` has not opened:
    published in the last UNREAD_WITHIN and since they last marked all as read (known with their scope, no query),
    and never read. One query on the reads' (user, article) index; none when no article is that recent."""
    since = (now or timezone.now()) - UNREAD_WITHIN
    read_all_before = reader_read_all_before(reader)
    since = microseconds(max(since, read_all_before) if read_all_before else since)
    recent = {article_id for article_id, moment in published.items() if moment >= since}
    if not recent:
        return set()
    opened = ArticleRead.objects.filter(user_id=reader.pk, article_id__in=recent).values_list("article_id", flat=True)
    return recent - set(opened)


@functools.lru_cache(maxsize=8)
def unread_mark(language):
    """A quiet dot (drawn by the style sheet) that says "unread" to screen readers, in ``language`` (current)."""
    # In the reader's language, also inside a title shown in another (its lang attribute).
    return format_html(
        '<span class="unread-mark" lang="{}"><span class="visually-hidden"> {}</span></span>', language, _("(unread)")
    )


def mark_all_read_form(request):
    return format_html(
        '<form method="post" action="{}" class="mark-all-read"><input type="hidden" name="csrfmiddlewaretoken" '
        'value="{}"><input type="hidden" name="next" value="{}"><button type="submit">{}</button></form>',
        reverse("news:mark_all_read"),
        get_token(request),
        request.get_full_path(),
        _("Mark all as read"),
    )


def fill_unread_marks(request, content):
    """The unread marks of the cards ``content`` holds, and "Mark all as read" when one is unread: at most one
    query for the whole page, none for an anonymous reader or a page without recent cards. (content, what was
    filled)."""
    if UNREAD_SLOT_START not in content and MARK_ALL_READ_SLOT not in content:
        return content, ""
    published = {int(article_id): int(moment) for article_id, moment in UNREAD_SLOTS.findall(content)}
    unread = set()
    if published and request.user.is_authenticated:
        try:
            unread = unread_among(request.user, published)
        except DatabaseError as error:  # a shared copy is still worth serving without its marks
            logger.warning("Unread marks left out: %s", error)
    mark = unread_mark(get_language()).encode()
    content = UNREAD_SLOTS.sub(lambda slot: mark if int(slot[1]) in unread else b"", content)
    content = content.replace(MARK_ALL_READ_SLOT, mark_all_read_form(request).encode() if unread else b"")
    return content, ",".join(map(str, sorted(unread)))


# Must-read notices -----------------------------------------------------------------------------------------

# A shared copy holds every must-read notice meant for its audience (news/templatetags/must_read_tags.py), each
# between markers naming its article: kept for a reader who has not acknowledged it in the current round, else
# left out (with the word that they have, where the page has one, the article's own). The front page's banner
# goes with its last notice. Each "I have read this" form gets the reader's CSRF token here.
MUST_READ_MARK = b"<!--portal:must-read"
MUST_READ_LIST = re.compile(rb"<!--portal:must-read-list-->(.*?)<!--portal:/must-read-list-->", re.S)
MUST_READ_NOTICES = re.compile(rb"<!--portal:must-read:(\d+)-->(.*?)<!--portal:/must-read-->", re.S)
MUST_READ_DONE = re.compile(rb"<!--portal:must-read-done:(\d+)-->(.*?)<!--portal:/must-read-done-->", re.S)
MUST_READ_ARTICLES = re.compile(rb"<!--portal:must-read(?:-done)?:(\d+)-->")
CSRF_SLOT = b"<!--portal:csrf-->"


def must_read_markers(article_id=None):
    """The markers a template puts around a notice of ``article_id`` (and its acknowledged form), and around
    the list of them."""
    markers = {
        "list_start": "<!--portal:must-read-list-->",
        "list_end": "<!--portal:/must-read-list-->",
        "csrf": CSRF_SLOT.decode(),
    }
    if article_id is not None:
        markers |= {
            "start": f"<!--portal:must-read:{int(article_id)}-->",
            "end": "<!--portal:/must-read-->",
            "done_start": f"<!--portal:must-read-done:{int(article_id)}-->",
            "done_end": "<!--portal:/must-read-done-->",
        }
    return {name: mark_safe(marker) for name, marker in markers.items()}


def pending_among(reader, article_ids):
    """Those of ``article_ids`` that ``reader`` has not acknowledged in the current round: one query."""
    return set(Article.objects.filter(pk__in=article_ids).not_acknowledged_by(reader).values_list("pk", flat=True))


def fill_must_read_notices(request, content):
    """Keep the notices ``content`` holds that this reader has yet to acknowledge: one query for the page, none
    for a page without notices or an anonymous reader. (content, what was kept)."""
    if MUST_READ_MARK not in content:
        return content, ""
    ids = {int(article_id) for article_id in MUST_READ_ARTICLES.findall(content)}
    pending, signed_in = set(), request.user.is_authenticated
    if signed_in:
        try:
            pending = pending_among(request.user, ids)
        except DatabaseError as error:  # the page is still worth serving without its notices
            logger.warning("Must-read notices left out: %s", error)
            signed_in = False
    acknowledged = ids - pending if signed_in else set()

    def notices(match):
        return match[2] if int(match[1]) in pending else b""

    def notice_list(match):
        held = {int(article_id) for article_id in MUST_READ_ARTICLES.findall(match[1])}
        return MUST_READ_NOTICES.sub(notices, match[1]) if held & pending else b""

    content = MUST_READ_LIST.sub(notice_list, content)
    content = MUST_READ_NOTICES.sub(notices, content)
    content = MUST_READ_DONE.sub(lambda match: match[2] if int(match[1]) in acknowledged else b"", content)
    if pending:
        token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
        content = content.replace(CSRF_SLOT, str(token).encode())
    return content, f"must-read:{sorted(pending)}:{sorted(acknowledged)}"


# Filling a shared copy ------------------------------------------------------------------------------------

# Each placeholder a shared page may hold, and what fills it for the reader of this request (HTML).
PERSONAL_PARTS = {ACCOUNT_SLOT: account_links}
# What fills placeholders that vary in number (one a card): (request, content) -> (content, what was filled).
PAGE_FILLERS = [fill_unread_marks, fill_must_read_notices]


def fill_personal_parts(request, response):
    """Put the reader's own parts where the shared copy left placeholders. ``response.personal_digest`` tells
    one reader's parts from another's, or from the same reader's a moment ago (news/page_cache.py puts it in
    the ETag, so that a 304 never keeps marks the reader has read since)."""
    if response.streaming:
        return response
    content, filled = response.content, []
    for slot, render in PERSONAL_PARTS.items():
        if slot in content:
            part = str(render(request))
            content = content.replace(slot, part.encode(), 1)
            filled.append(part)
    for fill in PAGE_FILLERS:
        content, part = fill(request, content)
        filled.append(part)
    response.content = content
    response.personal_digest = hashlib.sha256("\x00".join(filled).encode()).hexdigest()[:16]
    return response
