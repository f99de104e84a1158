"""Every reader page of the URL map: content, visibility, bad input, query budget."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news import page_cache
from news.models import Article, ArticleStatus, EventKind, OldSlug, PhotoPerson
from news.services import articles as article_service
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    ArticleMentionFactory,
    CategoryFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    conference_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def query_count(client, url):
    """Queries to render ``url`` afresh, besides what is read once and then cached (the reader's account)."""
    client.get(url)
    page_cache.invalidate_all()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def assert_constant_queries(client, url, grow):
    """The page costs as many queries after ``grow()`` added many more items as before."""
    before = query_count(client, url)
    grow()
    assert query_count(client, url) == before


READER_URLS = ["/", "/news/", "/conferences/", "/units/", "/people/", "/events/", "/events.ics", "/feeds/latest/"]


@pytest.mark.parametrize("url", READER_URLS)
def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_sign_in_page_is_vietnamese_and_looks_like_the_portal(client):
    html = page(client, reverse("login"))
    assert '<html lang="vi"' in html
    assert "Đăng nhập" in html
    assert "news/portal.css" in html


def test_signing_in_returns_to_the_page_asked_for(client):
    UserFactory(username="reader")
    response = client.post(
        f"{reverse('login')}?next=/people/", {"username": "reader", "password": "secret-pass-123", "next": "/people/"}
    )
    assert response.status_code == 302 and response["Location"] == "/people/"


# Front page ---------------------------------------------------------------------------------------------


def test_front_page_shows_featured_latest_events_reports_and_photos(reader, moments):
    featured = ArticleFactory(title="Tin nổi bật", featured=True)
    ArticleFactory(title="Tin thường")
    report = conference_report(UnitFactory(), 2023)
    PhotoFactory(article=featured, caption="Ảnh mới")
    EventFactory(title="Hội thao sắp tới", kind=EventKind.OTHER, start=moments.tomorrow)
    html = page(reader, "/")
    for text in ["Tin nổi bật", "Tin thường", report.title, "Hội thao sắp tới", "Ảnh mới"]:
        assert text in html


def test_front_page_hides_drafts_and_scheduled(reader, moments):
    ArticleFactory(title="Bản nháp", status=ArticleStatus.DRAFT, featured=True)
    scheduled = ArticleFactory(title="Hẹn giờ", publish_at=moments.tomorrow, featured=True)
    PhotoFactory(article=scheduled, caption="Ảnh chưa đăng")
    html = page(reader, "/")
    assert "Bản nháp" not in html and "Hẹn giờ" not in html and "Ảnh chưa đăng" not in html


def test_front_page_query_count_does_not_grow(reader):
    ArticleFactory(featured=True)
    PhotoFactory()
    assert_constant_queries(
        reader, "/", lambda: [PhotoFactory(article=ArticleFactory(featured=True)) for _ in range(8)]
    )


# News list ----------------------------------------------------------------------------------------------


def test_news_list_is_newest_first_and_paginated_by_20(reader, moments):
    for hours in range(25):
        ArticleFactory(title=f"Tin {hours:02d}", publish_at=moments.now - datetime.timedelta(hours=hours + 1))
    first = page(reader, "/news/")
    assert first.index("Tin 00") < first.index("Tin 01")
    assert "Tin 19" in first and "Tin 20" not in first
    assert "Tin 24" in page(reader, "/news/", page=2)


def test_news_filters_combine_show_as_chips_and_pagination_keeps_them(reader):
    unit = UnitFactory(name="Trung tâm Công nghệ thông tin & Liên lạc", short_name="Trung tâm CNTT&LL")
    category = CategoryFactory(name="Hội nghị")
    for day in range(22):
        ArticleFactory(
            unit=unit,
            category=category,
            publish_at=datetime.datetime(2019, 12, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=day),
        )
    ArticleFactory(
        title="Tin năm khác",
        unit=unit,
        category=category,
        publish_at=datetime.datetime(2020, 3, 5, tzinfo=datetime.UTC),
    )
    ArticleFactory(
        title="Tin đơn vị khác", category=category, publish_at=datetime.datetime(2019, 12, 5, tzinfo=datetime.UTC)
    )
    response = reader.get("/news/", {"unit": unit.slug, "year": "2019", "category": category.slug})
    html = response.content.decode()
    assert len(response.context["page_obj"].object_list) == 20
    assert response.context["page_obj"].paginator.count == 22
    assert "Tin năm khác" not in html and "Tin đơn vị khác" not in html
    chips = html[html.index('class="chips"') :]
    assert "Trung tâm CNTT&amp;LL" in chips and "2019" in chips and "Hội nghị" in chips
    assert f"?unit={unit.slug}&amp;year=2019&amp;category={category.slug}&amp;page=2" in html
    assert f"?year=2019&amp;category={category.slug}" in html, "removing the unit chip keeps the other filters"


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "999999"}, {"page": "-1"}])
def test_news_list_bad_page_gives_a_sensible_page(reader, params):
    ArticleFactory(title="Tin duy nhất")
    assert "Tin duy nhất" in page(reader, "/news/", **params)


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "20199"}, {"unit": "khong-co"}, {"category": "khong-co"}])
def test_news_list_unknown_filter_is_404(reader, params):
    assert reader.get("/news/", params).status_code == 404


