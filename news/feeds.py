"""RSS feeds of published articles, and how a feed reader signs in to them.

A feed reader cannot fill in the sign-in form, so each employee has a personal
feed address: the feed URL with a signed ``token`` naming them. The token stops
working when their account is deactivated or SECRET_KEY changes.
"""

import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core import signing
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from news.models import Article, Unit

FEED_LENGTH = 30
FEED_TOKEN_SALT = "news.feeds"


def feed_token(user):
    return signing.dumps(user.pk, salt=FEED_TOKEN_SALT)


def feed_token_is_valid(token):
    try:
        user_pk = signing.loads(token, salt=FEED_TOKEN_SALT)
    except signing.BadSignature:
        return False
    return get_user_model().objects.filter(pk=user_pk, is_active=True).exists()


def feed_access(view):
    """Let a feed be read with the session of a signed-in browser or with a personal feed token."""

    @login_not_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if settings.PORTAL_LOGIN_REQUIRED and not request.user.is_authenticated:
            token = request.GET.get("token")
            if not token or not feed_token_is_valid(token):
                return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


class LatestNewsFeed(Feed):
    title = _("Portal: latest news")
    link = "/news/"
    description = _("The latest published news of every unit.")

    def items(self):
        return Article.objects.published().select_related("unit")[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [str(article.unit)]


class UnitNewsFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Unit, slug=slug)

    def title(self, unit):
        return _("Portal: news of %(unit)s") % {"unit": unit}

    def link(self, unit):
        return unit.get_absolute_url()

    def description(self, unit):
        return _("The latest published news of %(unit)s.") % {"unit": unit.name}

    def items(self, unit):
        return Article.objects.published().for_unit(unit).select_related("unit")[:FEED_LENGTH]
