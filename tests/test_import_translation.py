"""A Russian (or English) export of the old intranet imported as an existing article's translation."""

import datetime

import pytest
from django.utils import translation

from news import legacy
from news.models import Article, ArticleTranslation, TranslationStatus
from tests.factories import ArticleFactory, UnitFactory, UserFactory
from tests.test_legacy import FILES, HANOI, SEED_CAPTIONS, run

RUSSIAN_SEED = FILES / "seed.ru.txt"
RUSSIAN_TITLE = "Центр информационных технологий и связи провёл конференцию по итогам 2019 года и задачам на 2020 год"
RUSSIAN_CAPTIONS = [
    "Общий вид конференции",
    "Секретарь парткома, директор Центра Данг Динь Конг представляет итоговый доклад",
    "Заместитель Генерального директора СП «Вьетсовпетро» Као Тунг Шон выступает на конференции с напутствием",
    "Главный инженер Небоженко Виктор объявляет решение о награждении",
    "Заместитель председателя профкома Центра Чан Конг Тхинь представляет отчёт о работе профсоюза",
]
BODY_ONLY_WORD = "рационализаторских"  # in the translation's body, in no caption


def parse_russian(text):
    return legacy.parse_translation(legacy.decode(text.encode()), "ru")


# The parser ---------------------------------------------------------------------------------------------


def test_russian_seed_has_the_originals_layout_in_russian():
    translation = legacy.parse_translation(legacy.decode(RUSSIAN_SEED.read_bytes()), "ru")
    original = legacy.parse(legacy.decode((FILES / "seed.txt").read_bytes()))
    assert translation.title == RUSSIAN_TITLE
    assert translation.published_at == datetime.datetime(2019, 12, 30, 13, 45, 52, tzinfo=HANOI)
    assert len(translation.paragraphs) == len(original.paragraphs), "one paragraph for each of the original's"
    assert translation.lead.startswith("С одобрения Дирекции СП «Вьетсовпетро»")
    assert not any("фотографий" in paragraph for paragraph in translation.paragraphs)
    assert [caption.text for caption in translation.captions] == RUSSIAN_CAPTIONS
    assert translation.credits == [
        ("text", "Хоанг Тиен Лыонг"),
        ("photo", "Динь Ван Тиен"),
        ("translator", "Ирина Соколова"),
    ]
    assert translation.translator == "Ирина Соколова"


def test_english_export_with_a_combined_credit_is_translated_by_its_writer():
    translation = legacy.parse_translation(legacy.decode((FILES / "plain_news.en.txt").read_bytes()), "en")
    assert translation.published_at == datetime.datetime(2022, 6, 3, 16, 30, tzinfo=HANOI)
    assert translation.credits == [("text_photo", "Hoang Tien Luong")] and translation.captions == []
    assert translation.translator == "Hoang Tien Luong"


@pytest.mark.parametrize(
    ("date_line", "published"),
    [
        ("Ngày phát hành: 12/30/2019 1:45:52 PM", datetime.datetime(2019, 12, 30, 13, 45, 52, tzinfo=HANOI)),
        ("дата публикации : 12/30/2019 1:45 PM", datetime.datetime(2019, 12, 30, 13, 45, tzinfo=HANOI)),
        ("Первый абзац: без даты.", None),
    ],
    ids=["vietnamese-label", "russian-label-any-case", "no-date-line"],
)
def test_a_translations_date_line_may_be_vietnamese_russian_or_absent(date_line, published):
    translation = parse_russian(f"Заголовок\n{date_line}\nТекст статьи.\nФотографии с конференции:\nПодпись\n")
    assert translation.published_at == published
    assert translation.paragraphs[-1] == "Текст статьи." and [c.text for c in translation.captions] == ["Подпись"]
    assert translation.paragraphs[0] == ("Первый абзац: без даты." if published is None else "Текст статьи.")


@pytest.mark.parametrize(
    ("credit_lines", "credits", "translator"),
    [
        ("ТЕКСТ И ФОТО: Ле Тхи Тху Ха", [("text_photo", "Ле Тхи Тху Ха")], "Ле Тхи Тху Ха"),
        (
            "Текст: Хоанг Тиен Лыонг\nперевод: Анна Петрова",
            [("text", "Хоанг Тиен Лыонг"), ("translator", "Анна Петрова")],
            "Анна Петрова",
        ),
        ("Фото: Динь Ван Тиен", [("photo", "Динь Ван Тиен")], ""),
    ],
)
def test_russian_credits_in_any_case(credit_lines, credits, translator):
    translation = parse_russian(f"Заголовок\nДата публикации: 1/2/2020 9:00:00 AM\nТекст.\n{credit_lines}\n")
    assert translation.credits == credits and translation.translator == translator


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("Заголовок\nДата: 12/30/2019 1:45:52 PM\nТекст.", 2, "not a date label"),
        ("Заголовок\nДата публикации: 13/45/2019 1:45:52 PM\nТекст.", 2, "impossible publish date"),
        ("Заголовок\nДата публикации: вчера\nТекст.", 2, "not a publish date"),
        ("Заголовок\nДата публикации: 1/2/2020 9:00:00 AM\n\nТекст: Хоанг Тиен Лыонг", 3, "no body"),
        ("\nТекст.", 1, "title"),
    ],
)
def test_broken_translations_name_the_line(text, line, reason):
    with pytest.raises(legacy.LegacyFormatError) as error:
        parse_russian(text)
    assert error.value.line == line and reason in error.value.reason


