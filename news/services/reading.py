"""A reader's reads: recorded as they open articles (unread marks, reading statistics), all marked read at once."""

import logging

from django.db import DatabaseError, connection
from django.utils import timezone

from news.models import ArticleRead, Profile
from news.models.scopes import reader_unit_id

logger = logging.getLogger(__name__)


def _insert_once_statement():
    table = connection.ops.quote_name(ArticleRead._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(ArticleRead._meta.get_field(name).column)
        for name in ("article", "user", "day", "unit")
    )
    return f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING"


def record_read(reader, article_id):
    """``reader`` opened the article ``article_id`` today (local time): one row a reader, article and day.

    One statement, in the request's autocommit: ``INSERT … ON CONFLICT DO NOTHING`` (PostgreSQL and SQLite
    both say so). ``bulk_create(ignore_conflicts=True)`` would wrap it in a transaction of its own: BEGIN and
    COMMIT, two round trips more on every article page. A repeat read the same day finds the unique index's
    row and writes nothing. The reader's unit comes with their audience scope, which the page has read.

    A database that is down must not cost the reader a page the cache can still serve: the read is lost."""
    try:
        with connection.cursor() as cursor:
            day = connection.ops.adapt_datefield_value(timezone.localdate())
            cursor.execute(_insert_once_statement(), [article_id, reader.pk, day, reader_unit_id(reader)])
    except DatabaseError as error:
        logger.warning("Read of article %s not recorded: %s", article_id, error)


def mark_all_read(reader, now=None):
    """Everything published until ``now`` counts as read by ``reader`` (their unread marks go)."""
    Profile.objects.update_or_create(user=reader, defaults={"read_all_before": now or timezone.now()})
