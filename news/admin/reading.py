"""Reading statistics in the newsroom: unique readers per article (per day, in all, by unit), the most read
articles of the week and the month, and readers per day. Aggregates only: who read what is shown to nobody
(reads are not registered in the admin). Editors only (policy.is_editor)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from news import policy
from news.models import Article, ArticleRead, Unit

WEEK_DAYS, MONTH_DAYS = 7, 30
MOST_READ_SHOWN = 10
CHART_WIDTH, CHART_HEIGHT = 600, 150  # the SVG's own units: it scales to the page's width


def days_back(days, today=None):
    """The first day of the ``days`` days that end today (local time)."""
    return (today or timezone.localdate()) - datetime.timedelta(days=days - 1)


def most_read(since, limit=MOST_READ_SHOWN):
    """(article, unique readers) of the most read articles since the day ``since``: a reader counts once
    however many days they opened it."""
    rows = list(
        ArticleRead.objects.filter(day__gte=since)
        .values("article")
        .annotate(readers=Count("user", distinct=True))
        .order_by("-readers", "article")[:limit]
    )
    articles = Article.objects.select_related("unit").without_texts().in_bulk([row["article"] for row in rows])
    return [(articles[row["article"]], row["readers"]) for row in rows if row["article"] in articles]


def readers_per_day(reads, since):
    """{day: unique readers} of ``reads`` (ArticleRead rows) since the day ``since``."""
    rows = reads.filter(day__gte=since).values("day").annotate(readers=Count("user", distinct=True))
    return {row["day"]: row["readers"] for row in rows}


def readers_by_unit(reads):
    """(unit or None, unique readers) of ``reads``, most first: the unit each reader was in when reading."""
    rows = list(reads.values("unit").annotate(readers=Count("user", distinct=True)).order_by("-readers", "unit"))
    units = Unit.objects.in_bulk([row["unit"] for row in rows if row["unit"]])
    return [(units.get(row["unit"]), row["readers"]) for row in rows]


@dataclass
class Bar:
    day: datetime.date
    readers: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Chart:
    """A bar chart of readers per day, drawn by the server as SVG (no script, nothing from another site)."""

    bars: list
    peak: int
    total: int
    first: datetime.date
    last: datetime.date
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


def readers_chart(per_day, first, last):
    """The chart of ``per_day`` ({day: readers}) for every day from ``first`` to ``last``, empty days included."""
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    peak = max(per_day.values(), default=0)
    slot = CHART_WIDTH / len(days)
    bars = []
    for index, day in enumerate(days):
        readers = per_day.get(day, 0)
        height = round(readers / peak * CHART_HEIGHT, 1) if peak else 0
        bars.append(
            Bar(day, readers, round(index * slot + 1, 1), round(CHART_HEIGHT - height, 1), round(slot - 2, 1), height)
        )
    return Chart(bars, peak, sum(per_day.values()), first, last)


class ReadingStatisticsAdminMixin:
    """For the article admin: ``statistics/`` (the most read, readers per day) and ``<id>/statistics/`` (one
    article's readers), with links from the list and the change page for editors."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="{}_{}_statistics".format(*info),
            ),
            path(
                "<path:object_id>/statistics/",
                self.admin_site.admin_view(self.article_statistics_view),
                name="{}_{}_article_statistics".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if policy.is_editor(request.user):
            url = reverse("admin:news_article_statistics", current_app=self.admin_site.name)
            extra_context = {"statistics_url": url, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if policy.is_editor(request.user):
            url = reverse("admin:news_article_article_statistics", args=[object_id], current_app=self.admin_site.name)
            extra_context = {"statistics_url": url, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def _statistics_context(self, request, title):
        if not policy.is_editor(request.user):
            raise PermissionDenied
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title}

    def statistics_view(self, request):
        """The newsroom's overview: the most read of the last 7 and 30 days, and readers per day."""
        context = self._statistics_context(request, _("Reading statistics"))
        today = timezone.localdate()
        month_start = days_back(MONTH_DAYS, today)
        context.update(
            most_read_lists=[
                (_("Most read, last 7 days"), most_read(days_back(WEEK_DAYS, today))),
                (_("Most read, last 30 days"), most_read(month_start)),
            ],
            chart=readers_chart(readers_per_day(ArticleRead.objects.all(), month_start), month_start, today),
        )
        return TemplateResponse(request, "admin/news/article/statistics.html", context)

    def article_statistics_view(self, request, object_id):
        """One article's unique readers: in all, per day (the last 30 days), by unit."""
        context = self._statistics_context(request, "")
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        reads = ArticleRead.objects.filter(article=article)
        today = timezone.localdate()
        first = days_back(MONTH_DAYS, today)
        context.update(
            title=_("Reading statistics: %(title)s") % {"title": article.title},
            original=article,
            total=reads.aggregate(readers=Count("user", distinct=True))["readers"],
            chart=readers_chart(readers_per_day(reads, first), first, today),
            units=readers_by_unit(reads),
        )
        return TemplateResponse(request, "admin/news/article/article_statistics.html", context)