def test_news_list_query_count_does_not_grow(reader):
    PhotoFactory()
    assert_constant_queries(reader, "/news/", lambda: [PhotoFactory(article=ArticleFactory()) for _ in range(30)])


def test_news_list_hides_drafts_and_scheduled(reader, moments):
    ArticleFactory(title="Bản nháp", status=ArticleStatus.DRAFT)
    ArticleFactory(title="Hẹn giờ", publish_at=moments.tomorrow)
    html = page(reader, "/news/")
    assert "Bản nháp" not in html and "Hẹn giờ" not in html


# Article ------------------------------------------------------------------------------------------------


@pytest.fixture
def seed_article():
    unit = UnitFactory(name="Trung tâm Công nghệ thông tin & Liên lạc", short_name="Trung tâm CNTT&LL")
    event = EventFactory(
        title="Hội nghị tổng kết năm 2019",
        unit=unit,
        kind=EventKind.YEAR_END_REVIEW,
        start=datetime.datetime(2019, 12, 26, 1, 0, tzinfo=datetime.UTC),
        place="Hội trường Trung tâm",
        attendance=50,
    )
    article = ArticleFactory(
        title="Trung tâm CNTT&LL tổ chức Hội nghị tổng kết năm 2019",
        event=event,
        lead="Sáng ngày 26/12/2019, Trung tâm đã tiến hành Hội nghị.",
        body="<p>Kết quả năm 2019</p>",
        publish_at=datetime.datetime(2019, 12, 30, 6, 45, 52, tzinfo=datetime.UTC),  # 13:45:52 in Hà Nội
    )
    son = PersonFactory(full_name="Cao Tùng Sơn", position="Phó Tổng giám đốc")
    cong = PersonFactory(full_name="Đặng Đình Công")
    ArticleMentionFactory(article=article, person=son, position="Phó Tổng giám đốc Vietsovpetro")
    ArticleMentionFactory(article=article, person=cong, position="Bí thư Đảng ủy, Giám đốc Trung tâm CNTT&LL")
    photo = PhotoFactory(article=article, caption="Đ/c Cao Tùng Sơn phát biểu chỉ đạo Hội nghị", credit="Đinh Văn Tiến")
    PhotoPerson.objects.create(photo=photo, person=son)
    ArticleCreditFactory(article=article, name="Hoàng Tiến Lương", role="text")
    ArticleCreditFactory(article=article, name="Đinh Văn Tiến", role="photo")
    return article


def test_article_page_shows_everything_a_reader_needs(reader, seed_article):
    assert seed_article.get_absolute_url() == "/news/2019/12/30/trung-tam-cnttll-to-chuc-hoi-nghi-tong-ket-nam-2019/"
    html = page(reader, seed_article.get_absolute_url())
    for text in [
        "Trung tâm CNTT&amp;LL tổ chức Hội nghị tổng kết năm 2019",
        "30/12/2019 13:45",
        "Sáng ngày 26/12/2019",
        "<p>Kết quả năm 2019</p>",
        "Hội nghị tổng kết năm 2019",
        "Hội trường Trung tâm",
        "26/12/2019",
        "50",
        "Đ/c Cao Tùng Sơn phát biểu chỉ đạo Hội nghị",
        "Tin:</strong> Hoàng Tiến Lương",
        "Ảnh:</strong> Đinh Văn Tiến",
        "Phó Tổng giám đốc Vietsovpetro",
        "Bí thư Đảng ủy, Giám đốc Trung tâm CNTT&amp;LL",
        'href="/people/cao-tung-son/"',
        'href="/people/dang-dinh-cong/"',
    ]:
        assert text in html, text


