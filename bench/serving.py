"""What the serving benchmarks share: production-like settings, gunicorn, signing in, plain HTTP requests.

bench/run.py (load, soak) and bench/faults.py (database and cache stopped) import it. Run as a script it
does the Django-side preparation in the database the environment points at and prints JSON:

    python bench/serving.py prepare     # the bench reader (a signed-in user) and the URLs to measure
    python bench/serving.py personal    # the cost of adding a reader's own links to a shared copy
    python bench/serving.py reading     # the cost of recording reads and looking up unread marks
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
HOST = "127.0.0.1"
BENCH_USER = "bench-reader"
BENCH_PASSWORD = "bench-reader-password-not-secret"
SEARCH_QUERY = "hoi nghi tong ket"
PREPARED = "BENCH-PREPARED "
# Settings the benchmark sets or clears; anything else in the caller's environment is passed through.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "CACHE_URL",
    "PORTAL_CACHE_PAGES",
    "PORTAL_LOGIN_REQUIRED",
    "DJANGO_SETTINGS_MODULE",
    "HTTPS",
    "BEHIND_PROXY",
    "SECURE_SSL_REDIRECT",
)
# As production runs it: behind a TLS proxy (nginx) that says so in X-Forwarded-Proto; every request sends it.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# What counts as an error in a server log during a run where every answer should have been a success.
LOG_ERROR = re.compile(
    r"Traceback|\[ERROR\]|\[CRITICAL\]|\bERROR\b|WORKER TIMEOUT|Internal Server Error|Service Unavailable"
)


def settings_env(database_url, cache_url=None, cache_pages=False, secret_key=None):
    """The environment of a production-like portal: DEBUG off, a real secret, PostgreSQL, persistent connections."""
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(
        DEBUG="false",
        SECRET_KEY=secret_key or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        PORTAL_CACHE_PAGES="true" if cache_pages else "false",
        PORTAL_LOGIN_REQUIRED="true",
        BEHIND_PROXY="true",
        PYTHONUNBUFFERED="1",
    )
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def manage(env, *args, quiet=False):
    """Run manage.py with ``env``; raise with its output when it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    if not quiet and result.stdout.strip():
        print(result.stdout.rstrip())
    return result.stdout


def prepare(env):
    """Create the bench reader and pick the pages to measure, in the database ``env`` points at."""
    result = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "prepare"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"bench/serving.py prepare failed:\n{result.stdout}{result.stderr}")
    for line in result.stdout.splitlines():
        if line.startswith(PREPARED):
            return json.loads(line[len(PREPARED) :])
    raise RuntimeError(f"bench/serving.py prepare printed no result:\n{result.stdout}{result.stderr}")


def free_port(preferred):
    """``preferred`` if nothing listens there, else the next free port above it."""
    for port in range(preferred, preferred + 100):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {preferred}-{preferred + 99}")


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name.lower(), "")


def request(port, path, method="GET", cookies=None, body=None, timeout=30.0, headers=None):
    """One HTTP request on a fresh connection; raises ``OSError`` (``TimeoutError``) like the socket does."""
    sent = {"Host": f"{HOST}:{port}", **PROXY_HEADERS, **(headers or {})}
    if cookies:
        sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if body is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        content = answer.read()
        received = {}
        for name, value in answer.getheaders():
            name = name.lower()
            received[name] = f"{received[name]}\n{value}" if name in received else value
    finally:
        connection.close()
    return Response(answer.status, received, content, time.monotonic() - started)