def test_originals_still_need_their_vietnamese_date_line():
    with pytest.raises(legacy.LegacyFormatError) as error:
        legacy.parse("Tiêu đề\nДата публикации: 1/2/2020 9:00:00 AM\nNội dung.")
    assert error.value.line == 2 and "Ngày phát hành" in error.value.reason


# The command --------------------------------------------------------------------------------------------


@pytest.fixture
def seed_article(db):
    """The real seed article imported as an original: five photos waiting for their images, captions in Vietnamese."""
    UnitFactory(name="Trung tâm Công nghệ thông tin & Liên lạc", short_name="Trung tâm CNTT&LL")
    _out, err, error = run(FILES / "seed.txt")
    assert error is None, err
    return Article.objects.get()


def russian_translation(article):
    return ArticleTranslation.objects.get(article=article, language="ru")


def test_import_by_id_makes_the_published_russian_translation(seed_article):
    out, err, error = run(RUSSIAN_SEED, "--translation-of", seed_article.pk, "--language", "ru")
    assert error is None, err
    translation = russian_translation(seed_article)
    assert translation.title == RUSSIAN_TITLE
    assert (
        translation.lead.startswith("С одобрения Дирекции")
        and translation.lead == legacy.parse_translation(legacy.decode(RUSSIAN_SEED.read_bytes()), "ru").paragraphs[0]
    )
    assert (
        translation.body.startswith("<p>В работе конференции приняли участие") and translation.body.count("<p>") == 13
    )
    assert translation.translator == "Ирина Соколова"
    assert translation.status == TranslationStatus.PUBLISHED and translation.published_at is not None
    assert not translation.is_out_of_date
    photos = list(seed_article.photos.all())
    assert [photo.caption_ru for photo in photos] == RUSSIAN_CAPTIONS
    assert [photo.caption for photo in photos] == SEED_CAPTIONS, "the original captions stay"
    assert [photo.caption_en for photo in photos] == [""] * 5
    assert "IMPORTED" in out and "Ирина Соколова" in out and "5 caption(s)" in out
    assert "Imported: 1, skipped: 0, failed: 0" in out


@pytest.mark.parametrize(
    "address",
    [
        lambda article: article.get_absolute_url(),
        lambda article: f"https://portal.example.com{article.get_absolute_url()}",
        lambda article: f"/admin/news/article/{article.pk}/change/",
        lambda article: f"http://intranet/admin/news/article/{article.pk}/change/?_changelist_filters=q",
    ],
    ids=["reader-path", "reader-url", "admin-path", "admin-url"],
)
def test_import_by_address_as_a_draft(seed_article, address):
    _out, err, error = run(
        RUSSIAN_SEED, "--translation-of", address(seed_article), "--language", "ru", "--status", "draft"
    )
    assert error is None, err
    translation = russian_translation(seed_article)
    assert translation.status == TranslationStatus.DRAFT and translation.published_at is None


def test_an_old_address_still_names_the_article(seed_article):
    old_address = seed_article.get_absolute_url()
    seed_article.slug = "hoi-nghi-tong-ket-2019"
    seed_article.save()
    seed_article.old_slugs.create(slug=old_address.rstrip("/").rsplit("/", 1)[-1])
    _out, err, error = run(RUSSIAN_SEED, "--translation-of", old_address, "--language", "ru")
    assert error is None, err
    assert russian_translation(seed_article).title == RUSSIAN_TITLE


def test_importing_again_updates_the_translation(seed_article, tmp_path):
    run(RUSSIAN_SEED, "--translation-of", seed_article.pk, "--language", "ru", "--status", "draft")
    first = russian_translation(seed_article)
    corrected = tmp_path / "seed.ru.corrected.txt"
    text = RUSSIAN_SEED.read_text().replace("провёл конференцию", "провёл итоговую конференцию", 1)
    corrected.write_text(text.replace("Общий вид конференции", "Зал конференции"))
    out, err, error = run(corrected, "--translation-of", seed_article.pk, "--language", "ru")
    assert error is None, err
    assert ArticleTranslation.objects.filter(article=seed_article).count() == 1
    translation = russian_translation(seed_article)
    assert translation.pk == first.pk and "итоговую конференцию" in translation.title
    assert translation.status == TranslationStatus.PUBLISHED
    assert seed_article.photos.first().caption_ru == "Зал конференции"
    assert "UPDATED" in out and "Imported: 0, updated: 1, skipped: 0, failed: 0" in out


