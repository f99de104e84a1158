"""Unread marks and reading statistics through HTTP.

A signed-in reader's opening of an article is recorded (once a day, also when the page comes from the page
cache, which tests/settings.py turns on); the front page and the news list mark what they have not opened, in
a copy shared by every reader; editors see how many read what, never who.
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import ArticleRead, Profile
from tests.factories import ArticleFactory, UnitFactory, UserFactory, correspondent, editor
from tests.personal_queries import page_queries

pytestmark = pytest.mark.django_db

UNREAD_SLOT = "<!--portal:unread"


def reader_in(unit, username, **names):
    user = UserFactory(username=username, **names)
    Profile.objects.create(user=user, unit=unit)
    return user


def signed_in(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client


@pytest.fixture
def units():
    return UnitFactory(name="Xí nghiệp Khoan", short_name="XN Khoan"), UnitFactory(
        name="Viện Dầu khí", short_name="Viện"
    )


@pytest.fixture
def lan(units):
    return reader_in(units[0], "nguyen-thi-lan", first_name="Lan", last_name="Nguyễn Thị")


@pytest.fixture
def news():
    return {
        "drilling": ArticleFactory(title="Giàn khoan mới"),
        "safety": ArticleFactory(title="Tuần lễ an toàn"),
    }


def marked(page, article):
    """Whether ``page`` shows ``article``'s card with an unread mark (its title, then the mark, in the link)."""
    title = re.escape(article.title)
    return re.search(rf'>{title}<span class="unread-mark"[^>]*><span class="visually-hidden"> ', page) is not None


def listed(page, article):
    return f">{article.title}<" in page


# Recording a read -------------------------------------------------------------------------------------------


def test_a_read_is_recorded_once_a_day_with_the_readers_unit_also_from_the_cache(lan, units, news):
    client = signed_in(lan)
    url = news["drilling"].get_absolute_url()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ArticleRead.objects.create(article=news["drilling"], user=lan, day=yesterday, unit=units[0])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as served:
        assert client.get(url).status_code == 200
    assert not page_queries(served), "the second view is the cached copy: the view did not run"
    client.get(url)
    reads = ArticleRead.objects.filter(article=news["drilling"], user=lan)
    assert sorted(reads.values_list("day", "unit")) == [(yesterday, units[0].pk), (timezone.localdate(), units[0].pk)]
    assert not ArticleRead.objects.filter(article=news["safety"]).exists()


def test_a_cached_article_page_costs_one_statement_to_record_the_read(lan, news):
    client = signed_in(lan)
    url = news["drilling"].get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as served:
        assert client.get(url).status_code == 200
    assert [query["sql"].split()[0] for query in served.captured_queries] == ["INSERT"]


def test_recording_costs_the_rendered_article_page_at_most_one_query(lan, news, settings, monkeypatch):
    settings.PORTAL_CACHE_PAGES = False
    client = signed_in(lan)
    url = news["drilling"].get_absolute_url()
    client.get(url)  # the session, the user and their scope are in the cache from now on

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_recording = queries()
    monkeypatch.setattr("news.services.reading.record_read", lambda reader, article_id: None)
    without_recording = queries()
    assert with_recording <= without_recording + 1


def test_a_304_is_a_read_and_a_head_is_not(lan, news):
    client = signed_in(lan)
    url = news["drilling"].get_absolute_url()
    etag = client.get(url)["ETag"]
    ArticleRead.objects.all().delete()
    assert client.head(url).status_code == 200
    assert not ArticleRead.objects.exists()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert ArticleRead.objects.filter(user=lan, article=news["drilling"]).count() == 1


def test_anonymous_readers_and_newsroom_previews_record_nothing(client, settings, news):
    settings.PORTAL_LOGIN_REQUIRED = False
    assert client.get(news["drilling"].get_absolute_url()).status_code == 200
    page = client.get("/").content.decode()
    assert listed(page, news["drilling"]) and "unread-mark" not in page and UNREAD_SLOT not in page
    client.force_login(editor(username="bien-tap"))
    assert client.get(reverse("admin:news_article_preview", args=[news["safety"].pk])).status_code == 200
    assert not ArticleRead.objects.exists()


