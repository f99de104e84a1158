"""Readers see content in their language when a published translation exists, else the original marked with
its language and a note; every list and feed follows the same rule without a query more per item."""

import re
import xml.etree.ElementTree as ElementTree

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article, TranslationStatus
from news.services import translations as translation_service
from tests.factories import (
    ArticleFactory,
    ArticleMentionFactory,
    CategoryFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    conference_report,
    translation,
)

pytestmark = pytest.mark.django_db

ONLY_IN_VIETNAMESE_RU = "Статья доступна только на вьетнамском языке."


@pytest.fixture
def reader_in(client):
    def switch(language):
        client.force_login(UserFactory())
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return switch


def element(html, tag, text):
    """The whole ``tag`` element that holds ``text``."""
    match = re.search(rf"<{tag}\b[^>]*>(?:(?!</{tag}>).)*?{re.escape(text)}.*?</{tag}>", html, re.S)
    assert match, f"no <{tag}> with {text!r}"
    return match.group(0)


def text_of(html):
    return re.sub(r"<[^>]+>", "", html)


@pytest.fixture
def seed():
    unit = UnitFactory(
        name="Trung tâm Công nghệ thông tin và Liên lạc", name_ru="Центр информационных технологий и связи"
    )
    article = ArticleFactory(
        unit=unit,
        title="Hội nghị tổng kết năm 2019",
        lead="Trung tâm tổ chức hội nghị.",
        body="<p>Nội dung hội nghị.</p>",
    )
    translation(
        article,
        title="Итоговая конференция 2019 года",
        lead="Центр провёл конференцию.",
        body="<p>Содержание конференции.</p>",
        translator="Нгуен Тхи Лан",
    )
    return article


def test_a_russian_reader_reads_the_published_translation_at_the_same_address(reader_in, seed):
    html = reader_in("ru").get(seed.get_absolute_url()).content.decode()
    assert '<html lang="ru">' in html
    assert "Итоговая конференция 2019 года" in element(html, "h1", "Итоговая")
    assert "lang=" not in element(html, "h1", "Итоговая")
    assert "Содержание конференции." in html and "Nội dung hội nghị." not in html
    assert "Нгуен Тхи Лан" in html
    assert ONLY_IN_VIETNAMESE_RU not in html
    assert "Центр информационных технологий и связи" in html


def test_a_vietnamese_reader_reads_the_original(reader_in, seed):
    html = reader_in("vi").get(seed.get_absolute_url()).content.decode()
    assert "Hội nghị tổng kết năm 2019" in html and "Итоговая" not in html
    assert '<html lang="vi">' in html


def test_an_untranslated_article_is_the_original_marked_vietnamese_with_a_note(reader_in):
    article = ArticleFactory(title="Tin chưa dịch", body="<p>Chỉ có tiếng Việt.</p>")
    html = reader_in("ru").get(article.get_absolute_url()).content.decode()
    assert 'lang="vi"' in element(html, "h1", "Tin chưa dịch")
    assert re.search(r'<div class="body" lang="vi">\s*<p>Chỉ có tiếng Việt.</p>', html)
    assert ONLY_IN_VIETNAMESE_RU in html
    assert '<html lang="ru">' in html


@pytest.mark.parametrize("status", [TranslationStatus.DRAFT, TranslationStatus.REVIEW])
def test_an_unpublished_translation_is_not_shown(reader_in, seed, status):
    seed.translations.update(status=status)
    html = reader_in("ru").get(seed.get_absolute_url()).content.decode()
    assert "Итоговая" not in html and "Hội nghị tổng kết năm 2019" in html
    assert ONLY_IN_VIETNAMESE_RU in html


def test_a_translation_of_an_unpublished_article_stays_hidden(reader_in, seed):
    seed.status = "draft"
    seed.save()
    assert reader_in("ru").get(seed.get_absolute_url()).status_code == 404
    found = reader_in("ru").get(reverse("news:search"), {"q": "Итоговая"}).content.decode()
    assert seed.get_absolute_url() not in found


