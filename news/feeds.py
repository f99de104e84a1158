"""RSS feeds of published articles, and how a feed reader signs in to them.

A feed reader cannot fill in the sign-in form, so each employee has personal feed
addresses: the feed URL with their ``token`` (news.models.FeedToken), shown only on
their own "My subscriptions" page, never on a cached page. A token stops working when
its owner resets it or their account is deactivated. Signed tokens of earlier versions
(``signing.dumps``) are refused: they were served to other readers in cached pages.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from news.models import Article, FeedToken, Unit

FEED_LENGTH = 30


def personal_feed_url(request, token, view_name, *args):
    """The absolute address of a feed with the owner's token, for a feed reader or calendar app."""
    url = f"{reverse(view_name, args=args)}?{urlencode({'token': token.key})}"
    return request.build_absolute_uri(url)


def feed_access(view):
    """Let a feed be read with the session of a signed-in browser or with an active user's feed token."""

    @login_not_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        # Whom the feed is read for: the session's user, else the token's owner (audiences are theirs).
        request.feed_reader = request.user
        if not request.user.is_authenticated and request.GET.get("token"):
            request.feed_reader = FeedToken.objects.user_for_key(request.GET.get("token")) or request.user
        if settings.PORTAL_LOGIN_REQUIRED and not request.feed_reader.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class FeedSubject:
    """What one request's feed is about: for whom (audiences are the reader's) and, for a unit's feed, the unit."""

    reader: object
    unit: Unit | None = None

    def articles(self):
        """The published articles meant for the reader, newest first, in their language."""
        articles = Article.objects.for_reader(self.reader)
        if self.unit is not None:
            articles = articles.for_unit(self.unit)
        return articles.localized().select_related("unit").without_texts()[:FEED_LENGTH]


class LatestNewsFeed(Feed):
    title = _("Portal: latest news")
    link = "/news/"
    description = _("The latest published news of every unit.")

    def get_object(self, request):
        return FeedSubject(request.feed_reader)

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


class UnitNewsFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return FeedSubject(request.feed_reader, get_object_or_404(Unit, slug=slug))

    def title(self, subject):
        return _("Portal: news of %(unit)s") % {"unit": subject.unit.label}

    def link(self, subject):
        return subject.unit.get_absolute_url()

    def description(self, subject):
        return _("The latest published news of %(unit)s.") % {"unit": subject.unit.full_label}
