"""The page cache, sessions and signed-in users on a real Redis (its own redis-server, on a free port)."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, UserFactory
from tests.personal_queries import page_queries

REDIS_SERVER = shutil.which("redis-server")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server not installed: apt-get install redis-server"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine_clock_environment():
    """The environment without libfaketime, with which the suite is run to try other hours (`faketime … make
    test`): redis-server (its jemalloc) cannot start under it, and nothing here needs Redis's clock faked."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("FAKETIME")}
    preload = [library for library in environment.get("LD_PRELOAD", "").split() if "faketime" not in library]
    environment["LD_PRELOAD"] = " ".join(preload)
    return environment


@pytest.fixture
def redis_url(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        env=machine_clock_environment(),
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def on_redis(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.resilient_redis.ResilientRedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SHARED_CACHE = settings.PORTAL_CACHE_PAGES = settings.PORTAL_CACHE_USERS = True
    yield
    cache.clear()


def test_a_cached_page_on_redis_needs_no_database_and_follows_a_save(client, on_redis):
    article = ArticleFactory(title="Tin trên Redis")
    client.force_login(UserFactory())
    assert "Tin trên Redis" in client.get("/news/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/news/").status_code == 200
    assert not page_queries(queries), "session, user, generations and page all come from Redis"
    assert len(queries) == 1, "and the reader's unread marks from the database"
    article.title = "Tin đã sửa trên Redis"
    article.save()
    assert "Tin đã sửa trên Redis" in client.get("/news/").content.decode()


def test_one_redis_client_serves_every_command(on_redis):
    """Django's backend made a new redis.Redis per command; the portal's reuses one per connection pool."""
    cache.set("a", 1)
    assert cache.get_many(["a", "b"]) == {"a": 1}
    assert cache._cache.get_client() is cache._cache.get_client()
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