def test_an_article_page_is_served_while_the_database_is_down(lan, news, monkeypatch):
    client = signed_in(lan)
    url = news["drilling"].get_absolute_url()
    client.get(url)
    client.get("/")

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    assert "Giàn khoan mới" in client.get(url).content.decode()  # the read is lost, the page is not
    page = client.get("/").content.decode()  # the marks are left out, the page is not
    assert listed(page, news["safety"]) and not marked(page, news["safety"]) and UNREAD_SLOT not in page


# Unread marks ------------------------------------------------------------------------------------------------


def test_unread_marks_go_once_the_article_is_opened(lan, news):
    client = signed_in(lan)
    for url in ["/", "/news/"]:
        page = client.get(url).content.decode()
        assert marked(page, news["drilling"]) and marked(page, news["safety"]), url
        assert UNREAD_SLOT not in page
    client.get(news["drilling"].get_absolute_url())
    for url in ["/", "/news/"]:
        page = client.get(url).content.decode()
        assert listed(page, news["drilling"]) and not marked(page, news["drilling"]), url
        assert marked(page, news["safety"]), url


def test_only_the_latest_news_is_marked(lan):
    old = ArticleFactory(title="Tin năm ngoái", publish_at=timezone.now() - datetime.timedelta(days=60))
    page = signed_in(lan).get("/news/").content.decode()
    assert listed(page, old) and not marked(page, old)


def test_two_readers_keep_their_own_marks_on_one_shared_copy(lan, units, news):
    duc = reader_in(units[1], "tran-van-duc")
    lan_client, duc_client = signed_in(lan), signed_in(duc)
    duc_client.get("/people/")  # Đức's first request reads his account from the database
    lan_client.get(news["drilling"].get_absolute_url())
    assert not marked(lan_client.get("/").content.decode(), news["drilling"])  # rendered and cached
    with CaptureQueriesContext(connection) as served:
        page = duc_client.get("/").content.decode()
    assert not page_queries(served), "Đức is served the copy Lan's request made"
    assert marked(page, news["drilling"]) and marked(page, news["safety"])
    duc_client.get(news["safety"].get_absolute_url())
    lan_page = lan_client.get("/").content.decode()
    assert not marked(lan_page, news["drilling"]) and marked(lan_page, news["safety"])
    duc_page = duc_client.get("/").content.decode()
    assert marked(duc_page, news["drilling"]) and not marked(duc_page, news["safety"])


def test_a_304_never_keeps_a_mark_read_since(lan, news):
    client = signed_in(lan)
    etag = client.get("/")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304  # nothing read since
    client.get(news["drilling"].get_absolute_url())
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert not marked(response.content.decode(), news["drilling"])


def mark_all_read_form(page):
    form = re.search(r'<form method="post" action="([^"]+)" class="mark-all-read">(.*?)</form>', page)
    assert form, "the page offers Mark all as read"
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
    return form.group(1), fields


def test_mark_all_as_read_from_the_news_list(lan, news):
    client = signed_in(lan, enforce_csrf_checks=True)
    action, fields = mark_all_read_form(client.get("/news/?page=1").content.decode())
    response = client.post(action, fields)
    assert response.status_code == 302 and response["Location"] == "/news/?page=1"
    page = client.get("/news/").content.decode()
    assert not marked(page, news["drilling"]) and not marked(page, news["safety"])
    assert 'class="mark-all-read"' not in page, "nothing left to mark"
    newer = ArticleFactory(title="Tin mới hơn", publish_at=timezone.now())
    page = client.get("/").content.decode()
    assert marked(page, newer) and not marked(page, news["safety"])


def test_mark_all_as_read_is_a_signed_in_post_back_to_a_local_page(client, lan, news):
    url = reverse("news:mark_all_read")
    assert client.post(url, {"next": "/news/"}).status_code == 302
    assert not Profile.objects.filter(read_all_before__isnull=False).exists(), "an anonymous POST changes nothing"
    client.force_login(lan)
    assert client.get(url).status_code == 405
    for unsafe in ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]:
        assert client.post(url, {"next": unsafe})["Location"] == "/"
    assert Profile.objects.get(user=lan).read_all_before is not None


# Statistics --------------------------------------------------------------------------------------------------


