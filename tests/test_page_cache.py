"""The page cache throws away what a change touches and nothing else; personal parts never leak.

A page answered from the cache runs no database query at all (session, user and page come from the
cache) but the reader's own reads (their unread marks, the read an article page records), so "re-rendered or
not" is seen through HTTP as "did this request query the database for anything else".
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Person, Unit
from tests.factories import (
    ArticleFactory,
    ArticleMentionFactory,
    EventFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    conference_report,
    editor,
)
from tests.personal_queries import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


def rendered(client, url):
    """Whether answering ``url`` needed the database (True: rendered again; False: from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(page_queries(queries)) > 0


@pytest.fixture
def portal():
    """Two units, conference reports of two years, people, and an ordinary article of the first unit."""
    first, second = UnitFactory(name="Xí nghiệp Khai thác"), UnitFactory(name="Viện Nghiên cứu")
    report_2025 = conference_report(first, 2025)
    report_2024 = conference_report(second, 2024)
    colleague = PersonFactory(full_name="Lê Văn Bình", unit=second)
    named = PersonFactory(full_name="Trần Thị Hoa", unit=first)
    ArticleMentionFactory(article=report_2025, person=named)
    article = ArticleFactory(title="Tin xí nghiệp", unit=first)
    event = EventFactory(unit=second, kind="other", start=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))
    return {
        "first": first,
        "second": second,
        "report_2025": report_2025,
        "report_2024": report_2024,
        "colleague": colleague,
        "named": named,
        "article": article,
        "event": event,
    }


def pages(portal):
    return {
        "home": "/",
        "news": "/news/",
        "conferences": "/conferences/",
        "conferences 2025": "/conferences/2025/",
        "conferences 2024": "/conferences/2024/",
        "first unit": portal["first"].get_absolute_url(),
        "second unit": portal["second"].get_absolute_url(),
        "people": "/people/",
        "named person": portal["named"].get_absolute_url(),
        "colleague": portal["colleague"].get_absolute_url(),
        "report 2025": portal["report_2025"].get_absolute_url(),
        "report 2024": portal["report_2024"].get_absolute_url(),
        "article": portal["article"].get_absolute_url(),
        "events": "/events/",
        "event": portal["event"].get_absolute_url(),
    }


def after(reader, portal, change):
    """Every page cached, then ``change``; the names of the pages that had to be rendered again."""
    urls = pages(portal)
    for url in urls.values():
        reader.get(url)
    assert not any(rendered(reader, url) for url in urls.values()), "every page is cached before the change"
    change()
    return {name for name, url in urls.items() if rendered(reader, url)}


def test_saving_a_conference_report_throws_away_its_year_unit_and_lists_only(reader, portal):
    report = portal["report_2025"]

    def retitle():
        report.title = "Hội nghị tổng kết năm 2025 của Xí nghiệp"
        report.save()

    touched = after(reader, portal, retitle)
    assert touched == {
        "home",
        "news",
        "conferences",
        "conferences 2025",
        "first unit",
        "named person",  # the person page lists the article's title
        "report 2025",
        "article",  # related: the same unit's news
    }
    # Kept: the other year's table, the people directory, the other unit's pages, its reports and events.
    assert "Hội nghị tổng kết năm 2025 của Xí nghiệp" in reader.get("/conferences/2025/").content.decode()


def test_saving_an_ordinary_article_keeps_every_conference_table(reader, portal):
    article = portal["article"]

    def edit():
        article.lead = "Tóm tắt mới."
        article.save()

    touched = after(reader, portal, edit)
    assert not touched & {"conferences", "conferences 2025", "conferences 2024", "people", "second unit", "colleague"}
    assert {"article", "news", "home", "first unit"} <= touched


def test_moving_an_article_to_another_unit_throws_away_both_units_pages(reader, portal):
    article = portal["article"]

    def move():
        article.unit = portal["second"]
        article.save()

    touched = after(reader, portal, move)
    assert {"first unit", "second unit"} <= touched
    assert "Tin xí nghiệp" in reader.get(portal["second"].get_absolute_url()).content.decode()
    assert "Tin xí nghiệp" not in reader.get(portal["first"].get_absolute_url()).content.decode()


def test_renaming_a_person_reaches_the_pages_naming_them_only(reader, portal):
    def rename():
        person = Person.objects.get(pk=portal["named"].pk)
        person.full_name = "Trần Thị Hoa Mai"
        person.save()

    touched = after(reader, portal, rename)
    assert {"people", "named person", "report 2025", "first unit"} <= touched
    assert not touched & {"conferences 2024", "second unit", "colleague", "article", "event"}


def test_renaming_a_unit_reaches_every_page(reader, portal):
    def rename():
        unit = Unit.objects.get(pk=portal["second"].pk)
        unit.name = "Viện Nghiên cứu Khoa học"
        unit.save()

    assert after(reader, portal, rename) == set(pages(portal))


def test_a_new_report_in_a_later_year_moves_the_conference_table_on(reader, portal):
    def report_2026():
        start = timezone.now() - datetime.timedelta(days=10)
        event = EventFactory(unit=portal["second"], kind="year_end_review", year=2026, start=start)
        ArticleFactory(event=event)

    touched = after(reader, portal, report_2026)
    assert "conferences" in touched and "conferences 2024" not in touched
    assert reverse("news:conference_year", args=[2026]) in reader.get("/conferences/").content.decode()


