"""Build a large portal for the benchmarks: bulk inserts, a few minutes at most.

Usage (a PostgreSQL database that may be emptied):
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench python bench/data.py [--articles N]
"""

import argparse
import datetime
import hashlib
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402

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


def paragraph(rng, words=40):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def batched(model, objects, size=2000):
    model.objects.bulk_create(objects, batch_size=size)


def build(articles=50_000, photos=200_000, units=200, people=5_000, years=20, seed=7):
    rng = random.Random(seed)
    started = time.monotonic()
    with transaction.atomic():
        for model in (Photo, ArticleMention, Article, Event, Person, Unit, Category):
            model.objects.all().delete()
        category_names = ["Tin đơn vị", "Hội nghị", "Đào tạo", "An toàn", "Văn hóa – Thể thao"]
        batched(Category, [Category(name=n, slug=slugify_vi(n), order=i) for i, n in enumerate(category_names)])
        categories = list(Category.objects.order_by("order"))
        conference_category = categories[1]

        company = Unit.objects.create(
            name="Liên doanh Việt-Nga Vietsovpetro", short_name="Vietsovpetro", slug="vietsovpetro"
        )
        unit_rows = []
        for n in range(units - 1):
            name = f"{UNIT_KINDS[n % len(UNIT_KINDS)]} {FIELDS[n % len(FIELDS)]} số {n + 1}"
            unit_rows.append(
                Unit(name=name, short_name=f"Đơn vị {n + 1}", slug=slugify_vi(name), parent=company, order=n + 1)
            )
        batched(Unit, unit_rows)
        all_units = list(Unit.objects.all())

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
        batched(Person, person_rows)
        all_people = list(Person.objects.values_list("pk", flat=True))

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
        batched(Event, event_rows)
        events = list(Event.objects.values_list("pk", "unit_id", "title", "start"))

        now = datetime.datetime.now(LOCAL)
        article_rows = []
        for index, (event_id, unit_id, event_title, start) in enumerate(events[: articles // 3]):
            title = f"Đơn vị {unit_id} tổ chức {event_title}"
            article_rows.append(
                make_article(
                    rng, index, title, unit_id, start + datetime.timedelta(days=2), conference_category.pk, event_id
                )
            )
        for index in range(len(article_rows), articles):
            unit = rng.choice(all_units)
            title = f"{unit.short_name} {rng.choice(TOPICS)} {index}"
            when = now - datetime.timedelta(minutes=rng.randint(60, years * 365 * 24 * 60))
            article_rows.append(make_article(rng, index, title, unit.pk, when, rng.choice(categories).pk, None))
        batched(Article, article_rows)
        article_ids = list(Article.objects.values_list("pk", flat=True))

        photo_rows = []
        for n in range(photos):
            article_id = article_ids[n % len(article_ids)]
            # Named as uploads are (news/uploads.py, news/images.py); the files themselves are not written.
            digest = hashlib.sha256(str(n).encode()).hexdigest()
            original = content_name("photos", digest, "jpg")
            renditions = [
                {"width": w, "height": w * 2 // 3, "format": f, "name": rendition_name(original, w, f)}
                for f in ("webp", "jpeg")
                for w in (320, 640, 1280)
            ]
            photo_rows.append(
                Photo(
                    article_id=article_id,
                    image=original,
                    width=1800,
                    height=1200,
                    renditions=renditions,
                    caption=f"Ảnh {n}: {rng.choice(TOPICS)}",
                    credit=rng.choice(GIVEN),
                    order=n // len(article_ids),
                )
            )
        batched(Photo, photo_rows, size=5000)
        mention_rows = [
            ArticleMention(article_id=article_id, person_id=rng.choice(all_people), position=rng.choice(POSITIONS))
            for article_id in article_ids[::2]
        ]
        batched(ArticleMention, mention_rows, size=5000)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return time.monotonic() - started


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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--photos", type=int, default=200_000)
    options = parser.parse_args()
    seconds = build(articles=options.articles, photos=options.photos)
    print(
        f"Built {Article.objects.count()} articles, {Photo.objects.count()} photos, {Unit.objects.count()} units, "
        f"{Person.objects.count()} people, {Event.objects.count()} events in {seconds:.0f} s"
    )