def test_article_page_lists_related_articles(reader, seed_article):
    ArticleFactory(title="Tin cùng đơn vị", unit=seed_article.unit)
    ArticleFactory(title="Tin đơn vị khác")
    html = page(reader, seed_article.get_absolute_url())
    assert "Tin cùng đơn vị" in html and "Tin đơn vị khác" not in html


def test_article_query_count_does_not_grow_with_photos_and_people(reader, seed_article):
    def grow():
        for _ in range(10):
            photo = PhotoFactory(article=seed_article)
            PhotoPerson.objects.create(photo=photo, person=PersonFactory())
            ArticleMentionFactory(article=seed_article)
            ArticleCreditFactory(article=seed_article, person=PersonFactory(), name="")

    assert_constant_queries(reader, seed_article.get_absolute_url(), grow)


def test_old_link_redirects_after_the_slug_changes(reader, seed_article):
    old_url = seed_article.get_absolute_url()
    article_service.change_slug(seed_article, "hoi-nghi-tong-ket-cnttll-2019")
    assert OldSlug.objects.filter(slug="trung-tam-cnttll-to-chuc-hoi-nghi-tong-ket-nam-2019").exists()
    response = reader.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/news/2019/12/30/hoi-nghi-tong-ket-cnttll-2019/"


def test_draft_and_scheduled_article_urls_are_404_for_readers(reader, moments):
    draft = ArticleFactory(status=ArticleStatus.DRAFT, publish_at=moments.yesterday)
    scheduled = ArticleFactory(publish_at=moments.tomorrow)
    assert reader.get(draft.get_absolute_url()).status_code == 404
    assert reader.get(scheduled.get_absolute_url()).status_code == 404


# Conferences --------------------------------------------------------------------------------------------


@pytest.fixture
def conference_units():
    company = UnitFactory(name="Liên doanh Việt-Nga Vietsovpetro", short_name="Vietsovpetro", order=0)
    it = UnitFactory(name="Trung tâm CNTT&LL", short_name="", parent=company, order=1)
    drilling = UnitFactory(name="Xí nghiệp Khoan", short_name="", parent=company, order=2)
    return company, it, drilling


def test_conference_table_has_units_down_years_across_and_visible_gaps(reader, conference_units):
    company, it, drilling = conference_units
    conference_report(it, 2019, title="CNTT tổng kết 2019")
    conference_report(it, 2019, kind=EventKind.WORKERS_CONFERENCE, title="CNTT người lao động 2019")
    conference_report(drilling, 2018, title="Khoan tổng kết 2018")
    conference_report(drilling, 2019, status=ArticleStatus.DRAFT, title="Khoan nháp 2019")
    response = reader.get("/conferences/")
    html = response.content.decode()
    years = response.context["years"]
    assert years[:2] == [2019, 2018], "latest year first"
    rows = {row.unit: row for row in response.context["rows"]}
    assert [row.unit for row in response.context["rows"]] == [company, it, drilling], "units in tree order"
    assert [len(cell) for cell in rows[it].cells[:2]] == [2, 0], "two reports in one year, one empty cell"
    assert [len(cell) for cell in rows[drilling].cells[:2]] == [0, 1], "the draft is not counted"
    assert html.count('class="no-report"') == len(years) * 3 - 2
    report_urls = {report.get_absolute_url() for report in Article.objects.conference_reports()}
    for cell in [rows[it].cells[0], rows[drilling].cells[1]]:
        for link in cell:
            assert link.url in report_urls and f'href="{link.url}"' in html
    assert "Khoan nháp 2019" not in html


def test_conference_table_filters_by_kind(reader, conference_units):
    _, it, _ = conference_units
    review = conference_report(it, 2019, title="CNTT tổng kết 2019")
    workers = conference_report(it, 2019, kind=EventKind.WORKERS_CONFERENCE, title="CNTT người lao động 2019")
    html = page(reader, "/conferences/", kind=EventKind.WORKERS_CONFERENCE)
    assert workers.get_absolute_url() in html and review.get_absolute_url() not in html


def test_conference_table_shows_older_years_on_request(reader, conference_units):
    _, it, _ = conference_units
    conference_report(it, 2024)
    old_report = conference_report(it, 2010, title="Báo cáo năm 2010")
    assert old_report.get_absolute_url() not in page(reader, "/conferences/")
    response = reader.get("/conferences/", {"until": "2012"})
    assert response.context["years"][0] == 2012
    assert old_report.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("params", [{"kind": "training"}, {"kind": "xyz"}, {"until": "abc"}])