def test_publishing_a_translation_reaches_a_page_already_cached(reader_in, seed):
    draft = seed.translations.get()
    draft.status = TranslationStatus.DRAFT
    translation_service.save(draft)
    client = reader_in("ru")
    assert "Итоговая" not in client.get(seed.get_absolute_url()).content.decode()
    assert "Итоговая" not in client.get(reverse("news:home")).content.decode()
    draft.status = TranslationStatus.PUBLISHED
    translation_service.save(draft)
    assert "Итоговая" in client.get(seed.get_absolute_url()).content.decode()
    assert "Итоговая" in client.get(reverse("news:home")).content.decode()


def test_hreflang_alternates_name_the_languages_the_article_is_in(reader_in, seed):
    html = reader_in("ru").get(seed.get_absolute_url()).content.decode()
    path = seed.get_absolute_url()
    assert f'<link rel="alternate" hreflang="vi" href="{path}?lang=vi">' in html
    assert f'<link rel="alternate" hreflang="ru" href="{path}?lang=ru">' in html
    assert 'hreflang="en"' not in html  # no English translation
    assert f'hreflang="x-default" href="{path}"' in html


def test_an_alternate_address_shows_its_language_without_changing_the_readers_choice(reader_in, seed):
    client = reader_in("vi")
    assert "Итоговая" in client.get(seed.get_absolute_url(), {"lang": "ru"}).content.decode()
    assert "Итоговая" not in client.get(seed.get_absolute_url()).content.decode()


def test_every_page_has_hreflang_alternates(reader_in):
    html = reader_in("vi").get(reverse("news:event_list")).content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'hreflang="{code}" href="/events/?lang={code}"' in html


