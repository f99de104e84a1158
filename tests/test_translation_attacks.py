"""Attacks on content translations through HTTP, as a correspondent ("Cộng tác viên", one unit), a plain signed-in
employee, and a reader would make them (commits 8986fda, 299b988, a1e9485).

Each test guards a rule that held under attack (the one breach found, a 500 for ?article=abc on the add form,
was fixed for every add form in news/admin/access.py).

Rules under attack:
- readers see a translation only when it is published AND its article is published and due: not on the article
  page, ?lang=ru, lists, the front page, search (results, titles, excerpts), feeds (also with a personal token),
  iCalendar, conference, unit, person and event pages, media; nor from a page cached before the change;
- a correspondent adds and changes translations only of their units' drafts, only while unpublished, and never
  publishes or unpublishes one, whatever the form, list action, crafted POST or read-only field says;
- the translation form's original panel shows only an article the user may see;
- an employee without newsroom rights gets nothing from the translation admin;
- translated bodies are sanitised on every path (newsroom, import, service, model);
- odd input (?lang=, ?translation=, ?article=) is never a 500.
"""

import datetime
import re
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from news.models import Article, ArticleStatus, ArticleTranslation, EventKind, FeedToken, TranslationStatus
from news.services import importing
from news.services import translations as translation_service
from tests.factories import (
    ArticleFactory,
    ArticleMentionFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    correspondent,
    editor,
    translation,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:news_articletranslation_add")
TRANSLATIONS = reverse("admin:news_articletranslation_changelist")
ARTICLES = reverse("admin:news_article_changelist")
AUTOCOMPLETE = reverse("admin:autocomplete")

# Words only the attacked translation holds: whatever page shows one of them shows the translation.
SECRET_TITLE = "Засекреченныйзаголовок"
SECRET_LEAD = "Тайнаяаннотация"
SECRET_BODY = "Невидимыйтекст"
SECRET_TRANSLATOR = "Скрытыйпереводчик"
SECRETS = (SECRET_TITLE, SECRET_LEAD, SECRET_BODY, SECRET_TRANSLATOR)
SECRET_CAPTION = "Секретнаяподпись"  # the translated caption of the article's photo
YEAR = 2019


def secret_fields(**overrides):
    fields = {
        "title": SECRET_TITLE,
        "lead": SECRET_LEAD,
        "body": f"<p>{SECRET_BODY}</p>",
        "translator": SECRET_TRANSLATOR,
    }
    return {**fields, **overrides}


def text_of(response):
    """What a response shows, with iCalendar's folded lines unfolded."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode().replace("\r\n ", "")


def leaked(response, secrets=SECRETS):
    page = text_of(response)
    return [secret for secret in secrets if secret in page]


def no_500_client():
    return Client(raise_request_exception=False)


# Readers: a translation appears only when it and its article are both visible -----------------------------------


ARTICLE_STATES = {
    "published": lambda now: {"status": ArticleStatus.PUBLISHED, "publish_at": now - datetime.timedelta(hours=1)},
    "draft": lambda now: {"status": ArticleStatus.DRAFT, "publish_at": now - datetime.timedelta(hours=1)},
    "review": lambda now: {"status": ArticleStatus.REVIEW, "publish_at": now - datetime.timedelta(hours=1)},
    "scheduled": lambda now: {"status": ArticleStatus.PUBLISHED, "publish_at": now + datetime.timedelta(days=1)},
    "archived": lambda now: {"status": ArticleStatus.ARCHIVED, "publish_at": now - datetime.timedelta(hours=1)},
}


def conference_event(unit, title):
    start = datetime.datetime(YEAR, 12, 26, 8, 0, tzinfo=datetime.UTC)
    return EventFactory(unit=unit, kind=EventKind.YEAR_END_REVIEW, year=YEAR, start=start, title=title)


def build_world(article_state="published", translation_status=TranslationStatus.PUBLISHED):
    """A conference report with a photo and a person named in it, translated into Russian with the secret words;
    and beside it, a published report of the same unit and year, so that every list page has something to show."""
    unit = UnitFactory()
    article = ArticleFactory(
        unit=unit,
        event=conference_event(unit, "Hội nghị tổng kết năm 2019"),
        title="Bài gốc tiếng Việt",
        **ARTICLE_STATES[article_state](timezone.now()),
    )
    person = PersonFactory(unit=unit)
    ArticleMentionFactory(article=article, person=person)
    photo = PhotoFactory(article=article, caption="Chú thích gốc", caption_ru=SECRET_CAPTION)
    filler = ArticleFactory(unit=unit, event=conference_event(unit, "Hội nghị người lao động năm 2019"))
    ru = translation(article, status=translation_status, **secret_fields())
    return {"unit": unit, "article": article, "person": person, "photo": photo, "filler": filler, "ru": ru}


def reader_pages(world):
    """Every reader page that could show the attacked article or its translation, asked in Russian."""
    article, unit = world["article"], world["unit"]
    event = article.event
    return {
        "article page": article.get_absolute_url(),
        "article page ?lang=ru": article.get_absolute_url() + "?lang=ru",
        "front page": "/",
        "news list": "/news/",
        "unit's news list": f"/news/?unit={unit.slug}",
        "search by body": f"/search/?q={SECRET_BODY.lower()}",
        "search by title": f"/search/?q={SECRET_TITLE.lower()}&type=articles",
        "latest feed": reverse("news:feed_latest"),
        "unit feed": reverse("news:feed_unit", args=[unit.slug]),
        "iCalendar": reverse("news:events_ics"),
        "conference table": reverse("news:conference_table"),
        "conference year": reverse("news:conference_year", args=[YEAR]),
        "unit page": unit.get_absolute_url(),
        "unit's conferences": reverse("news:unit_conferences", args=[unit.slug]),
        "person page": world["person"].get_absolute_url(),
        "event page": event.get_absolute_url(),
        "events": reverse("news:event_list"),
    }


# Where a visible translation's title shows: the attack on the other pages is only as good as this control. (The
# conference table links reports by their kind, without titles: it shows the article by its address only.)
PAGES_SHOWING_THE_ARTICLE = {
    "article page",
    "article page ?lang=ru",
    "front page",
    "news list",
    "unit's news list",
    "search by body",
    "search by title",
    "latest feed",
    "unit feed",
    "conference year",
    "unit page",
    "unit's conferences",
    "person page",
    "event page",
}


@pytest.fixture
def russian_reader():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    return client


@pytest.fixture
def vietnamese_reader():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    return client


def token_feeds(world):
    """The feeds as a feed reader asks them: no session, the employee's personal token, Russian by ?lang=."""
    key = FeedToken.for_user(UserFactory()).key
    return {
        "latest feed with token": f"{reverse('news:feed_latest')}?token={key}&lang=ru",
        "unit feed with token": f"{reverse('news:feed_unit', args=[world['unit'].slug])}?token={key}&lang=ru",
        "iCalendar with token": f"{reverse('news:events_ics')}?token={key}&lang=ru",
    }


def test_control_a_published_translation_of_a_published_article_shows_everywhere(russian_reader):
    world = build_world()
    for name, url in reader_pages(world).items():
        response = russian_reader.get(url)
        assert response.status_code == 200, name
        if name in PAGES_SHOWING_THE_ARTICLE:
            assert SECRET_TITLE in text_of(response), name
        if name in PAGES_SHOWING_THE_ARTICLE | {"conference table"} and not name.startswith("article page"):
            assert world["article"].get_absolute_url() in text_of(response), name
    feed_reader = Client()
    for name, url in token_feeds(world).items():
        response = feed_reader.get(url)
        assert response.status_code == 200, name
        if "iCalendar" not in name:
            assert SECRET_TITLE in text_of(response), name


HIDDEN = [
    (article_state, status)
    for article_state in ARTICLE_STATES
    for status in TranslationStatus.values
    if (article_state, status) != ("published", TranslationStatus.PUBLISHED)
]


@pytest.mark.parametrize(("article_state", "translation_status"), HIDDEN)
def test_no_reader_page_shows_a_translation_unless_it_and_its_article_are_published(
    russian_reader, vietnamese_reader, article_state, translation_status
):
    world = build_world(article_state, translation_status)
    article_visible = article_state == "published"
    # The photo's translated caption is a short field (no state of its own): hidden with its article only.
    secrets = SECRETS if article_visible else (*SECRETS, SECRET_CAPTION, world["article"].get_absolute_url())
    for name, url in reader_pages(world).items():
        response = russian_reader.get(url)
        expected = 404 if name.startswith("article page") and not article_visible else 200
        assert response.status_code == expected, name
        # A 404 names the address asked for: the article's own page is judged by its text alone.
        judged = secrets[:-1] if name.startswith("article page") and not article_visible else secrets
        assert leaked(response, judged) == [], name
        assert leaked(vietnamese_reader.get(url), judged) == [], f"{name} (Vietnamese reader)"
        if name.startswith("article page") and article_visible:
            assert 'hreflang="ru"' not in text_of(response), name  # nor does it say that a translation exists
    feed_reader = Client(raise_request_exception=False)
    for name, url in token_feeds(world).items():
        response = feed_reader.get(url)
        assert response.status_code == 200 and leaked(response, secrets) == [], name


@pytest.mark.parametrize("article_state", ["draft", "review", "scheduled", "archived"])
def test_a_published_translation_does_not_open_the_photos_of_a_hidden_article(vietnamese_reader, article_state):
    world = build_world(article_state, TranslationStatus.PUBLISHED)
    rendition = world["photo"].image.storage.url(world["photo"].renditions[0]["name"])
    assert vietnamese_reader.get(rendition).status_code == 404
    control = build_world("published", TranslationStatus.DRAFT)
    visible_rendition = control["photo"].image.storage.url(control["photo"].renditions[0]["name"])
    assert vietnamese_reader.get(visible_rendition).status_code == 200


def test_search_finds_nothing_by_words_of_a_draft_translation_and_shows_no_excerpt(vietnamese_reader):
    world = build_world("published", TranslationStatus.DRAFT)
    for query in (SECRET_BODY.lower(), SECRET_LEAD.lower(), SECRET_TITLE.lower(), SECRET_TRANSLATOR.lower()):
        page = text_of(vietnamese_reader.get("/search/", {"q": query, "type": "articles"}))
        assert world["article"].slug not in page, query
    assert not Article.objects.published().search(SECRET_BODY.lower()).exists()


def test_search_stops_finding_a_translation_once_it_is_taken_back_to_draft(russian_reader):
    world = build_world()
    search = f"/search/?q={SECRET_BODY.lower()}"
    assert world["article"].slug in text_of(russian_reader.get(search))
    world["ru"].status = TranslationStatus.DRAFT
    translation_service.save(world["ru"])
    page = text_of(russian_reader.get(search))
    assert world["article"].slug not in page and leaked(russian_reader.get(search)) == []


# Readers: the page cache never serves a translation after it stopped being visible ------------------------------


def editor_client():
    client = Client()
    client.force_login(editor())
    return client


def translation_change_url(ru):
    return reverse("admin:news_articletranslation_change", args=[ru.pk])


def translation_form(ru, **overrides):
    data = {
        "title": ru.title,
        "lead": ru.lead,
        "body": ru.body,
        "translator": ru.translator,
        "status": ru.status,
    }
    return {**data, **overrides}


CACHED_PAGES = PAGES_SHOWING_THE_ARTICLE - {"latest feed", "unit feed"}  # the feeds are never cached


def seen_in_russian(reader, world):
    """The secret title as each cached page shows it now (a dict of page name -> shown?)."""
    pages = reader_pages(world)
    return {name: SECRET_TITLE in text_of(reader.get(pages[name])) for name in sorted(CACHED_PAGES)}


def take_back_by_form(world):
    ru = world["ru"]
    response = editor_client().post(translation_change_url(ru), translation_form(ru, status=TranslationStatus.DRAFT))
    assert response.status_code == 302


def delete_by_form(world):
    delete_url = reverse("admin:news_articletranslation_delete", args=[world["ru"].pk])
    assert editor_client().post(delete_url, {"post": "yes"}).status_code == 302


def unpublish_the_article(world):
    data = {"action": "unpublish_selected", "_selected_action": [world["article"].pk], "index": "0"}
    assert editor_client().post(ARTICLES, data).status_code == 302
    world["article"].refresh_from_db()
    assert world["article"].status == ArticleStatus.DRAFT


def restore_the_version_before_publication(world):
    """An editor restores the article's version in which its translation was still a draft."""
    client = editor_client()
    ru = world["ru"]
    ru.status = TranslationStatus.DRAFT
    ru.save()
    # Kept as the newsroom keeps it: the translation form's save is a revision of the article.
    assert client.post(translation_change_url(ru), translation_form(ru)).status_code == 302
    draft_version = Version.objects.get_for_object(world["article"]).first()
    assert client.post(translation_change_url(ru), translation_form(ru, status="published")).status_code == 302
    return client, draft_version


def import_again_as_draft(world):
    """The importer writes the translation again, as a draft (import_legacy --translation-of … --status draft)."""
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "again.ru.txt"
        export.write_text("Новый заголовок\nДата публикации: 1/2/2020 9:00:00 AM\nАннотация.\nТекст.\n")
        importing.import_translation(export, world["article"], "ru", "draft")
    assert ArticleTranslation.objects.get(pk=world["ru"].pk).status == TranslationStatus.DRAFT


@pytest.mark.parametrize(
    "change",
    [take_back_by_form, delete_by_form, unpublish_the_article, import_again_as_draft],
    ids=["translation taken back to draft", "translation deleted", "article unpublished", "imported as a draft"],
)
def test_a_cached_page_never_shows_a_translation_after_it_stopped_being_visible(russian_reader, change):
    world = build_world()
    assert all(seen_in_russian(russian_reader, world).values())  # every page is now in the cache
    change(world)
    assert not any(seen_in_russian(russian_reader, world).values())


def test_a_cached_page_follows_a_restored_version_that_takes_the_translation_back(russian_reader):
    from tests.newsroom import article_form_data

    world = build_world()
    client, draft_version = restore_the_version_before_publication(world)
    assert all(seen_in_russian(russian_reader, world).values())
    article = Article.objects.get(pk=world["article"].pk)
    revision_url = reverse("admin:news_article_revision", args=[article.pk, draft_version.pk])
    assert client.post(revision_url, article_form_data(article)).status_code == 302
    assert ArticleTranslation.objects.get(pk=world["ru"].pk).status == TranslationStatus.DRAFT
    assert not any(seen_in_russian(russian_reader, world).values())
    assert world["article"].slug not in text_of(russian_reader.get(f"/search/?q={SECRET_BODY.lower()}"))


def test_a_cached_page_shows_a_translation_once_it_is_published(russian_reader):
    world = build_world("published", TranslationStatus.REVIEW)
    assert not any(seen_in_russian(russian_reader, world).values())
    ru = world["ru"]
    response = editor_client().post(translation_change_url(ru), translation_form(ru, status="published"))
    assert response.status_code == 302
    assert all(seen_in_russian(russian_reader, world).values())


# Correspondents: only their units' drafts, only unpublished translations, never publishing -----------------------


@pytest.fixture
def newsroom():
    """A correspondent of one unit, with a draft of their unit and a draft of another unit to attack."""
    own_unit, other_unit = UnitFactory(), UnitFactory()
    writer = correspondent(username="writer")
    own_unit.correspondents.add(writer)
    client = Client(raise_request_exception=False)
    client.force_login(writer)
    return {
        "client": client,
        "writer": writer,
        "own_unit": own_unit,
        "other_unit": other_unit,
        "own_draft": ArticleFactory(unit=own_unit, status=ArticleStatus.DRAFT, title="Bản nháp của tôi"),
        "other_draft": ArticleFactory(
            unit=other_unit, status=ArticleStatus.DRAFT, title="Bản nháp đơn vị khác", body="<p>Nội dung mật.</p>"
        ),
    }


def add_form(article, **overrides):
    data = {"article": article.pk, "language": "ru", **secret_fields(), "status": TranslationStatus.DRAFT}
    return {**data, **overrides}


def test_control_a_correspondent_translates_their_units_draft(newsroom):
    response = newsroom["client"].post(ADD, add_form(newsroom["own_draft"], status=TranslationStatus.REVIEW))
    assert response.status_code == 302
    written = ArticleTranslation.objects.get()
    assert written.article == newsroom["own_draft"] and written.status == TranslationStatus.REVIEW


def test_a_correspondent_cannot_translate_another_units_article(newsroom):
    client, other = newsroom["client"], newsroom["other_draft"]
    client.post(ADD, add_form(other))
    client.post(f"{ADD}?article={other.pk}&language=ru", add_form(other))
    # The same field twice: whichever one the form reads, it is not another unit's article.
    client.post(ADD, {**add_form(other), "article": [newsroom["own_draft"].pk, other.pk]})
    assert not ArticleTranslation.objects.filter(article=other).exists()


@pytest.mark.parametrize("state", ["review", "published", "scheduled", "archived"])
def test_a_correspondent_cannot_translate_their_units_article_once_it_left_draft(newsroom, state):
    article = ArticleFactory(unit=newsroom["own_unit"], **ARTICLE_STATES[state](timezone.now()))
    newsroom["client"].post(ADD, add_form(article))
    assert not ArticleTranslation.objects.exists()


def test_a_correspondent_cannot_add_a_published_translation(newsroom):
    newsroom["client"].post(ADD, add_form(newsroom["own_draft"], status=TranslationStatus.PUBLISHED))
    assert not ArticleTranslation.objects.filter(status=TranslationStatus.PUBLISHED).exists()


def test_a_correspondent_cannot_publish_their_translation_through_the_form(newsroom):
    ru = translation(newsroom["own_draft"], status=TranslationStatus.REVIEW)
    newsroom["client"].post(translation_change_url(ru), translation_form(ru, status=TranslationStatus.PUBLISHED))
    ru.refresh_from_db()
    assert ru.status == TranslationStatus.REVIEW and ru.published_at is None


def test_a_correspondent_cannot_move_their_translation_to_another_article_or_language(newsroom):
    ru = translation(newsroom["own_draft"], status=TranslationStatus.DRAFT)
    data = translation_form(ru, article=newsroom["other_draft"].pk, language="en", title="Перенесено")
    assert newsroom["client"].post(translation_change_url(ru), data).status_code == 302
    ru.refresh_from_db()
    assert ru.article == newsroom["own_draft"] and ru.language == "ru" and ru.title == "Перенесено"
    assert not ArticleTranslation.objects.filter(article=newsroom["other_draft"]).exists()


def test_save_as_new_is_no_way_into_another_units_article(newsroom):
    theirs = translation(newsroom["other_draft"], status=TranslationStatus.DRAFT, title="Их перевод")
    data = {**add_form(newsroom["other_draft"], language="en"), "_saveasnew": "1"}
    newsroom["client"].post(translation_change_url(theirs), data)
    own = translation(newsroom["own_draft"], status=TranslationStatus.DRAFT)
    newsroom["client"].post(translation_change_url(own), data)
    assert list(ArticleTranslation.objects.filter(article=newsroom["other_draft"])) == [theirs]


@pytest.mark.parametrize(
    "whose",
    ["published translation of own draft", "draft translation of own published article", "other unit's draft"],
)
def test_a_correspondent_cannot_change_or_delete_a_translation_outside_their_rights(newsroom, whose):
    if whose == "published translation of own draft":
        target = translation(newsroom["own_draft"], status=TranslationStatus.PUBLISHED, title="Исходное")
    elif whose == "draft translation of own published article":
        published = ArticleFactory(unit=newsroom["own_unit"])
        target = translation(published, status=TranslationStatus.DRAFT, title="Исходное")
    else:
        target = translation(newsroom["other_draft"], status=TranslationStatus.DRAFT, title="Исходное")
    original_status = target.status
    client = newsroom["client"]
    client.post(translation_change_url(target), translation_form(target, title="Изменено", status="draft"))
    client.post(translation_change_url(target), translation_form(target, confirm_current="on"))
    client.post(reverse("admin:news_articletranslation_delete", args=[target.pk]), {"post": "yes"})
    bulk_delete = {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes", "index": "0"}
    client.post(TRANSLATIONS, bulk_delete)
    target.refresh_from_db()
    assert target.title == "Исходное" and target.status == original_status


def test_the_publish_action_is_not_a_correspondents(newsroom):
    own = translation(newsroom["own_draft"], status=TranslationStatus.REVIEW)
    theirs = translation(newsroom["other_draft"], status=TranslationStatus.REVIEW)
    data = {"action": "publish_selected", "_selected_action": [own.pk, theirs.pk], "index": "0"}
    newsroom["client"].post(TRANSLATIONS, data)
    assert not ArticleTranslation.objects.filter(status=TranslationStatus.PUBLISHED).exists()


def test_the_confirm_action_skips_translations_the_correspondent_may_not_change(newsroom):
    published_article = ArticleFactory(unit=newsroom["own_unit"])
    targets = [
        translation(newsroom["other_draft"], status=TranslationStatus.DRAFT),
        translation(newsroom["own_draft"], status=TranslationStatus.PUBLISHED),
        translation(published_article, status=TranslationStatus.DRAFT),
    ]
    for article in (newsroom["other_draft"], newsroom["own_draft"], published_article):
        article.title += " (sửa)"
        article.save()
    data = {"action": "confirm_current_selected", "_selected_action": [t.pk for t in targets], "index": "0"}
    newsroom["client"].post(TRANSLATIONS, data)
    assert all(ArticleTranslation.objects.get(pk=t.pk).is_out_of_date for t in targets)


def test_a_correspondent_cannot_take_a_published_translation_away_with_its_draft(newsroom):
    """Correspondents delete no article (no delete_article in their role): nor its published translation with it."""
    client = newsroom["client"]
    ru = translation(newsroom["own_draft"], status=TranslationStatus.PUBLISHED)
    client.post(reverse("admin:news_article_delete", args=[newsroom["own_draft"].pk]), {"post": "yes"})
    bulk_delete = {"action": "delete_selected", "_selected_action": [newsroom["own_draft"].pk], "post": "yes"}
    client.post(ARTICLES, {**bulk_delete, "index": "0"})
    assert ArticleTranslation.objects.filter(pk=ru.pk, status=TranslationStatus.PUBLISHED).exists()


# Correspondents: reading other units' translations --------------------------------------------------------------


@pytest.fixture
def others_history(newsroom):
    """The other unit's draft translated by an editor twice (two revisions of the article with the translation),
    and the correspondent's own draft with a revision too."""
    client = editor_client()
    other = newsroom["other_draft"]
    assert client.post(ADD, add_form(other, status=TranslationStatus.REVIEW)).status_code == 302
    ru = ArticleTranslation.objects.get(article=other)
    assert client.post(translation_change_url(ru), translation_form(ru, lead=SECRET_LEAD + " 2")).status_code == 302
    versions = list(Version.objects.get_for_object(other).values_list("pk", flat=True))
    assert len(versions) == 2
    own = translation(newsroom["own_draft"], status=TranslationStatus.DRAFT, title="Мой перевод")
    assert client.post(translation_change_url(own), translation_form(own)).status_code == 302
    own_version = Version.objects.get_for_object(newsroom["own_draft"]).first().pk
    return {"ru": ru, "versions": versions, "own_version": own_version}


def test_a_correspondent_sees_no_text_of_another_units_translation_anywhere_in_the_newsroom(newsroom, others_history):
    client, other, ru = newsroom["client"], newsroom["other_draft"], others_history["ru"]
    own = newsroom["own_draft"]
    first, second = others_history["versions"]
    content_type = ContentType.objects.get_for_model(ArticleTranslation).pk
    urls = [
        TRANSLATIONS,
        f"{TRANSLATIONS}?q={SECRET_TITLE[2:]}",  # the search box shows the query: a part of the title is asked
        f"{TRANSLATIONS}?status__exact=review",
        f"{TRANSLATIONS}?current=no",
        f"{TRANSLATIONS}?article__id__exact={other.pk}",
        f"{TRANSLATIONS}?article__unit__id__exact={other.unit_id}",
        translation_change_url(ru),
        reverse("admin:news_articletranslation_history", args=[ru.pk]),
        reverse("admin:news_articletranslation_delete", args=[ru.pk]),
        f"/admin/r/{content_type}/{ru.pk}/",
        ARTICLES,
        f"{ARTICLES}?translation=outdated-ru",
        f"{ARTICLES}?q={other.title[4:]}",
        reverse("admin:news_article_change", args=[other.pk]),
        reverse("admin:news_article_history", args=[other.pk]),
        reverse("admin:news_article_preview", args=[other.pk]) + "?lang=ru",
        reverse("admin:news_article_compare", args=[other.pk]) + f"?version_id1={first}&version_id2={second}",
        reverse("admin:news_article_revision", args=[other.pk, second]),
        # The correspondent's own article, with the other article's versions.
        reverse("admin:news_article_revision", args=[own.pk, second]),
        reverse("admin:news_article_compare", args=[own.pk]) + f"?version_id1={first}&version_id2={second}",
        reverse("admin:news_article_compare", args=[own.pk])
        + f"?version_id1={others_history['own_version']}&version_id2={second}",
        reverse("admin:news_article_recoverlist"),
        reverse("admin:news_article_recover", args=[second]),
        f"{AUTOCOMPLETE}?app_label=news&model_name=articletranslation&field_name=article&term=",
        f"{AUTOCOMPLETE}?app_label=news&model_name=articletranslation&field_name=article&term=đơn vị khác",
        f"{ADD}?article={other.pk}&language=ru",
        "/admin/",
    ]
    secrets = (*SECRETS, other.title, "Nội dung mật.")
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        assert leaked(response, secrets) == [], url


def test_the_original_panel_shows_only_an_article_the_user_may_see(newsroom):
    client = newsroom["client"]
    other, own = newsroom["other_draft"], newsroom["own_draft"]
    page = text_of(client.get(ADD, {"article": other.pk, "language": "ru"}))
    assert 'class="original-text"' not in page and other.title not in page and "Nội dung mật." not in page
    own_published = ArticleFactory(unit=newsroom["own_unit"], title="Bài đã đăng của đơn vị")
    assert own_published.title in text_of(client.get(ADD, {"article": own_published.pk}))  # theirs to see
    assert own.title in text_of(client.get(ADD, {"article": own.pk}))
    # A translation of theirs, asked for with another unit's article: the panel is its own article's.
    ru = translation(own, status=TranslationStatus.DRAFT)
    page = text_of(client.get(translation_change_url(ru), {"article": other.pk}))
    assert own.title in page and other.title not in page


def test_the_article_autocomplete_offers_no_other_units_article(newsroom):
    params = {"app_label": "news", "model_name": "articletranslation", "field_name": "article", "term": ""}
    response = newsroom["client"].get(AUTOCOMPLETE, params)
    assert response.status_code == 200
    offered = {int(result["id"]) for result in response.json()["results"]}
    assert newsroom["own_draft"].pk in offered and newsroom["other_draft"].pk not in offered


# Employees without newsroom rights ------------------------------------------------------------------------------


@pytest.mark.parametrize("staff", [False, True], ids=["employee", "staff without a role"])
def test_an_employee_gets_nothing_from_the_translation_admin(staff):
    ru = translation(ArticleFactory(status=ArticleStatus.DRAFT), status=TranslationStatus.REVIEW, **secret_fields())
    client = no_500_client()
    client.force_login(UserFactory(is_staff=staff))
    urls = [
        TRANSLATIONS,
        f"{TRANSLATIONS}?q={SECRET_TITLE[2:]}",
        ADD,
        f"{ADD}?article={ru.article_id}",
        translation_change_url(ru),
        reverse("admin:news_articletranslation_history", args=[ru.pk]),
        reverse("admin:news_articletranslation_delete", args=[ru.pk]),
        f"{AUTOCOMPLETE}?app_label=news&model_name=articletranslation&field_name=article&term=",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert leaked(response, (*SECRETS, ru.article.title)) == [], url
        if response.status_code == 302 and not staff:
            assert response["Location"].startswith(reverse("admin:login")), url
    client.post(ADD, add_form(ru.article, language="en"))
    client.post(TRANSLATIONS, {"action": "publish_selected", "_selected_action": [ru.pk], "index": "0"})
    client.post(translation_change_url(ru), translation_form(ru, title="Изменено", status="published"))
    client.post(reverse("admin:news_articletranslation_delete", args=[ru.pk]), {"post": "yes"})
    assert list(ArticleTranslation.objects.values_list("pk", "title", "status")) == [
        (ru.pk, SECRET_TITLE, TranslationStatus.REVIEW)
    ]


# Sanitised bodies, on every path --------------------------------------------------------------------------------


HOSTILE_BODY = (
    "<p>Текст</p><script>alert(1)</script>"
    '<img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">a</a><a href=" JaVaScRiPt:alert(4)">b</a>'
    '<a href="data:text/html,&lt;script&gt;alert(5)&lt;/script&gt;">c</a>'
    '<svg onload="alert(6)"></svg><iframe src="https://evil.example/"></iframe>'
    '<p style="background:url(javascript:alert(7))" onclick="alert(8)">d</p>'
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(9)></style></mglyph></table></mtext></math>"
    "<script>unclosed("
)
DANGEROUS = re.compile(r"<script|<iframe|<svg|<math|<style|\bon\w+\s*=|javascript:|data:text|alert\(", re.I)


def assert_clean(body):
    assert DANGEROUS.search(body) is None, body
    assert "Текст" in body


def test_a_correspondents_hostile_body_is_sanitised_and_stays_so_when_published(newsroom):
    response = newsroom["client"].post(ADD, add_form(newsroom["own_draft"], body=HOSTILE_BODY))
    assert response.status_code == 302
    ru = ArticleTranslation.objects.get()
    assert_clean(ru.body)
    # An editor publishes both; readers get the clean body.
    article = newsroom["own_draft"]
    article.status = ArticleStatus.PUBLISHED
    article.save()
    editor_client().post(translation_change_url(ru), translation_form(ru, status="published"))
    client = Client()
    client.force_login(UserFactory())
    page = text_of(client.get(article.get_absolute_url() + "?lang=ru"))
    assert SECRET_TITLE in page
    body = re.search(r'<div class="body"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert_clean(body)


def test_an_editors_hostile_body_is_sanitised():
    article = ArticleFactory()
    response = editor_client().post(ADD, add_form(article, body=HOSTILE_BODY, status="published"))
    assert response.status_code == 302
    assert_clean(ArticleTranslation.objects.get().body)


@pytest.mark.parametrize(
    "write",
    [
        lambda article: translation(article, body=HOSTILE_BODY),
        lambda article: ArticleTranslation.objects.create(article=article, language="ru", title="T", body=HOSTILE_BODY),
    ],
    ids=["service", "model"],
)
def test_a_hostile_body_written_by_code_is_sanitised(write):
    article = ArticleFactory()
    write(article)
    assert_clean(ArticleTranslation.objects.get().body)
    assert "alert" not in Article.objects.get().search_document


def test_an_imported_hostile_export_is_text_not_markup(tmp_path):
    article = ArticleFactory()
    export = tmp_path / "hostile.ru.txt"
    export.write_text(
        "Заголовок <script>alert(1)</script>\n"
        "Дата публикации: 1/2/2020 9:00:00 AM\n"
        "Аннотация <img src=x onerror=alert(2)>\n"
        'Текст <script>alert(3)</script> <a href="javascript:alert(4)">ссылка</a>\n'
        "Перевод: <b onmouseover=alert(5)>Переводчик</b>\n",
        encoding="utf-8",
    )
    importing.import_translation(export, article, "ru", "published")
    ru = ArticleTranslation.objects.get()
    assert "<script" not in ru.body and "<a " not in ru.body and "<b " not in ru.body
    reader = Client()
    reader.force_login(UserFactory())
    page = text_of(reader.get(article.get_absolute_url() + "?lang=ru"))
    assert "Заголовок" in page
    for raw in ("<script>alert(1)", "<script>alert(3)", "<img src=x onerror", '<a href="javascript:', "<b onmouseover"):
        assert raw not in page, raw


def test_markup_in_a_translations_title_lead_and_translator_is_shown_as_text():
    unit = UnitFactory()
    article = ArticleFactory(unit=unit, event=conference_event(unit, "Hội nghị tổng kết năm 2019"))
    translation(
        article,
        title="<script>alert('t')</script>Заголовок",
        lead="<img src=x onerror=alert('l')>Аннотация",
        translator="<b onclick=alert('p')>Переводчик</b>",
    )
    reader = Client()
    reader.force_login(UserFactory())
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    for url in (
        article.get_absolute_url(),
        "/",
        "/news/",
        "/search/?q=заголовок",
        reverse("news:conference_year", args=[YEAR]),
        unit.get_absolute_url(),
        article.event.get_absolute_url(),
        reverse("news:feed_latest"),
    ):
        page = text_of(reader.get(url))
        assert "Заголовок" in page, url
        for raw in ("<script>alert", "<img src=x onerror", "<b onclick"):
            assert raw not in page, url


# Odd input: never a 500 -----------------------------------------------------------------------------------------


ODD_LANGUAGES = ["xx", "", "ru-ru", "RU", "vi-VN", "\x00", "../../etc/passwd", "<script>", "ru\r\nX: y", "ü" * 500]


@pytest.mark.parametrize("language", ODD_LANGUAGES)
def test_odd_lang_values_fall_back_to_vietnamese_without_a_500(language):
    world = build_world()
    client = no_500_client()
    client.force_login(UserFactory())
    for name, url in reader_pages(world).items():
        path, _, query = url.partition("?")
        params = dict(pair.split("=", 1) for pair in query.split("&") if pair and not pair.startswith("lang="))
        response = client.get(path, {**params, "lang": language})
        assert response.status_code == 200, name
        if name.startswith("article page"):
            page = text_of(response)
            assert "Bài gốc tiếng Việt" in page and SECRET_BODY not in page, name
            assert '<html lang="vi"' in page and "lang=<script>" not in page and "X: y" not in page, name
    # The same parameter twice: the last one counts, and it is checked.
    response = client.get(world["article"].get_absolute_url(), {"lang": ["ru", "xx"]})
    assert response.status_code == 200 and SECRET_BODY not in text_of(response)


@pytest.mark.parametrize(
    "value", ["garbage", "needs-", "needs-xx", "outdated-", "-ru", "needs-ru-ru", "\x00", "ü" * 300]
)
@pytest.mark.parametrize("who", ["editor", "correspondent"])
def test_odd_translation_filters_in_the_article_list_give_no_500(value, who):
    unit = UnitFactory()
    user = editor() if who == "editor" else correspondent()
    unit.correspondents.add(user)
    translation(ArticleFactory(unit=unit, status=ArticleStatus.DRAFT))
    client = no_500_client()
    client.force_login(user)
    assert client.get(ARTICLES, {"translation": value}).status_code in (200, 302)


@pytest.mark.parametrize(
    "params",
    [
        {"current": "garbage"},
        {"status__exact": "garbage"},
        {"language__exact": "xx"},
        {"q": "\x00"},
        {"o": "99"},
        {"p": "abc"},
    ],
)
def test_odd_translation_list_parameters_give_no_500(newsroom, params):
    translation(newsroom["own_draft"], status=TranslationStatus.DRAFT)
    assert newsroom["client"].get(TRANSLATIONS, params).status_code in (200, 302)


def test_odd_article_values_the_form_checks_itself_give_no_500(newsroom):
    """?article= that is a whole number (of no article) or empty; and any ?article= on the change form."""
    for value in ["-1", "0", "", "999999"]:
        response = newsroom["client"].get(ADD, {"article": value, "language": "ru"})
        assert response.status_code == 200, value
    assert (
        newsroom["client"]
        .get(translation_change_url(translation(newsroom["own_draft"], status="draft")), {"article": "abc"})
        .status_code
        == 200
    )


@pytest.mark.parametrize("value", ["abc", "1.5", " ", "1e3", "²", "\x00", "99999999999999999999"])
def test_a_garbage_article_parameter_on_the_add_form_gives_no_500(newsroom, value):
    response = newsroom["client"].get(ADD, {"article": value, "language": "ru"})
    assert response.status_code == 200
