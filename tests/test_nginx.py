"""The portal behind a real nginx, configured by the snippet the README shows (portal/nginx.py renders both
from deploy/nginx/portal.conf.template): media headers, X-Accel-Redirect, `..` refused, X-Forwarded-For.

One unprivileged nginx for the module, on a free local port, in front of the portal's WSGI application.
Skipped where nginx is missing (`apt-get install nginx`; .ci/run installs it).
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.test import Client, override_settings
from django.test.testcases import LiveServerThread

from portal import nginx as nginx_config
from tests.factories import ArticleFactory, PhotoFactory, UserFactory, jpeg_file

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx not installed: apt-get install nginx")
ACCEL_PREFIX = "/protected-media/"
FAILURE_LIMIT = 3
PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's


# The template, the README and the portal agree (no nginx needed) ----------------------------------------


def test_the_readme_shows_what_the_generator_prints():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```nginx\n(.*?)```", readme, flags=re.S)
    assert nginx_config.render() in blocks, "README's nginx snippet differs from `python -m portal.nginx`"


def test_the_generator_prints_its_defaults_and_the_values_given(capsys):
    nginx_config.main(["--upstream", "10.0.0.5:8000", "--media-root", "/data/media/"])
    printed = capsys.readouterr().out
    assert "proxy_pass http://10.0.0.5:8000;" in printed and "alias /data/media/;" in printed
    assert "alias /srv/portal/staticfiles/;" in printed and "location /protected-media/ {" in printed
    assert "@" not in re.sub(r"#.*", "", printed), "every placeholder is filled"


def test_nginx_serves_media_as_the_types_the_portal_serves():
    from news.images import CONTENT_TYPES

    config = nginx_config.render()
    types = re.search(r"types \{(.*?)\}", config).group(1)
    nginx_types = {
        ext: kind for kind, *exts in (entry.split() for entry in types.split(";") if entry.strip()) for ext in exts
    }
    assert nginx_types == CONTENT_TYPES
    passed_on = re.search(r"location ~\* (\S+) \{", config).group(1)
    assert all(re.search(passed_on, f"/media/renditions/x.{ext}", re.I) for ext in CONTENT_TYPES)
    assert not re.search(passed_on, "/media/photos/meeting-notes.html", re.I)


# nginx in front of the portal's server ------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrapper_config(root, port, snippet):
    """The main and http context Debian's nginx.conf would give, with every path in `root`."""
    temp = {name: root / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for folder in temp.values():
        folder.mkdir()
    # As root, workers would switch to `nobody`, who cannot read the test's private folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    mime_types = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temp_paths = "\n".join(f"    {name}_temp_path {folder};" for name, folder in temp.items())
    server = "\n".join("        " + line if line else "" for line in snippet.splitlines())
    return f"""{user}worker_processes 1;
events {{ worker_connections 64; }}
http {{
    {mime_types}
    access_log off;
{temp_paths}
    server {{
        listen 127.0.0.1:{port};
{server}
    }}
}}
"""


class PortalServerThread(LiveServerThread):
    """The portal's WSGI application on a local port, alone, as gunicorn runs it.

    Django's own live server would put its media and static file handlers in front of the portal,
    and so serve MEDIA_ROOT to anyone, which is exactly what must never happen.
    """

    def run(self):
        for alias, connection in (self.connections_override or {}).items():
            connections[alias] = connection
        try:
            self.httpd = self._create_server(connections_override=self.connections_override)
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(WSGIHandler())
            self.is_ready.set()
            self.httpd.serve_forever()
        except Exception as error:  # reported by the fixture that waits for is_ready
            self.error = error
            self.is_ready.set()
        finally:
            connections.close_all()


@pytest.fixture(scope="module")
def portal():
    """The address of the portal's own server (in-memory SQLite is shared with its thread, as Django's is)."""
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread = PortalServerThread("127.0.0.1", static_handler=None, connections_override=shared)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


@pytest.fixture(scope="module")
def nginx(portal, tmp_path_factory):
    """The address of nginx, configured by the README's snippet, in front of the portal.

    Settings as in production behind it: X-Accel-Redirect to the internal location, one trusted proxy.
    """
    root = tmp_path_factory.mktemp("nginx")
    media, static = root / "media", root / "static"
    media.mkdir()
    static.mkdir()
    (static / "probe.txt").write_text("served by nginx")
    port = free_port()
    snippet = nginx_config.render(upstream=portal, media_root=media, static_root=static, accel_prefix=ACCEL_PREFIX)
    config = root / "nginx.conf"
    config.write_text(wrapper_config(root, port, snippet))
    log = root / "error.log"
    overrides = override_settings(
        PORTAL_MEDIA_ACCEL_REDIRECT=ACCEL_PREFIX,
        TRUSTED_PROXY_COUNT=1,
        MEDIA_ROOT=str(media),
        ALLOWED_HOSTS=["127.0.0.1"],
        AXES_FAILURE_LIMIT=FAILURE_LIMIT,
    )
    overrides.enable()
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [NGINX, "-p", str(root), "-c", str(config), "-e", "stderr", "-g",
             f"daemon off; pid {root / 'nginx.pid'}; error_log stderr;"],
            stderr=stderr,
        )  # fmt: skip
    try:
        wait_for_port(port, process, log)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        overrides.disable()