def test_conference_table_bad_parameters_are_404(reader, params):
    assert reader.get("/conferences/", params).status_code == 404


def test_conference_table_query_count_does_not_grow_with_units(reader):
    for _ in range(3):
        conference_report(UnitFactory(), 2020)
    assert_constant_queries(
        reader, "/conferences/", lambda: [conference_report(UnitFactory(), 2021) for _ in range(27)]
    )


def test_conference_year_groups_reports_by_unit(reader, conference_units):
    _, it, drilling = conference_units
    conference_report(it, 2019, title="CNTT tổng kết 2019")
    conference_report(drilling, 2019, title="Khoan tổng kết 2019")
    conference_report(drilling, 2018, title="Khoan tổng kết 2018")
    html = page(reader, "/conferences/2019/")
    assert html.index("Trung tâm CNTT&amp;LL") < html.index("CNTT tổng kết 2019") < html.index("Xí nghiệp Khoan")
    assert "Khoan tổng kết 2019" in html and "Khoan tổng kết 2018" not in html


@pytest.mark.parametrize(
    "url", ["/conferences/1999/", "/conferences/0000/", "/conferences/20190/", "/conferences/abcd/"]
)
def test_conference_year_unknown_is_404(reader, url):
    conference_report(UnitFactory(), 2019)
    assert reader.get(url).status_code == 404


# Units --------------------------------------------------------------------------------------------------


def test_unit_tree_and_unit_page(reader, conference_units, moments):
    company, it, _ = conference_units
    conference_report(it, 2019, title="CNTT tổng kết 2019")
    ArticleFactory(unit=it, title="Tin CNTT")
    ArticleFactory(unit=it, title="Nháp CNTT", status=ArticleStatus.DRAFT)
    EventFactory(unit=it, title="Đào tạo an ninh mạng", kind=EventKind.TRAINING, start=moments.tomorrow)
    PersonFactory(unit=it, full_name="Đặng Đình Công")
    tree = page(reader, "/units/")
    assert tree.index("Liên doanh Việt-Nga Vietsovpetro") < tree.index("Trung tâm CNTT&amp;LL")
    html = page(reader, it.get_absolute_url())
    for text in ["Tin CNTT", "CNTT tổng kết 2019", "Đào tạo an ninh mạng", "Đặng Đình Công", "2019"]:
        assert text in html
    assert "Nháp CNTT" not in html
    unit_reports = page(reader, f"/units/{it.slug}/conferences/")
    assert "CNTT tổng kết 2019" in unit_reports


@pytest.mark.parametrize("url", ["/units/khong-co/", "/units/khong-co/conferences/", "/feeds/units/khong-co/"])
def test_unknown_unit_is_404(reader, url):
    assert reader.get(url).status_code == 404


def test_unit_pages_query_count_does_not_grow(reader):
    unit = UnitFactory()
    conference_report(unit, 2019)

    def grow():
        for year in range(2000, 2010):
            conference_report(unit, year)
            PersonFactory(unit=unit)
            UnitFactory(parent=unit)

    for url in ["/units/", unit.get_absolute_url(), f"/units/{unit.slug}/conferences/"]:
        before = query_count(reader, url)
        grow()
        assert query_count(reader, url) == before, url


# People -------------------------------------------------------------------------------------------------


def test_people_directory_in_vietnamese_order_with_alphabet_index(reader):
    for name in ["Trần Công Thịnh", "Đặng Đình Công", "Cao Tùng Sơn", "Nguyễn Văn An", "Lê Đức Đạt", "Phạm Văn Dũng"]:
        PersonFactory(full_name=name)
    response = reader.get("/people/")
    html = response.content.decode()
    assert response.context["letters"] == ["A", "C", "D", "Đ", "S", "T"]
    order = [
        html.index(name)
        for name in [
            "Nguyễn Văn An",
            "Đặng Đình Công",
            "Phạm Văn Dũng",
            "Lê Đức Đạt",
            "Cao Tùng Sơn",
            "Trần Công Thịnh",
        ]
    ]
    assert order == sorted(order)
    only_d_bar = page(reader, "/people/", letter="Đ")
    assert "Lê Đức Đạt" in only_d_bar and "Phạm Văn Dũng" not in only_d_bar
    only_d = page(reader, "/people/", letter="D")
    assert "Phạm Văn Dũng" in only_d and "Lê Đức Đạt" not in only_d


