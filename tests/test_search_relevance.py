"""Search relevance (issue 19): the words as typed and the person they name rank above the same words scattered;
excerpts are taken where the words are and mark what was looked for; no two words run together where tags were.
Runs the same on SQLite and PostgreSQL."""

import re
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import page_cache
from news.models import Article, Person
from news.templatetags.search_tags import snippet
from news.text import plain_text, search_phrase, search_terms
from tests.factories import ArticleFactory, ArticleMentionFactory, PersonFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Đặng Đình Công"
REVIEW = "Trung tâm Công nghệ thông tin & Liên lạc tổ chức Hội nghị tổng kết năm 2025"
SPEECH = "Phát biểu tại Đại hội Đảng bộ Trung tâm"
UNRELATED = "Đảng ủy Công ty quyết định thành lập Chi bộ mới"


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def corpus(moments):
    """The issue's example: the report naming Đặng Đình Công is the oldest, and an unrelated, newer article has
    "Đảng", "định" and "Công" scattered (in its title too, which ranked it first)."""
    it = UnitFactory(name="Trung tâm Công nghệ thông tin & Liên lạc", short_name="CNTT&LL")
    cong = PersonFactory(full_name=NAME, position="Bí thư Đảng ủy, Giám đốc Trung tâm CNTT&LL", unit=it)
    days = timezone.timedelta(days=1)
    review = ArticleFactory(
        title=REVIEW,
        unit=it,
        lead="Trung tâm Công nghệ thông tin & Liên lạc tổng kết một năm sản xuất kinh doanh.",
        body=(
            "<p>Sáng ngày 24/12/2025, tại Hội trường Trung tâm, Vũng Tàu, Trung tâm Công nghệ thông tin &amp; Liên lạc"
            " đã tổ chức Hội nghị tổng kết hoạt động sản xuất kinh doanh năm 2025 và triển khai nhiệm vụ năm 2026.</p>"
            "<p>Đến dự Hội nghị có đồng chí Cao Tùng Sơn, Phó Tổng giám đốc; đồng chí Đặng Đình Công, Bí thư Đảng ủy,"
            " Giám đốc Trung tâm, cùng gần 50 cán bộ công nhân viên.</p>"
            "<ul><li>Vận hành hệ thống SCADA</li><li>Giàn khoan trên biển</li></ul>"
        ),
        publish_at=moments.now - 300 * days,
    )
    ArticleMentionFactory(article=review, person=cong, position="Bí thư Đảng ủy, Giám đốc Trung tâm")
    # Names him only as "đồng chí Công": the words are scattered, the mention says who it is.
    speech = ArticleFactory(
        title=SPEECH,
        unit=it,
        lead="Bí thư Đảng ủy phát biểu chỉ đạo.",
        body="<p>Đồng chí Công nhấn mạnh: Đảng bộ quyết định đẩy mạnh chuyển đổi số.</p>",
        publish_at=moments.now - 100 * days,
    )
    ArticleMentionFactory(article=speech, person=cong)
    unrelated = ArticleFactory(
        title=UNRELATED,
        lead="Đảng ủy Công ty Xây lắp tổ chức lễ công bố quyết định.",
        body="<p>Công nghệ mới được giới thiệu.</p><p>Đảng viên mới được kết nạp.</p>",
        publish_at=moments.now - days,
    )
    ArticleMentionFactory(article=unrelated, person=PersonFactory(full_name="Đặng Văn Dũng"))
    return {"review": review, "speech": speech, "unrelated": unrelated, "cong": cong}


def search(reader, query, **params):
    response = reader.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response):
    return [item.title for item in response.context["page_obj"]]


def result_html(response, article):
    """The <li> of ``article`` among the results."""
    html = response.content.decode()
    item = re.search(r'<li><h3[^>]*><a href="' + re.escape(article.get_absolute_url()) + r'">.*?</li>', html, re.S)
    assert item, f"{article.title} is not among the results"
    return item.group()


