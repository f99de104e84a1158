"""What editors type is kept as typed, or refused with a reason: bodies lose no text to an unclosed tag,
one-line fields take no line breaks (issue 12, finding 13)."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from news.models import Article, ArticleStatus, Event, EventKind
from tests.factories import ArticleFactory, PersonFactory, UnitFactory, UserFactory, editor
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


# One-line fields -----------------------------------------------------------------------------------------------------


def one_line_message():
    """The message as the newsroom shows it, in its default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(gettext("This field must be one line."))


def error_codes(form):
    return {name: [error.code for error in errors] for name, errors in form.errors.as_data().items()}


def add_form_data(client, url, **fields):
    """What the add page posts: its inlines' management forms, empty, and ``fields``."""
    page = client.get(url)
    assert page.status_code == 200
    data = dict(fields)
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data


@pytest.mark.parametrize("title", ["Hội thao\nchào mừng", "Hội thao\r\nchào mừng", "Hội thao\rchào mừng", "A\u2028B"])
def test_an_event_title_with_a_line_break_is_refused_in_the_newsroom(client, title):
    client.force_login(editor())
    url = reverse("admin:news_event_add")
    data = add_form_data(
        client,
        url,
        title=title,
        kind=EventKind.OTHER,
        unit=UnitFactory().pk,
        start_0="20/03/2024",
        start_1="08:00:00",
        place="Hội trường",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert error_codes(response.context["adminform"].form) == {"title": ["one_line"]}
    assert one_line_message() in response.content.decode(), "the newsroom says why"
    assert not Event.objects.exists()

    response = client.post(url, data | {"title": "Hội thao chào mừng"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.get().title == "Hội thao chào mừng"


def test_one_line_fields_of_an_article_and_its_inlines_are_checked_in_the_newsroom(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    person = PersonFactory()
    data = article_form_data(
        title="Hội nghị\ntổng kết",
        lead="Tóm tắt\nhai dòng là được",  # a TextField: several lines are fine
        body="<p>Nội dung</p>",
        unit=UnitFactory().pk,
        status=ArticleStatus.DRAFT,
        slug="",
    )
    data |= {"mentions-TOTAL_FORMS": 1, "mentions-0-person": person.pk, "mentions-0-position": "Giám đốc\nTrung tâm"}
    data |= {"mentions-0-order": 0}
    response = client.post(add_url(), data)
    assert response.status_code == 200
    assert error_codes(response.context["adminform"].form) == {"title": ["one_line"]}
    mentions = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "mentions")
    assert [error_codes(form) for form in mentions.formset] == [{"position": ["one_line"]}]
    assert response.content.decode().count(one_line_message()) == 2
    assert not Article.objects.exists()


def test_text_fields_keep_their_lines():
    unit = UnitFactory.build(name="Trung tâm CNTT", aliases="TT CNTT\nTrung tâm CNTT&LL")
    unit.full_clean()  # aliases is a TextField, one a line
    with pytest.raises(ValidationError) as refused:
        UnitFactory.build(name="Trung tâm\nCNTT").full_clean()
    assert [error.code for error in refused.value.error_dict["name"]] == ["one_line"]
