import contextlib
import datetime
import io
import unicodedata
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from news.demo import data, translations
from news.demo.images import render_photo
from news.models import (
    CONFERENCE_KINDS,
    Acknowledgement,
    Article,
    ArticleCredit,
    ArticleMention,
    ArticleRead,
    ArticleStatus,
    ArticleTranslation,
    Category,
    CreditRole,
    DigestFrequency,
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
from news.services.mail import compose_digest
from news.services.translations import out_of_date

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

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
    ArticleRead,
    Acknowledgement,
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


def small_photo(caption, seed):
    """Drawing the real 1200×800 photos takes most of a load's time: test_demo_photos_are_drawn… checks them."""
    return tiny_jpeg(seed)


@pytest.fixture(autouse=True)
def small_photos(monkeypatch):
    monkeypatch.setattr("news.demo.loader.render_photo", small_photo)


def load_demo():
    """The tests' settings are production's (DEBUG off): the command needs its explicit flag there."""
    out = io.StringIO()
    call_command("load_demo", "--allow-production-settings", stdout=out)
    return out.getvalue()


def snapshot():
    """Counts of every model the demo writes, the usernames, and the photo files the photos point at."""
    counts = {model.__name__: model.objects.count() for model in COUNTED_MODELS}
    usernames = sorted(get_user_model().objects.values_list("username", flat=True))
    return counts, usernames, sorted(Photo.objects.values_list("image", flat=True))


# The demo's checks run with the clock at each of these local times (the demo is loaded then), and at the real
# time: the night hours when "today at 07:30" is still to come, the morning, the evening (UTC's next day begins
# at 07:00 local), a Monday just after midnight (weekly digests), and a year's last morning.
CLOCKS = {
    "01:30": datetime.datetime(2027, 3, 2, 1, 30, tzinfo=LOCAL),
    "07:15": datetime.datetime(2027, 6, 15, 7, 15, tzinfo=LOCAL),
    "19:00": datetime.datetime(2026, 12, 8, 19, 0, tzinfo=LOCAL),
    "monday-00:05": datetime.datetime(2027, 1, 4, 0, 5, tzinfo=LOCAL),
    "new-year's-eve-06:00": datetime.datetime(2026, 12, 31, 6, 0, tzinfo=LOCAL),
    "now": None,
}


@pytest.fixture(scope="module", params=list(CLOCKS), ids=list(CLOCKS))
def demo(request, django_db_setup, django_db_blocker):
    """The demo, loaded once per clock for the module's tests (each test's changes are rolled back after it, and
    the whole load when the clock's tests are done). The clock ticks on from the time set."""
    clock = CLOCKS[request.param]
    with contextlib.ExitStack() as stack:
        if clock is not None:
            stack.enter_context(time_machine.travel(clock, tick=True))
        stack.enter_context(pytest.MonkeyPatch.context()).setattr("news.demo.loader.render_photo", small_photo)
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(transaction.atomic())
        output = load_demo()
        yield output
        transaction.set_rollback(True)


def translation_rows():
    return list(ArticleTranslation.objects.order_by("pk").values_list("pk", "article_id", "language", "status"))


def test_loading_twice_duplicates_nothing_keeps_the_photo_files_and_resets_the_demo():
    load_demo()
    first, first_translations = snapshot(), translation_rows()
    first_stale = list(out_of_date().values_list("pk", flat=True))
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("changed in the demo")
    editor.save()

    output = load_demo()

    second = snapshot()
    assert second == first
    counts, usernames, files = second
    assert usernames == sorted(user.username for user in [*data.USERS, *data.READERS])
    assert len(set(files)) == counts["Photo"] and all(default_storage.exists(name) for name in files)
    assert "0 new photo files drawn" in output
    # The same translations, and the same one out of date: its original's addition is made once, not once a load.
    assert translation_rows() == first_translations
    assert list(out_of_date().values_list("pk", flat=True)) == first_stale and len(first_stale) == 1
    stale_body = Article.objects.get(title=OUT_OF_DATE_ORIGINAL).body
    assert stale_body.count("Hội đồng Khoa học – Kỹ thuật Vietsovpetro") == 1
    # The demo's own sign-ins get their published passwords back.
    assert get_user_model().objects.get(username="editor").check_password(data.USERS[1].password)


def test_the_demo_refuses_production_settings_without_its_flag(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--allow-production-settings"):
        call_command("load_demo", stdout=io.StringIO())

    assert not Article.objects.exists() and not get_user_model().objects.exists()
    assert "--allow-production-settings" in call_command_help("load_demo")


def call_command_help(name):
    from django.core.management import load_command_class

    return load_command_class("news", name).create_parser("manage.py", name).format_help()


def test_the_demo_never_resets_an_account_it_did_not_make():
    owner = get_user_model().objects.create_user(
        "admin", email="it@company.example", password="the-owner's-own", first_name="Real"
    )

    output = load_demo()

    owner.refresh_from_db()
    assert owner.check_password("the-owner's-own") and not owner.is_superuser and owner.first_name == "Real"
    assert not owner.groups.exists()
    assert "“admin” existed and was not made by the demo" in output
    assert "demo-admin-2024" not in output


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


def test_demo_correspondent_writes_for_assigned_units(demo):
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


# --- every feature shows, whatever the hour the demo is loaded at (the `demo` fixture's clocks)


def sign_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_the_must_read_notice_is_pinned_for_the_employee_who_has_not_acknowledged_it(demo, client):
    notice = Article.objects.get(must_read=True)
    assert notice.is_published and notice.must_read_due > timezone.localdate()  # due in the coming days
    sign_in(client, "employee")

    page = client.get("/").content.decode()

    assert 'class="must-read"' in page and notice.title in page.split('class="must-read"')[1].split("</section>")[0]


def test_some_of_the_notices_audience_has_acknowledged_it(demo, client):
    notice = Article.objects.get(must_read=True)
    sign_in(client, "editor")

    response = client.get(reverse("admin:news_article_acknowledgements", args=[notice.pk]))

    report = response.context["report"]
    assert 0 < len(report.acknowledged) < report.members
    assert "employee" not in {person.user.username for person in report.acknowledged}
    assert "correspondent" in {person.user.username for person in report.acknowledged}


def test_the_reading_statistics_show_a_month_of_readers(demo, client):
    sign_in(client, "editor")

    chart = client.get(reverse("admin:news_article_statistics")).context["chart"]

    days_with_readers = [bar for bar in chart.bars if bar.readers]
    assert len(chart.bars) == 30 and len(days_with_readers) >= 20 and chart.peak >= 5
    assert chart.last == timezone.localdate()


def test_a_recent_article_has_readers_by_day_and_unit(demo, client):
    recent = Article.objects.for_reader(AnonymousUser()).order_by("-publish_at").first()
    sign_in(client, "editor")

    response = client.get(reverse("admin:news_article_article_statistics", args=[recent.pk]))

    assert response.context["total"] >= 3 and len(response.context["units"]) >= 2


def test_the_demo_employee_has_unread_news_on_the_front_page(demo, client):
    sign_in(client, "employee")

    page = client.get("/").content.decode()

    assert page.count('class="unread-mark"') >= 1
    assert ArticleRead.objects.filter(user__username="employee").exists()  # and has read older news


def test_one_scheduled_article_in_the_future_that_readers_cannot_open(demo, client):
    scheduled = Article.objects.scheduled().get()
    assert scheduled.publish_at > timezone.now()
    sign_in(client, "employee")

    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_one_event_is_under_way_now(demo, client):
    now = timezone.now()
    under_way = Event.objects.filter(start__lte=now, end__gte=now).get()
    sign_in(client, "employee")

    assert under_way.title in client.get(reverse("news:event_list")).content.decode()


def test_the_weekly_digest_brings_the_employee_their_unread_news(demo):
    employee = get_user_model().objects.select_related("profile").get(username="employee")

    message = compose_digest(employee, DigestFrequency.WEEKLY, "digest:test", timezone.now())

    unread = Article.objects.for_reader(employee).exclude(reads__user=employee).order_by("-publish_at").first()
    assert message is not None and unread.title in message.text_body
