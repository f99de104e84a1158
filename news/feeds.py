"""RSS feeds of published articles: the latest, and each unit's."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from news.models import Article, Unit

FEED_LENGTH = 30


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
