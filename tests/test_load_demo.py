import datetime
import io
import unicodedata
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from news.demo import data, translations
from news.demo.images import render_photo
from news.models import (
    CONFERENCE_KINDS,
    Article,
    ArticleCredit,
    ArticleMention,
    ArticleStatus,
    ArticleTranslation,
    Category,
    CreditRole,
    Event,
    EventKind,
    EventParticipant,
    Person,
    Photo,
    PhotoPerson,
    TranslationStatus,
    Unit,
)
from news.policy import is_editor
from news.services.translations import out_of_date

pytestmark = pytest.mark.django_db

COUNTED_MODELS = [
    Unit,
    Person,
    Category,
    Event,
    EventParticipant,
    Article,
    ArticleMention,
    ArticleCredit,
    Photo,
    PhotoPerson,
    ArticleTranslation,
    get_user_model(),
]
SEED_TITLE = (
    "Trung tâm Công nghệ thông tin & Liên lạc tổ chức Hội nghị tổng kết năm 2019 "
    "và triển khai phương hướng nhiệm vụ năm 2020"
)
SEED_CAPTIONS = [
    "Quang cảnh Hội nghị",
    "Đ/c Đặng Đình Công – Bí thư Đảng ủy, Giám đốc Trung tâm trình bày Báo cáo tổng kết",
    "Đ/c Cao Tùng Sơn - Phó Tổng giám đốc Vietsovpetro phát biểu chỉ đạo Hội nghị",
    "Đ/c Nebozhenko Viktor - Chánh Kỹ sư công bố Quyết định khen thưởng",
    "Đ/c Trần Công Thịnh - Phó Chủ tịch Công đoàn Trung tâm trình bày tổng kết hoạt động Công đoàn",
]
SEED_MENTIONS = [
    ("Cao Tùng Sơn", "Phó Tổng giám đốc Vietsovpetro"),
    ("Đặng Đình Công", "Bí thư Đảng ủy, Giám đốc Trung tâm CNTT&LL"),
    ("Nebozhenko Viktor", "Chánh Kỹ sư"),
    ("Trần Công Thịnh", "Phó Chủ tịch Công đoàn Trung tâm"),
]


def tiny_jpeg(seed=""):
    """A tiny JPEG, one per seed (files are stored by content: equal photos would share one file)."""
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (20, 90, 160)).save(buffer, "JPEG", comment=seed.encode())
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def small_photos(monkeypatch):
    """Drawing the real 1200×800 photos takes most of a load's time: test_demo_photos_are_drawn… checks them."""
    monkeypatch.setattr("news.demo.loader.render_photo", lambda caption, seed: tiny_jpeg(seed))


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    """Counts of every model the demo writes, the usernames, and the photo files the photos point at."""
    counts = {model.__name__: model.objects.count() for model in COUNTED_MODELS}
    usernames = sorted(get_user_model().objects.values_list("username", flat=True))
    return counts, usernames, sorted(Photo.objects.values_list("image", flat=True))


@pytest.fixture
def demo():
    return load_demo()


def test_loading_twice_duplicates_nothing_and_keeps_the_photo_files():
    load_demo()
    first = snapshot()
    output = load_demo()
    second = snapshot()

    assert second == first
    counts, usernames, files = second
    assert usernames == sorted(user.username for user in data.USERS)
    assert len(set(files)) == counts["Photo"] and all(default_storage.exists(name) for name in files)
    assert "0 new photo files drawn" in output


def test_demo_meets_the_minimums(demo):
    assert Unit.objects.count() >= 8
    assert Unit.objects.filter(parent__isnull=True).get().short_name == "Vietsovpetro"
    assert Person.objects.count() >= 30
    assert not Person.objects.filter(unit__isnull=True).exists()
    assert not Person.objects.filter(position="").exists()
    assert Article.objects.published().exclude(pk__in=Article.objects.conference_reports()).count() >= 8
    assert Article.objects.filter(featured=True).exists()
    assert Event.objects.upcoming().count() >= 2
    assert Event.objects.past().exclude(kind__in=CONFERENCE_KINDS).exists()


def test_conference_reports_span_five_years_for_several_units_with_gaps(demo):
    years_by_unit = defaultdict(set)
    for unit_id, year in Article.objects.conference_reports().values_list("unit_id", "event__year"):
        years_by_unit[unit_id].add(year)

    assert len(years_by_unit) >= 4
    assert sum(len(years) >= 5 for years in years_by_unit.values()) >= 3
    all_years = set().union(*years_by_unit.values())
    assert {2020, 2021, 2022, 2023, 2024} <= all_years
    assert any(all_years - years for years in years_by_unit.values()), "some unit/year cells stay empty"
    for report in Article.objects.conference_reports().select_related("event", "category"):
        assert report.category.name == "Hội nghị"
        assert 2 <= report.photos.count() <= 5  # the seed report has five
        assert report.mentions.exists() and report.credits.exists()
        assert report.publish_at > report.event.start


