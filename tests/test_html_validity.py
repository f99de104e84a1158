"""Every main reader page is valid HTML by the Nu HTML Checker (the W3C's validator: npm `vnu-jar`, run with
Java), as a new employee would meet it: signed in, with a unit's conference report, photos, people, events,
a must-read notice; and the sign-in page as everyone first sees it.

All pages are checked in one run of the checker (one Java start). Skipped where Java or node_modules/vnu-jar
is missing (`.ci/run` installs both: `npm ci`, and a Java runtime).
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import ArticleStatus
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    ArticleMentionFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    conference_report,
    jpeg_file,
)

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        JAVA is None or not VNU.exists(), reason="the Nu HTML Checker needs Java and node_modules/vnu-jar (npm ci)"
    ),
]


def nu_errors(pages, folder):
    """{page name: [error, …]} from one run of the Nu HTML Checker over every page."""
    files = []
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    run = subprocess.run(
        [JAVA, "-jar", str(VNU), "--format", "json", "--exit-zero-always", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or run.stdout)
    errors = {name: [] for name in pages}
    for message in report["messages"]:
        name = Path(urlsplit(message.get("url", "")).path).stem  # "file:/tmp/…/article.html": the page's name
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


@pytest.fixture
def portal(moments):
    """A small portal: a unit's yearly conference report with photos, people named, an event, a must-read."""
    unit = UnitFactory(name="Viện Nghiên cứu Khoa học và Thiết kế Dầu khí biển", short_name="Viện NIPI")
    person = PersonFactory(unit=unit, portrait=jpeg_file("chan-dung.jpg", (300, 400)))
    report = conference_report(unit, timezone.localdate().year - 1)
    for number in range(3):
        photo = PhotoFactory(article=report, image=jpeg_file(f"hoi-nghi-{number}.jpg", (1200, 800)))
        photo.people.add(person) if number == 0 else None
    ArticleMentionFactory(article=report, person=person)
    ArticleCreditFactory(article=report)
    ArticleFactory(unit=unit, must_read=True, must_read_due=timezone.localdate(), title="Thông báo cần đọc")
    ArticleFactory(unit=unit, featured=True, status=ArticleStatus.PUBLISHED)
    event = EventFactory(unit=unit, start=moments.tomorrow)
    return {"unit": unit, "person": person, "report": report, "event": event}


def test_the_main_pages_are_valid_html(portal, tmp_path):
    reader = Client()
    reader.force_login(UserFactory(first_name="Thu", last_name="Bùi"))
    urls = {
        "front-page": reverse("news:home"),
        "news": reverse("news:news_list"),
        "article": portal["report"].get_absolute_url(),
        "conferences": reverse("news:conference_table"),
        "conference-year": reverse("news:conference_year", args=[timezone.localdate().year - 1]),
        "units": reverse("news:unit_list"),
        "unit": portal["unit"].get_absolute_url(),
        "unit-conferences": reverse("news:unit_conferences", args=[portal["unit"].slug]),
        "people": reverse("news:person_list"),
        "person": portal["person"].get_absolute_url(),
        "events": reverse("news:event_list"),
        "event": portal["event"].get_absolute_url(),
        "search": reverse("news:search") + "?q=hoi+nghi",
        "my-settings": reverse("news:mail_settings"),
        "my-subscriptions": reverse("news:subscriptions"),
    }
    pages = {}
    for name, url in urls.items():
        response = reader.get(url)
        assert response.status_code == 200, url
        pages[name] = response.content.decode()
    pages["sign-in"] = Client().get(reverse("login")).content.decode()

    errors = {name: found for name, found in nu_errors(pages, tmp_path).items() if found}

    assert not errors, json.dumps(errors, ensure_ascii=False, indent=1)


def test_the_checker_finds_what_is_wrong(tmp_path):
    """So that the test above cannot pass by checking nothing: an <img> without src is an error it reports."""
    bad = '<!DOCTYPE html><html lang="vi"><head><title>x</title></head><body><img alt=""></body></html>'
    assert nu_errors({"bad": bad}, tmp_path)["bad"]