QUERIES = [
    "dang dinh cong",
    "DANG DINH CONG",
    NAME,
    NAME.lower(),
    unicodedata.normalize("NFD", NAME),
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_name_as_typed_then_the_person_named_then_scattered_words(reader, corpus, query):
    # Before: [UNRELATED, SPEECH, REVIEW]: every word in the unrelated title, then newer first.
    assert titles(search(reader, query)) == [REVIEW, SPEECH, UNRELATED]
    assert [a.title for a in Article.objects.published().search(query)] == [REVIEW, SPEECH, UNRELATED]


def test_quoted_the_name_is_all_that_is_found(reader, corpus):
    assert titles(search(reader, '"dang dinh cong"')) == [REVIEW]


def test_words_in_another_order_are_scattered_words(reader, corpus):
    """The phrase is the words in the order typed: "cong dinh dang" is not the name, newer first as before."""
    assert titles(search(reader, "cong dinh dang")) == [UNRELATED, SPEECH, REVIEW]


def test_one_word_ranks_as_before(reader, corpus):
    """A single word is its own phrase: every word in the title, then newer."""
    assert titles(search(reader, "dang")) == [UNRELATED, SPEECH, REVIEW]


def test_people_whose_name_the_words_are_come_first(reader, corpus):
    # "Công Bùi Đình" sorts before "Công Đặng Đình"; his position holds "Đảng" and "Đình" is in his name.
    PersonFactory(full_name="Bùi Đình Công", position="Phó Bí thư Đảng ủy")
    for query in ("dang dinh cong", NAME):
        found = search(reader, query, type="people").context["page_obj"]
        assert [p.full_name for p in found] == [NAME, "Bùi Đình Công"]
    assert [p.full_name for p in Person.objects.search("dinh cong")] == ["Bùi Đình Công", NAME], "name order"


@pytest.mark.parametrize("query", ["dang dinh cong", NAME])
def test_the_name_is_marked_not_other_words(reader, corpus, query):
    response = search(reader, query)
    review = result_html(response, corpus["review"])
    assert "<mark>Đặng</mark> <mark>Đình</mark> <mark>Công</mark>" in review
    assert review.count("<mark>") == 3, "only the name: not “Công nghệ”, “Đảng ủy” or “công nhân”"
    # The other results hold the words scattered: those are what is marked there.
    assert "<mark>Đảng</mark> ủy" in result_html(response, corpus["unrelated"])


def test_the_excerpt_is_where_the_name_is(reader, corpus):
    review = result_html(search(reader, "dang dinh cong"), corpus["review"])
    excerpt = re.search(r"<p>(.*?)</p>", review.split("</h3>", 1)[1].split('class="meta"', 1)[1], re.S).group(1)
    assert "đồng chí <mark>Đặng</mark> <mark>Đình</mark> <mark>Công</mark>, Bí thư" in excerpt
    # Before, the excerpt began near the first "Công" (of "Công nghệ", in the lead) and stopped before the name.
    assert excerpt.startswith("… ")


def test_paragraphs_do_not_run_together(reader, corpus):
    review = corpus["review"]
    excerpt = str(snippet(review.lead + " " + review.body, search_terms("dang dinh cong"), phrase=search_phrase(NAME)))
    assert "2026. Đến dự" in excerpt and "2026.Đến" not in excerpt
    html = search(reader, "dang dinh cong").content.decode()
    assert "2026.Đến" not in html
    # The search document too: list items were "SCADAGiàn" → "scadagian", a word that is in no text.
    assert " scada gian khoan " in review.search_document
    assert titles(search(reader, "scada")) == [REVIEW]


def test_plain_text_puts_a_line_break_where_a_block_ended():
    html = (
        "<h2>Tiêu đề</h2><p>năm 2026.</p><p>Đến <b>dự</b> &amp; <i>phát</i>biểu<br>dòng mới</p>"
        "<ul><li>Một</li><li>Hai</li></ul><blockquote>Trích</blockquote><figure><img src='/x.jpg' alt=''>"
        "<figcaption>Ảnh</figcaption></figure><table><tr><td>Ô một</td><td>Ô hai</td></tr></table>"
    )
    assert plain_text(html) == "Tiêu đề\nnăm 2026.\nĐến dự & phátbiểu\ndòng mới\nMột\nHai\nTrích\nẢnh\nÔ một\nÔ hai"
    assert plain_text("") == "" and plain_text(None) == ""


def test_the_excerpt_is_the_closest_window_of_the_words():
    """Without the phrase, the excerpt is where the most words come close together, not the first word found."""
    filler = "Nội dung không liên quan gì cả. " * 12
    text = f"<p>Đảng ủy họp.</p><p>{filler}</p><p>Công ty quyết định giao cho Đảng bộ xây dựng kế hoạch.</p>"
    excerpt = str(snippet(text, search_terms("dang dinh cong"), phrase=search_phrase("dang dinh cong")))
    assert "<mark>Công</mark> ty quyết <mark>định</mark> giao cho <mark>Đảng</mark> bộ" in excerpt
    assert "Đảng ủy họp" not in excerpt


def test_the_phrase_is_marked_across_punctuation_and_words_stay_whole():
    excerpt = str(
        snippet("Ông Đặng-Đình Công và Đặng Văn Dũng, Công nghệ.", search_terms(NAME), phrase=search_phrase(NAME))
    )
    assert excerpt == "Ông <mark>Đặng</mark>-<mark>Đình</mark> <mark>Công</mark> và Đặng Văn Dũng, Công nghệ."
    assert str(snippet("Côngten Công", search_terms("cong"))) == "Côngten <mark>Công</mark>", "whole words only"


def test_the_ranked_page_is_still_one_query(reader, corpus):
    """The phrase and the person named are expressions of the query that ranks, not queries of their own: a
    search for a name costs what a search for one word costs."""

    def queries_for(query):
        search(reader, query)  # the reader's account is read once, then cached
        page_cache.invalidate_all()
        with CaptureQueriesContext(connection) as queries:
            search(reader, query)
        return [q["sql"] for q in queries.captured_queries]

    one_word, name = queries_for("dang"), queries_for("dang dinh cong")
    assert len(name) == len(one_word)
    ranking = [sql for sql in name if "OVER ()" in sql and "news_article" in sql.split("FROM", 1)[1]]
    assert len(ranking) == 1 and "news_articlemention" in ranking[0]


def test_search_landmarks_have_distinct_names(reader, corpus):
    html = search(reader, "dang dinh cong").content.decode()
    forms = re.findall(r"<form\b[^>]*\brole=\"search\"[^>]*>", html)
    assert len(forms) == 2

    def name(form):
        label = re.search(r'aria-label="([^"]+)"', form)
        if label:
            return label.group(1)
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', form).group(1)
        return re.sub(r"<[^>]+>", "", re.search(rf'id="{labelled_by}"[^>]*>(.*?)</', html, re.S).group(1)).strip()

    names = [name(form) for form in forms]
    assert all(names) and len(set(names)) == 2, names
    assert "Tìm kiếm" in names


def test_the_migration_rebuilds_documents_as_the_model_would(db):
    """Stored documents from before block breaks are rebuilt once (0026) to what a save makes now."""
    import importlib

    from django.apps import apps

    from news.models import Article

    migration = importlib.import_module("news.migrations.0026_search_documents_with_block_breaks")
    article = ArticleFactory(body="<p>Tổng kết năm 2026.</p><p>Đến dự có đồng chí Đặng Đình Công</p>")
    expected = article._search_texts()
    Article.objects.filter(pk=article.pk).update(search_title="", search_document="2026.den du")

    migration.rebuild_article_search_documents(apps, None)

    article.refresh_from_db()
    assert (article.search_title, article.search_document) == expected
    assert "2026.den" not in article.search_document
