"""What editors type is kept as typed, or refused with a reason: bodies lose no text to an unclosed tag,
one-line fields take no line breaks (issue 12, finding 13)."""

import pytest

from news.models import Article, ArticleStatus
from tests.factories import ArticleFactory, UnitFactory, UserFactory
from tests.newsroom import add_url, article_form_data

pytestmark = pytest.mark.django_db


# Article bodies ------------------------------------------------------------------------------------------------------

UNCLOSED = [
    "<style>p { color: red }",
    "<script>alert(1)",
    "<STYLE type='text/css'>",
    "<style ",  # a tag that never ends: the next "<p" is read as its attribute
    "<script src='https://evil.example/x.js'>",
    "<textarea>",
    "<title>",
    "<noscript>",
    "<template>",
    "<plaintext>",
    "<!-- ghi chú",
    "<scr<style>ipt>alert(1)",  # dropping the inner tag makes an outer one
]


@pytest.mark.parametrize("opening", UNCLOSED)
def test_an_unclosed_tag_loses_no_text_after_it(opening):
    article = ArticleFactory(body=f"<p>Trước</p>{opening}<p>Sau đó, <b>kết quả</b></p><ul><li>Một</li></ul>")
    body = Article.objects.get(pk=article.pk).body
    assert body.startswith("<p>Trước</p>")
    assert "Sau đó, <b>kết quả</b>" in body and "<li>Một</li></ul>" in body, body
    if opening.endswith(">"):  # a whole tag: what follows keeps its structure too
        assert "<p>Sau đó, <b>kết quả</b></p><ul><li>Một</li></ul>" in body, body
    for dangerous in ("<script", "<style", "<textarea", "<template", "<!--"):
        assert dangerous not in body.lower()


@pytest.mark.parametrize(
    "element",
    [
        "<script>alert('<style>')</script>",
        "<style>p { display: none }</style>",
        "<SCRIPT type='module'>import x from 'y'</SCRIPT >",
        "<!-- <p>ẩn</p> -->",
        "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->",
    ],
)
def test_a_complete_script_style_or_comment_is_removed_with_its_content(element):
    body = ArticleFactory(body=f"<p>Trước</p>{element}<p>Sau</p>").body
    assert body == "<p>Trước</p><p>Sau</p>"


def test_unclosed_style_in_the_newsroom_keeps_the_rest_of_the_body(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = article_form_data(
        title="Hội nghị tổng kết",
        lead="Tóm tắt",
        body="<p>Mở đầu</p><style>.x { color: red }<p>Phần còn lại của bài</p>",
        unit=UnitFactory().pk,
        status=ArticleStatus.DRAFT,
        slug="",
    )
    response = client.post(add_url(), data)
    assert response.status_code == 302, getattr(response.context.get("adminform"), "errors", response)
    body = Article.objects.get().body
    assert "<p>Mở đầu</p>" in body and "<p>Phần còn lại của bài</p>" in body
    assert "<style" not in body
