"""Reader pages cached whole, and answered with 304 when the reader already has them.

A page's key holds the content generation (news.models.ContentState), bumped by signals
whenever anything a reader can see is saved or deleted, and when a scheduled article comes
due or an upcoming event starts: no cached page outlives the content it shows. Pages vary
only by language and by the reader being staff (the header's newsroom link), since the
header carries no per-user token (the language switch and sign-out are plain links).
"""

import functools
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from news.models import Article, ContentState, Event

STATE_ID = 1


def next_change(now):
    """When content next changes by itself: a scheduled article's time, or an upcoming event's start."""
    moments = [
        Article.objects.scheduled(now).aggregate(m=Min("publish_at"))["m"],
        Event.objects.filter(start__gt=now).aggregate(m=Min("start"))["m"],
    ]
    return min((m for m in moments if m), default=None)


def bump(**kwargs):
    """Invalidate every cached page. The new generation is random, not a count, so that keys
    never repeat, even after the database is restored or recreated under a long-lived cache."""
    values = {"generation": secrets.randbits(62), "next_change": next_change(timezone.now())}
    if not ContentState.objects.filter(pk=STATE_ID).update(**values):
        ContentState.objects.update_or_create(pk=STATE_ID, defaults=values)


def current_generation():
    """The generation pages are keyed by, moving it on first if content has changed by itself."""
    state = ContentState.objects.filter(pk=STATE_ID).values("generation", "next_change").first()
    if state is None or (state["next_change"] and state["next_change"] <= timezone.now()):
        bump()
        state = ContentState.objects.filter(pk=STATE_ID).values("generation", "next_change").first()
    return state["generation"] if state else 0


def page_key(request, generation):
    user = request.user
    audience = "staff" if user.is_authenticated and user.is_staff else "reader" if user.is_authenticated else "anon"
    raw = f"{generation}|{get_language()}|{audience}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_page(view):
    """Serve the page from the cache when it is there, and a 304 when the reader has it already."""

    content_type = f"text/html; charset={settings.DEFAULT_CHARSET}"

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_key(request, current_generation())
        etag = f'"{key[5:37]}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            content = cache.get(key) if settings.PORTAL_CACHE_PAGES else None
            if content is not None:
                response = HttpResponse(content, content_type=content_type)
            else:
                response = view(request, *args, **kwargs)
                cacheable = response.status_code == 200 and not response.streaming and not response.cookies
                if settings.PORTAL_CACHE_PAGES and cacheable:
                    cache.set(key, response.content, settings.PORTAL_CACHE_SECONDS)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            # Private: the page depends on the reader's sign-in; revalidate each time (cheap: a 304).
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


def connect_signals():
    """Anything a reader can see changing invalidates the cached pages."""
    from news.models import (
        ArticleCredit,
        ArticleMention,
        Category,
        EventParticipant,
        Person,
        Photo,
        PhotoPerson,
        Unit,
    )

    # The many-to-many relations all go through these models, whose own saves are caught.
    for model in (
        Article,
        ArticleCredit,
        ArticleMention,
        Category,
        Event,
        EventParticipant,
        Person,
        Photo,
        PhotoPerson,
        Unit,
    ):
        post_save.connect(bump, sender=model, dispatch_uid=f"cache-bump-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"cache-bump-delete-{model.__name__}")