def test_people_directory_bad_letter_is_404(reader):
    PersonFactory(full_name="Nguyễn Văn An")
    assert reader.get("/people/", {"letter": "Q"}).status_code == 404


def test_person_page_shows_positions_articles_and_photos(reader, seed_article, moments):
    son = seed_article.mentions.get(person__full_name="Cao Tùng Sơn").person
    later = ArticleFactory(title="Tin năm 2021", publish_at=datetime.datetime(2021, 5, 5, tzinfo=datetime.UTC))
    ArticleMentionFactory(article=later, person=son, position="Tổng giám đốc")
    draft = ArticleFactory(title="Nháp nhắc tên", status=ArticleStatus.DRAFT)
    ArticleMentionFactory(article=draft, person=son, position="Chức vụ bí mật")
    hidden_photo = PhotoFactory(article=ArticleFactory(publish_at=moments.tomorrow), caption="Ảnh hẹn giờ")
    PhotoPerson.objects.create(photo=hidden_photo, person=son)
    html = page(reader, son.get_absolute_url())
    assert html.index("Tổng giám đốc") < html.index("Phó Tổng giám đốc Vietsovpetro"), "latest position first"
    assert "30/12/2019" in html and "05/05/2021" in html
    assert seed_article.title.replace("&", "&amp;") in html and "Tin năm 2021" in html
    assert "Đ/c Cao Tùng Sơn phát biểu chỉ đạo Hội nghị" in html
    for hidden in ["Nháp nhắc tên", "Chức vụ bí mật", "Ảnh hẹn giờ"]:
        assert hidden not in html


def test_unknown_person_is_404(reader):
    assert reader.get("/people/khong-co/").status_code == 404


def test_people_pages_query_count_does_not_grow(reader):
    person = PersonFactory()
    ArticleMentionFactory(person=person)

    def grow():
        for _ in range(10):
            article = ArticleFactory()
            ArticleMentionFactory(person=person, article=article)
            PhotoPerson.objects.create(photo=PhotoFactory(article=article), person=person)
            PersonFactory()

    for url in ["/people/", person.get_absolute_url()]:
        before = query_count(reader, url)
        grow()
        assert query_count(reader, url) == before, url


# Events -------------------------------------------------------------------------------------------------


def test_events_upcoming_and_past_by_year(reader, moments):
    EventFactory(title="Hội thao sắp tới", start=moments.tomorrow)
    EventFactory(title="Lễ kỷ niệm 2019", start=datetime.datetime(2019, 6, 18, 2, tzinfo=datetime.UTC))
    EventFactory(title="Đào tạo 2018", start=datetime.datetime(2018, 3, 1, 2, tzinfo=datetime.UTC))
    html = page(reader, "/events/")
    assert html.index("Hội thao sắp tới") < html.index("Lễ kỷ niệm 2019") < html.index("Đào tạo 2018")
    assert "<h3>2019</h3>" in html and "<h3>2018</h3>" in html


def test_event_page_shows_reports_and_participants(reader, seed_article):
    event = seed_article.event
    event.participations.create(
        person=PersonFactory(full_name="Nebozhenko Viktor"), role="khách mời", position="Chánh Kỹ sư"
    )
    ArticleFactory(event=event, title="Báo cáo nháp", status=ArticleStatus.DRAFT)
    assert event.get_absolute_url() == "/events/2019/hoi-nghi-tong-ket-nam-2019/"
    html = page(reader, event.get_absolute_url())
    for text in [
        seed_article.title.replace("&", "&amp;"),
        "Nebozhenko Viktor",
        "Chánh Kỹ sư",
        "khách mời",
        "Hội trường Trung tâm",
    ]:
        assert text in html
    assert "Báo cáo nháp" not in html


@pytest.mark.parametrize("url", ["/events/2019/khong-co/", "/events/abcd/x/", "/events/2019/"])
def test_unknown_event_is_404(reader, url):
    assert reader.get(url).status_code == 404


def test_event_under_another_year_redirects_to_its_url(reader, seed_article):
    response = reader.get(f"/events/2018/{seed_article.event.slug}/")
    assert response.status_code == 301 and response["Location"] == seed_article.event.get_absolute_url()


def test_events_query_count_does_not_grow(reader, moments):
    EventFactory(start=moments.tomorrow)
    EventFactory()
    assert_constant_queries(reader, "/events/", lambda: [EventFactory(start=moments.tomorrow) for _ in range(10)])