def cookies_set(response):
    found = {}
    for line in response.header("set-cookie").split("\n"):
        match = re.match(r"\s*([^=;\s]+)=([^;]*)", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def sign_in(port, username=BENCH_USER, password=BENCH_PASSWORD):
    """Sign in through /accounts/login/ as a browser does; return the ``sessionid`` cookie's value."""
    form = request(port, "/accounts/login/")
    if form.status != 200:
        raise RuntimeError(f"GET /accounts/login/ answered {form.status}")
    cookies = cookies_set(form)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if not token or "csrftoken" not in cookies:
        raise RuntimeError("the sign-in page has no CSRF token")
    body = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": password, "next": "/"})
    # A request over HTTPS (as the proxy header says) must name its origin for the CSRF check.
    referer = {"Referer": f"https://{HOST}:{port}/accounts/login/", "Origin": f"https://{HOST}:{port}"}
    answer = request(port, "/accounts/login/", method="POST", cookies=cookies, body=body, headers=referer)
    session = cookies_set(answer).get("sessionid")
    if answer.status != 302 or not session:
        raise RuntimeError(f"signing in as {username} failed: {answer.status} {answer.text[:300]}")
    return session


class Gunicorn:
    """gunicorn with 2 workers (the issue's setting) on a free port, its output in ``log_path``."""

    def __init__(self, env, log_path, port=8091, workers=2):
        self.env, self.log_path, self.workers = env, Path(log_path), workers
        self.port = free_port(port)
        self.process = None
        self._log_offset = 0

    def start(self, timeout=60):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 (gunicorn writes to it until stop())
        self._log_offset = self.log_path.stat().st_size
        command = [GUNICORN, "portal.wsgi", "--bind", f"{HOST}:{self.port}", "--workers", str(self.workers)]
        command.append("--no-control-socket")  # one shared path per user: several servers run at once here
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_text()[-3000:]}")
            try:
                if request(self.port, "/ping", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /ping within {timeout} s:\n{self.log_text()[-3000:]}")

    def worker_pids(self):
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return sorted(int(pid) for pid in children.read_text().split())
        except OSError:
            return []

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_text(self, since_start=True):
        try:
            data = self.log_path.read_bytes()
        except OSError:
            return ""
        return data[self._log_offset if since_start else 0 :].decode("utf-8", "replace")

    def log_errors(self):
        """Lines of this server's log that report an error (since it started)."""
        return [line for line in self.log_text().splitlines() if LOG_ERROR.search(line)]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def version_of(command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else None


def _prepare_in_django():
    """Runs inside Django (``python bench/serving.py prepare``): the reader, and concrete URLs from the data."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.db.models.functions import ExtractYear

    from news import conferences
    from news.models import Article, Person, Photo, Unit

    User = get_user_model()
    user, _ = User.objects.get_or_create(username=BENCH_USER, defaults={"email": "bench@example.invalid"})
    user.set_password(BENCH_PASSWORD)
    user.is_active = True
    user.save()

    published = Article.objects.published()
    # The unit with the most conference reports (ties: the most news), and its busiest year.
    unit = (
        Unit.objects.filter(parent__isnull=False)
        .annotate(
            reports=Count("articles", filter=Q(articles__in=Article.objects.conference_reports())),
            news=Count("articles", filter=Q(articles__in=published)),
        )
        .order_by("-reports", "-news", "pk")
        .first()
    )
    # Its year with the most news (in local time, as the filter counts it).
    year = (
        published.filter(unit=unit)
        .annotate(year=ExtractYear("publish_at"))
        .values("year")
        .annotate(news=Count("pk"))
        .order_by("-news", "-year")
        .values_list("year", flat=True)
        .first()
    )
    # The newest conference report with photos and people named: the heaviest kind of article page.
    article = (
        Article.objects.conference_reports()
        .annotate(photo_count=Count("photos", distinct=True), mention_count=Count("mentions", distinct=True))
        .filter(photo_count__gt=0, mention_count__gt=0)
        .order_by("-publish_at", "-pk")
        .first()
    ) or published.order_by("-publish_at", "-pk").first()
    # The person named in the most published articles.
    person = (
        Person.objects.annotate(named=Count("mentions", filter=Q(mentions__article__in=published)))
        .order_by("-named", "pk")
        .first()
    )
    latest_year = conferences.latest_report_year()
    pages = [
        ("front page", "/"),
        ("news list", "/news/"),
        ("news, unit+year", f"/news/?{urlencode({'unit': unit.slug, 'year': year})}"),
        ("article", article.get_absolute_url()),
        ("conferences", "/conferences/"),
        (f"conferences {latest_year}", f"/conferences/{latest_year}/"),
        ("unit", unit.get_absolute_url()),
        ("person", person.get_absolute_url()),
        ("search", f"/search/?{urlencode({'q': SEARCH_QUERY})}"),
    ]
    counts = {
        "articles": published.count(),
        "photos": Photo.objects.count(),
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
    }
    print(PREPARED + json.dumps({"pages": pages, "counts": counts}), flush=True)


def personal_cost(env):
    """Microseconds a request spends adding its reader's own part to a shared copy (news/personal.py)."""
    result = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "personal"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    for line in result.stdout.splitlines():
        if line.startswith(PREPARED):
            return json.loads(line[len(PREPARED) :])
    raise RuntimeError(f"bench/serving.py personal failed:\n{result.stdout}{result.stderr}")


def _personal_cost_in_django(repeat=20_000):
    """Runs inside Django: the personal part added to a page-sized shared copy, for a reader and an editor."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils import translation

    from news.personal import ACCOUNT_SLOT, fill_personal_parts

    translation.activate("vi")
    shared = b"<html>" + b"x" * 30_000 + ACCOUNT_SLOT + b"y" * 4_000 + b"</html>"  # a front page's size
    figures = {}
    for label, staff in (("reader", False), ("editor", True)):
        request = RequestFactory().get("/news/")
        request.user = get_user_model()(username=f"bench-{label}", is_staff=staff, is_active=True)
        request.resolver_match = None
        started = time.process_time()
        for _ in range(repeat):
            fill_personal_parts(request, HttpResponse(shared))
        figures[label] = (time.process_time() - started) / repeat * 1e6
    print(PREPARED + json.dumps(figures), flush=True)


def reading_cost(env):
    """Microseconds a reader's reads cost (news/services/reading.py, news/personal.py), on the database ``env``
    points at: recording a read, new and repeated, and looking up a page's unread marks."""
    result = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "reading"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    for line in result.stdout.splitlines():
        if line.startswith(PREPARED):
            return json.loads(line[len(PREPARED) :])
    raise RuntimeError(f"bench/serving.py reading failed:\n{result.stdout}{result.stderr}")


READING_USER = "bench-reading"  # a reader of its own: the rows it writes are removed afterwards
CARDS_PER_PAGE = 20  # the news list's cards, whose unread marks one query looks up


def _reading_cost_in_django(reads=2_000):
    """Runs inside Django: ``reads`` articles' reads recorded by one reader (each a new row, as on a reader's
    first opening of the day), then the same reads again (the same day: nothing to write), and the unread marks
    of pages of 20 cards; wall time, round trips to the database included."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from news.models import Article, ArticleRead
    from news.personal import microseconds, unread_among
    from news.services.reading import record_read

    reader, _ = get_user_model().objects.get_or_create(username=READING_USER)
    ids = list(Article.objects.published().order_by("-publish_at", "-pk").values_list("pk", flat=True)[:reads])
    # Cards as the placeholders give them, all of them recent (published now): each page's marks are looked up.
    now = microseconds(timezone.now())
    pages = [{pk: now for pk in ids[start : start + CARDS_PER_PAGE]} for start in range(0, len(ids), CARDS_PER_PAGE)]
    ArticleRead.objects.filter(user=reader).delete()

    def per_call(calls, work):
        started = time.perf_counter()
        for item in calls:
            work(item)
        return (time.perf_counter() - started) / len(calls) * 1e6

    try:
        figures = {
            "marks_unread": per_call(pages, lambda page: unread_among(reader, page)),
            "new": per_call(ids, lambda pk: record_read(reader, pk)),
            "repeat": per_call(ids, lambda pk: record_read(reader, pk)),
            "marks_read": per_call(pages, lambda page: unread_among(reader, page)),
            "reads": len(ids),
        }
    finally:
        ArticleRead.objects.filter(user=reader).delete()
    print(PREPARED + json.dumps(figures), flush=True)


if __name__ == "__main__":
    commands = {"prepare": _prepare_in_django, "personal": _personal_cost_in_django, "reading": _reading_cost_in_django}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]]()
