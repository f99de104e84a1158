"""RSS feeds of published articles, and how a feed reader signs in to them.

A feed reader cannot fill in the sign-in form, so each employee has personal feed
addresses: the feed URL with their ``token`` (news.models.FeedToken), shown only on
their own "My subscriptions" page, never on a cached page. A token stops working when
its owner resets it or their account is deactivated. Signed tokens of earlier versions
(``signing.dumps``) are refused: they were served to other readers in cached pages.

Each item carries its cover photo as an enclosure (a JPEG rendition readers may see) and its credits as the
author ("Tin: …; Ảnh: …"). The feed's ``atom:link rel="self"`` is the address it was read at, with the
personal token when it was read with one, so a feed reader following it does not land on the sign-in page.
Feeds are never cached by the portal (each is one reader's: audiences); a feed reader asking again gets a
304 when nothing changed (``ETag``: a digest of that reader's own feed; ``Last-Modified``), and the answer
is ``private`` so no shared cache keeps one reader's feed for another.
"""

import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from django.utils.http import http_date, quote_etag, urlencode
from django.utils.translation import gettext_lazy as _

from news.identity import site_name
from news.images import CONTENT_TYPES, FORMATS, best_rendition
from news.models import Article, FeedToken, Unit

FEED_LENGTH = 30
ENCLOSURE_FORMAT = "jpeg"  # every feed reader shows a JPEG; WebP not yet
ENCLOSURE_WIDTH = 1280  # the widest rendition no wider than this


def personal_feed_url(request, token, view_name, *args):
    """The absolute address of a feed with the owner's token, for a feed reader or calendar app."""
    url = f"{reverse(view_name, args=args)}?{urlencode({'token': token.key})}"
    return request.build_absolute_uri(url)


def feed_access(view):
    """Let a feed be read with the session of a signed-in browser or with an active user's feed token; the answer
    is private to that reader."""

    @login_not_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        # Whom the feed is read for: the session's user, else the token's owner (audiences are theirs).
        request.feed_reader = request.user
        request.feed_token = None  # the key the feed is read with, when it is (its self link keeps it)
        if not request.user.is_authenticated and request.GET.get("token"):
            owner = FeedToken.objects.user_for_key(request.GET.get("token"))
            if owner is not None:
                request.feed_reader, request.feed_token = owner, request.GET.get("token")
        if settings.PORTAL_LOGIN_REQUIRED and not request.feed_reader.is_authenticated:
            return redirect_to_login(request.get_full_path())
        response = view(request, *args, **kwargs)
        # What it holds is its reader's (audiences): no shared cache may keep it for another reader.
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])  # read with the session: another reader's is another feed
        return response

    return wrapped


def credit_line(credits):
    """The credits as one author line, by role in the order given: "Tin: A, B; Ảnh: C" (in the reader's language),
    or None without credits."""
    names = {}
    for credit in credits:
        names.setdefault(str(credit.get_role_display()), []).append(credit.display_name)
    return "; ".join(f"{role}: {', '.join(people)}" for role, people in names.items()) or None


@dataclass(frozen=True)
class FeedSubject:
    """What one request's feed is about: for whom (audiences are the reader's) and, for a unit's feed, the unit;
    and the request it answers (addresses are absolute, the self link is the one it was read at)."""

    reader: object
    request: object
    unit: Unit | None = None

    def articles(self):
        """The published articles meant for the reader, newest first, in their language, with their cover photo
        and credits (a fixed number of queries), each with its enclosure worked out."""
        articles = Article.objects.for_reader(self.reader)
        if self.unit is not None:
            articles = articles.for_unit(self.unit)
        articles = list(articles.for_listing().prefetch_related("credits__person")[:FEED_LENGTH])
        for article in articles:
            article.feed_enclosure = self.enclosure(article.cover_photo)
        return articles

    def enclosure(self, photo):
        """The photo as an RSS enclosure: an absolute address of its widest JPEG rendition up to
        ENCLOSURE_WIDTH (what /media/ serves readers), its size in bytes and type; None without one."""
        rendition = best_rendition(photo, ENCLOSURE_FORMAT, ENCLOSURE_WIDTH) if photo is not None else None
        if rendition is None:
            return None
        storage = photo.image.storage
        try:
            length = storage.size(rendition["name"])
        except (OSError, NotImplementedError):  # a rendition file gone missing: no enclosure rather than a 500
            return None
        url = self.request.build_absolute_uri(storage.url(rendition["name"]))
        if token := getattr(self.request, "feed_token", None):  # a feed reader fetches it without a session
            url = f"{url}?{urlencode({'token': token})}"
        return Enclosure(url, str(length), CONTENT_TYPES[FORMATS[ENCLOSURE_FORMAT][1]])

    def self_path(self):
        """The address the feed was read at: its path, the personal token it was read with (not one sent beside
        a session), and the language asked for with ?lang=."""
        query = {}
        if token := getattr(self.request, "feed_token", None):
            query["token"] = token
        language = self.request.GET.get("lang")
        if language in dict(settings.LANGUAGES):
            query["lang"] = language
        return f"{self.request.path}?{urlencode(query)}" if query else self.request.path

    def changed_at(self):
        """When an article this feed could show last changed, published or not, or a translation of one: an
        article unpublished or taken from the reader's audience leaves the feed without being its newest item,
        and must still end a reader's "not modified"."""
        articles = Article.objects.all() if self.unit is None else Article.objects.for_unit(self.unit)
        times = articles.aggregate(article=Max("updated_at"), translation=Max("translations__updated_at"))
        return max(filter(None, times.values()), default=None)


class LatestNewsFeed(Feed):
    link = "/news/"
    description = _("The latest published news of every unit.")

    def __call__(self, request, *args, **kwargs):
        """The feed (as Django's Feed writes it), answered 304 when the reader's copy is current: its ETag is a
        digest of this reader's feed, Last-Modified its newest change. Private: never kept in a shared cache."""
        try:
            subject = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist as error:
            raise Http404("Feed object does not exist.") from error
        feed = self.get_feed(subject, request)
        response = HttpResponse(content_type=feed.content_type)
        feed.write(response, "utf-8")
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        newest = max(filter(None, [feed.latest_post_date(), subject.changed_at()]))
        last_modified = int(min(newest, timezone.now()).timestamp())
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)

    def get_object(self, request):
        return FeedSubject(request.feed_reader, request)

    def title(self, subject):
        return _("%(site)s: latest news") % {"site": site_name()}

    def feed_url(self, subject):
        return subject.self_path()

    def items(self, subject):
        return subject.articles()

    # Titles and leads are plain text, but feed readers render both as HTML: escape them so
    # that "<b>" in a title is shown as written, not as markup.
    def item_title(self, article):
        return escape(article.shown.title)  # in the reader's language when a published translation has it

    def item_description(self, article):
        return escape(article.shown.lead)

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [article.unit.label]

    def item_enclosures(self, article):
        return [article.feed_enclosure] if article.feed_enclosure else []

    def item_author_name(self, article):
        return credit_line(article.credits.all())


class UnitNewsFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return FeedSubject(request.feed_reader, request, get_object_or_404(Unit, slug=slug))

    def title(self, subject):
        return _("%(site)s: news of %(unit)s") % {"site": site_name(), "unit": subject.unit.label}

    def link(self, subject):
        return subject.unit.get_absolute_url()

    def description(self, subject):
        return _("The latest published news of %(unit)s.") % {"unit": subject.unit.full_label}