def test_icalendar_feed_lists_upcoming_events(reader, moments):
    from icalendar import Calendar

    start = (moments.now + datetime.timedelta(days=3)).replace(microsecond=0)
    EventFactory(
        title="Hội nghị người lao động năm 2026", start=start, place="Hội trường A", kind=EventKind.WORKERS_CONFERENCE
    )
    # Over before the calendar's window of past events (90 days: tests/test_calendar_feeds.py has the rest).
    EventFactory(title="Sự kiện đã qua", start=moments.now - datetime.timedelta(days=120))
    response = reader.get("/events.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Hội nghị người lao động năm 2026"]
    assert events[0].decoded("DTSTART") == start
    assert str(events[0]["LOCATION"]) == "Hội trường A"
    assert str(events[0]["UID"]).startswith("event-")


# Feeds and health ---------------------------------------------------------------------------------------


def test_rss_feeds_carry_published_articles_only(reader, moments):
    unit = UnitFactory()
    ArticleFactory(title="Tin của đơn vị", unit=unit)
    ArticleFactory(title="Tin khác")
    ArticleFactory(title="Tin hẹn giờ", unit=unit, publish_at=moments.tomorrow)
    latest = page(reader, "/feeds/latest/")
    assert "<rss" in latest and "Tin của đơn vị" in latest and "Tin khác" in latest and "Tin hẹn giờ" not in latest
    unit_feed = page(reader, f"/feeds/units/{unit.slug}/")
    assert "Tin của đơn vị" in unit_feed and "Tin khác" not in unit_feed and "Tin hẹn giờ" not in unit_feed


def test_healthz_answers_without_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_times_are_shown_in_local_time(reader):
    article = ArticleFactory(publish_at=timezone.make_aware(datetime.datetime(2019, 12, 30, 13, 45)))
    assert "30/12/2019 13:45" in page(reader, article.get_absolute_url())


def test_news_list_pages_without_counting_the_archive(reader):
    for n in range(25):
        ArticleFactory(title=f"Tin số {n:02d}")
    for number, shown in [(1, 20), (2, 5)]:
        page_cache.invalidate_all()
        with CaptureQueriesContext(connection) as queries:
            response = reader.get("/news/", {"page": number})
        assert len(response.context["page_obj"]) == shown
        assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()], "no COUNT(*) per view"
    html = response.content.decode()
    assert "Trang 2" in html and 'rel="prev"' in html and 'rel="next"' not in html
    assert "Tin số 00" in page(reader, "/news/", page=99)  # past the end: the last page, as before


def test_links_are_the_urls_django_would_reverse(reader, settings):
    """Models make their addresses from a pattern reversed once: the same as reverse(), under a prefix too."""
    from django.urls import reverse, set_script_prefix

    report = conference_report(UnitFactory(slug="don-vi-22"), 2022)
    person = PersonFactory(slug="nguoi-33")
    local = timezone.localtime(report.publish_at)
    for prefix in ("/", "/cong-22/"):
        set_script_prefix(prefix)
        try:
            args = {"year": local.year, "month": f"{local.month:02d}", "day": f"{local.day:02d}", "slug": report.slug}
            assert report.get_absolute_url() == reverse("news:article_detail", kwargs=args)
            assert report.unit.get_absolute_url() == reverse("news:unit_detail", kwargs={"slug": "don-vi-22"})
            assert person.get_absolute_url() == reverse("news:person_detail", kwargs={"slug": "nguoi-33"})
            event_args = {"year": timezone.localtime(report.event.start).year, "slug": report.event.slug}
            assert report.event.get_absolute_url() == reverse("news:event_detail", kwargs=event_args)
        finally:
            set_script_prefix("/")


def test_a_person_named_in_many_articles_lists_the_latest_and_says_how_many(reader, moments):
    person = PersonFactory(full_name="Trần Văn Nhiều")
    for n in range(53):
        article = ArticleFactory(title=f"Bài {n:02d}", publish_at=moments.now - datetime.timedelta(days=n + 1))
        ArticleMentionFactory(article=article, person=person, position="Giám đốc" if n < 40 else "Phó giám đốc")
    html = page(reader, person.get_absolute_url())
    assert "Bài 00" in html and "Bài 49" in html and "Bài 50" not in html
    assert "53" in html
    # The positions still cover every mention, not only those listed.
    assert "Phó giám đốc" in html
