"""Feeds and personal feed addresses: nothing personal in a cached page, a stable key on
"My subscriptions", reset and deactivation stop it, and feed text arrives escaped."""

import re
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory, EventFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = "/account/subscriptions/"
TOKEN = re.compile(r"[?&](?:amp;)?token=([^\"&<\s]+)")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def tokens_in(page):
    return set(TOKEN.findall(page))


def personal_addresses(client):
    """The feed addresses on the user's "My subscriptions" page, as the page gives them."""
    page = html(client, SUBSCRIPTIONS)
    return [
        url.replace("&amp;", "&") for url in re.findall(r'(?:href|value)="(http://testserver/[^"]*token=[^"]*)"', page)
    ]


def address_of(client, path):
    [url] = [url for url in personal_addresses(client) if urllib.parse.urlsplit(url).path == path]
    return url


def token_of(url):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["token"][0]


def assert_sent_to_sign_in(response, url):
    assert response.status_code == 302, (url, response.status_code)
    assert response["Location"].startswith(f"{reverse('login')}?next=")


@pytest.fixture
def unit():
    return UnitFactory(name="Trung tâm Công nghệ thông tin", slug="cntt")


# Cached pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("staff", [False, True], ids=["readers", "staff"])
@pytest.mark.parametrize("url", ["/", "/events/", "/units/cntt/"])
def test_a_cached_page_shows_no_one_another_readers_feed_key(unit, url, staff):
    ArticleFactory(unit=unit)
    first, second = UserFactory(is_staff=staff), UserFactory(is_staff=staff)
    first_client, second_client = signed_in(first), signed_in(second)
    html(first_client, SUBSCRIPTIONS)  # the first reader has a key
    first_key = first.feed_token.key

    first_page = html(first_client, url)
    second_page = html(second_client, url)  # served from the cache the first reader filled

    assert first_key not in second_page
    assert not tokens_in(first_page) and not tokens_in(second_page)
    assert 'href="/feeds/latest/"' in second_page, "the page still offers the plain feed"
    assert f'href="{SUBSCRIPTIONS}"' in second_page, "and the way to the personal addresses"


def test_cached_pages_hold_no_csrf_token_or_user_name(unit):
    """A page cached for everyone carries nobody's name or token: the header's name is each reader's own."""
    first, second = signed_in(UserFactory(username="nguyen-van-a")), signed_in(UserFactory(username="tran-thi-b"))
    for url in ["/", "/news/", "/events/", "/units/", "/units/cntt/", "/people/", "/conferences/", "/search/?q=tin"]:
        assert "nguyen-van-a" in html(first, url), url  # cached now, with the first reader's name filled in
        page = html(second, url)
        assert "csrfmiddlewaretoken" not in page, url
        assert "nguyen-van-a" not in page and "tran-thi-b" in page, url


def test_unit_and_events_pages_offer_the_plain_feeds(unit):
    client = signed_in(UserFactory())
    unit_page = html(client, "/units/cntt/")
    assert '<link rel="alternate" type="application/rss+xml" title="Tin mới nhất" href="/feeds/latest/">' in unit_page
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml" title="[^"]*" href="/feeds/units/cntt/">', unit_page
    )
    assert 'href="/feeds/units/cntt/">RSS</a>' in unit_page
    assert 'href="/events.ics"' in html(client, "/events/")


# My subscriptions --------------------------------------------------------------------------------------


def test_each_user_sees_their_own_stable_addresses(unit):
    first, second = UserFactory(), UserFactory()
    first_client, second_client = signed_in(first), signed_in(second)

    first_tokens = tokens_in(html(first_client, SUBSCRIPTIONS))
    second_tokens = tokens_in(html(second_client, SUBSCRIPTIONS))

    assert first_tokens == {first.feed_token.key}
    assert second_tokens == {second.feed_token.key}
    assert first_tokens != second_tokens
    assert tokens_in(html(first_client, SUBSCRIPTIONS)) == first_tokens, "the same key every time"
    paths = {urllib.parse.urlsplit(url).path for url in personal_addresses(first_client)}
    assert paths == {"/feeds/latest/", "/events.ics", "/feeds/units/cntt/"}


def test_subscriptions_page_is_never_cached():
    response = signed_in(UserFactory()).get(SUBSCRIPTIONS)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