def wait_for_port(port, process, log):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx stopped at start:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"nginx did not listen on port {port}:\n{log.read_text()}")


class Answer:
    def __init__(self, response):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    def __getitem__(self, header):
        return self.headers[header]


def fetch(address, path, *, method="GET", headers=None, body=None):
    """One request with `path` sent exactly as written (no client normalizes `..` away)."""
    connection = http.client.HTTPConnection(address, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        return Answer(connection.getresponse())
    finally:
        connection.close()


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


@pytest.fixture
def photo(nginx):
    return PhotoFactory(article=ArticleFactory(), image=jpeg_file("hoi-nghi.jpg", size=(700, 500)))


@pytest.fixture
def reader(nginx):
    return session_cookie(UserFactory())


@pytest.fixture
def superuser(nginx):
    return session_cookie(UserFactory(is_staff=True, is_superuser=True))


def rendition_path(photo):
    return photo.image.storage.url(photo.renditions[0]["name"])


def stored_bytes(name):
    from django.conf import settings

    return (Path(settings.MEDIA_ROOT) / name).read_bytes()


SAFETY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


@needs_nginx
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestBehindNginx:
    def test_a_rendition_comes_from_nginx_as_an_image_that_cannot_run(self, nginx, photo, reader):
        answer = fetch(nginx, rendition_path(photo), headers=reader)
        assert answer.status == 200
        assert answer["Content-Type"] in ("image/webp", "image/jpeg")
        assert answer.headers.get_all("X-Content-Type-Options") == ["nosniff"]
        assert answer.headers.get_all("Content-Security-Policy") == [SAFETY_HEADERS["Content-Security-Policy"]]
        assert answer.body == stored_bytes(photo.renditions[0]["name"])

    def test_the_file_is_sent_by_nginx_after_django_said_yes(self, nginx, portal, photo, reader):
        path = rendition_path(photo)
        django_alone = fetch(portal, path, headers=reader)
        assert django_alone["X-Accel-Redirect"] == ACCEL_PREFIX + photo.renditions[0]["name"]
        assert django_alone.body == b"", "Django never streams MEDIA_ROOT itself in production"
        through_nginx = fetch(nginx, path, headers=reader)
        assert through_nginx.body == stored_bytes(photo.renditions[0]["name"])
        assert through_nginx["Cache-Control"].startswith("private"), "no shared cache keeps a private file"
        internal = fetch(nginx, ACCEL_PREFIX + photo.renditions[0]["name"], headers=reader)
        assert internal.status == 404, "the internal location answers only Django's X-Accel-Redirect"

    def test_an_original_is_a_download_for_staff_and_nothing_for_readers(self, nginx, photo, reader, superuser):
        original = photo.image.url
        assert fetch(nginx, original, headers=reader).status == 404
        answer = fetch(nginx, original, headers=superuser)
        assert answer.status == 200 and answer["Content-Type"] == "image/jpeg"
        assert answer["Content-Disposition"].startswith("attachment"), "nginx keeps Django's Content-Disposition"
        assert answer.headers.get_all("Content-Security-Policy") == [SAFETY_HEADERS["Content-Security-Policy"]]
        assert answer.body == stored_bytes(photo.image.name)

    def test_anonymous_requests_for_media_are_sent_to_sign_in(self, nginx, photo):
        for path in (rendition_path(photo), photo.image.url):
            answer = fetch(nginx, path)
            assert answer.status == 302 and "/accounts/login/?next=" in answer["Location"]

    @pytest.mark.parametrize(
        "template",
        [
            "/media/renditions/../{original}",
            "/media/renditions/%2e%2e/{original}",
            "/media/renditions/%2E%2e%2F{original}",
            "/media/renditions/./../{original}",
            "/static/../media/{original}",
        ],
    )
    def test_dot_segments_are_refused(self, nginx, photo, reader, template):
        answer = fetch(nginx, template.format(original=photo.image.name), headers=reader)
        assert 400 <= answer.status < 500
        assert answer.body != stored_bytes(photo.image.name)

    def test_a_file_named_html_is_never_served_as_html(self, nginx, reader, superuser):
        from django.conf import settings

        page = b"<html><script>fetch('/admin/')</script></html>"
        for name in ("photos/meeting-notes.html", "renditions/meeting-notes.html", "photos/notes.htm"):
            (Path(settings.MEDIA_ROOT) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(settings.MEDIA_ROOT) / name).write_bytes(page)
            for who in (reader, superuser):
                answer = fetch(nginx, "/media/" + name, headers=who)
                assert page not in answer.body, f"/media/{name} reached a browser"
                assert answer.status == 404

    def test_an_html_upload_is_stored_and_served_as_the_image_it_is(self, nginx, superuser):
        # The probe's file: a JPEG with a page appended, named so that nginx would guess text/html.
        upload = jpeg_file("meeting-notes.html", size=(700, 500))
        upload.file.seek(0, os.SEEK_END)
        upload.file.write(b"<html><script>fetch('/admin/')</script></html>")
        upload.file.seek(0)
        photo = PhotoFactory(image=upload)
        for path in (photo.image.url, rendition_path(photo)):
            answer = fetch(nginx, path, headers=superuser)
            assert answer.status == 200 and answer["Content-Type"].startswith("image/"), path
            assert answer["X-Content-Type-Options"] == "nosniff"

    def test_static_files_come_from_static_root(self, nginx):
        answer = fetch(nginx, "/static/probe.txt")
        assert answer.status == 200 and answer.body == b"served by nginx"

    def test_a_forged_forwarded_for_does_not_change_the_address_the_portal_sees(self, nginx):
        UserFactory(username="nhan-vien")
        login = fetch(nginx, "/accounts/login/")
        csrf = SimpleCookie(login["Set-Cookie"])["csrftoken"].value

        def sign_in(password, forged):
            form = f"username=nhan-vien&password={password}&csrfmiddlewaretoken={csrf}"
            headers = {
                "Cookie": f"csrftoken={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": forged,
            }
            return fetch(nginx, "/accounts/login/", method="POST", headers=headers, body=form)

        answers = [sign_in("sai-mat-khau", f"10.0.{n}.1, 10.1.{n}.1").status for n in range(FAILURE_LIMIT)]
        assert answers == [200] * (FAILURE_LIMIT - 1) + [429], "a new forged address on each guess changes nothing"
        assert sign_in(PASSWORD, "10.9.9.9").status == 429
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}

    def test_a_conference_of_photos_reaches_the_newsroom_upload_pages_and_nowhere_else(self, nginx, reader, superuser):
        """Round three, finding 2: every /admin/ path, the sign-in page included, took 1 GB bodies, which nginx
        and then Django wrote to disk before the sign-in view ran."""
        body = b"x" * (40 * 1024 * 1024)  # more than one photo's limit, far less than "Add photos" may carry
        uploader = {**superuser, "Content-Type": "application/octet-stream"}
        # An upload page, from one who may upload: nginx and Django let it through to the view (which refuses
        # it for its own reasons: no CSRF token), not a 413.
        for path in ("/admin/news/article/add/", "/admin/news/photo/add/", "/admin/news/event/add/"):
            assert fetch(nginx, path, method="POST", body=body, headers=uploader).status != 413, path
        # Elsewhere nginx refuses it, the sign-in page and the rest of the newsroom included.
        for path in ("/admin/login/", "/admin/news/category/add/", "/admin/", "/accounts/login/", "/search/"):
            assert fetch(nginx, path, method="POST", body=body, headers=uploader).status == 413, path
        # An upload page, from whoever may not upload: nginx lets it pass, Django refuses it unread.
        for headers in ({}, reader):
            answer = fetch(
                nginx,
                "/admin/news/article/add/",
                method="POST",
                body=body,
                headers={**headers, "Content-Type": "multipart/form-data; boundary=x"},
            )
            assert answer.status == 413
