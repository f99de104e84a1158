"""Reader pages cached whole, thrown away by what changed, with each reader's own part added per request.

**Tags.** A cached page records the tags it depends on ("news", "unit:12", "conferences:2025", …) and the
generation each tag had before the page was rendered. A change gives the tags it touches new (random)
generations (``invalidate``), so exactly the pages that showed the changed content are rendered again:
saving one article leaves other years' conference tables, the people directory and other units' pages
cached. Every page also depends on ``site`` (unit and category names, shown everywhere; content that
changes by itself when a scheduled article comes due or an event starts). ``affected_tags`` says what
each kind of change touches; views declare what they show, statically in ``@cached_page(…)`` and
dynamically with ``depends_on``.

**Where.** Pages and generations live in Django's cache (Redis in production), so a cached page costs
no database query: the session and the user come from the cache too (SESSION_ENGINE, portal/auth.py).
Generations and pages must be in a cache every server process shares, hence the page cache is on by
default only with CACHE_URL set (portal/settings.py). Random generations never repeat, even after a
restore under a long-lived cache; a generation the cache lost is replaced by a new one, which can only
cause a page to be rendered again, never a stale one to be served.

**Personal parts.** The cached copy is the same for every signed-in reader of a language: the account
links (newsroom, subscriptions, sign-out) and unread marks are placeholders filled in per request
(news/personal.py); the ETag covers what was filled in, so a 304 never keeps a reader's old marks. What must
happen on every request for a page (recording a read) learns which page it was from ``note``s the view made,
kept with the copy.
"""

import functools
import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from news.conferences import latest_report_year
from news.models import (
    CONFERENCE_KINDS,
    Article,
    ArticleCredit,
    ArticleMention,
    ArticleTranslation,
    Category,
    Event,
    EventParticipant,
    PageTag,
    Person,
    Photo,
    PhotoPerson,
    Unit,
)
from news.models.scopes import audience_key
from news.personal import fill_personal_parts

SITE = "site"
CLOCK = "clock"  # not a page's tag: the next moment content changes by itself, in ms (0: none)
GENERATION_PREFIX = "page-generation:"
PAGE_PREFIX = "page:"


def _generation_key(tag):
    return GENERATION_PREFIX + tag


def _new_generation():
    return secrets.randbits(62)


def store_generations(values):
    """Write generations to the database (the truth) and to the cache (where pages read them)."""
    PageTag.objects.bulk_create(
        [PageTag(tag=tag, generation=value) for tag, value in values.items()],
        update_conflicts=True,
        unique_fields=["tag"],
        update_fields=["generation"],
    )
    cache.set_many({_generation_key(tag): value for tag, value in values.items()}, timeout=None)


def invalidate(*tags):
    """Throw away every cached page and fragment that depends on one of ``tags``: now, and once more when
    the transaction making the change commits, since a page rendered in between still read the old rows
    but under the new generation."""
    if tags:
        tags = set(tags)
        store_generations({tag: _new_generation() for tag in tags})
        transaction.on_commit(lambda: store_generations({tag: _new_generation() for tag in tags}))


def invalidate_all():
    """Throw away every cached page (a restore, a change to names shown on every page)."""
    invalidate(SITE)


def next_change(now):
    """When content next changes by itself: a scheduled article's time, or an upcoming event's start."""
    moments = [
        Article.objects.scheduled(now).aggregate(m=Min("publish_at"))["m"],
        Event.objects.filter(start__gt=now).aggregate(m=Min("start"))["m"],
    ]
    return min((m for m in moments if m), default=None)


def _remember_next_change():
    when = next_change(timezone.now())
    store_generations({CLOCK: int(when.timestamp() * 1000) if when else 0})


def _from_database(tags):
    """The stored generations of ``tags``; those never stored get one now (the first process wins)."""
    found = dict(PageTag.objects.filter(tag__in=tags).values_list("tag", "generation"))
    missing = [tag for tag in tags if tag not in found]
    if missing:
        if CLOCK in missing:
            _remember_next_change()
        PageTag.objects.bulk_create(
            [PageTag(tag=tag, generation=_new_generation()) for tag in missing if tag != CLOCK],
            ignore_conflicts=True,
        )
        found.update(PageTag.objects.filter(tag__in=missing).values_list("tag", "generation"))
    return found


