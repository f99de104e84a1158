"""Conference reports grouped for reading: the table (units down, years across), by year, by unit."""

import datetime
from dataclasses import dataclass, field

from django.db.models.functions import TruncDate
from django.utils import timezone

from news.models import Article, Unit, article_url_builder

YEARS_SHOWN = 8


@dataclass
class Row:
    unit: Unit
    cells: list = field(default_factory=list)  # one list of ReportItems per year column


FIRST_YEAR = 1  # no year 0 or before: the calendar (and the URL map's four digits) start here


def year_window(latest_year, until=None, size=YEARS_SHOWN):
    """The years shown, latest first: ``size`` years ending at ``until`` (default: the latest).

    The window never reaches below year 1: an ``until`` near it shows years 1 to ``size`` instead.
    """
    last = latest_year if until is None else min(until, latest_year)
    last = max(last, FIRST_YEAR + size - 1)
    return list(range(last, last - size, -1))


def latest_report_year(reader=None):
    """The year the table starts from: the latest year with a report ``reader`` may see (any reader's when None),
    else this year."""
    reports = Article.objects.conference_reports()
    if reader is not None:
        reports = reports.visible_to(reader)
    latest = reports.order_by("-event__year").values_list("event__year", flat=True)
    return latest.first() or timezone.localdate().year


def conference_table(years, reader, kind=None):
    """Rows for every unit in tree order, with the reports (ReportItems) ``reader`` may see of each year; two
    queries in all."""
    reports = Article.objects.conference_reports().visible_to(reader).filter(event__year__in=years)
    if kind:
        reports = reports.filter(event__kind=kind)
    by_cell = {}
    for report in report_items(reports.order_by("event__start", "publish_at")):
        by_cell.setdefault((report.unit_id, report.year), []).append(report)
    return [Row(unit, [by_cell.get((unit.pk, year), []) for year in years]) for unit in Unit.objects.tree()]


def group_by(items, key):
    """[(key, [item, …]), …] keeping the order given (items must already be ordered by the key)."""
    grouped = {}
    for item in items:
        grouped.setdefault(key(item), []).append(item)
    return list(grouped.items())


@dataclass(frozen=True)
class ReportItem:
    """What a list of conference reports shows of one: read as values, not as model instances."""

    unit_id: int
    year: int
    url: str
    title: str
    language: str  # of the title: the reader's when a published translation has one
    kind: str  # the conference's EventKind
    start: datetime.datetime


def report_items(reports):
    """``reports`` (a queryset of conference reports, ordered) as ReportItems: plain values, not model
    instances, with the local publication date worked out by the database. A 200-unit table links about
    3,200 reports, and building objects cost most of its time."""
    article_url = article_url_builder()
    local_date = TruncDate("publish_at", tzinfo=timezone.get_current_timezone())
    rows = (
        reports.localized()
        .annotate(local_date=local_date)
        .values_list(
            "unit_id",
            "event__year",
            "slug",
            "title",
            "language",
            "reader_translation__title",
            "reader_translation__language",
            "event__kind",
            "event__start",
            "local_date",
        )
    )
    return [
        ReportItem(
            unit_id, year, article_url(date, slug), shown_title or title, shown_language or language, kind, start
        )
        for unit_id, year, slug, title, language, shown_title, shown_language, kind, start, date in rows
    ]


def unit_reports_by_year(unit, reader):
    """[(year, [ReportItem, …]), …] of one unit that ``reader`` may see, latest year first."""
    reports = Article.objects.conference_reports().visible_to(reader).for_unit(unit)
    reports = reports.order_by("-event__year", "publish_at")
    return group_by(report_items(reports), lambda report: report.year)


def reports_by_unit(reports):
    """Group reports (a queryset, ordered) under their units in tree order, leaving out units with none."""
    grouped = {}
    for report in report_items(reports):
        grouped.setdefault(report.unit_id, []).append(report)
    return [(unit, grouped[unit.pk]) for unit in Unit.objects.tree() if unit.pk in grouped]