def test_unpublishing_hides_the_article_from_every_cached_page(reader, portal):
    report = portal["report_2025"]
    for url in pages(portal).values():
        reader.get(url)
    report.status = "draft"
    report.save()
    assert reader.get(report.get_absolute_url()).status_code == 404
    for url in ("/", "/news/", "/conferences/", portal["first"].get_absolute_url(), portal["named"].get_absolute_url()):
        assert report.title not in reader.get(url).content.decode(), url


# Personal parts ------------------------------------------------------------------------------------------


def test_one_cached_copy_serves_readers_and_editors_with_their_own_links(client, portal):
    reader_client, editor_client = client, type(client)()
    reader_client.force_login(UserFactory(username="doc-gia"))
    editor_client.force_login(editor(username="bien-tap"))
    assert reverse("admin:index") not in reader_client.get("/news/").content.decode()
    editor_client.get("/")  # the editor's first request reads their account from the database
    # The editor's request is answered from the copy the reader's made, with the editor's own links.
    assert not rendered(editor_client, "/news/")
    assert reverse("admin:index") in editor_client.get("/news/").content.decode()
    assert reverse("admin:index") not in reader_client.get("/news/").content.decode()
    assert b"<!--portal:account-->" not in reader_client.get("/news/").content


def test_a_deactivated_account_is_signed_out_at_its_next_request(client, portal):
    user = UserFactory(username="nghi-viec")
    client.force_login(user)
    assert client.get("/news/").status_code == 200
    admin = type(client)()
    admin.force_login(UserFactory(username="quan-tri", is_superuser=True, is_staff=True))
    response = admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert client.get("/news/").status_code == 302  # to the sign-in page


def test_a_role_taken_away_applies_at_the_next_request(client, portal):
    user = editor(username="het-quyen")
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200
    user.is_staff = False
    user.save()
    assert client.get(reverse("admin:index")).status_code == 302


def test_cached_pages_are_not_shared_between_languages(reader, portal):
    reader.cookies["django_language"] = "ru"
    assert '<html lang="ru">' in reader.get("/news/").content.decode()
    reader.cookies["django_language"] = "vi"
    assert '<html lang="vi">' in reader.get("/news/").content.decode()


def test_moving_a_report_to_another_year_reaches_both_years(reader, portal):
    report = Article.objects.get(pk=portal["report_2024"].pk)
    for url in pages(portal).values():
        reader.get(url)
    report.event = portal["report_2025"].event
    report.save()
    assert reader.get("/conferences/2024/").status_code == 404  # its one report has left that year
    assert report.title in reader.get("/conferences/2025/").content.decode()


@pytest.mark.django_db
def test_with_caching_off_the_conference_table_follows_every_change_of_any_process(reader, portal, settings):
    """The table is rendered once for the state of what it shows, read from the database when the cache
    is each process's own: a change made by another process reaches this one's copy."""
    from django.core.cache import cache

    from news.page_cache import GENERATION_PREFIX

    settings.PORTAL_CACHE_PAGES = False
    settings.SHARED_CACHE = False
    first = reader.get("/conferences/").content.decode()
    assert portal["report_2025"].get_absolute_url() in first
    # This process's own copies of the generations (the local-memory cache's raw entries).
    remembered = {key: value for key, value in cache._cache.items() if GENERATION_PREFIX in key}
    assert remembered

    # Another process publishes a report: the database knows, this process's cache does not.
    newer = conference_report(portal["second"], 2025)
    cache._cache.update(remembered)

    html = reader.get("/conferences/").content.decode()
    assert newer.get_absolute_url() in html
    newer.status = "draft"
    newer.save()
    cache._cache.update(remembered)
    assert newer.get_absolute_url() not in reader.get("/conferences/").content.decode()


def test_a_deploy_with_other_templates_or_translations_renders_pages_again(reader, portal, monkeypatch):
    from news import page_cache

    reader.get("/news/")
    assert not rendered(reader, "/news/")
    monkeypatch.setattr(page_cache, "code_version", lambda: "the-next-release")
    assert rendered(reader, "/news/")


def test_the_code_version_follows_the_templates_and_translations(settings, tmp_path):
    from news import page_cache

    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("một")
    settings.BASE_DIR = tmp_path
    page_cache.code_version.cache_clear()
    try:
        before = page_cache.code_version()
        template.write_text("một trang khác")
        page_cache.code_version.cache_clear()
        assert page_cache.code_version() != before
    finally:
        page_cache.code_version.cache_clear()


def test_the_account_links_mark_the_page_the_reader_is_on(reader, portal):
    subscriptions = reverse("news:subscriptions")
    marked = f'<a href="{subscriptions}" aria-current="page">'
    assert marked in reader.get(subscriptions).content.decode()
    assert marked not in reader.get("/news/").content.decode()
    assert f'<a href="{subscriptions}">' in reader.get("/news/").content.decode()


def test_a_copy_made_before_the_change_commits_is_not_served_after(reader, portal, django_capture_on_commit_callbacks):
    """Another process rendering while the saving transaction is still open reads the old rows under the new
    generation: the generation moves on once more at the commit."""
    article = portal["article"]
    url = article.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        article.lead = "Tóm tắt đang lưu."
        article.save()
        reader.get(url)  # rendered inside the transaction: cached under the generation of the save
        assert not rendered(reader, url)
    assert rendered(reader, url)
