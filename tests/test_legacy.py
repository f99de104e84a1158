"""The old intranet's export: the parser (pure) and the import command (through the database)."""

import datetime
import io
import shutil
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from news import legacy
from news.models import Article, ArticleStatus, Event, EventKind, Person, Photo
from tests.factories import PersonFactory, PhotoFactory, UnitFactory, jpeg_file, stored_name

FILES = Path(__file__).parent / "legacy"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SEED_CAPTIONS = [
    "Quang cảnh Hội nghị",
    "Đ/c Đặng Đình Công – Bí thư Đảng ủy, Giám đốc Trung tâm trình bày Báo cáo tổng kết",
    "Đ/c Cao Tùng Sơn - Phó Tổng giám đốc Vietsovpetro phát biểu chỉ đạo Hội nghị",
    "Đ/c Nebozhenko Viktor - Chánh Kỹ sư công bố Quyết định khen thưởng",
    "Đ/c Trần Công Thịnh - Phó Chủ tịch Công đoàn Trung tâm trình bày tổng kết hoạt động Công đoàn",
]
SEED_OFFICIALS = [
    ("Cao Tùng Sơn", "Phó Tổng giám đốc Vietsovpetro"),
    ("Đặng Đình Công", "Bí thư Đảng ủy, Giám đốc Trung tâm CNTT&LL"),
    ("Nebozhenko Viktor", "Chánh Kỹ sư"),
    ("Trần Công Thịnh", "Phó Chủ tịch Công đoàn Trung tâm"),
]


def parse_file(name, transform=lambda data: data):
    return legacy.parse(legacy.decode(transform((FILES / name).read_bytes())))


# The parser ---------------------------------------------------------------------------------------------


def test_seed_file_is_parsed_exactly():
    article = parse_file("seed.txt")
    assert article.title == (
        "Trung tâm Công nghệ thông tin & Liên lạc tổ chức Hội nghị tổng kết năm 2019 "
        "và triển khai phương hướng nhiệm vụ năm 2020"
    )
    assert article.published_at == datetime.datetime(2019, 12, 30, 13, 45, 52, tzinfo=HANOI)
    assert [caption.text for caption in article.captions] == SEED_CAPTIONS
    assert [(p.name, p.position) for p in article.people] == SEED_OFFICIALS
    assert [[p.name for p in caption.people] for caption in article.captions] == [
        [],
        ["Đặng Đình Công"],
        ["Cao Tùng Sơn"],
        ["Nebozhenko Viktor"],
        ["Trần Công Thịnh"],
    ]
    assert article.credits == [("text", "Hoàng Tiến Lương"), ("photo", "Đinh Văn Tiến")]
    assert (article.event.kind, article.event.title, article.event.year) == (
        "year_end_review",
        "Hội nghị tổng kết năm 2019",
        2019,
    )
    assert article.event.date == datetime.date(2019, 12, 26) and article.event.attendance == 50
    assert article.paragraphs[0].startswith("Được sự đồng ý")
    assert not any("Một số hình ảnh" in p for p in article.paragraphs)


@pytest.mark.parametrize(
    "transform",
    [
        lambda data: unicodedata.normalize("NFD", data.decode()).encode(),
        lambda data: b"\xef\xbb\xbf" + data,
        lambda data: data.replace(b"\n", b"   \r\n"),
    ],
    ids=["nfd", "bom", "trailing-spaces-crlf"],
)
def test_seed_file_in_other_shapes_parses_the_same(transform):
    assert parse_file("seed.txt", transform) == parse_file("seed.txt")


def test_workers_conference_combined_credit_russian_name_and_en_dash_without_spaces():
    article = parse_file("workers_nfd_combined.txt")
    assert article.published_at == datetime.datetime(2021, 1, 15, 9, 5, tzinfo=HANOI)
    assert (article.event.kind, article.event.year, article.event.date, article.event.attendance) == (
        "workers_conference",
        2021,
        datetime.date(2021, 1, 12),
        200,
    )
    assert [(p.name, p.position) for p in article.people] == [
        ("Phạm Văn Bình", "Phó Tổng giám đốc Vietsovpetro"),
        ("Ivanov Sergei", "Phó Giám đốc Xí nghiệp"),
    ]
    assert [[p.name for p in c.people] for c in article.captions] == [["Phạm Văn Bình"], ["Ivanov Sergei"], []]
    assert article.credits == [("text_photo", "Lê Thị Thu Hà")]