def generations(tags, known=None, from_cache=True):
    """The current generation of each of ``tags``: from the cache, else (or with ``from_cache`` off,
    where the cache is not shared by every process) from the database."""
    found = dict(known) if known is not None else {}
    wanted = [tag for tag in tags if tag not in found]
    if wanted and from_cache:
        values = cache.get_many([_generation_key(tag) for tag in wanted])
        found.update({tag: values[_generation_key(tag)] for tag in wanted if _generation_key(tag) in values})
        wanted = [tag for tag in wanted if tag not in found]
    if wanted:
        stored = _from_database(wanted)
        found.update(stored)
        if from_cache:
            # Copied into the cache, where the next request finds them; add, not set: a newer generation
            # another process stored meanwhile must not be overwritten by the one read here.
            for tag, value in stored.items():
                cache.add(_generation_key(tag), value, timeout=None)
    return found


def _check_the_clock(clock):
    """Move ``site`` on when content has changed by itself since the last look. True if it did."""
    if clock and clock <= timezone.now().timestamp() * 1000:
        invalidate_all()
        _remember_next_change()
        return True
    return False


def stamp(*tags):
    """The generations of ``tags`` and ``site``, read where every process sees the same (the shared cache,
    else the database): a fragment keyed by them is rendered again once one of them moves on."""
    tags = (SITE, CLOCK, *tags)
    found = generations(tags, from_cache=settings.SHARED_CACHE)
    if _check_the_clock(found[CLOCK]):
        found = generations(tags, from_cache=settings.SHARED_CACHE)
    return tuple(sorted(found.items()))


def depends_on(request, *tags):
    """Declare, while rendering a cached page, that it shows what ``tags`` stand for. Call it before the
    queries that read that content, so that a change made meanwhile leaves the copy stale-marked."""
    recording = getattr(request, "page_generations", None)
    if recording is not None:
        recording.update(generations(tags, known=recording))


@functools.cache
def code_version():
    """What the running code renders with: templates, template tags and translations (their paths, sizes and
    times). Part of every key, so that after a deploy no copy rendered by the old code is served."""
    root = Path(settings.BASE_DIR)
    files = [
        path
        for pattern in ("templates/**/*.html", "news/templatetags/*.py", "news/locale/*/LC_MESSAGES/*.mo")
        for path in root.glob(pattern)
    ]
    raw = "|".join(f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in sorted(files))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def page_key(request):
    signed_in = "reader" if request.user.is_authenticated else "anon"
    # Readers of the same units and groups meet the same content (audiences): they share copies.
    audience = audience_key(request.user)
    raw = f"{code_version()}|{get_language()}|{signed_in}|{audience}|{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _etag(key, page_generations):
    raw = key + "|" + ",".join(f"{tag}={page_generations[tag]}" for tag in sorted(page_generations))
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def note(request, **facts):
    """Say what the page being rendered is, for what must happen on every request for it (recording a read):
    kept with the cached copy and given back in ``request.page_notes`` when the copy is served, since the view
    does not run then. Plain values only (they are stored in the cache)."""
    request.page_notes.update(facts)


def cached_page(*static_tags):
    """Serve the page from the cache while nothing it depends on has changed, and a 304 when the reader
    already has it. ``static_tags``: what the page shows whatever its arguments (besides ``site``)."""
    page_tags = (SITE, *static_tags)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            request.personal_slots = True
            request.page_notes = {}
            if request.method not in ("GET", "HEAD") or not settings.PORTAL_CACHE_PAGES:
                return fill_personal_parts(request, view(request, *args, **kwargs))
            response = _cached_response(request, page_tags, lambda: view(request, *args, **kwargs))
            if response.status_code == 200:
                # Private: the page depends on the reader's sign-in; revalidate each time (cheap: a 304).
                patch_cache_control(response, private=True, no_cache=True)
                patch_vary_headers(response, ["Cookie"])
            return _not_modified_if_unchanged(request, fill_personal_parts(request, response))

        return wrapped

    return decorator


