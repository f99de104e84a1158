"""RSS feeds of published articles, and how a feed reader signs in to them.

A feed reader cannot fill in the sign-in form, so each employee has personal feed
addresses: the feed URL with their ``token`` (news.models.FeedToken), shown only on
their own "My subscriptions" page, never on a cached page. A token stops working when
its owner resets it or their account is deactivated. Signed tokens of earlier versions
(``signing.dumps``) are refused: they were served to other readers in cached pages.
"""

import functools

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
        needs_token = settings.PORTAL_LOGIN_REQUIRED and not request.user.is_authenticated
        if needs_token and FeedToken.objects.user_for_key(request.GET.get("token")) is None:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


class LatestNewsFeed(Feed):
    title = _("Portal: latest news")
    link = "/news/"
    description = _("The latest published news of every unit.")

    def items(self):
        return Article.objects.published().localized().select_related("unit").without_texts()[:FEED_LENGTH]

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
        return get_object_or_404(Unit, slug=slug)

    def title(self, unit):
        return _("Portal: news of %(unit)s") % {"unit": unit.label}

    def link(self, unit):
        return unit.get_absolute_url()

    def description(self, unit):
        return _("The latest published news of %(unit)s.") % {"unit": unit.full_label}

    def items(self, unit):
        return (
            Article.objects.published().for_unit(unit).localized().select_related("unit").without_texts()[:FEED_LENGTH]
        )