@pytest.fixture
def readership(units, lan, news):
    """Three readers in two units: Lan read the drilling news yesterday and today, Đức and Hùng today; Lan also
    read the safety week, long ago (40 days)."""
    duc = reader_in(units[0], "tran-van-duc", first_name="Đức", last_name="Trần Văn")
    hung = reader_in(units[1], "le-hung", first_name="Hùng", last_name="Lê")
    for user in (lan, duc, hung):
        signed_in(user).get(news["drilling"].get_absolute_url())
    today = timezone.localdate()
    ArticleRead.objects.create(
        article=news["drilling"], user=lan, day=today - datetime.timedelta(days=1), unit=units[0]
    )
    ArticleRead.objects.create(article=news["safety"], user=lan, day=today - datetime.timedelta(days=40), unit=units[0])
    return {"readers": [lan, duc, hung], "today": today}


def table_rows(page, css_class):
    table = re.search(rf'<table class="{css_class}">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td>', table, re.S)
    return [(re.sub(r"<[^>]+>", "", name).strip(), int(count)) for name, count in rows]


def chart_days(page):
    """{ISO day: readers} from the chart's table."""
    return {
        day: int(count) for day, count in re.findall(r'<time datetime="([\d-]+)">[^<]*</time></th><td>(\d+)</td>', page)
    }


def no_reader_named(page, readers):
    return not any(name in page for user in readers for name in (user.username, user.get_full_name()))


def test_an_articles_statistics_count_unique_readers_in_all_per_day_and_by_unit(readership, news):
    client = signed_in(editor(username="bien-tap"))
    page = client.get(reverse("admin:news_article_article_statistics", args=[news["drilling"].pk])).content.decode()
    assert "Tổng cộng 3 người đọc." in page  # "3 readers in all.", in the newsroom's Vietnamese
    today, yesterday = readership["today"], readership["today"] - datetime.timedelta(days=1)
    days = chart_days(page)
    assert days[today.isoformat()] == 3
    assert days[yesterday.isoformat()] == 1 and len(days) == 30
    assert table_rows(page, "readers-by-unit") == [("XN Khoan", 2), ("Viện", 1)]
    assert "<svg" in page and "<title>" in page and "<desc" in page
    assert no_reader_named(page, readership["readers"])


def test_the_newsroom_sees_the_most_read_of_the_week_and_month_and_readers_per_day(readership, news):
    client = signed_in(editor(username="bien-tap"))
    page = client.get(reverse("admin:news_article_statistics")).content.decode()
    week, month = re.findall(r'<table class="most-read">(.*?)</table>', page, re.S)
    for ranking in (week, month):
        rows = re.findall(
            r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a></th><td>([^<]+)</td><td>(\d+)</td>', ranking
        )
        assert rows == [("Giàn khoan mới", str(news["drilling"].unit.label), "3")]
    days = chart_days(page)
    assert days[readership["today"].isoformat()] == 3
    assert days[(readership["today"] - datetime.timedelta(days=1)).isoformat()] == 1
    assert len(days) == 30
    assert no_reader_named(page, readership["readers"])
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page), "the chart needs nothing from another site"


def test_statistics_are_the_editors_and_linked_for_them(readership, news, units):
    urls = [
        reverse("admin:news_article_statistics"),
        reverse("admin:news_article_article_statistics", args=[news["drilling"].pk]),
    ]
    reporter = correspondent(username="phong-vien")
    news["drilling"].unit.correspondents.add(reporter)
    for user, expected in [(reporter, 403), (readership["readers"][0], 302)]:
        client = signed_in(user)
        for url in urls:
            assert client.get(url).status_code == expected, (user.username, url)
        assert (
            reverse("admin:news_article_statistics")
            not in client.get(reverse("admin:news_article_changelist")).content.decode()
        )
    anonymous = Client()
    assert all(anonymous.get(url).status_code == 302 for url in urls)
    client = signed_in(editor(username="bien-tap"))
    assert all(client.get(url).status_code == 200 for url in urls)
    assert urls[0] in client.get(reverse("admin:news_article_changelist")).content.decode()
    change_page = client.get(reverse("admin:news_article_change", args=[news["drilling"].pk])).content.decode()
    assert urls[1] in change_page
    assert client.get(reverse("admin:news_article_article_statistics", args=[99999])).status_code == 404


def test_reads_are_not_in_the_newsroom(client):
    assert ArticleRead not in admin.site._registry