def test_seed_article_is_reproduced(demo):
    article = Article.objects.select_related("event", "unit").get(title=SEED_TITLE)

    assert article.publish_at == datetime.datetime(2019, 12, 30, 13, 45, 52, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert article.unit.short_name == "Trung tâm CNTT&LL"
    assert article.event.kind == EventKind.YEAR_END_REVIEW
    assert (article.event.title, article.event.year) == ("Hội nghị tổng kết năm 2019", 2019)
    assert article.event.attendance == 50
    assert article.event.unit == article.unit
    assert article.event.start.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date() == datetime.date(2019, 12, 26)
    assert article.lead.startswith("Được sự đồng ý của Ban Tổng giám đốc")
    assert "gần 50 CBCNV" in article.body
    assert [photo.caption for photo in article.photos.all()] == SEED_CAPTIONS
    assert {photo.credit for photo in article.photos.all()} == {"Đinh Văn Tiến"}
    assert [list(photo.people.values_list("full_name", flat=True)) for photo in article.photos.all()] == [
        [],
        ["Đặng Đình Công"],
        ["Cao Tùng Sơn"],
        ["Nebozhenko Viktor"],
        ["Trần Công Thịnh"],
    ]
    assert [(m.person.full_name, m.position) for m in article.mentions.select_related("person")] == SEED_MENTIONS
    assert [(c.role, c.person.full_name) for c in article.credits.select_related("person")] == [
        (CreditRole.TEXT, "Hoàng Tiến Lương"),
        (CreditRole.PHOTO, "Đinh Văn Tiến"),
    ]
    assert article in Article.objects.conference_reports()


def test_russian_names_sort_by_surname(demo):
    names = list(Person.objects.values_list("full_name", flat=True))
    # Vietnamese names sort by the given name (Nam, Ngân), Russian ones by the surname written first.
    assert names.index("Nguyễn Hoài Nam") < names.index("Nebozhenko Viktor") < names.index("Huỳnh Thị Kim Ngân")
    assert Person.objects.get(full_name="Nebozhenko Viktor").sort_key == "nebozhenko viktor"


def test_demo_text_is_nfc(demo):
    texts = [
        *Article.objects.values_list("title", "lead", "body"),
        *ArticleTranslation.objects.values_list("title", "lead", "body"),
        *Photo.objects.values_list("caption", "alt_text", "caption_ru"),
    ]
    assert all(unicodedata.is_normalized("NFC", text) for row in texts for text in row)


def test_published_excludes_the_scheduled_and_unpublished_demo_articles(demo):
    published = Article.objects.published()
    scheduled = Article.objects.filter(status=ArticleStatus.PUBLISHED).exclude(pk__in=published)

    assert scheduled.count() == 1 and scheduled.get().is_scheduled
    assert Article.objects.filter(status=ArticleStatus.DRAFT).exists()
    assert Article.objects.filter(status=ArticleStatus.REVIEW).exists()
    assert not published.exclude(status=ArticleStatus.PUBLISHED).exists()


def test_demo_users_can_sign_in_with_the_printed_passwords(demo, client):
    for user in data.USERS:
        assert client.login(username=user.username, password=user.password), user.username
        assert user.username in demo and user.password in demo
        client.logout()


def test_demo_users_have_their_roles(demo):
    users = {user.username: user for user in get_user_model().objects.prefetch_related("groups")}

    assert users["admin"].is_superuser and users["admin"].is_staff
    assert [group.name for group in users["admin"].groups.all()] == ["Quản trị"]
    assert users["editor"].is_staff and is_editor(users["editor"])
    assert users["correspondent"].is_staff and not is_editor(users["correspondent"])
    assert not users["employee"].is_staff and not users["employee"].groups.exists()


def test_demo_photos_are_drawn_as_large_jpegs_the_same_every_time():
    drawn = render_photo("Đ/c Đặng Đình Công – Bí thư Đảng ủy", seed="seed-1")
    image = Image.open(io.BytesIO(drawn))

    assert (image.format, image.size) == ("JPEG", (1200, 800))
    assert render_photo("Đ/c Đặng Đình Công – Bí thư Đảng ủy", seed="seed-1") == drawn


def test_demo_correspondent_writes_for_assigned_units():
    call_command("load_demo", stdout=io.StringIO())
    correspondent = get_user_model().objects.get(username="correspondent")
    assert correspondent.assigned_units.count() == 2


# --- translations

SEED_MENTIONS_RU = [
    "Заместитель генерального директора СП «Вьетсовпетро»",
    "Секретарь партийного комитета, директор ЦИТС",
    "Главный инженер",
    "Заместитель председателя профсоюзного комитета Центра",
]
OUT_OF_DATE_ORIGINAL = "Viện NIPI hoàn thành hồ sơ thiết kế giàn đầu giếng không người ở"


def test_seed_article_has_a_published_russian_translation(demo):
    article = Article.objects.select_related("event").get(title=SEED_TITLE)
    russian = article.translations.get(language="ru")

    assert russian.status == TranslationStatus.PUBLISHED and russian.published_at is not None
    assert russian.title.startswith("Центр информационных технологий и связи подвёл итоги 2019 года")
    assert not russian.is_out_of_date
    # Paragraph for paragraph as the original.
    assert russian.body.count("<p>") == article.body.count("<p>") == 13
    assert "Као Тунг Шон" in russian.body and "51 336 долларов США" in russian.body
    captions = list(article.photos.values_list("caption_ru", flat=True))
    assert len(captions) == len(SEED_CAPTIONS) and all(captions)
    assert [m.position_ru for m in article.mentions.all()] == SEED_MENTIONS_RU
    assert article.event.title_ru == "Конференция по итогам 2019 года"
    assert all(p.position_ru for p in article.event.participations.all())


def test_a_russian_reader_reads_the_seed_article_in_russian(demo, client):
    article = Article.objects.get(title=SEED_TITLE)
    client.force_login(get_user_model().objects.get(username="employee"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Центр информационных технологий и связи подвёл итоги 2019 года" in page
    assert "Као Тунг Шон высоко оценил результаты работы ЦИТС" in page
    assert "Главный инженер Виктор Небоженко оглашает приказ о награждении" in page
    assert "Елена Кузнецова" in page


def test_units_categories_positions_and_events_have_russian(demo):
    assert not Unit.objects.filter(name_ru="").exists()
    assert not Unit.objects.filter(short_name_ru="").exists()
    assert Unit.objects.get(short_name="Trung tâm CNTT&LL").name_ru == "Центр информационных технологий и связи"
    assert Unit.objects.exclude(name_en="").exists()
    assert not Category.objects.filter(name_ru="").exists()
    assert not Person.objects.filter(position_ru="").exists()
    assert not ArticleMention.objects.filter(position_ru="").exists()
    assert not EventParticipant.objects.filter(position_ru="").exists()
    assert not EventParticipant.objects.exclude(role="").filter(role_ru="").exists()
    assert not Event.objects.filter(title_ru="").exists()
    assert not Event.objects.exclude(place="").filter(place_ru="").exists()


def test_translated_articles_have_their_photos_captions_in_russian(demo):
    for spec in translations.ARTICLES:
        article = Article.objects.get(title=spec.article)
        assert article.translations.get(language=spec.language).title == spec.title
        assert article.photos.exclude(caption_ru="").count() == len(spec.captions), spec.article


def test_translations_are_published_but_one_draft_and_exactly_one_out_of_date(demo):
    statuses = sorted(ArticleTranslation.objects.values_list("status", flat=True))
    assert len(statuses) == len(translations.ARTICLES) >= 5
    assert statuses.count(TranslationStatus.DRAFT) == 1
    assert set(statuses) == {TranslationStatus.DRAFT, TranslationStatus.PUBLISHED}

    stale = out_of_date().select_related("article").get()
    assert stale.article.title == OUT_OF_DATE_ORIGINAL and stale.is_published
    # The original gained a paragraph the translation does not have yet.
    assert "Hội đồng Khoa học – Kỹ thuật Vietsovpetro đã thông qua hồ sơ thiết kế" in stale.article.body


def test_loading_twice_keeps_the_same_translations_and_the_same_one_out_of_date():
    load_demo()
    first = list(ArticleTranslation.objects.order_by("pk").values_list("pk", "article_id", "language", "status"))
    first_stale = list(out_of_date().values_list("pk", flat=True))
    load_demo()

    assert list(ArticleTranslation.objects.order_by("pk").values_list("pk", "article_id", "language", "status")) == (
        first
    )
    assert list(out_of_date().values_list("pk", flat=True)) == first_stale and len(first_stale) == 1
    stale_body = Article.objects.get(title=OUT_OF_DATE_ORIGINAL).body
    assert stale_body.count("Hội đồng Khoa học – Kỹ thuật Vietsovpetro") == 1  # added once, not once a load


def test_demo_has_a_must_read_notice_for_one_unit_and_employees_who_work_there(demo, client):
    from news.models import Profile

    notice = Article.objects.get(must_read=True)
    assert [unit.name for unit in notice.audience_units.all()] == [data.IT_CENTRE] and notice.restricted
    assert notice.must_read_due is not None and notice.is_published
    employee = Profile.objects.get(user__username="employee")
    assert employee.unit.name == data.IT_CENTRE
    client.force_login(employee.user)
    assert client.get(notice.get_absolute_url()).status_code == 200
    client.force_login(get_user_model().objects.get(username="editor"))  # works in no unit: not for them
    assert client.get(notice.get_absolute_url()).status_code == 404