def test_name_without_a_dash_is_a_mention_not_a_position():
    named = legacy.people_named("Phát biểu cảm ơn, đồng chí Đặng Đình Công tin tưởng rằng Trung tâm sẽ hoàn thành.")
    assert [(p.name, p.position) for p in named] == [("Đặng Đình Công", "")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đồng chí Cao Tùng Sơn - Phó Tổng giám đốc Vietsovpetro đã đánh giá cao", "Phó Tổng giám đốc Vietsovpetro"),
        ("đồng chí Nebozhenko Viktor- Chánh Kỹ sư  cùng gần 50 CBCNV", "Chánh Kỹ sư"),
        ("Đ/c Lê Văn Nam – Giám đốc Xí nghiệp Cơ điện trao giấy khen", "Giám đốc Xí nghiệp Cơ điện"),
        ("Đ/c Lê Văn Nam -Trưởng phòng Kỹ thuật khai mạc Hội nghị", "Trưởng phòng Kỹ thuật"),
    ],
)
def test_position_ends_where_the_sentence_goes_on(text, expected):
    assert legacy.people_named(text)[0].position == expected


def test_plain_news_has_no_event_and_no_photos():
    article = parse_file("plain_news.txt")
    assert article.event is None and article.captions == []
    assert article.published_at == datetime.datetime(2022, 6, 3, 16, 30, tzinfo=HANOI)


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("no_date.txt", 2, "publish date"),
        ("bad_date.txt", 2, "publish date"),
        ("header_only.txt", 3, "nothing after"),
        ("no_title.txt", 1, "title"),
        ("latin1.txt", 1, "UTF-8"),
    ],
)
def test_broken_files_name_the_line_and_reason(name, line, reason):
    with pytest.raises(legacy.LegacyFormatError) as error:
        parse_file(name)
    assert error.value.line == line and reason in error.value.reason


# The command --------------------------------------------------------------------------------------------


@pytest.fixture
def units(db):
    return {
        "it": UnitFactory(
            name="Trung tâm Công nghệ thông tin & Liên lạc",
            short_name="Trung tâm CNTT&LL",
            aliases="Trung tâm Công nghệ TT&LL\nTrung tâm CNTT&LL",
        ),
        "drilling": UnitFactory(name="Xí nghiệp Khoan và Sửa giếng", short_name="XN Khoan và Sửa giếng"),
        "sports": UnitFactory(name="Công đoàn Vietsovpetro", short_name="Công đoàn"),
    }


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_legacy", *[str(a) for a in args], stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def photo_folder(tmp_path):
    for number in (3, 1, 2, 5, 4):
        (tmp_path / f"IMG_{number:04d}.jpg").write_bytes(jpeg_file(f"IMG_{number:04d}.jpg").read())
    return tmp_path


def test_import_seed_with_photos(units, photo_folder):
    existing = PersonFactory(full_name="Cao Tùng Sơn", position="Tổng giám đốc Vietsovpetro")
    out, err, error = run(FILES / "seed.txt", photos=photo_folder)
    assert error is None, err
    article = Article.objects.get()
    assert article.unit == units["it"] and article.status == ArticleStatus.PUBLISHED
    assert article.publish_at == datetime.datetime(2019, 12, 30, 13, 45, 52, tzinfo=HANOI)
    assert article in Article.objects.conference_reports()
    event = article.event
    assert (event.kind, event.year, event.unit, event.attendance) == (EventKind.YEAR_END_REVIEW, 2019, units["it"], 50)
    assert event.start.astimezone(HANOI).date() == datetime.date(2019, 12, 26)
    assert [(m.person.full_name, m.position) for m in article.mentions.all()] == SEED_OFFICIALS
    existing.refresh_from_db()
    assert existing.position == "Tổng giám đốc Vietsovpetro", "the person's current position is not written over"
    assert Person.objects.filter(full_name="Cao Tùng Sơn").count() == 1, "existing people are reused"
    photos = list(article.photos.all())
    assert [p.caption for p in photos] == SEED_CAPTIONS
    in_name_order = [stored_name((photo_folder / f"IMG_{n:04d}.jpg").read_bytes()) for n in range(1, 6)]
    assert [p.image.name for p in photos] == in_name_order, "matched in file-name order, stored by content"
    assert [[link.person.full_name for link in p.people_shown.all()] for p in photos] == [
        [],
        ["Đặng Đình Công"],
        ["Cao Tùng Sơn"],
        ["Nebozhenko Viktor"],
        ["Trần Công Thịnh"],
    ]
    assert {p.credit for p in photos} == {"Đinh Văn Tiến"}
    assert [(c.role, c.person.full_name) for c in article.credits.all()] == [
        ("text", "Hoàng Tiến Lương"),
        ("photo", "Đinh Văn Tiến"),
    ]
    assert "Imported: 1, skipped: 0, failed: 0" in out


def test_import_again_changes_nothing_and_says_skipped(units):
    run(FILES / "seed.txt")
    counts = [model.objects.count() for model in (Article, Event, Person, Photo)]
    nfd_copy = FILES / "seed.txt"
    out, _err, error = run(nfd_copy)
    assert error is None and "SKIPPED" in out and "skipped: 1" in out
    assert [model.objects.count() for model in (Article, Event, Person, Photo)] == counts