def test_captions_beyond_the_articles_photos_are_reported_not_saved(seed_article):
    for photo in list(seed_article.photos.all())[3:]:
        photo.delete()
    out, err, error = run(RUSSIAN_SEED, "--translation-of", seed_article.pk, "--language", "ru")
    assert error is None, err
    assert [photo.caption_ru for photo in seed_article.photos.all()] == RUSSIAN_CAPTIONS[:3]
    assert "3 caption(s)" in out and "2 caption(s) more than the article's photos" in out


def test_a_file_without_captions_leaves_the_photos_alone(seed_article, tmp_path):
    seed_article.photos.update(caption_ru="Подпись редактора")
    short = tmp_path / "short.ru.txt"
    short.write_text(
        "Краткий перевод\nДата публикации: 12/30/2019 1:45:52 PM\nЦентр подвёл итоги года.\nПеревод: Анна Петрова\n"
    )
    _out, err, error = run(short, "--translation-of", seed_article.pk, "--language", "ru")
    assert error is None, err
    assert set(seed_article.photos.values_list("caption_ru", flat=True)) == {"Подпись редактора"}
    assert russian_translation(seed_article).body == ""


def test_english_translation_of_an_article(db):
    article = ArticleFactory(title="Giải bóng đá truyền thống Vietsovpetro năm 2022 khép lại")
    _out, err, error = run(FILES / "plain_news.en.txt", "--translation-of", article.pk, "--language", "en")
    assert error is None, err
    translation = article.translations.get()
    assert (translation.language, translation.translator) == ("en", "Hoang Tien Luong")
    assert Article.objects.published().search("supporters").get() == article


def test_search_finds_the_article_by_a_russian_word_once_the_translation_is_published(seed_article, client):
    client.force_login(UserFactory())
    run(RUSSIAN_SEED, "--translation-of", seed_article.pk, "--language", "ru", "--status", "draft")
    assert not Article.objects.published().search(BODY_ONLY_WORD).exists()
    assert seed_article.get_absolute_url() not in client.get("/search/", {"q": BODY_ONLY_WORD}).content.decode()

    run(RUSSIAN_SEED, "--translation-of", seed_article.pk, "--language", "ru")
    assert list(Article.objects.published().search(BODY_ONLY_WORD)) == [seed_article]
    assert seed_article.get_absolute_url() in client.get("/search/", {"q": BODY_ONLY_WORD}).content.decode()


def test_dry_run_saves_nothing(seed_article):
    out, err, error = run(RUSSIAN_SEED, "--translation-of", seed_article.pk, "--language", "ru", "--dry-run")
    assert error is None, err
    assert "WOULD IMPORT" in out and "Dry run, nothing saved" in out
    assert not ArticleTranslation.objects.exists()
    assert set(seed_article.photos.values_list("caption_ru", flat=True)) == {""}


def test_a_file_that_does_not_parse_is_named_with_its_line_and_nothing_is_saved(seed_article, tmp_path):
    broken = tmp_path / "broken.ru.txt"
    broken.write_text(RUSSIAN_SEED.read_text().replace("Дата публикации: 12/30/2019", "Дата публикации: 13/45/2019"))
    out, err, error = run(broken, "--translation-of", seed_article.pk, "--language", "ru")
    assert error is not None and "broken.ru.txt:2:" in err
    assert "Imported: 0, skipped: 0, failed: 1" in out
    assert not ArticleTranslation.objects.exists()
    assert set(seed_article.photos.values_list("caption_ru", flat=True)) == {""}


@pytest.mark.parametrize("reference", ["999999", "/news/2019/12/30/khong-co-bai-nay/", "/units/", "khong-co"])
def test_an_unknown_article_is_named(seed_article, reference):
    _out, _err, error = run(RUSSIAN_SEED, "--translation-of", reference, "--language", "ru")
    assert error is not None and reference in str(error)
    assert not ArticleTranslation.objects.exists()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--language", "vi"], "original"),
        ([], "--language"),
        (["--language", "de"], "invalid choice"),
        (["--language", "ru", "--unit", "cntt"], "--unit"),
        (["--language", "ru", "--photos", "."], "--photos"),
    ],
    ids=["same-language-as-the-original", "no-language", "not-a-portal-language", "unit", "photos"],
)
def test_translation_options_that_do_not_fit_are_refused(seed_article, options, expected):
    with translation.override("en"):  # the messages are translated; these tests read the English ones
        _out, _err, error = run(RUSSIAN_SEED, "--translation-of", seed_article.pk, *options)
    assert error is not None and expected in str(error)
    assert not ArticleTranslation.objects.exists()


def test_one_file_per_translation(seed_article):
    with translation.override("en"):
        _out, _err, error = run(RUSSIAN_SEED, RUSSIAN_SEED, "--translation-of", seed_article.pk, "--language", "ru")
    assert error is not None and "one FILE" in str(error)


def test_originals_are_vietnamese(db):
    _out, _err, error = run(FILES / "plain_news.txt", "--language", "ru")
    assert error is not None and "--translation-of" in str(error)
    assert not Article.objects.exists()
