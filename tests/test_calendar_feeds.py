"""Calendars and feeds as the apps that subscribe to them read them (issue 19): feedparser and icalendar parse
what the portal serves. RSS items carry their cover photo and credits, the self link works for a feed reader
without a session, a repeat request gets a 304 until something changes (per reader); the calendar keeps events
under way and those of the last 90 days, with a true DTSTAMP, LAST-MODIFIED, SEQUENCE, a UID that does not
depend on the host name asked, and the site's name in the reader's language."""

import datetime
import urllib.parse

import feedparser
import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.translation import gettext

from news.identity import site_name
from news.models import Article, ArticleStatus, CreditRole, Event, FeedToken, Profile
from news.services import audiences as audience_service
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    EventFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/latest/", "/feeds/units/cntt/"]
CALENDAR = "/events.ics"


@pytest.fixture
def unit():
    return UnitFactory(name="Trung tâm Công nghệ thông tin", slug="cntt")


@pytest.fixture
def reader():
    client = Client()
    client.force_login(UserFactory())
    return client


def parsed(response):
    assert response.status_code == 200, response.status_code
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def self_link(feed):
    [link] = [link.href for link in feed.feed.links if link.rel == "self"]
    return link


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def as_of_an_hour_ago():
    """Push every article's and event's last change an hour back: a change made now is then later, to the second."""
    earlier = timezone.now() - datetime.timedelta(hours=1)
    Article.objects.update(updated_at=earlier)
    Event.objects.update(updated_at=earlier)


# RSS: enclosures and authors --------------------------------------------------------------------------


@pytest.mark.parametrize("url", FEEDS)
def test_an_item_carries_its_cover_photo_and_credits(reader, unit, url):
    article = ArticleFactory(title="Tin có ảnh", unit=unit)
    photo = PhotoFactory(article=article)
    ArticleCreditFactory(article=article, role=CreditRole.TEXT, name="Nguyễn Văn An", order=1)
    ArticleCreditFactory(article=article, role=CreditRole.PHOTO, name="Lê Văn Cường", order=2)
    ArticleCreditFactory(article=article, role=CreditRole.TEXT, name="Trần Thị Bình", order=3)
    ArticleFactory(title="Tin không ảnh", unit=unit, publish_at=timezone.now() - datetime.timedelta(days=1))

    feed = parsed(reader.get(url))

    entries = {entry.title: entry for entry in feed.entries}
    with_photo, without_photo = entries["Tin có ảnh"], entries["Tin không ảnh"]
    [enclosure] = with_photo.enclosures
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://testserver/media/renditions/")
    assert enclosure.href.endswith(".jpg")
    assert photo.renditions and urllib.parse.urlsplit(enclosure.href).path.removeprefix("/media/") in {
        rendition["name"] for rendition in photo.renditions
    }
    served = reader.get(enclosure.href)  # what the address gives a reader: that many bytes of JPEG
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert int(enclosure.length) == len(body(served)) > 0
    with translation.override("vi"):
        text, photos = gettext("Text"), gettext("Photos")
    assert with_photo.author == f"{text}: Nguyễn Văn An, Trần Thị Bình; {photos}: Lê Văn Cường"
    assert not without_photo.get("enclosures") and "author" not in without_photo


def test_credits_name_their_role_in_the_readers_language(reader, unit):
    article = ArticleFactory(unit=unit)
    ArticleCreditFactory(article=article, role=CreditRole.TEXT_AND_PHOTO, name="Phạm Văn Dũng")
    [entry] = parsed(reader.get("/feeds/latest/", {"lang": "ru"})).entries
    with translation.override("ru"):
        assert entry.author == f"{gettext('Text and photos')}: Phạm Văn Dũng"


def test_a_photo_still_being_rendered_is_no_enclosure(reader, unit):
    article = ArticleFactory(unit=unit)
    PhotoFactory(article=article)
    article.photos.update(rendition_state="pending")
    [entry] = parsed(reader.get("/feeds/latest/")).entries
    assert not entry.get("enclosures")