def test_nfd_file_is_the_same_article(units, tmp_path):
    run(FILES / "seed.txt")
    nfd = tmp_path / "seed-nfd.txt"
    nfd.write_text(unicodedata.normalize("NFD", (FILES / "seed.txt").read_text()))
    out, _err, _error = run(nfd)
    assert "skipped: 1" in out and Article.objects.count() == 1


def test_captions_without_images_wait_for_them_unseen_by_readers(units, client, django_user_model):
    run(FILES / "seed.txt")
    article = Article.objects.get()
    assert article.photos.count() == 5 and not article.photos.with_image().exists()
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Quang cảnh Hội nghị" not in html


def test_workers_conference_unit_by_alias_and_combined_credit(units):
    _out, err, error = run(FILES / "workers_nfd_combined.txt")
    assert error is None, err
    article = Article.objects.get()
    assert article.unit == units["drilling"]
    assert article.event.kind == EventKind.WORKERS_CONFERENCE and article.event.attendance == 200
    assert [(c.role, c.person.full_name) for c in article.credits.all()] == [("text_photo", "Lê Thị Thu Hà")]
    assert Person.objects.get(full_name="Ivanov Sergei").position == "Phó Giám đốc Xí nghiệp"


def test_unit_option_and_a_non_conference_article(units):
    _out, err, error = run(FILES / "plain_news.txt", unit=units["sports"].slug)
    assert error is None, err
    article = Article.objects.get()
    assert article.unit == units["sports"] and article.event is None and article.category is None


def test_without_a_matching_unit_the_file_fails(units):
    _out, err, error = run(FILES / "plain_news.txt")
    assert error is not None and "plain_news.txt" in err and "unit" in err
    assert not Article.objects.exists()


def test_future_date_is_scheduled_and_draft_status_is_kept(units):
    run(FILES / "future.txt")
    scheduled = Article.objects.get()
    assert scheduled.is_scheduled and not Article.objects.published().exists()
    scheduled.delete()
    run(FILES / "seed.txt", status="draft")
    assert Article.objects.get().status == ArticleStatus.DRAFT


def test_broken_files_fail_alone_and_are_reported_with_file_and_line(units):
    out, err, error = run(FILES / "no_date.txt", FILES / "seed.txt", FILES / "latin1.txt", FILES / "header_only.txt")
    assert error is not None, "the exit status is non-zero"
    assert "no_date.txt:2:" in err and "latin1.txt:1:" in err and "header_only.txt:3:" in err
    assert Article.objects.count() == 1, "the good file is imported"
    assert "Imported: 1, skipped: 0, failed: 3" in out


def test_dry_run_reports_and_saves_nothing(units, photo_folder):
    out, _err, error = run(FILES / "seed.txt", FILES / "workers_nfd_combined.txt", photos=photo_folder, dry_run=True)
    assert error is None
    assert "WOULD IMPORT" in out and "Dry run, nothing saved" in out
    assert not Article.objects.exists() and not Event.objects.exists() and not Person.objects.exists()


def test_a_bad_image_fails_the_file_and_leaves_no_files_behind(units, tmp_path, settings):
    (tmp_path / "01.jpg").write_bytes(jpeg_file().read())
    (tmp_path / "02.jpg").write_bytes(b"not an image")
    before = set(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else set()
    _out, err, error = run(FILES / "seed.txt", photos=tmp_path)
    assert error is not None and "02.jpg" in err
    assert not Article.objects.exists() and not Photo.objects.exists()
    after = set(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else set()
    assert {p for p in after - before if p.is_file()} == set()


def test_a_failed_import_keeps_an_image_another_photo_already_has(units, tmp_path, settings):
    shared = jpeg_file("shared.jpg", size=(400, 300))
    kept = PhotoFactory(image=shared)
    files = [kept.image.name, *(r["name"] for r in kept.renditions)]
    shared.seek(0)
    (tmp_path / "01.jpg").write_bytes(shared.read())
    (tmp_path / "02.jpg").write_bytes(b"not an image")
    _out, _err, error = run(FILES / "seed.txt", photos=tmp_path)
    assert error is not None and not Article.objects.exclude(pk=kept.article_id).exists()
    assert all((Path(settings.MEDIA_ROOT) / name).is_file() for name in files), "the same content is stored once"


def test_unknown_unit_option_is_a_clear_error(units):
    _out, _err, error = run(FILES / "seed.txt", unit="khong-co")
    assert error is not None and "khong-co" in str(error)


def test_missing_file_is_reported(units, tmp_path):
    _out, err, error = run(tmp_path / "missing.txt", FILES / "seed.txt")
    assert error is not None and "missing.txt" in err
    assert Article.objects.count() == 1
    shutil.rmtree(tmp_path, ignore_errors=True)
