"""The newsroom through HTTP: every model's admin pages, who may enter, who may publish."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article, ArticleStatus, Photo
from news.roles import ADMINISTRATORS, CORRESPONDENTS, EDITORS
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
    correspondent,
    editor,
    jpeg_file,
)

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = ["photos", "mentions", "credits"]


def article_post(unit, status=ArticleStatus.DRAFT, **extra):
    data = {
        "title": "Hội nghị tổng kết năm 2024",
        "lead": "Tóm tắt",
        "body": "<p>Nội dung <strong>đậm</strong></p><script>alert(1)</script>",
        "unit": unit.pk,
        "status": status,
        "publish_at_0": "",
        "publish_at_1": "",
        "slug": "",
    }
    for prefix in INLINE_PREFIXES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | extra


@pytest.fixture
def newsroom(db):
    unit = UnitFactory()
    person = PersonFactory(unit=unit)
    event = EventFactory(unit=unit)
    article = ArticleFactory(unit=unit, event=event, category=CategoryFactory())
    ArticleMentionFactory(article=article, person=person)
    ArticleCreditFactory(article=article)
    photo = PhotoFactory(article=article)
    return {
        "unit": unit,
        "person": person,
        "event": event,
        "article": article,
        "photo": photo,
        "category": article.category,
    }


def test_groups_exist_with_their_permissions():
    editors = Group.objects.get(name=EDITORS)
    correspondents = Group.objects.get(name=CORRESPONDENTS)
    administrators = Group.objects.get(name=ADMINISTRATORS)
    assert editors.permissions.filter(codename="publish_article").exists()
    assert not correspondents.permissions.filter(codename="publish_article").exists()
    assert correspondents.permissions.filter(codename="add_article").exists()
    assert administrators.permissions.filter(codename="change_user").exists()
    assert not editors.permissions.filter(content_type__app_label="auth").exists()


@pytest.mark.parametrize("model", ["unit", "person", "event", "category", "article", "photo"])
def test_editor_can_open_every_admin_page(client, newsroom, model):
    client.force_login(editor())
    instance = newsroom[model]
    for url in [
        reverse(f"admin:news_{model}_changelist"),
        reverse(f"admin:news_{model}_add"),
        reverse(f"admin:news_{model}_change", args=[instance.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_article_changelist_filters_and_search_work(client, newsroom):
    client.force_login(editor())
    url = reverse("admin:news_article_changelist")
    year = newsroom["article"].publish_at.year
    for query in [
        {"status__exact": "published"},
        {"year": str(year)},
        {"q": "Tin"},
        {"unit__id__exact": newsroom["unit"].pk},
        {"category__id__exact": newsroom["category"].pk},
    ]:
        response = client.get(url, query)
        assert response.status_code == 200
        assert newsroom["article"].title in response.content.decode()


def test_admin_speaks_vietnamese(client, newsroom):
    client.force_login(editor())
    page = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert "Bài viết" in page
    assert "Trạng thái" in page


def test_employee_is_refused_from_the_admin(client, newsroom):
    client.force_login(UserFactory(is_staff=False))
    for url in [
        reverse("admin:index"),
        reverse("admin:news_article_changelist"),
        reverse("admin:news_article_change", args=[newsroom["article"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("admin:news_article_changelist"))
    assert response.status_code == 302


def test_correspondent_cannot_publish_through_the_admin(client):
    unit = UnitFactory()
    user = correspondent()
    unit.correspondents.add(user)
    client.force_login(user)
    response = client.post(reverse("admin:news_article_add"), article_post(unit, status=ArticleStatus.PUBLISHED))
    assert response.status_code == 200, "the form is shown again with an error"
    assert not Article.objects.exists()
    assert response.context["adminform"].form.errors["status"]


def test_correspondent_is_not_offered_publishing_statuses(client):
    writer = correspondent()
    UnitFactory().correspondents.add(writer)
    client.force_login(writer)
    form = client.get(reverse("admin:news_article_add")).context["adminform"].form
    assert {value for value, _ in form.fields["status"].choices} == {ArticleStatus.DRAFT, ArticleStatus.REVIEW}


def test_correspondent_cannot_publish_an_existing_draft(client):
    user = correspondent()
    article = ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None)
    article.unit.correspondents.add(user)
    client.force_login(user)
    data = article_post(article.unit, status=ArticleStatus.PUBLISHED, title=article.title)
    client.post(reverse("admin:news_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert not Article.objects.published().exists()


def test_correspondent_saves_a_draft_and_submits_it_for_review(client):
    user = correspondent()
    unit = UnitFactory()
    unit.correspondents.add(user)
    client.force_login(user)
    response = client.post(reverse("admin:news_article_add"), article_post(unit, status=ArticleStatus.REVIEW))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == ArticleStatus.REVIEW
    assert article.created_by == user
    assert article.slug == "hoi-nghi-tong-ket-nam-2024"
    assert "<script" not in article.body and "<strong>đậm</strong>" in article.body


def test_editor_publishes_through_the_admin(client):
    client.force_login(editor())
    unit = UnitFactory()
    response = client.post(reverse("admin:news_article_add"), article_post(unit, status=ArticleStatus.PUBLISHED))
    assert response.status_code == 302
    assert Article.objects.published().count() == 1


def test_editor_schedules_with_a_day_first_date(client):
    client.force_login(editor())
    unit = UnitFactory()
    data = article_post(unit, status=ArticleStatus.PUBLISHED, publish_at_0="05/03/2099", publish_at_1="08:30")
    assert client.post(reverse("admin:news_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled
    from django.utils import timezone

    local = timezone.localtime(article.publish_at)
    assert (local.day, local.month, local.year, local.hour) == (5, 3, 2099, 8)


def test_photos_with_people_shown_are_added_inline(client):
    client.force_login(editor())
    unit = UnitFactory()
    cong = PersonFactory(full_name="Đặng Đình Công")
    son = PersonFactory(full_name="Cao Tùng Sơn")
    data = article_post(unit) | {
        "photos-TOTAL_FORMS": "1",
        "photos-0-caption": "Đ/c Cao Tùng Sơn và Đ/c Đặng Đình Công",
        "photos-0-alt_text": "Hai người trên sân khấu",
        "photos-0-credit": "Đinh Văn Tiến",
        "photos-0-order": "1",
        "photos-0-image": jpeg_file("hoi-nghi.jpg"),
        "photos-0-people_in_photo": [son.pk, cong.pk],
    }
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    photo = Photo.objects.get()
    assert photo.article == Article.objects.get()
    assert [link.person for link in photo.people_shown.all()] == [son, cong], "kept in the order chosen"
    assert photo.width == 64 and photo.height == 48


def test_person_autocomplete_finds_people_for_the_article_form(client):
    client.force_login(editor())
    PersonFactory(full_name="Đặng Đình Công")
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "Đặng", "app_label": "news", "model_name": "articlemention", "field_name": "person"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Đặng Đình Công"]