def test_lists_show_the_translation_or_the_marked_original(reader_in, seed):
    untranslated = ArticleFactory(title="Tin khác chưa dịch", unit=seed.unit)
    client = reader_in("ru")
    for url in [reverse("news:home"), reverse("news:news_list"), seed.unit.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "Итоговая конференция 2019 года" in html, url
        assert "Hội nghị tổng kết năm 2019" not in html, url
        assert 'lang="vi"' in element(html, "h3", f'<a href="{untranslated.get_absolute_url()}">Tin khác'), url


def test_the_conference_table_year_and_unit_pages_show_translated_report_titles(reader_in):
    unit = UnitFactory(name="Xí nghiệp Khai thác", name_ru="Нефтегазодобывающее управление")
    report = conference_report(unit, 2019)
    translation(report, title="Отчёт о конференции")
    client = reader_in("ru")
    table = client.get(reverse("news:conference_table")).content.decode()
    assert "Нефтегазодобывающее управление" in table
    for url in [reverse("news:conference_year", args=[2019]), reverse("news:unit_conferences", args=[unit.slug])]:
        html = client.get(url).content.decode()
        assert "Отчёт о конференции" in html, url
        assert report.title not in html, url


def test_short_fields_are_shown_translated_or_marked(reader_in):
    unit = UnitFactory(name="Viện NIPI", name_ru="Институт НИПИ")
    category = CategoryFactory(name="Hoạt động", name_ru="Деятельность")
    article = ArticleFactory(unit=unit, category=category)
    PhotoFactory(article=article, caption="Quang cảnh hội nghị", caption_ru="Вид конференции", alt_text="Hội trường")
    person = PersonFactory(position="Giám đốc", position_ru="Директор")
    ArticleMentionFactory(article=article, person=person, position="Phó Giám đốc", position_ru="Заместитель директора")
    html = reader_in("ru").get(article.get_absolute_url()).content.decode()
    assert "Институт НИПИ" in html and "Деятельность" in html
    assert "Вид конференции" in html and "Quang cảnh hội nghị" not in html
    assert '<span lang="vi">Hội trường</span>' not in html  # alt text is an attribute, never wrapped
    assert "Заместитель директора" in html
    person_html = reader_in("ru").get(person.get_absolute_url()).content.decode()
    assert "Директор" in person_html and "Заместитель директора" in person_html


def test_an_untranslated_short_field_is_marked_with_its_language(reader_in):
    unit = UnitFactory(name="Xí nghiệp Dịch vụ")
    html = reader_in("ru").get(reverse("news:unit_list")).content.decode()
    assert f'<span lang="vi">{unit.name}</span>' in html


def test_events_are_shown_translated(reader_in, moments):
    event = EventFactory(
        title="Hội nghị người lao động",
        title_ru="Конференция трудового коллектива",
        place="Hội trường",
        place_ru="Актовый зал",
        start=moments.tomorrow,
    )
    client = reader_in("ru")
    for url in [reverse("news:event_list"), event.get_absolute_url(), reverse("news:home")]:
        html = client.get(url).content.decode()
        assert "Конференция трудового коллектива" in html, url
    calendar = icalendar.Calendar.from_ical(client.get(reverse("news:events_ics")).content)
    entry = next(iter(calendar.walk("VEVENT")))
    assert str(entry["summary"]) == "Конференция трудового коллектива"
    assert entry["summary"].params["LANGUAGE"] == "ru"
    assert str(entry["location"]) == "Актовый зал"


def test_feeds_follow_the_readers_language(reader_in, seed):
    channel = ElementTree.fromstring(reader_in("ru").get(reverse("news:feed_latest")).content).find("channel")
    assert channel.findtext("language") == "ru"
    assert channel.find("item").findtext("title") == "Итоговая конференция 2019 года"
    assert channel.find("item").findtext("description") == "Центр провёл конференцию."
    unit_feed = reader_in("ru").get(reverse("news:feed_unit", args=[seed.unit.slug])).content
    assert "Центр информационных технологий и связи" in ElementTree.fromstring(unit_feed).find("channel").findtext(
        "title"
    )


def test_search_finds_an_article_by_its_published_translation_and_shows_it_in_the_readers_language(reader_in, seed):
    client = reader_in("ru")
    html = text_of(client.get(reverse("news:search"), {"q": "ИТОГОВАЯ конференция"}).content.decode())
    assert "Итоговая конференция 2019 года" in html
    vietnamese = text_of(reader_in("vi").get(reverse("news:search"), {"q": "итоговая"}).content.decode())
    assert "Hội nghị tổng kết năm 2019" in vietnamese  # found by the Russian word, shown in the reader's language


def test_search_folds_russian_yo_and_case_but_not_short_i(seed):
    found = lambda query: list(Article.objects.published().search(query))  # noqa: E731
    seed.translations.update(body="<p>Ёлочные огни и мой отчёт.</p>")
    seed.refresh_search_document()
    assert found("елочные") == [seed]
    assert found("ЁЛОЧНЫЕ") == [seed]
    assert found("мой") == [seed]
    assert found("мои") == []


def test_a_draft_translation_is_not_searchable(seed):
    draft = seed.translations.get()
    draft.status = TranslationStatus.DRAFT
    translation_service.save(draft)
    assert list(Article.objects.published().search("Итоговая")) == []


def test_lists_cost_no_query_more_per_translated_article(reader_in):
    client = reader_in("ru")
    unit = UnitFactory()
    for number in range(3):
        ArticleFactory(unit=unit, title=f"Bài {number}")
    client.get(reverse("news:news_list"))  # sign-in and session warmed
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("news:news_list"), {"page": 1, "x": 1})
    for article in Article.objects.all():
        translation(article, title=f"Статья {article.pk}")
        PhotoFactory(article=article)
    for number in range(12):
        translation(ArticleFactory(unit=unit), title=f"Ещё статья {number}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("news:news_list"), {"page": 1, "x": 2}).content.decode()
    assert "Ещё статья 11" in html
    assert len(many) == len(few)
