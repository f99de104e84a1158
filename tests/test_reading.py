"""Reading rules that hold across pages: sign-in, closed-network installs, article URLs and their 404s."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import ArticleStatus
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


def test_reading_requires_sign_in_and_comes_back_to_the_page(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={article.get_absolute_url()}"


def test_closed_network_install_may_open_reading(client, settings):
    settings.PORTAL_LOGIN_REQUIRED = False
    article = ArticleFactory(title="Tin mở")
    assert "Tin mở" in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_article_page_shows_the_sanitised_body(reader):
    article = ArticleFactory(body='<p>Nội dung</p><img src=x onerror="alert(1)">')
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "<p>Nội dung</p>" in page
    assert "onerror" not in page


def test_article_url_uses_the_local_publish_date(reader):
    # 18:00 UTC on 31/12/2019 is already 01:00 on 1/1/2020 in Hà Nội.
    publish_at = datetime.datetime(2019, 12, 31, 18, 0, tzinfo=datetime.UTC)
    article = ArticleFactory(title="Chúc mừng năm mới", publish_at=publish_at)
    assert article.get_absolute_url() == "/news/2020/01/01/chuc-mung-nam-moi/"
    assert reader.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "status_publish",
    [
        (ArticleStatus.DRAFT, -1),
        (ArticleStatus.REVIEW, -1),
        (ArticleStatus.ARCHIVED, -1),
        (ArticleStatus.PUBLISHED, +1),
    ],
)
def test_unpublished_articles_are_not_found(reader, status_publish):
    status, days = status_publish
    article = ArticleFactory(status=status, publish_at=timezone.now() + datetime.timedelta(days=days))
    local = timezone.localtime(article.publish_at)
    url = reverse("news:article_detail", args=[local.year, f"{local.month:02d}", f"{local.day:02d}", article.slug])
    assert reader.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/news/2019/12/30/khong-co/", "/news/2019/02/30/tin/", "/news/2019/13/01/tin/", "/news/0000/00/00/tin/"],
)
def test_unknown_or_impossible_article_urls_are_404(reader, url):
    ArticleFactory(slug="tin")
    assert reader.get(url).status_code == 404


def test_article_under_the_wrong_date_is_404(reader):
    article = ArticleFactory(publish_at=datetime.datetime(2019, 12, 30, 6, 45, tzinfo=datetime.UTC))
    assert reader.get(f"/news/2019/12/29/{article.slug}/").status_code == 404
    assert reader.get(f"/news/2019/12/30/{article.slug}/").status_code == 200


def test_portal_speaks_vietnamese_whatever_the_browser_asks(reader):
    html = reader.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html and "Tin mới nhất" in html


def test_language_switch_is_remembered(reader):
    response = reader.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="ru">' in reader.get("/").content.decode()
    reader.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in reader.get("/").content.decode()


def test_language_can_be_switched_before_signing_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()
