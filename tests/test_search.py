"""Search with or without Vietnamese diacritics: same results on SQLite and PostgreSQL."""

import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import page_cache
from news.models import ArticleStatus, Photo, RenditionState
from news.services import photos as photo_service
from tests.factories import ArticleFactory, EventFactory, PersonFactory, PhotoFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def corpus(moments):
    it = UnitFactory(name="Trung tâm CNTT&LL", short_name="")
    drilling = UnitFactory(name="Xí nghiệp Khoan", short_name="")
    articles = {
        "review": ArticleFactory(
            title="Trung tâm CNTT&LL tổ chức Hội nghị tổng kết năm 2019",
            unit=it,
            lead="Hội nghị tổng kết hoạt động sản xuất kinh doanh.",
            publish_at=moments.now - timezone.timedelta(days=300),
        ),
        "workers": ArticleFactory(
            title="Xí nghiệp Khoan tổ chức Hội nghị người lao động",
            unit=drilling,
            body="<p>Sau phần tổng kết, hội nghị đã biểu quyết thông qua nghị quyết.</p>",
            publish_at=moments.now - timezone.timedelta(days=10),
        ),
        "sports": ArticleFactory(title="Giải bóng đá truyền thống", unit=drilling, body="<p>Đội Khoan vô địch.</p>"),
        "caption_only": ArticleFactory(title="Một ngày ở giàn khoan", unit=drilling),
        "draft": ArticleFactory(title="Hội nghị tổng kết bản nháp", status=ArticleStatus.DRAFT),
        "scheduled": ArticleFactory(title="Hội nghị tổng kết hẹn giờ", publish_at=moments.tomorrow),
    }
    PhotoFactory(article=articles["caption_only"], caption="Kỹ sư Nebozhenko Viktor kiểm tra thiết bị")
    people = {
        "cong": PersonFactory(full_name="Đặng Đình Công", position="Giám đốc Trung tâm CNTT&LL", unit=it),
        "dung": PersonFactory(full_name="Đặng Văn Dũng", position="Kỹ sư"),
    }
    events = {"review": EventFactory(title="Hội nghị tổng kết năm 2019", unit=it)}
    return {"articles": articles, "people": people, "events": events, "units": (it, drilling)}


def results(reader, query, **params):
    response = reader.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response):
    return [item.title for item in response.context["page_obj"]]


@pytest.mark.parametrize(
    "query",
    ["hoi nghi tong ket", "Hội nghị tổng kết", "HOI NGHI TONG KET", unicodedata.normalize("NFD", "hội nghị tổng kết")],
)
def test_diacritics_case_and_nfd_do_not_matter(reader, corpus, query):
    found = titles(results(reader, query))
    assert "Trung tâm CNTT&LL tổ chức Hội nghị tổng kết năm 2019" in found
    assert "Hội nghị tổng kết bản nháp" not in found and "Hội nghị tổng kết hẹn giờ" not in found


@pytest.mark.parametrize("query", ["dang dinh cong", "Đặng Đình Công", unicodedata.normalize("NFD", "Đặng Đình Công")])
def test_people_are_found_with_or_without_diacritics(reader, corpus, query):
    response = results(reader, query, type="people")
    assert [p.full_name for p in response.context["page_obj"]] == ["Đặng Đình Công"]


def test_quoted_words_match_as_a_phrase(reader, corpus):
    unquoted = titles(results(reader, "hoi nghi tong ket"))
    quoted = titles(results(reader, '"hoi nghi tong ket"'))
    assert "Xí nghiệp Khoan tổ chức Hội nghị người lao động" in unquoted, "all the words appear somewhere"
    assert "Xí nghiệp Khoan tổ chức Hội nghị người lao động" not in quoted, "but not together"


def test_whole_words_only(reader, corpus):
    assert "Giải bóng đá truyền thống" not in titles(results(reader, "truyen thon"))


def test_exact_accented_matches_rank_first_then_title_then_newer(reader, corpus):
    # "tổng kết" appears exactly (accented) in the review; the workers article has it folded only in the body.
    found = titles(results(reader, "tổng kết"))
    assert found.index("Trung tâm CNTT&LL tổ chức Hội nghị tổng kết năm 2019") < found.index(
        "Xí nghiệp Khoan tổ chức Hội nghị người lao động"
    )
    # Folded query: both match the title; newer first among equals.
    found = titles(results(reader, "hoi nghi"))
    assert found[:2] == [
        "Xí nghiệp Khoan tổ chức Hội nghị người lao động",
        "Trung tâm CNTT&LL tổ chức Hội nghị tổng kết năm 2019",
    ]


def test_photo_captions_are_searched(reader, corpus):
    assert titles(results(reader, "nebozhenko")) == ["Một ngày ở giàn khoan"]


