"""The portal in Vietnamese (default), Russian and English: complete catalogues, pages with no English left."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ArticleFactory, EventFactory, PersonFactory, PhotoFactory, UserFactory, conference_report

CATALOGUES = sorted(path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/LC_MESSAGES/*.po"))
ENGLISH_UI_WORDS = ["Latest news", "Conferences", "Units", "People", "Events", "Search", "Sign out", "Front page"]


def test_every_language_has_a_catalogue():
    languages = {path.parts[-3] for path in CATALOGUES if path.parent.parent.parent.name == "locale"}
    assert {"vi", "ru", "en"} <= languages


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:]))
def test_no_empty_or_fuzzy_translation(path):
    catalogue = polib.pofile(str(path))
    assert not catalogue.fuzzy_entries(), [e.msgid for e in catalogue.fuzzy_entries()]
    untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    assert not untranslated


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:]))
def test_compiled_catalogues_match_their_sources(path):
    compiled = polib.mofile(str(path.with_suffix(".mo")))
    source = polib.pofile(str(path))
    translations = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in source.translated_entries()}
    compiled_translations = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in compiled}
    assert translations.items() <= compiled_translations.items(), "run make messages to compile"


@pytest.fixture
def reader_in(client, db):
    def switch(language):
        client.force_login(UserFactory())
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return switch


@pytest.fixture
def content(db, moments):
    report = conference_report(PersonFactory().unit, 2019)
    PhotoFactory(article=report)
    EventFactory(start=moments.tomorrow)
    ArticleFactory()
    return report


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


PAGES = ["/", "/news/", "/conferences/", "/units/", "/people/", "/events/", "/search/?q=hoi+nghi"]


@pytest.mark.parametrize("language", ["vi", "ru"])
def test_main_pages_have_no_english_left(reader_in, content, language):
    client = reader_in(language)
    for url in [*PAGES, content.get_absolute_url(), content.unit.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert f'<html lang="{language}">' in response.content.decode()
        left = [word for word in ENGLISH_UI_WORDS if re.search(rf"\b{word}\b", text)]
        assert not left, (url, left)
        if language == "ru":
            assert re.search("[А-Яа-я]{4,}", text), url


def test_english_pages_are_english(reader_in, content):
    text = visible_text(reader_in("en").get("/").content.decode())
    assert "Latest news" in text and "Tin mới nhất" not in text


@pytest.mark.parametrize(
    ("language", "date", "number"),
    [("vi", "30/12/2019", "51.336"), ("ru", "30.12.2019", "51\xa0336"), ("en", "30/12/2019", "51,336")],
)
def test_dates_and_numbers_follow_the_language(language, date, number):
    import datetime

    from django.utils import formats, translation

    with translation.override(language):
        assert formats.date_format(datetime.date(2019, 12, 30), "SHORT_DATE_FORMAT") == date
        assert formats.number_format(51336, force_grouping=True) == number


def test_admin_follows_the_users_language(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    html = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert "Статьи" in html or "статью" in html
