"""Portal settings, read from the environment (see README, "Configuration").

The defaults run a development server on SQLite; production must set at least
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from news.directory import directory_settings

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# A development secret is only acceptable while DEBUG is on: refusing to start
# is better than signing production sessions with a key published in git.
DEVELOPMENT_SECRET_KEY = "django-insecure-portal-development-only"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (set DEBUG=true for development).")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif SECRET_KEY == DEVELOPMENT_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("The development SECRET_KEY cannot be used with DEBUG off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "news.apps.PortalAdminConfig",  # django.contrib.admin with the newsroom's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "reversion",
    "reversion_compare",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "news",
    "ops",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "news.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body (the CSRF check reads the form when the view is called).
    "news.middleware.RequestBodyLimitMiddleware",
    "news.middleware.PortalLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A stopped database must give a quick 503, not requests hanging on the connect.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", 3))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Without CACHE_URL the cache is each process's own memory: nothing that must be the same for every
# server process (cached pages and what invalidates them, sessions, signed-in users) may live there.
SHARED_CACHE = bool(env.str("CACHE_URL", default=""))
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's own Redis backend, made to shrug off a stopped Redis (portal/resilient_redis.py).
    CACHES["default"]["BACKEND"] = "portal.resilient_redis.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.5, "socket_timeout": 0.5})
# Reader pages' content is cached (news/page_cache.py) and dropped the moment what they show is changed.
# On by default with a shared cache, and for the one process of the development server.
PORTAL_CACHE_PAGES = env.bool("PORTAL_CACHE_PAGES", default=SHARED_CACHE or DEBUG)
# A signed-in request reads its session and user from the shared cache (one Redis GET each), not the
# database: a cached page then costs no query at all. Sessions are still written through to the database.
if SHARED_CACHE:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
PORTAL_CACHE_USERS = env.bool("PORTAL_CACHE_USERS", default=SHARED_CACHE)
PORTAL_CACHE_SECONDS = env.int("PORTAL_CACHE_SECONDS", default=600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The company directory (README, "Sign-in with the company directory"): with LDAP_SERVER_URI set, employees
# sign in with their directory accounts (news/services/directory.py); local accounts keep working beside them.
_directory = directory_settings(env)
PORTAL_DIRECTORY = _directory.pop("PORTAL_DIRECTORY")
globals().update(_directory)  # django-auth-ldap's AUTH_LDAP_* settings
AUTHENTICATION_BACKENDS = [
    # Locks sign-in by username and IP after repeated failures (django-axes).
    "portal.auth.PortalAxesBackend",
    *(["portal.auth.DirectoryBackend"] if PORTAL_DIRECTORY else []),
    # Django's ModelBackend, with the signed-in user read from the cache (PORTAL_CACHE_USERS).
    "portal.auth.CachedModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind nginx the client's address is in X-Forwarded-For, but only the entry our own proxies added can
# be believed (portal/client_ip.py): 0 ignores the header, so a forged one cannot dodge or cause a lockout.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
# One count per person however the name is typed (CORP\anv, anv@corp.example, ANV).
AXES_USERNAME_CALLABLE = "news.directory.lockout_username"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "news:home"
LOGOUT_REDIRECT_URL = "news:home"

# The company's name for the site, per language (news/identity.py); empty: the portal's translated default.
PORTAL_SITE_NAME = {
    "vi": env.str("PORTAL_SITE_NAME", default=""),
    "ru": env.str("PORTAL_SITE_NAME_RU", default=""),
    "en": env.str("PORTAL_SITE_NAME_EN", default=""),
}

# The company's logo in the header (a static file's path or a full address), the footer's contact line and the
# sign-in page's help line; empty lines fall back to the portal's translated defaults.
PORTAL_LOGO = env.str("PORTAL_LOGO", default="news/logo.svg")
PORTAL_CONTACTS = env.str("PORTAL_CONTACTS", default="")
PORTAL_SIGN_IN_HELP = env.str("PORTAL_SIGN_IN_HELP", default="")

# Reading needs a sign-in unless an install on a closed network opens it up.
PORTAL_LOGIN_REQUIRED = env.bool("PORTAL_LOGIN_REQUIRED", default=True)

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="vi")
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English")), ("ru", _("Russian"))]
# Our own catalogue first (makemessages writes there), then Vietnamese for third-party apps.
LOCALE_PATHS = [BASE_DIR / "news" / "locale", BASE_DIR / "news" / "vendor_locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# Django's vi locale has no input formats; ours reads dates day first everywhere.
FORMAT_MODULE_PATH = ["portal.formats"]

# HTTPS deployments (the default with DEBUG off): secure cookies, redirects and HSTS.
# An install served over plain HTTP on a closed network sets HTTPS=false.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only our own files; the rich-text editor's import map
# carries the request's nonce (templates/admin/change_form.html). Admin templates use style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# In production nginx serves uploads from this internal location after Django's check
# (X-Accel-Redirect); empty: Django streams them itself (development).
PORTAL_MEDIA_ACCEL_REDIRECT = env.str("PORTAL_MEDIA_ACCEL_REDIRECT", default="")
# Upload limits (news/images.py): bytes per file, and pixels, which is what decoding costs.
PORTAL_MAX_UPLOAD_BYTES = env.int("PORTAL_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
# The largest request body but on the upload pages, from those who may upload (news.middleware): one image and
# its form, as nginx's client_max_body_size outside them (deploy/nginx/portal.conf.template).
PORTAL_MAX_BODY_BYTES = env.int("PORTAL_MAX_BODY_BYTES", default=30 * 1024 * 1024)
PORTAL_MAX_IMAGE_PIXELS = env.int("PORTAL_MAX_IMAGE_PIXELS", default=50_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Files one request may carry: “Add photos” sends many files in one go (Django's default is 100).
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=200)

# Background work (README, "Work in the background"): Django's Tasks API (the django-tasks backport) with its
# database backend, so the queue lives in the portal's own database and any number of workers
# (`manage.py db_worker`) on any number of machines share it. Each task lives beside the service it does
# (news/services/photos.py render_photo, news/services/mail.py); news/services/background.py says what they share.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "renditions", "email"],
    }
}
# A task still "running" this long after it started lost its worker (killed, machine gone): run_schedules
# gives it to another worker. Longer than any task runs: tasks work in small batches.
PORTAL_TASK_LEASE_SECONDS = env.int("PORTAL_TASK_LEASE_SECONDS", default=600)

# E-mail (README, "E-mail"): digests, must-read reminders and review notes, sent by the task workers
# (news/services/mail.py). EMAIL_URL is smtp://user:password@host:25, smtp+tls://…:587 (STARTTLS) or
# smtp+ssl://…:465; the default prints messages on the console. Unset parts keep Django's defaults.
globals().update(
    {name: value for name, value in env.email_url("EMAIL_URL", default="consolemail://").items() if value is not None}
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cổng thông tin <portal@localhost>")
# Seconds to wait for the mail server before a send counts as failed (and is retried later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The portal's address as readers reach it: links in e-mail are absolute (there is no request to ask).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The task worker (db_worker) logs a line as each task starts and ends: useful in a server's journal, noise on a
# developer's screen, where only failures (ERROR) are shown. The worker sets its loggers' levels itself, so the
# filter is a handler of their own. django-axes' start-up banner (axes.apps) would repeat at every command.
TASKS_LOG_LEVEL = env.str("TASKS_LOG_LEVEL", default="WARNING" if DEBUG else "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "tasks": {"class": "logging.StreamHandler", "level": TASKS_LOG_LEVEL},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django_tasks": {"handlers": ["tasks"], "propagate": False},
        "django_tasks_db": {"handlers": ["tasks"], "propagate": False},
        "axes.apps": {"level": "WARNING"},
    },
}
