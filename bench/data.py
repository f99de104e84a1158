"""Build a large portal for the benchmarks: bulk inserts, a few minutes at most.

The archive scales with --articles (4 photos an article unless --photos says otherwise); the units (200), the
people (5,000) and the 20 years of conference reports stay the same at every size, so that sets of different
sizes differ in the archive's size only. On PostgreSQL rows go in with COPY, a chunk at a time, so memory
stays flat and 250,000 articles (1,000,000 photos) take minutes; elsewhere (SQLite) with bulk_create.

Usage (a database that may be emptied):
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench python bench/data.py [--articles N]
"""

import argparse
import concurrent.futures
import datetime
import hashlib
import io
import itertools
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, models, transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from news.conferences import YEARS_SHOWN  # noqa: E402
from news.images import rendition_name  # noqa: E402
from news.models import (  # noqa: E402
    Article,
    ArticleMention,
    ArticleStatus,
    Category,
    Event,
    EventKind,
    Person,
    Photo,
    Unit,
)
from news.text import name_sort_key, search_text, slugify_vi  # noqa: E402
from news.uploads import content_name  # noqa: E402

LOCAL = datetime.timezone(datetime.timedelta(hours=7))
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đình", "Đức", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc", "Tiến", "Công", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Công",
    "Dũng",
    "Đạt",
    "Giang",
    "Hà",
    "Hải",
    "Hùng",
    "Khoa",
    "Lan",
    "Lương",
    "Minh",
    "Nam",
    "Ngân",
    "Phong",
    "Quân",
    "Sơn",
    "Tâm",
    "Thịnh",
    "Tiến",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
]
POSITIONS = ["Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Kỹ sư trưởng", "Chủ tịch Công đoàn", "Bí thư Đoàn"]
UNIT_KINDS = ["Xí nghiệp", "Trung tâm", "Viện", "Ban", "Phòng", "Đội"]
FIELDS = [
    "Khai thác",
    "Khoan",
    "Cơ điện",
    "Vận tải biển",
    "An toàn",
    "Công nghệ thông tin",
    "Xây lắp",
    "Địa vật lý",
    "Dịch vụ",
    "Thiết kế",
    "Hóa phẩm",
    "Đào tạo",
]
TOPICS = [
    "tổ chức hội thao",
    "triển khai phần mềm mới",
    "đón đoàn công tác",
    "diễn tập ứng cứu sự cố",
    "khai trương phòng đọc",
    "nghiệm thu công trình",
    "tập huấn an toàn",
    "hoàn thành giếng khoan",
    "ký kết hợp đồng",
    "phát động thi đua",
    "trao học bổng",
    "kiểm tra giàn khai thác",
]
WORDS = [
    "vận",
    "hành",
    "an",
    "toàn",
    "ổn",
    "định",
    "sản",
    "xuất",
    "kinh",
    "doanh",
    "kế",
    "hoạch",
    "nhiệm",
    "vụ",
    "trọng",
    "tâm",
    "công",
    "nhân",
    "viên",
    "người",
    "lao",
    "động",
    "giàn",
    "khoan",
    "mỏ",
    "Bạch",
    "Hổ",
    "Rồng",
    "doanh",
    "thu",
    "lợi",
    "nhuận",
    "sáng",
    "kiến",
    "cải",
    "tiến",
    "kỹ",
    "thuật",
    "đào",
    "tạo",
    "chuyển",
    "đổi",
    "số",
    "dầu",
    "khí",
    "hợp",
    "tác",
    "Việt",
    "Nga",
    "đoàn",
    "kết",
    "thi",
    "đua",
    "khen",
    "thưởng",
    "môi",
    "trường",
    "thiết",
    "bị",
    "bảo",
    "dưỡng",
]


PHOTOS_PER_ARTICLE = 4
CHUNK = 20_000  # rows made and sent at a time: memory stays flat at any size
TABLES = (Photo, ArticleMention, Article, Event, Person, Unit, Category)
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def paragraph(rng, words=40):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def insert(model, objects):
    """Insert ``objects`` (any iterable: it is consumed a chunk at a time); the number inserted."""
    objects, count = iter(objects), 0
    if connection.vendor != "postgresql":
        while chunk := list(itertools.islice(objects, CHUNK)):
            model.objects.bulk_create(chunk, batch_size=2000)
            count += len(chunk)
        return count
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.auto_field and not field.generated]
    # A field without its own pre_save (auto_now_add, a file) nor JSON stores a str or an int as it is.
    plain = [
        type(field).pre_save is models.Field.pre_save and not isinstance(field, models.JSONField) for field in fields
    ]
    quote = connection.ops.quote_name
    sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) FROM STDIN"
    # PostgreSQL takes one chunk while the next is made: the raw connection (a thread of its own would get
    # another Django connection, outside this transaction) and one copying thread, waited for before the next.
    cursor = connection.connection.cursor()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as copier:
        copying = None
        while chunk := list(itertools.islice(objects, CHUNK)):
            buffer = io.StringIO()
            for obj in chunk:
                values = [copy_value(field, obj, is_plain) for field, is_plain in zip(fields, plain, strict=True)]
                buffer.write("\t".join(values))
                buffer.write("\n")
            buffer.seek(0)
            if copying:
                copying.result()
            copying = copier.submit(cursor.copy_expert, sql, buffer)
            count += len(chunk)
        if copying:
            copying.result()
    cursor.close()
    return count


