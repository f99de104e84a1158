"""Translations in the newsroom, through HTTP: written beside the original, published by editors only,
flagged out of date when the original changes, listed and filtered, kept in the article's history."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from news.models import ArticleStatus, ArticleTranslation, TranslationStatus
from news.services import translations as translation_service
from tests.factories import ArticleFactory, UnitFactory, correspondent, editor, translation
from tests.newsroom import article_form_data, change_url

pytestmark = pytest.mark.django_db

ADD = reverse("admin:news_articletranslation_add")
LIST = reverse("admin:news_article_changelist")


def translation_form(article, **overrides):
    data = {
        "article": article.pk,
        "language": "ru",
        "title": "Итоговая конференция",
        "lead": "Краткое содержание.",
        "body": "<p>Текст перевода.</p>",
        "translator": "Нгуен Тхи Лан",
        "status": TranslationStatus.DRAFT,
    }
    data.update(overrides)
    return data


def translation_change_url(translation):
    return reverse("admin:news_articletranslation_change", args=[translation.pk])


@pytest.fixture
def newsroom(client):
    unit = UnitFactory()
    writer = correspondent(username="writer")
    unit.correspondents.add(writer)
    return {"unit": unit, "writer": writer, "editor": editor(username="chief"), "client": client}


def test_an_editor_translates_and_publishes_an_article(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["editor"])
    article = ArticleFactory(unit=newsroom["unit"])
    response = client.post(
        ADD, translation_form(article, status=TranslationStatus.PUBLISHED, body="<p>Да</p><script>x()</script>")
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    saved = ArticleTranslation.objects.get(article=article, language="ru")
    assert saved.is_published and saved.published_at is not None and not saved.is_out_of_date
    assert "<script" not in saved.body  # sanitised like the original
    assert saved.updated_by == newsroom["editor"]


def test_the_translation_form_shows_the_original_beside_it(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["editor"])
    article = ArticleFactory(unit=newsroom["unit"], title="Bài gốc tiếng Việt", body="<p>Đoạn văn gốc.</p>")
    page = client.get(ADD, {"article": article.pk, "language": "ru"}).content.decode()
    assert 'class="original-text" lang="vi"' in page
    assert "Bài gốc tiếng Việt" in page and "Đoạn văn gốc." in page
    existing = translation(article)
    page = client.get(translation_change_url(existing)).content.decode()
    assert "Bài gốc tiếng Việt" in page and existing.title in page


def test_a_translation_cannot_be_in_the_articles_own_language(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["editor"])
    article = ArticleFactory(unit=newsroom["unit"])
    response = client.post(ADD, translation_form(article, language="vi"))
    assert response.status_code == 200 and not ArticleTranslation.objects.exists()


def test_a_correspondent_translates_their_units_draft_but_cannot_publish_it(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["writer"])
    draft = ArticleFactory(unit=newsroom["unit"], status=ArticleStatus.DRAFT)
    refused = client.post(ADD, translation_form(draft, status=TranslationStatus.PUBLISHED))
    assert refused.status_code == 200 and not ArticleTranslation.objects.exists()
    assert client.post(ADD, translation_form(draft)).status_code == 302
    written = ArticleTranslation.objects.get()
    data = translation_form(draft, title="Исправлено", status=TranslationStatus.PUBLISHED)
    assert client.post(translation_change_url(written), data).status_code == 200
    written.refresh_from_db()
    assert written.status == TranslationStatus.DRAFT and written.title == "Итоговая конференция"


@pytest.mark.parametrize("whose", ["other unit's draft", "own published article"])
def test_a_correspondent_cannot_translate_outside_their_drafts(newsroom, whose):
    client = newsroom["client"]
    client.force_login(newsroom["writer"])
    if whose == "other unit's draft":
        article = ArticleFactory(unit=UnitFactory(), status=ArticleStatus.DRAFT)
    else:
        article = ArticleFactory(unit=newsroom["unit"], status=ArticleStatus.PUBLISHED)
    client.post(ADD, translation_form(article))
    assert not ArticleTranslation.objects.exists()
    existing = translation(article, status=TranslationStatus.DRAFT)
    client.post(translation_change_url(existing), translation_form(article, title="Взлом"))
    existing.refresh_from_db()
    assert existing.title != "Взлом"


def test_a_correspondent_cannot_change_a_published_translation_of_their_draft(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["writer"])
    draft = ArticleFactory(unit=newsroom["unit"], status=ArticleStatus.DRAFT)
    published = translation(draft, title="Опубликовано")
    response = client.post(translation_change_url(published), translation_form(draft, title="Изменено", status="draft"))
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "Опубликовано" and published.is_published


def test_editing_the_original_flags_the_translation_out_of_date_until_updated_or_confirmed(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["editor"])
    article = ArticleFactory(unit=newsroom["unit"], title="Bài gốc")
    ru = translation(article, title="Русская версия")
    untouched = ArticleFactory(unit=newsroom["unit"], title="Bài chưa dịch")

    response = client.post(change_url(article), article_form_data(article, body="<p>Nội dung mới.</p>"))
    assert response.status_code == 302
    ru.refresh_from_db()
    assert ru.is_out_of_date

    listing = client.get(LIST, {"translation": "outdated-ru"}).content.decode()
    assert "Bài gốc" in listing and "Bài chưa dịch" not in listing
    assert "translation-outdated" in listing
    needs = client.get(LIST, {"translation": "needs-ru"}).content.decode()
    assert "Bài chưa dịch" in needs and ">Bài gốc<" not in needs
    assert untouched.translations.count() == 0
    assert "translation-outdated" in client.get(change_url(article)).content.decode()

    # Re-confirmed without a change to the text: no longer out of date.
    data = translation_form(
        article,
        title=ru.title,
        lead=ru.lead,
        body=ru.body,
        translator=ru.translator,
        status=ru.status,
        confirm_current="on",
    )
    assert client.post(translation_change_url(ru), data).status_code == 302
    ru.refresh_from_db()
    assert not ru.is_out_of_date
    assert "Bài gốc" not in client.get(LIST, {"translation": "outdated-ru"}).content.decode()


def test_updating_the_translation_text_makes_it_current(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["editor"])
    article = ArticleFactory(unit=newsroom["unit"])
    ru = translation(article)
    article.body = "<p>Đổi nội dung.</p>"
    article.save()
    ru.refresh_from_db()
    assert ru.is_out_of_date
    data = translation_form(article, title="Новый заголовок", status=ru.status)
    assert client.post(translation_change_url(ru), data).status_code == 302
    ru.refresh_from_db()
    assert not ru.is_out_of_date


def test_the_list_action_confirms_translations(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["editor"])
    article = ArticleFactory(unit=newsroom["unit"])
    ru = translation(article)
    article.title = "Tiêu đề mới"
    article.save()
    data = {"action": "confirm_current_selected", "_selected_action": [ru.pk], "index": "0"}
    client.post(reverse("admin:news_articletranslation_changelist"), data)
    assert not translation_service.out_of_date().exists()


def test_the_article_page_offers_translating_and_shows_each_state(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["editor"])
    article = ArticleFactory(unit=newsroom["unit"])
    page = client.get(change_url(article)).content.decode()
    assert f"{ADD}?article={article.pk}&amp;language=ru" in page
    translation(article, status=TranslationStatus.DRAFT, title="Черновик перевода")
    page = client.get(change_url(article)).content.decode()
    assert "Черновик перевода" in page
    listing = client.get(LIST).content.decode()
    assert "translation-draft" in listing and "RU" in listing


def test_restoring_an_article_version_restores_its_translation(newsroom):
    client = newsroom["client"]
    client.force_login(newsroom["editor"])
    with reversion.create_revision():
        article = ArticleFactory(unit=newsroom["unit"])
    assert client.post(ADD, translation_form(article, title="Первая версия")).status_code == 302
    ru = ArticleTranslation.objects.get()
    first = Version.objects.get_for_object(article).first()  # the article with its translation
    data = translation_form(article, title="Вторая версия", status=ru.status)
    assert client.post(translation_change_url(ru), data).status_code == 302
    assert Version.objects.get_for_object(article).count() == 3
    revision_url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    form = article_form_data(article)
    assert client.post(revision_url, form).status_code == 302
    ru.refresh_from_db()
    assert ru.title == "Первая версия"


def test_deleting_a_translation_takes_its_text_out_of_search(newsroom):
    from news.models import Article

    client = newsroom["client"]
    client.force_login(newsroom["editor"])
    article = ArticleFactory(unit=newsroom["unit"])
    ru = translation(article, title="Уникальноеслово")
    assert list(Article.objects.published().search("уникальноеслово")) == [article]
    delete_url = reverse("admin:news_articletranslation_delete", args=[ru.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert list(Article.objects.published().search("уникальноеслово")) == []


def test_saving_only_the_text_still_flags_the_translation(newsroom):
    article = ArticleFactory(unit=newsroom["unit"])
    ru = translation(article)
    article.lead = "Tóm tắt mới."
    article.save(update_fields=["lead"])
    ru.refresh_from_db()
    assert ru.is_out_of_date