@pytest.mark.parametrize("login_required", [True, False])
def test_anonymous_visitors_are_sent_to_sign_in_for_subscriptions(client, settings, login_required):
    settings.PORTAL_LOGIN_REQUIRED = login_required
    response = client.get(SUBSCRIPTIONS)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={SUBSCRIPTIONS}"


def test_personal_addresses_read_every_feed_without_a_session(unit, moments):
    ArticleFactory(title="Tin cho trình đọc RSS", unit=unit)
    EventFactory(title="Hội nghị sắp tới", unit=unit, start=moments.tomorrow)
    owner = signed_in(UserFactory())
    reader = Client()  # a feed reader: no session

    assert "Tin cho trình đọc RSS" in html(reader, address_of(owner, "/feeds/latest/"))
    assert "Tin cho trình đọc RSS" in html(reader, address_of(owner, "/feeds/units/cntt/"))
    assert "Hội nghị sắp tới" in html(reader, address_of(owner, "/events.ics"))
    for url in ["/feeds/latest/", "/feeds/units/cntt/", "/events.ics"]:
        assert_sent_to_sign_in(reader.get(url), url)


def test_reset_stops_the_old_addresses_at_once_and_gives_new_ones():
    user = UserFactory()
    owner = Client(enforce_csrf_checks=True)
    owner.force_login(user)
    old_url = address_of(owner, "/feeds/latest/")
    reader = Client()
    assert reader.get(old_url).status_code == 200

    assert owner.post(SUBSCRIPTIONS).status_code == 403, "a reset needs the form's CSRF token"
    assert reader.get(old_url).status_code == 200

    page = html(owner, SUBSCRIPTIONS)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = owner.post(SUBSCRIPTIONS, {"csrfmiddlewaretoken": csrf}, follow=True)
    assert response.redirect_chain == [(SUBSCRIPTIONS, 302)]
    assert "Đã đặt lại các địa chỉ nhận tin của bạn" in response.content.decode()  # Vietnamese by default

    new_url = address_of(owner, "/feeds/latest/")
    assert token_of(new_url) != token_of(old_url)
    assert token_of(old_url) not in response.content.decode()
    assert_sent_to_sign_in(reader.get(old_url), old_url)
    assert reader.get(new_url).status_code == 200


def test_a_deactivated_users_addresses_stop():
    user = UserFactory()
    url = address_of(signed_in(user), "/events.ics")
    reader = Client()
    assert reader.get(url).status_code == 200
    user.is_active = False
    user.save()
    assert_sent_to_sign_in(reader.get(url), url)


def test_old_signed_tokens_are_refused(client):
    """Signed tokens of earlier versions were served to other readers in cached pages."""
    user = UserFactory()
    old_token = signing.dumps(user.pk, salt="news.feeds")
    for url in ["/feeds/latest/", "/events.ics"]:
        assert_sent_to_sign_in(client.get(url, {"token": old_token}), url)


@pytest.mark.parametrize(
    "query",
    ["token=", "token=x", "token=%00", "token=" + "a" * 1000, "token=abc:def", "token=%E1%BA%A1", "token=a&token=b"],
)
def test_unknown_or_garbage_tokens_are_sent_to_sign_in(client, query):
    UserFactory()
    response = client.get(f"/feeds/latest/?{query}")
    assert_sent_to_sign_in(response, query)


def test_a_key_that_is_almost_right_is_refused(client):
    user = UserFactory()
    key = token_of(address_of(signed_in(user), "/feeds/latest/"))
    for forged in [key[:-1], key + "x", key.upper() if key.upper() != key else key.lower()]:
        assert_sent_to_sign_in(client.get("/feeds/latest/", {"token": forged}), forged)


# Feed text ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/feeds/latest/", "/feeds/units/cntt/"])
def test_rss_titles_and_leads_arrive_as_text_not_markup(unit, url):
    ArticleFactory(unit=unit, title="Tin <b>đậm</b> & nhạt", lead="Tóm tắt <script>x</script>")
    response = signed_in(UserFactory()).get(url)
    assert response.status_code == 200
    [item] = ET.fromstring(response.content).iter("item")
    # A feed reader renders these as HTML: escaped once, they show the characters as written.
    assert item.findtext("title") == "Tin &lt;b&gt;đậm&lt;/b&gt; &amp; nhạt"
    assert item.findtext("description") == "Tóm tắt &lt;script&gt;x&lt;/script&gt;"