def copy_value(field, obj, plain):
    """One value in COPY's text format: what bulk_create would store (defaults, auto_now_add, each field's own
    conversion). In a ``plain`` field a str or an int goes as it is: what these models' fields make of one."""
    if plain:
        value = getattr(obj, field.attname)
        if type(value) is str:
            return value.translate(COPY_ESCAPES)
        if type(value) is int:
            return str(value)
    else:
        value = field.pre_save(obj, add=True)
    if value is None:
        return r"\N"
    if isinstance(field, models.JSONField):
        text = json.dumps(value, cls=field.encoder, ensure_ascii=False)
    else:
        value = field.get_db_prep_save(value, connection)
        if value is None:
            return r"\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        text = value.isoformat() if isinstance(value, (datetime.date, datetime.time)) else str(value)
    return text.translate(COPY_ESCAPES)


def empty():
    """Remove the previous set. TRUNCATE on PostgreSQL (deleting a million photos row by row takes long);
    RESTART IDENTITY so that a rebuilt set has the same ids, hence the same titles, as a new one."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in TABLES)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        for model in TABLES:
            if model is Unit:
                while Unit.objects.exists():  # a unit protects its children: the leaves go first
                    Unit.objects.filter(children__isnull=True).delete()
            model.objects.all().delete()


def report_events(events, articles):
    """The events that get a conference report, in event order.

    Every event has one once the archive holds two thirds of an article per event (12,000 articles and up
    with 200 units and 20 years), as in the 50,000 and 250,000-article sets. A smaller archive gets reports
    for up to two thirds of its articles: the newest YEARS_SHOWN years' first (the conference table shows
    those, and should show them as full as in the larger sets), then the older years' in turn, so that every
    year keeps some reports."""
    budget = articles * 2 // 3
    if budget >= len(events):
        return events
    newest_year = max(event[-1] for event in events)
    shown = [event for event in events if event[-1] > newest_year - YEARS_SHOWN]
    older = {}
    for event in events:
        if event[-1] <= newest_year - YEARS_SHOWN:
            older.setdefault(event[-1], []).append(event)
    by_turns = [event for turn in itertools.zip_longest(*older.values()) for event in turn if event]
    chosen = {event[0] for event in [*shown, *by_turns][:budget]}
    return [event for event in events if event[0] in chosen]


def build(articles=50_000, photos=None, units=200, people=5_000, years=20, seed=7):
    photos = PHOTOS_PER_ARTICLE * articles if photos is None else photos
    rng = random.Random(seed)
    started = time.monotonic()

    def done(what, count, since):
        print(f"  {count:,} {what} in {time.monotonic() - since:.1f} s", flush=True)

    with transaction.atomic():
        empty()
        category_names = ["Tin đơn vị", "Hội nghị", "Đào tạo", "An toàn", "Văn hóa – Thể thao"]
        insert(Category, [Category(name=n, slug=slugify_vi(n), order=i) for i, n in enumerate(category_names)])
        categories = list(Category.objects.order_by("order"))

        company = Unit.objects.create(
            name="Liên doanh Việt-Nga Vietsovpetro", short_name="Vietsovpetro", slug="vietsovpetro"
        )
        unit_rows = []
        for n in range(units - 1):
            name = f"{UNIT_KINDS[n % len(UNIT_KINDS)]} {FIELDS[n % len(FIELDS)]} số {n + 1}"
            unit_rows.append(
                Unit(name=name, short_name=f"Đơn vị {n + 1}", slug=slugify_vi(name), parent=company, order=n + 1)
            )
        insert(Unit, unit_rows)
        all_units = list(Unit.objects.order_by("pk"))

        person_rows, seen = [], set()
        while len(person_rows) < people:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            slug = slugify_vi(name)
            if slug in seen:
                slug = f"{slug}-{len(person_rows)}"
            seen.add(slug)
            position = rng.choice(POSITIONS)
            person_rows.append(
                Person(
                    full_name=name,
                    slug=slug,
                    sort_key=name_sort_key(name),
                    unit=rng.choice(all_units),
                    position=position,
                    search_document=search_text(name, position),
                )
            )
        insert(Person, person_rows)
        all_people = list(Person.objects.order_by("pk").values_list("pk", flat=True))

        this_year = datetime.date.today().year
        event_rows = []
        for unit in all_units:
            for year in range(this_year - years, this_year):
                for kind, label in (
                    (EventKind.YEAR_END_REVIEW, "Hội nghị tổng kết năm"),
                    (EventKind.WORKERS_CONFERENCE, "Hội nghị người lao động năm"),
                ):
                    title = f"{label} {year}"
                    start = datetime.datetime(year, 12, rng.randint(10, 28), 8, tzinfo=LOCAL)
                    event_rows.append(
                        Event(
                            title=title,
                            slug=slugify(f"{title} {unit.slug}")[:250],
                            kind=kind,
                            unit=unit,
                            start=start,
                            year=year,
                            attendance=rng.randint(30, 300),
                            place="Hội trường",
                            search_document=search_text(title, "Hội trường"),
                        )
                    )
        insert(Event, event_rows)
        events = list(Event.objects.order_by("pk").values_list("pk", "unit_id", "title", "start", "year"))

        since = time.monotonic()
        reported = report_events(events, articles)
        done("articles", insert(Article, article_rows(rng, articles, reported, all_units, categories, years)), since)
        article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))

        since = time.monotonic()
        done("photos", insert(Photo, photo_rows(rng, photos, article_ids)), since)
        mention_rows = (
            ArticleMention(article_id=article_id, person_id=rng.choice(all_people), position=rng.choice(POSITIONS))
            for article_id in article_ids[::2]
        )
        insert(ArticleMention, mention_rows)
    if connection.vendor == "postgresql":
        # VACUUM as well as ANALYZE: the visibility map set now, not by autovacuum in the middle of a measurement.
        with connection.cursor() as cursor:
            since = time.monotonic()
            cursor.execute("VACUUM ANALYZE")
        print(f"  VACUUM ANALYZE in {time.monotonic() - since:.1f} s", flush=True)
    return time.monotonic() - started


def article_rows(rng, articles, reported, all_units, categories, years):
    """The reports on ``reported`` events first, then ordinary news over the past ``years`` years."""
    conference_category = categories[1]
    for index, (event_id, unit_id, event_title, start, _year) in enumerate(reported):
        title = f"Đơn vị {unit_id} tổ chức {event_title}"
        yield make_article(
            rng, index, title, unit_id, start + datetime.timedelta(days=2), conference_category.pk, event_id
        )
    now = datetime.datetime.now(LOCAL)
    for index in range(len(reported), articles):
        unit = rng.choice(all_units)
        title = f"{unit.short_name} {rng.choice(TOPICS)} {index}"
        when = now - datetime.timedelta(minutes=rng.randint(60, years * 365 * 24 * 60))
        yield make_article(rng, index, title, unit.pk, when, rng.choice(categories).pk, None)


def photo_rows(rng, photos, article_ids):
    """``photos`` photos dealt out over the articles in turn."""
    for n in range(photos):
        # Named as uploads are (news/uploads.py, news/images.py); the files themselves are not written.
        digest = hashlib.sha256(str(n).encode()).hexdigest()
        original = content_name("photos", digest, "jpg")
        renditions = [
            {"width": w, "height": w * 2 // 3, "format": f, "name": rendition_name(original, w, f)}
            for f in ("webp", "jpeg")
            for w in (320, 640, 1280)
        ]
        yield Photo(
            article_id=article_ids[n % len(article_ids)],
            image=original,
            width=1800,
            height=1200,
            renditions=renditions,
            caption=f"Ảnh {n}: {rng.choice(TOPICS)}",
            credit=rng.choice(GIVEN),
            order=n // len(article_ids),
        )


def make_article(rng, index, title, unit_id, when, category_id, event_id):
    lead = paragraph(rng, 20)
    body = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(4))
    return Article(
        title=title,
        slug=f"{slugify_vi(title)[:200]}-{index}",
        lead=lead,
        body=body,
        unit_id=unit_id,
        category_id=category_id,
        event_id=event_id,
        status=ArticleStatus.PUBLISHED,
        publish_at=when,
        search_title=search_text(title),
        search_document=search_text(title, lead, body.replace("<p>", " ")),
        featured=index % 500 == 0,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--photos", type=int, help=f"default: {PHOTOS_PER_ARTICLE} per article")
    options = parser.parse_args()
    seconds = build(articles=options.articles, photos=options.photos)
    print(
        f"Built {Article.objects.count()} articles, {Photo.objects.count()} photos, {Unit.objects.count()} units, "
        f"{Person.objects.count()} people, {Event.objects.count()} events in {seconds:.0f} s"
    )
