"""Settings for the test suite: the project's settings with a test secret and test database.

SQLite in memory by default; PostgreSQL when TEST_DATABASE_URL points at one.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("HTTPS", "false")  # the test client speaks plain HTTP

from portal.settings import *  # noqa: E402, F403
from portal.settings import env  # noqa: E402

if os.environ.get("TEST_DATABASE_URL"):
    DATABASES = {"default": env.db("TEST_DATABASE_URL")}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps' folders: tests do not run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# One process: its own memory is a cache every "server process" shares, so the page cache and the
# signed-in user cache are tested as production runs them with Redis.
PORTAL_CACHE_PAGES = True
PORTAL_CACHE_USERS = True
SHARED_CACHE = True
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Tasks run at once, in the test's transaction, unless a test runs them through a real worker: tests of
# background behaviour (tests/test_background.py) switch to the database queue and run db_worker.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "renditions", "email"],
    }
}
