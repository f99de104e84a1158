"""What the demo's readers did, relative to the day the demo is loaded: reads over the last weeks (the reading
statistics' charts, the demo employee's unread marks) and acknowledgements of the must-read notices.

The same every load of a day: the choices come from a random generator seeded with each reader's name and the
day, and a load first removes what it wrote before (only the demo's own accounts' reads are touched).
"""

import datetime
import random

from django.utils import timezone

from news.demo import data
from news.demo.spec import LOCAL_TZ
from news.models import Acknowledgement, Article, ArticleRead
from news.models.scopes import reader_unit_id
from news.services import acknowledgements as acknowledgement_service


def load(readers, employee, acknowledging, today):
    """Write the reads of ``readers`` (the demo's accounts) and the acknowledgements of ``acknowledging``;
    (reads, acknowledgements) written. ``employee`` reads by rule, not by chance: everything published in the
    last month but the newest days, which stay unread."""
    readers = list(readers)
    ArticleRead.objects.filter(user__in=readers).delete()
    rows = []
    for reader in readers:
        days = employee_reads(reader, today) if reader == employee else chance_reads(reader, today)
        unit_id = reader_unit_id(reader)
        rows += [ArticleRead(article_id=article_id, user=reader, day=day, unit_id=unit_id) for article_id, day in days]
    ArticleRead.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows), acknowledge(acknowledging)


def visible_articles(reader):
    """(article id, local day published) of the articles ``reader`` may read now, newest first."""
    rows = Article.objects.for_reader(reader).order_by("-publish_at").values_list("pk", "publish_at")
    return [(pk, timezone.localtime(moment, LOCAL_TZ).date()) for pk, moment in rows if moment is not None]


def chance_reads(reader, today):
    """(article id, day) a reader opened over the last READ_HISTORY_DAYS days: on most working days one to a
    few articles, recent ones more often than old ones."""
    articles = visible_articles(reader)
    generator = random.Random(f"{reader.username}:{today.isoformat()}")
    reads = set()
    for back in range(data.READ_HISTORY_DAYS):
        day = today - datetime.timedelta(days=back)
        weekend = day.isoweekday() >= 6
        if generator.random() < (0.75 if weekend else 0.3):
            continue  # not a reading day for them
        published = [(pk, when) for pk, when in articles if when <= day]
        if not published:
            continue
        # The news of the last days is what most people open; older stories now and then.
        recent = [pk for pk, when in published if (day - when).days <= 7]
        for _ in range(generator.randint(1, data.MOST_READS_A_DAY)):
            pool = recent if recent and generator.random() < 0.7 else [pk for pk, _when in published]
            reads.add((generator.choice(pool), day))
    return sorted(reads, key=lambda read: (read[1], read[0]))


def employee_reads(reader, today):
    """The demo employee has read what was published in the last month until EMPLOYEE_UNREAD_DAYS ago, each
    story the day after it appeared: newer stories carry unread marks for them."""
    first = today - datetime.timedelta(days=data.READ_HISTORY_DAYS - 1)
    last = today - datetime.timedelta(days=data.EMPLOYEE_UNREAD_DAYS)
    return [
        (pk, min(when + datetime.timedelta(days=1), today))
        for pk, when in visible_articles(reader)
        if first <= when <= last
    ]


def acknowledge(users):
    """Each of ``users`` acknowledges every must-read notice meant for them, an hour after another from the
    morning after it was published (or now, if that is still to come)."""
    count = 0
    for order, user in enumerate(users):
        for notice in acknowledgement_service.pending_for(user):
            acknowledgement = acknowledgement_service.acknowledge(user, notice)
            moment = min(notice.publish_at + datetime.timedelta(hours=1 + order), timezone.now())
            Acknowledgement.objects.filter(pk=acknowledgement.pk).update(acknowledged_at=moment)
            count += 1
    return count