def test_a_caption_finds_its_article_only_once_readers_can_see_the_photo(reader):
    """Round three: an article's search text held the captions of photos readers could not see yet (renditions
    still to be made), so a word only such a caption has found the article."""
    article = ArticleFactory(title="Tin ảnh mới")
    photo = PhotoFactory(article=article, caption="Giàn Zvezda chưa công bố")
    Photo.objects.filter(pk=photo.pk).update(rendition_state=RenditionState.PENDING, renditions=[])
    article.refresh_search_document()

    assert titles(results(reader, "zvezda")) == []
    photo_service.make_renditions(Photo.objects.get(pk=photo.pk))  # what the worker does
    assert titles(results(reader, "zvezda")) == ["Tin ảnh mới"]


def test_events_are_found(reader, corpus):
    response = results(reader, "hoi nghi tong ket 2019", type="events")
    assert [e.title for e in response.context["page_obj"]] == ["Hội nghị tổng kết năm 2019"]


def test_results_filter_by_unit_and_year_and_count_by_type(reader, corpus):
    it, drilling = corpus["units"]
    response = results(reader, "hoi nghi", unit=drilling.slug)
    assert titles(response) == ["Xí nghiệp Khoan tổ chức Hội nghị người lao động"]
    year = corpus["articles"]["review"].publish_at.year
    assert "Trung tâm CNTT&LL tổ chức Hội nghị tổng kết năm 2019" in titles(results(reader, "hoi nghi", year=year))
    counts = results(reader, "hoi nghi").context["counts"]
    assert counts == {"articles": 2, "people": 0, "events": 1}


def test_matching_words_are_highlighted(reader, corpus):
    html = results(reader, "tong ket").content.decode()
    assert "<mark>tổng</mark> <mark>kết</mark>" in html
    assert "<mark>tổng kết</mark>" in results(reader, '"tong ket"').content.decode(), "a phrase is marked whole"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!???",
        "x" * 10_000,
        "'; DROP TABLE news_article; --",
        "<script>alert(1)</script>",
        '"',
        '""',
        "%_%",
        "\x00",
    ],
)
def test_hostile_or_empty_queries_give_a_calm_page(reader, corpus, query):
    response = reader.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if "script" in query:
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize("params", [{"type": "nope"}, {"unit": "khong-co"}, {"year": "abc"}])
def test_bad_filters_are_404(reader, corpus, params):
    assert reader.get("/search/", {"q": "hoi nghi", **params}).status_code == 404


def test_search_is_paginated_and_keeps_the_query(reader, moments):
    unit = UnitFactory()
    for n in range(25):
        ArticleFactory(title=f"Hội nghị số {n}", unit=unit, publish_at=moments.now - timezone.timedelta(hours=n + 1))
    response = results(reader, "hoi nghi")
    assert len(response.context["page_obj"]) == 20
    assert "q=hoi+nghi&amp;page=2" in response.content.decode()
    assert len(results(reader, "hoi nghi", page=2).context["page_obj"]) == 5


def test_every_page_has_a_search_box(reader, corpus):
    for url in ["/", "/news/", "/people/", "/conferences/"]:
        assert 'role="search"' in reader.get(url).content.decode()


def test_a_search_costs_as_many_queries_however_many_items_match(reader, corpus):
    """Units of the people and events listed come with them, not one query each."""

    def queries_for_a_search():
        results(reader, "hoi nghi")  # the reader's account is read once, then cached
        page_cache.invalidate_all()
        with CaptureQueriesContext(connection) as queries:
            results(reader, "hoi nghi")
        return len(queries)

    # One of each kind found at first (none found costs a query less: no rows to read), then many.
    PersonFactory(full_name="Hội Nghị Đầu", unit=UnitFactory())
    EventFactory(title="Hội nghị đầu tiên", unit=UnitFactory())
    before = queries_for_a_search()
    unit = UnitFactory()
    for n in range(6):
        ArticleFactory(title=f"Hội nghị số {n}", unit=UnitFactory())
        PersonFactory(full_name=f"Hội Nghị {n}", unit=UnitFactory())
        EventFactory(title=f"Hội nghị số {n}", unit=unit if n % 2 else UnitFactory())
    assert queries_for_a_search() == before


def test_search_needs_sign_in(client):
    assert client.get("/search/", {"q": "hoi nghi"}).status_code == 302


def test_snippets_are_escaped_once_and_start_at_a_word():
    from news.templatetags.search_tags import snippet

    text = "<p>" + "Mở đầu dài dòng " * 20 + "Trung tâm CNTT&amp;LL tổ chức Hội nghị tổng kết</p>"
    excerpt = str(snippet(text, [" hoi ", " nghi "]))
    assert "CNTT&amp;LL" in excerpt and "&amp;amp;" not in excerpt
    assert excerpt.startswith(("… Mở", "… dài", "… dòng"))
    assert "<mark>Hội</mark> <mark>nghị</mark>" in excerpt