# RSS: the self link --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", FEEDS)
def test_the_self_link_keeps_the_personal_token_and_works_without_a_session(unit, url):
    ArticleFactory(title="Tin cho trình đọc", unit=unit)
    key = FeedToken.for_user(UserFactory()).key
    feed_reader = Client()  # no session

    feed = parsed(feed_reader.get(url, {"token": key}))

    link = self_link(feed)
    assert urllib.parse.urlsplit(link).path == url
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).query) == {"token": [key]}
    again = parsed(feed_reader.get(link))  # followed as a feed reader does: the feed, not the sign-in page
    assert [entry.title for entry in again.entries] == ["Tin cho trình đọc"]
    assert self_link(again) == link


def test_the_self_link_keeps_the_language_asked_for(unit):
    key = FeedToken.for_user(UserFactory()).key
    link = self_link(parsed(Client().get("/feeds/latest/", {"token": key, "lang": "ru"})))
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).query) == {"token": [key], "lang": ["ru"]}
    assert parsed(Client().get(link)).feed.language == "ru"


def test_a_feed_read_with_the_session_has_no_token_in_its_self_link(reader, unit):
    """Also not one sent beside the session: the feed was read for the session's user, not the token's."""
    key = FeedToken.for_user(UserFactory()).key
    for query in ({}, {"token": key}):
        link = self_link(parsed(reader.get("/feeds/latest/", query)))
        assert link == "http://testserver/feeds/latest/"


# RSS: conditional GET ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", FEEDS)
def test_a_repeat_request_gets_a_304_until_something_changes(reader, unit, url):
    article = ArticleFactory(title="Tin đầu tiên", unit=unit)
    as_of_an_hour_ago()
    first = reader.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert "private" in first["Cache-Control"] and "Cookie" in first["Vary"]

    assert reader.get(url, headers={"if-none-match": etag}).status_code == 304
    assert reader.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    both = reader.get(url, headers={"if-none-match": etag, "if-modified-since": last_modified})
    assert both.status_code == 304 and both["ETag"] == etag and not both.content

    article.title = "Tin đầu tiên, đã sửa"
    article.save()
    changed = reader.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Tin đầu tiên, đã sửa" in changed.content.decode()
    assert reader.get(url, headers={"if-modified-since": last_modified}).status_code == 200


def test_a_new_article_ends_the_304(reader, unit):
    ArticleFactory(unit=unit)
    as_of_an_hour_ago()
    first = reader.get("/feeds/latest/")
    ArticleFactory(title="Tin mới đăng", unit=unit)
    for headers in ({"if-none-match": first["ETag"]}, {"if-modified-since": first["Last-Modified"]}):
        response = reader.get("/feeds/latest/", headers=headers)
        assert response.status_code == 200 and "Tin mới đăng" in response.content.decode()


def test_an_article_leaving_the_feed_ends_the_304_even_by_date(reader, unit):
    """The newest item is the same after an older one is unpublished: the date still moves."""
    ArticleFactory(title="Tin mới nhất", unit=unit)
    older = ArticleFactory(title="Tin cũ hơn", unit=unit, publish_at=timezone.now() - datetime.timedelta(days=2))
    as_of_an_hour_ago()
    first = reader.get("/feeds/latest/")
    older.status = ArticleStatus.DRAFT
    older.save()
    response = reader.get("/feeds/latest/", headers={"if-modified-since": first["Last-Modified"]})
    assert response.status_code == 200 and "Tin cũ hơn" not in response.content.decode()


def test_last_modified_is_the_newest_change_and_never_in_the_future(reader, unit):
    ArticleFactory(unit=unit)
    as_of_an_hour_ago()
    response = reader.get("/feeds/latest/")
    newest = Article.objects.get().updated_at
    assert response["Last-Modified"] == http_date(int(max(newest, Article.objects.get().publish_at).timestamp()))
    assert reader.get("/feeds/latest/", headers={"if-modified-since": http_date()}).status_code == 304


