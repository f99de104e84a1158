"""The article list opens on what needs the user's attention, through HTTP: for editors what is in review,
scheduled, and their own drafts; for correspondents their units' drafts and what is in review; "all" shows
everything, other filters and searches look through everything, and a list with nothing waiting shows it all."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories import ArticleFactory, UnitFactory, correspondent, editor

pytestmark = pytest.mark.django_db

LIST = reverse("admin:news_article_changelist")


def titles(response):
    assert response.status_code == 200
    return [article.title for article in response.context["cl"].result_list]


@pytest.fixture
def newsroom():
    unit, other_unit = UnitFactory(), UnitFactory()
    chief, colleague = editor(username="chief"), editor(username="colleague")
    writer = correspondent(username="writer")
    unit.correspondents.add(writer)
    now = timezone.now()
    articles = {
        "published": ArticleFactory(unit=unit, title="Đã đăng", publish_at=now - datetime.timedelta(days=3)),
        "older": ArticleFactory(unit=other_unit, title="Đã đăng trước", publish_at=now - datetime.timedelta(days=9)),
        "review": ArticleFactory(unit=unit, status="review", publish_at=None, title="Chờ duyệt"),
        "other review": ArticleFactory(unit=other_unit, status="review", publish_at=None, title="Chờ duyệt khác"),
        "scheduled": ArticleFactory(unit=unit, title="Hẹn giờ", publish_at=now + datetime.timedelta(days=1)),
        "chief's draft": ArticleFactory(
            unit=other_unit, status="draft", publish_at=None, title="Nháp của trưởng ban", created_by=chief
        ),
        "colleague's draft": ArticleFactory(
            unit=other_unit, status="draft", publish_at=None, title="Nháp của đồng nghiệp", created_by=colleague
        ),
        "writer's draft": ArticleFactory(
            unit=unit, status="draft", publish_at=None, title="Nháp của cộng tác viên", created_by=writer
        ),
        "archived": ArticleFactory(unit=unit, status="archived", title="Lưu trữ"),
    }
    return {"unit": unit, "chief": chief, "writer": writer, "articles": articles}


def test_an_editors_list_opens_on_what_needs_attention(client, newsroom):
    client.force_login(newsroom["chief"])
    response = client.get(LIST)
    # In review first, then scheduled, then the editor's own drafts: no published news, no colleague's draft.
    shown = titles(response)
    assert set(shown[:2]) == {"Chờ duyệt", "Chờ duyệt khác"}
    assert shown[2:] == ["Hẹn giờ", "Nháp của trưởng ban"]
    page = response.content.decode()
    with translation.override("vi"):
        assert gettext("Needs attention (%(count)d)") % {"count": 4} in page
    assert "?show=all" in page


def test_all_shows_everything_what_waits_first(client, newsroom):
    client.force_login(newsroom["chief"])
    shown = titles(client.get(LIST, {"show": "all"}))
    assert sorted(shown) == sorted(article.title for article in newsroom["articles"].values())
    assert set(shown[:4]) == {"Chờ duyệt", "Chờ duyệt khác", "Hẹn giờ", "Nháp của trưởng ban"}
    # A column the editor sorts by decides the order.
    by_title = titles(client.get(LIST, {"show": "all", "o": "1"}))
    assert by_title == sorted(by_title)


def test_a_draft_the_editor_changed_last_is_theirs_too(client, newsroom):
    draft = newsroom["articles"]["writer's draft"]
    type(draft).objects.filter(pk=draft.pk).update(updated_by=newsroom["chief"])
    client.force_login(newsroom["chief"])
    assert "Nháp của cộng tác viên" in titles(client.get(LIST))


def test_other_filters_and_searches_look_through_everything(client, newsroom):
    client.force_login(newsroom["chief"])
    assert titles(client.get(LIST, {"status": "published"})) == ["Hẹn giờ", "Đã đăng", "Đã đăng trước"]
    assert titles(client.get(LIST, {"q": "Đã đăng trước"})) == ["Đã đăng trước"]
    # Asked for explicitly, the attention list narrows the other filters.
    assert titles(client.get(LIST, {"show": "attention", "status": "published"})) == ["Hẹn giờ"]


def test_a_list_with_nothing_waiting_shows_everything(client):
    ArticleFactory(title="Tin duy nhất")
    client.force_login(editor())
    assert titles(client.get(LIST)) == ["Tin duy nhất"]


def test_correspondents_see_their_units_drafts_and_reviews(client, newsroom):
    client.force_login(newsroom["writer"])
    # Their unit's draft (whoever wrote it) first, then what is in review; never another unit's articles.
    assert titles(client.get(LIST)) == ["Nháp của cộng tác viên", "Chờ duyệt"]
    everything = titles(client.get(LIST, {"show": "all"}))
    assert everything[:2] == ["Nháp của cộng tác viên", "Chờ duyệt"]
    assert set(everything) == {"Nháp của cộng tác viên", "Chờ duyệt", "Hẹn giờ", "Đã đăng", "Lưu trữ"}


def test_the_list_has_six_columns(client, newsroom):
    draft = newsroom["articles"]["writer's draft"]
    type(draft).objects.filter(pk=draft.pk).update(updated_by=newsroom["chief"])
    client.force_login(newsroom["chief"])
    response = client.get(LIST, {"show": "all"})
    assert len(response.context["cl"].list_display) == 7  # the action checkbox and six columns
    page = response.content.decode()
    assert " · chief</small>" in page  # who changed it last, under when
