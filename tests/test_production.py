"""Production behaviour: deploy checks, headers, sign-in lockout, error pages, faults, caching."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from news.models import ArticleStatus
from tests.factories import ArticleFactory, EventFactory, UserFactory
from tests.personal_queries import page_queries

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!p-q2$production-like-secret-key-with-enough-entropy-9f3k2m1z8",
    "ALLOWED_HOSTS": "portal.vietsov.com.vn",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
}


def test_check_deploy_reports_nothing_under_production_settings():
    ignored = ("DJANGO_SETTINGS_MODULE", "HTTPS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env |= PRODUCTION_ENV | {"DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.fixture
def reader(client, db):
    client.force_login(UserFactory())
    return client


def test_security_headers(reader):
    response = reader.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=True, SESSION_COOKIE_SECURE=True)
def test_https_deployments_get_hsts_redirects_and_secure_cookies(client, db):
    assert client.get("/healthz").status_code == 301, "plain HTTP is redirected to HTTPS"
    user = UserFactory(username="an-toan")
    response = client.post("/accounts/login/", {"username": "an-toan", "password": "secret-pass-123"}, secure=True)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] and response.cookies["sessionid"]["httponly"]
    assert client.get("/", secure=True)["Strict-Transport-Security"].startswith("max-age=31536000")
    assert user.pk


# Sign-in lockout (django-axes) -----------------------------------------------------------------------------


def sign_in(client, password, **headers):
    return client.post(reverse("login"), {"username": "nhan-vien", "password": password}, **headers)


@pytest.fixture
def employee(db):
    return UserFactory(username="nhan-vien")


def test_repeated_failures_lock_the_sign_in_with_a_vietnamese_page(client, employee, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "sai-mat-khau").status_code == 200, "the form again, with an error"
    assert sign_in(client, "sai-mat-khau").status_code == 429, "the last allowed failure locks"
    locked = sign_in(client, "secret-pass-123")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Tạm khóa đăng nhập" in html and "15 phút" in html
    assert "_auth_user_id" not in client.session, "even the right password is refused while locked"


def test_lockout_ends_after_the_cool_off(client, employee, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sai-mat-khau")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(client, "secret-pass-123").status_code == 302


def fail_until_locked(client, limit, **headers_per_try):
    """Sign in with a wrong password `limit` times, each try with its own headers; the last answer."""
    for attempt in range(limit):
        response = sign_in(client, "sai-mat-khau", **{k: v(attempt) for k, v in headers_per_try.items()})
    return response


@override_settings(TRUSTED_PROXY_COUNT=0, AXES_FAILURE_LIMIT=3)
def test_without_trusted_proxies_a_forged_forwarded_for_does_not_dodge_the_lockout(client, employee):
    last = fail_until_locked(client, 3, HTTP_X_FORWARDED_FOR=lambda n: f"10.0.0.{n}")
    assert last.status_code == 429, "a new forged address on each guess still counts as one computer"
    assert sign_in(client, "secret-pass-123", HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=0, AXES_FAILURE_LIMIT=3)
def test_without_trusted_proxies_forging_the_victims_address_does_not_lock_the_victim(client, employee):
    victim = {"REMOTE_ADDR": "10.9.9.9"}
    assert fail_until_locked(client, 3, HTTP_X_FORWARDED_FOR=lambda n: "10.9.9.9").status_code == 429
    assert sign_in(client, "secret-pass-123", **victim).status_code == 302, "the victim signs in from their own"


@override_settings(TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=3)
def test_behind_one_proxy_only_the_entry_it_added_counts(client, employee):
    # The proxy appends the address it saw; whatever the client put on the left rotates in vain.
    last = fail_until_locked(client, 3, HTTP_X_FORWARDED_FOR=lambda n: f"10.0.0.{n}, 10.1.1.1")
    assert last.status_code == 429
    assert sign_in(client, "secret-pass-123", HTTP_X_FORWARDED_FOR="10.7.7.7, 10.1.1.1").status_code == 429
    other_computer = sign_in(client, "secret-pass-123", HTTP_X_FORWARDED_FOR="10.1.1.1, 10.2.2.2")
    assert other_computer.status_code == 302, "the same account from another computer is not locked"


@override_settings(TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=3)
def test_behind_one_proxy_the_rightmost_address_is_the_client(client, employee):
    assert fail_until_locked(client, 3, HTTP_X_FORWARDED_FOR=lambda n: "10.1.1.1").status_code == 429
    assert sign_in(client, "secret-pass-123", HTTP_X_FORWARDED_FOR="10.1.1.1").status_code == 429
    assert sign_in(client, "secret-pass-123", HTTP_X_FORWARDED_FOR="10.2.2.2").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=2, AXES_FAILURE_LIMIT=3)
def test_behind_two_proxies_a_header_with_one_entry_falls_back_to_the_connection(client, employee):
    # One entry cannot have been added by two proxies: the request did not come through them.
    last = fail_until_locked(client, 3, HTTP_X_FORWARDED_FOR=lambda n: f"10.0.0.{n}")
    assert last.status_code == 429
    assert sign_in(client, "secret-pass-123", REMOTE_ADDR="10.3.3.3").status_code == 302


# Error pages and faults ------------------------------------------------------------------------------------


def test_error_pages_are_in_the_portals_style(reader):
    missing = reader.get("/units/khong-co/")
    assert missing.status_code == 404 and "portal.css" in missing.content.decode()
    forbidden = reader.get(reverse("admin:news_article_recoverlist"))
    assert forbidden.status_code in (302, 403)


@pytest.mark.django_db
def test_database_errors_become_503_pages():
    from django.test import RequestFactory

    from ops.views import server_error

    request = RequestFactory().get("/")
    try:
        raise OperationalError("could not connect to server: Connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "tạm thời gián đoạn" in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "a bug" not in response.content.decode() and "Traceback" not in response.content.decode()


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "portal.resilient_redis.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_a_stopped_cache_keeps_the_portal_serving_and_healthz_says_so(reader):
    ArticleFactory(title="Tin vẫn hiện")
    assert "Tin vẫn hiện" in reader.get("/").content.decode()
    health = reader.get("/healthz")
    assert health.status_code == 503 and health.json() == {"status": "error", "database": "ok", "cache": "unavailable"}


def test_healthz_answers_200_when_database_and_cache_answer(client, db):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}


# Caching never shows stale or unpublished content ----------------------------------------------------------


def test_publishing_editing_and_unpublishing_show_at_once(reader, moments):
    article = ArticleFactory(title="Bản nháp chưa đăng", status=ArticleStatus.DRAFT, publish_at=None)
    assert "Bản nháp chưa đăng" not in reader.get("/").content.decode()
    article.status = ArticleStatus.PUBLISHED
    article.save()
    assert "Bản nháp chưa đăng" in reader.get("/").content.decode()
    article.title = "Tiêu đề đã sửa"
    article.save()
    page = reader.get("/").content.decode()
    assert "Tiêu đề đã sửa" in page and "Bản nháp chưa đăng" not in page
    assert "Tiêu đề đã sửa" in reader.get(article.get_absolute_url()).content.decode()
    article.status = ArticleStatus.DRAFT
    article.save()
    assert "Tiêu đề đã sửa" not in reader.get("/").content.decode()
    assert reader.get(article.get_absolute_url()).status_code == 404


def the_clock_passes_the_next_change(moments):
    """What the page cache remembers as the next moment content changes by itself is now past."""
    from news.page_cache import CLOCK, store_generations

    store_generations({CLOCK: int((moments.now - datetime.timedelta(seconds=1)).timestamp() * 1000)})


def test_a_scheduled_article_appears_when_its_time_passes(reader, moments):
    article = ArticleFactory(title="Tin hẹn giờ", publish_at=moments.now + datetime.timedelta(seconds=2))
    assert "Tin hẹn giờ" not in reader.get("/").content.decode()
    # Time passes (the article's time is moved into the past without any save signal).
    from news.models import Article

    Article.objects.filter(pk=article.pk).update(publish_at=moments.now - datetime.timedelta(seconds=1))
    the_clock_passes_the_next_change(moments)
    assert "Tin hẹn giờ" in reader.get("/").content.decode()


def test_an_event_moves_from_upcoming_when_it_starts(reader, moments):
    EventFactory(title="Sự kiện sắp tới", start=moments.now + datetime.timedelta(hours=1))
    assert "Sự kiện sắp tới" in reader.get("/").content.decode()
    from news.models import Event

    Event.objects.update(start=moments.now - datetime.timedelta(minutes=1))
    the_clock_passes_the_next_change(moments)
    assert "Sự kiện sắp tới" not in reader.get("/").content.decode()


def test_repeat_views_are_304_until_the_content_changes(reader):
    article = ArticleFactory(title="Tin có ETag")
    for url in ["/", "/news/", article.get_absolute_url()]:
        first = reader.get(url)
        etag = first["ETag"]
        assert reader.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    article.title = "Tin đã đổi"
    article.save()
    assert reader.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_cached_page_costs_a_constant_few_queries(reader, django_assert_max_num_queries):
    ArticleFactory()
    reader.get("/news/")
    # Session, user and page all come from the cache; the reader's unread marks are one query.
    with django_assert_max_num_queries(1) as queries:
        assert reader.get("/news/").status_code == 200
    assert not page_queries(queries)


def test_pages_differ_by_language_and_staff(client, db):
    client.force_login(UserFactory())
    client.cookies["django_language"] = "ru"
    assert '<html lang="ru">' in client.get("/").content.decode()
    client.cookies["django_language"] = "vi"
    assert '<html lang="vi">' in client.get("/").content.decode()
    client.force_login(UserFactory(is_staff=True))
    assert reverse("admin:index") in client.get("/").content.decode()


@pytest.mark.django_db
def test_healthz_answers_json_with_a_session_cookie_while_the_database_is_down(client, monkeypatch):
    from django.db import connection

    client.force_login(UserFactory())

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unavailable"