def test_one_readers_etag_never_gets_another_reader_a_304_for_a_different_feed(unit):
    """Feeds differ per reader (audiences): a 304 is only ever an answer about the asker's own feed."""
    other_unit = UnitFactory(slug="khac")
    ArticleFactory(title="Tin cho mọi người", unit=unit)
    restricted = ArticleFactory(title="Tin nội bộ của trung tâm", unit=unit)
    audience_service.set_audience(restricted, units=[unit])
    insider, outsider = UserFactory(), UserFactory()
    Profile.objects.create(user=insider, unit=unit)
    Profile.objects.create(user=outsider, unit=other_unit)
    as_of_an_hour_ago()
    clients = {}
    for name, user in (("insider", insider), ("outsider", outsider)):
        clients[name] = Client()
        clients[name].force_login(user)
    inside = clients["insider"].get("/feeds/latest/")
    assert "Tin nội bộ của trung tâm" in inside.content.decode()

    borrowed = clients["outsider"].get("/feeds/latest/", headers={"if-none-match": inside["ETag"]})
    assert borrowed.status_code == 200
    assert "Tin nội bộ của trung tâm" not in borrowed.content.decode()
    assert borrowed["ETag"] != inside["ETag"]
    # Through personal addresses, as feed readers ask: each key its own feed, its own answer.
    key = FeedToken.for_user(outsider).key
    by_key = Client().get("/feeds/latest/", {"token": key}, headers={"if-none-match": inside["ETag"]})
    assert by_key.status_code == 200 and "Tin nội bộ của trung tâm" not in by_key.content.decode()
    assert Client().get("/feeds/latest/", {"token": key}, headers={"if-none-match": by_key["ETag"]}).status_code == 304


def test_feed_titles_name_the_site_in_the_readers_language(reader, unit, settings):
    for names in ({"vi": "", "ru": "", "en": ""}, {"vi": "Cổng thông tin VSP", "ru": "Портал СП", "en": ""}):
        settings.PORTAL_SITE_NAME = names
        for language in ("vi", "ru"):
            for url in FEEDS:
                title = parsed(reader.get(url, {"lang": language})).feed.title
                assert title.startswith(f"{site_name(language)}: "), (names, language, url, title)


# The calendar --------------------------------------------------------------------------------------------


def calendar_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def entries(calendar):
    return {str(entry["SUMMARY"]): entry for entry in calendar.walk("VEVENT")}


def test_the_calendar_keeps_events_under_way_and_those_of_the_last_90_days(reader, unit):
    now = timezone.now()
    EventFactory(
        title="Khóa đào tạo ba ngày", start=now - datetime.timedelta(days=1), end=now + datetime.timedelta(days=2)
    )
    EventFactory(title="Hội nghị 30 ngày trước", start=now - datetime.timedelta(days=30))
    EventFactory(title="Hội nghị 120 ngày trước", start=now - datetime.timedelta(days=120))
    EventFactory(
        title="Khóa học dài đã bắt đầu 100 ngày trước",
        start=now - datetime.timedelta(days=100),
        end=now + datetime.timedelta(days=1),
    )
    EventFactory(title="Hội nghị tuần sau", start=now + datetime.timedelta(days=7))

    listed = entries(calendar_of(reader.get(CALENDAR)))

    assert set(listed) == {
        "Khóa đào tạo ba ngày",
        "Hội nghị 30 ngày trước",
        "Khóa học dài đã bắt đầu 100 ngày trước",
        "Hội nghị tuần sau",
    }
    course = listed["Khóa đào tạo ba ngày"]
    assert course.decoded("DTSTART") <= now < course.decoded("DTEND"), "on its second day, still there"


def test_every_event_has_a_true_dtstamp_last_modified_and_sequence(reader, unit):
    before = timezone.now().replace(microsecond=0)
    EventFactory(title="Hội nghị sắp tới", start=timezone.now() + datetime.timedelta(days=30))
    [entry] = calendar_of(reader.get(CALENDAR)).walk("VEVENT")
    stamp = entry.decoded("DTSTAMP")
    assert stamp.utcoffset() == datetime.timedelta(0), "in UTC"
    assert before <= stamp <= timezone.now(), "when the calendar was made, not the event's start"
    assert entry.decoded("LAST-MODIFIED") <= timezone.now()
    assert entry.decoded("SEQUENCE") == 0