def _not_modified_if_unchanged(request, response):
    """The ETag names the shared copy and the reader's own parts filled into it (their unread marks): a 304
    when both are what the reader already has, so that a mark read since is never kept by the browser."""
    if not response.has_header("ETag"):
        return response
    raw = response["ETag"] + getattr(response, "personal_digest", "")
    response["ETag"] = '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'
    if response["ETag"] not in request.headers.get("If-None-Match", ""):
        return response
    not_modified = HttpResponseNotModified()
    for header in ("ETag", "Cache-Control", "Vary"):
        if response.has_header(header):
            not_modified[header] = response[header]
    not_modified.cookies = response.cookies
    return not_modified


def _cached_response(request, page_tags, render):
    key = page_key(request)
    found = cache.get_many([key, *(_generation_key(tag) for tag in (CLOCK, *page_tags))])
    known = {tag: found[_generation_key(tag)] for tag in (CLOCK, *page_tags) if _generation_key(tag) in found}
    clock = known[CLOCK] if CLOCK in known else generations([CLOCK])[CLOCK]
    clock_moved = _check_the_clock(clock)
    entry = None if clock_moved else found.get(key)
    if entry is not None:
        current = generations(entry["generations"], known=known)
        if all(current[tag] == generation for tag, generation in entry["generations"].items()):
            request.page_notes = entry.get("notes", {})
            response = HttpResponse(entry["content"], content_type=entry["content_type"])
            response["ETag"] = _etag(key, entry["generations"])
            return response
    request.page_generations = generations(page_tags)
    response = render()
    cacheable = response.status_code == 200 and not response.streaming and not response.cookies
    if cacheable:
        page_generations = request.page_generations
        entry = {
            "generations": page_generations,
            "content": response.content,
            "content_type": response["Content-Type"],
            "notes": request.page_notes,
        }
        cache.set(key, entry, settings.PORTAL_CACHE_SECONDS)
        response["ETag"] = _etag(key, page_generations)
    return response


# Fragments ------------------------------------------------------------------------------------------------

FRAGMENT_SECONDS = 24 * 3600


def fragment_key(name, shows):
    """The cache key of fragment ``name`` rendered for ``shows``: everything the fragment shows, or a stamp
    of it that changes whenever it does. The content is the key, so a copy is never stale, in any process
    and with any cache (also each process's own memory when the shared cache is off)."""
    return f"fragment:{name}:" + hashlib.sha256(repr((code_version(), get_language(), shows)).encode()).hexdigest()


def fragment(name, shows, render):
    """Fragment ``name`` for ``shows``: from the cache, or ``render()`` once and kept."""
    return fragments(name, [shows], lambda _: render())[0]


def fragments(name, every_shows, render):
    """Fragments ``name``, one for each of ``every_shows``, in one cache round trip: those not kept yet are
    made by ``render(index)`` and kept."""
    keys = [fragment_key(name, shows) for shows in every_shows]
    found = cache.get_many(keys)
    missing = {key: render(index) for index, key in enumerate(keys) if key not in found}
    if missing:
        cache.set_many(missing, FRAGMENT_SECONDS)
        found.update(missing)
    return [found[key] for key in keys]


# What a change touches ------------------------------------------------------------------------------------


def _ids(values):
    return {value for value in values if value}


def _conference_tags(event_ids):
    """``conferences:<year>`` for the conference events among ``event_ids``, and ``conferences:latest``
    when one of those years is (or was) the newest: then the table's default window moves."""
    years = set(Event.objects.filter(pk__in=_ids(event_ids), kind__in=CONFERENCE_KINDS).values_list("year", flat=True))
    return _year_tags(years)


def _year_tags(years):
    years = _ids(years)
    if not years:
        return set()
    tags = {f"conferences:{year}" for year in years}
    if max(years) >= latest_report_year():
        tags.add("conferences:latest")
    return tags


def _people_of_article(article_id):
    return (
        set(ArticleMention.objects.filter(article_id=article_id).values_list("person_id", flat=True))
        | set(ArticleCredit.objects.filter(article_id=article_id).values_list("person_id", flat=True))
        | set(PhotoPerson.objects.filter(photo__article_id=article_id).values_list("person_id", flat=True))
    )


