"""The company's identity and the reader's own menu (issue 19): the site's name and logo in every page's header,
the signed-in reader's name opening their menu, a footer with contacts, a sign-in page that shows whose it is,
language names as people write them, and a front page led by its featured story."""

import datetime
import re
import unicodedata

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ArticleFactory, PhotoFactory, UserFactory, editor

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def page(client, url="/", language="vi"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def header(html):
    return re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)


@pytest.mark.parametrize(
    "language, name", [("vi", "Cổng thông tin nội bộ Vietsovpetro"), ("ru", "Внутренний портал «Вьетсовпетро»")]
)
def test_every_page_names_the_site_in_the_readers_language(client, language, name):
    client.force_login(UserFactory())
    for url in ("/", reverse("news:news_list"), reverse("news:person_list")):
        html = page(client, url, language)
        assert name in header(html) and re.search(rf"<title>[^<]* · {re.escape(name)}</title>", html), url
        assert re.search(r'<a class="brand"[^>]*><img src="/static/news/logo.svg"', html), url


def test_the_company_names_the_site_and_its_contacts(client, settings):
    settings.PORTAL_SITE_NAME = {"vi": "Cổng thông tin Vietsovpetro", "ru": "", "en": ""}
    settings.PORTAL_CONTACTS = "Phòng Truyền thông · ĐT 0254 3839 871"
    client.force_login(UserFactory())

    html = page(client, language="ru")  # no Russian name given: the company's Vietnamese one, not the default

    assert "Cổng thông tin Vietsovpetro" in header(html)
    assert "Phòng Truyền thông · ĐT 0254 3839 871" in re.search(r"<footer.*</footer>", html, re.S).group(0)


def test_the_signed_in_readers_name_opens_their_menu(client):
    client.force_login(UserFactory(first_name="Thu", last_name="Bùi"))
    menu = re.search(r'<details class="user-menu">.*?</details>', page(client), re.S).group(0)
    assert "<summary>Thu Bùi</summary>" in menu or "<summary>Bùi Thu</summary>" in menu
    for url in (reverse("news:mail_settings"), reverse("news:subscriptions"), reverse("logout")):
        assert f'href="{url}"' in menu
    assert reverse("admin:index") not in menu  # the newsroom is for staff only

    client.force_login(editor())
    assert reverse("admin:index") in page(client)


def test_a_cached_page_shows_each_reader_their_own_name(client):
    for name in ("An", "Bình"):
        client.force_login(UserFactory(first_name=name, last_name="Trần"))
        assert f"<summary>{name} Trần</summary>" in page(client) or f"<summary>Trần {name}</summary>" in page(client)


def test_the_sign_in_page_shows_whose_it_is_and_how_to_get_help_not_the_menu(client):
    html = page(client, reverse("login"))

    assert "Cổng thông tin nội bộ Vietsovpetro" in html
    assert 'class="main-nav"' not in html and 'role="search"' not in html
    assert "Không đăng nhập được?" in html
    assert 'lang="ru"' in html  # the language can still be chosen before signing in


def test_language_names_are_written_composed(client):
    client.force_login(UserFactory())
    names = re.findall(r'<li><a href="/language/[^"]*" lang="\w\w"[^>]*>([^<]+)</a>', header(page(client)))
    assert "Tiếng Việt" in names and "Русский" in names
    assert all(unicodedata.is_normalized("NFC", name) for name in names)


def test_the_front_page_leads_with_its_featured_story_and_its_photo_large(client, moments):
    lead = ArticleFactory(featured=True, title="Khánh thành giàn khoan mới", publish_at=moments.now - HOUR)
    PhotoFactory(article=lead)
    ArticleFactory(featured=True, title="Tin nổi bật thứ hai", publish_at=moments.now - 2 * HOUR)
    client.force_login(UserFactory())

    html = page(client)

    story = re.search(r'<article class="lead-story">.*?</article>', html, re.S).group(0)
    assert "Khánh thành giàn khoan mới" in story and "Tin nổi bật thứ hai" not in story
    assert "<picture" in story and 'sizes="(max-width: 48rem) 100vw, 40rem"' in story
    assert "Tin nổi bật thứ hai" in html  # in the grid beside it