def test_sequence_grows_when_time_place_or_title_change_and_last_modified_moves(reader, unit):
    event = EventFactory(title="Hội nghị người lao động", start=timezone.now() + datetime.timedelta(days=10))
    as_of_an_hour_ago()

    def current():
        [entry] = calendar_of(reader.get(CALENDAR)).walk("VEVENT")
        return entry.decoded("SEQUENCE"), entry.decoded("LAST-MODIFIED")

    sequence, modified = current()
    event.refresh_from_db()
    event.start += datetime.timedelta(hours=2)
    event.save()
    moved_sequence, moved_modified = current()
    assert moved_sequence == sequence + 1
    assert moved_modified > modified

    stale = Event.objects.get(pk=event.pk)  # a form opened before the next change
    event.place = "Hội trường B"
    event.save()
    event.title_ru = "Конференция трудового коллектива"
    event.save()
    assert current()[0] == sequence + 3
    stale.attendance = 120  # saved from the old copy: it writes the old place and title back, one more change
    stale.save()
    assert current()[0] == sequence + 4, "counted from the stored row, never from the old copy's number"
    stale.refresh_from_db()
    assert (stale.place, stale.title_ru, stale.sequence) == ("Hội trường", "", sequence + 4)

    as_of_an_hour_ago()
    _, before_description = current()
    event.refresh_from_db()
    event.description = "Chương trình hội nghị."
    event.save()
    sequence_after, modified_after = current()
    assert sequence_after == sequence + 4, "a description is not the time, place or title"
    assert modified_after > before_description


def test_the_uid_does_not_depend_on_the_host_name_asked(reader, unit, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    settings.PORTAL_BASE_URL = "https://portal.vietsov.com.vn"
    event = EventFactory(start=timezone.now() + datetime.timedelta(days=3))
    uids = set()
    for host in ("127.0.0.1", "localhost", "127.0.0.1:8000"):
        [entry] = calendar_of(reader.get(CALENDAR, headers={"host": host})).walk("VEVENT")
        uids.add(str(entry["UID"]))
    assert uids == {f"event-{event.pk}@portal.vietsov.com.vn"}


def test_the_calendar_is_named_after_the_site_in_the_readers_language(reader, unit, settings):
    EventFactory(start=timezone.now() + datetime.timedelta(days=3))
    for names in ({"vi": "", "ru": "", "en": ""}, {"vi": "Cổng thông tin VSP", "ru": "Портал СП", "en": ""}):
        settings.PORTAL_SITE_NAME = names
        for language in ("vi", "ru"):
            calendar = calendar_of(reader.get(CALENDAR, {"lang": language}))
            assert str(calendar["X-WR-CALNAME"]) == site_name(language), (names, language)


def test_a_personal_calendar_address_lists_the_same_for_a_calendar_app(unit):
    user = UserFactory()
    EventFactory(title="Khóa đào tạo đang diễn ra", start=timezone.now() - datetime.timedelta(hours=1))
    key = FeedToken.for_user(user).key
    listed = entries(calendar_of(Client().get(reverse("news:events_ics"), {"token": key})))
    assert "Khóa đào tạo đang diễn ra" in listed


def test_a_feed_reader_without_a_session_can_fetch_the_enclosed_photo(unit):
    PhotoFactory(article=ArticleFactory(title="Tin có ảnh", unit=unit))
    key = FeedToken.for_user(UserFactory()).key
    feed_reader = Client()  # no session: only the token

    [enclosure] = parsed(feed_reader.get("/feeds/latest/", {"token": key})).entries[0].enclosures

    assert urllib.parse.parse_qs(urllib.parse.urlsplit(enclosure.href).query) == {"token": [key]}
    served = feed_reader.get(enclosure.href)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


def test_a_feed_token_opens_only_renditions_its_owner_may_see(unit):
    draft_photo = PhotoFactory(
        article=ArticleFactory(unit=unit, status=ArticleStatus.DRAFT), image=jpeg_file("nhap.jpg", (400, 300))
    )
    published_photo = PhotoFactory(article=ArticleFactory(unit=unit), image=jpeg_file("da-dang.jpg", (400, 300)))
    key = FeedToken.for_user(UserFactory()).key
    feed_reader = Client()
    rendition = urllib.parse.urlsplit(published_photo.image.storage.url(published_photo.renditions[0]["name"])).path

    assert feed_reader.get(rendition, {"token": key}).status_code == 200
    assert feed_reader.get(rendition, {"token": "not-a-key"}).status_code == 302  # to the sign-in page
    draft = draft_photo.image.storage.url(draft_photo.renditions[0]["name"])
    assert feed_reader.get(draft, {"token": key}).status_code == 404  # a draft's photo is nobody's via a feed
    assert feed_reader.get(published_photo.image.url, {"token": key}).status_code == 404  # never an original