def article_tags(article):
    event_ids = _ids({article.event_id, article.loaded_value("event_id")})
    tags = {"news", "photos", f"article:{article.pk}"}
    tags |= {f"unit:{pk}" for pk in _ids({article.unit_id, article.loaded_value("unit_id")})}
    tags |= {f"event:{pk}" for pk in event_ids}
    tags |= _conference_tags(event_ids)
    tags |= {f"person:{pk}" for pk in _people_of_article(article.pk)}
    return tags


def event_tags(event):
    tags = {"events", "news", f"event:{event.pk}"}
    tags |= {f"unit:{pk}" for pk in _ids({event.unit_id, event.loaded_value("unit_id")})}
    if event.kind in CONFERENCE_KINDS or event.loaded_value("kind") in CONFERENCE_KINDS:
        tags |= _year_tags({event.year, event.loaded_value("year")})
    tags |= {f"article:{pk}" for pk in Article.objects.filter(event_id=event.pk).values_list("pk", flat=True)}
    people = EventParticipant.objects.filter(event_id=event.pk).values_list("person_id", flat=True)
    return tags | {f"person:{pk}" for pk in people}


def person_tags(person):
    articles = (
        set(ArticleMention.objects.filter(person_id=person.pk).values_list("article_id", flat=True))
        | set(ArticleCredit.objects.filter(person_id=person.pk).values_list("article_id", flat=True))
        | set(PhotoPerson.objects.filter(person_id=person.pk).values_list("photo__article_id", flat=True))
    )
    events = set(EventParticipant.objects.filter(person_id=person.pk).values_list("event_id", flat=True))
    tags = {"people", f"person:{person.pk}"}
    tags |= {f"unit-people:{pk}" for pk in _ids({person.unit_id, person.loaded_value("unit_id")})}
    tags |= {f"article:{pk}" for pk in _ids(articles)} | {f"event:{pk}" for pk in events}
    return tags


def photo_tags(photo):
    tags = {"photos"}
    tags |= {f"article:{pk}" for pk in _ids({photo.article_id, photo.loaded_value("article_id")})}
    tags |= {f"event:{pk}" for pk in _ids({photo.event_id, photo.loaded_value("event_id")})}
    people = PhotoPerson.objects.filter(photo_id=photo.pk).values_list("person_id", flat=True)
    return tags | {f"person:{pk}" for pk in people}


def photo_person_tags(shown):
    # By value, not shown.photo: when a photo is deleted, its tags go first and the photo may be gone.
    photo = Photo.objects.filter(pk=shown.photo_id).values("article_id", "event_id").first() or {}
    tags = {f"person:{shown.person_id}"}
    tags |= {f"article:{pk}" for pk in _ids({photo.get("article_id")})}
    return tags | {f"event:{pk}" for pk in _ids({photo.get("event_id")})}


def translation_tags(translation):
    # Wherever the article is shown, its title or text may be this translation. By id: when an article is
    # deleted, its translations go first.
    article = Article.objects.filter(pk=translation.article_id).first()
    return article_tags(article) if article else {"news"}


def mention_tags(mention):
    # A mention or credit is shown on its article and on the person's page (with the article's title).
    return {f"article:{mention.article_id}", f"person:{mention.person_id}", "news"}


def participant_tags(participation):
    return {f"event:{participation.event_id}", f"person:{participation.person_id}"}


# What each kind of saved or deleted object touches. The many-to-many relations all go through these
# models, whose own saves are caught. Unit and category names are on nearly every page.
TAGS_OF = {
    Article: article_tags,
    Event: event_tags,
    Person: person_tags,
    Photo: photo_tags,
    PhotoPerson: photo_person_tags,
    ArticleMention: mention_tags,
    ArticleCredit: mention_tags,
    ArticleTranslation: translation_tags,
    EventParticipant: participant_tags,
    Unit: lambda unit: {SITE},
    Category: lambda category: {SITE},
}


def affected_tags(instance):
    """The tags a saved or deleted ``instance`` touches."""
    return TAGS_OF[type(instance)](instance)


def _changed(sender, instance, **kwargs):
    invalidate(*affected_tags(instance))
    if sender in (Article, Event):
        _remember_next_change()  # a schedule or a start may have moved


def connect_signals():
    for model in TAGS_OF:
        post_save.connect(_changed, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")
