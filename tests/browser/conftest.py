"""Browser journeys: pytest-playwright driving Debian's Chromium against pytest-django's live server.

Every page a test opens is watched for JavaScript errors, Content Security Policy violations and
failed requests (browsing.py); axe-core, from the local npm install and never a CDN, scans the main
pages. Screenshots of each journey's key screens go to ``test-results/``.

``make test`` runs this folder on its own, on SQLite, when /usr/bin/chromium exists.
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections
from django.utils import timezone
from PIL import Image

from news.models import ArticleStatus, EventKind, PhotoPerson
from news.roles import CORRESPONDENTS, EDITORS
from tests.browser.browsing import AXE, CAPTIONS, CHROMIUM, COLORS, PASSWORD, PHOTO_CREDIT, Browsing
from tests.factories import (
    ArticleFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    jpeg_file,
)

# The live server answers in its own thread while Playwright's sync API runs an event loop in this one.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} not found: browser tests skipped")
    elif not AXE.exists():
        skip = pytest.mark.skip(reason=f"{AXE} not found (run npm ci): browser tests skipped")
    else:
        skip = None
    # pytest-playwright's own base_url fixture (without pytest-base-url) trips a pytest deprecation.
    quiet = pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(quiet)
            if skip:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, request):
    """The test database, then Playwright, with the database's snapshot carried across.

    Once Playwright's sync API has started, an event loop counts as running in this thread, and Django
    keeps its connections per context instead of per thread: the connection the test database was made
    with, which holds the snapshot of what the migrations made (the groups and their permissions), is
    out of reach, and serialized rollback would silently restore nothing.
    """
    snapshots = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    request.getfixturevalue("playwright")
    for alias, snapshot in snapshots.items():
        if snapshot is not None:
            connections[alias]._test_serialized_contents = snapshot


@pytest.fixture(autouse=True)
def _fresh_state(transactional_db, django_db_serialized_rollback):
    """A real database that the live server shares, restored after each journey to what the migrations
    made (the groups and their permissions); reader pages cached by an earlier journey go too."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browsing(new_context, live_server):
    browsing = Browsing(new_context, live_server)
    yield browsing
    for watch in browsing.watches:
        watch.assert_clean("at the end of the test")


# The newsroom's people and things ---------------------------------------------------------------------------


@dataclass
class Newsroom:
    unit: object
    other_unit: object
    correspondent: object
    editor: object
    employee: object
    conference: object
    person: object
    other_article: object
    year: int


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def newsroom():
    """Two units, a correspondent for the first, an editor, an employee, the first unit's year-end
    conference, its director, and a draft of the second unit."""
    year = timezone.localdate().year - 1
    unit = UnitFactory(name="Trung tâm Công nghệ thông tin và Liên lạc", short_name="Trung tâm CNTT&LL")
    other_unit = UnitFactory(name="Xí nghiệp Khoan và Sửa giếng", short_name="XN Khoan")
    correspondent = with_password(
        UserFactory(username="phong.ctv", first_name="Phóng", last_name="Viên", is_staff=True, groups=[CORRESPONDENTS])
    )
    unit.correspondents.add(correspondent)
    editor = with_password(UserFactory(username="bien.tap", is_staff=True, groups=[EDITORS]))
    employee = with_password(UserFactory(username="nhan.vien", first_name="Lan", last_name="Nguyễn"))
    conference = EventFactory(
        title=f"Hội nghị tổng kết năm {year}",
        kind=EventKind.YEAR_END_REVIEW,
        unit=unit,
        year=year,
        start=timezone.now() - datetime.timedelta(days=20),
        attendance=120,
    )
    person = PersonFactory(full_name="Đặng Đình Công", unit=unit, position="Giám đốc Trung tâm")
    other_article = ArticleFactory(
        title="Xí nghiệp Khoan hoàn thành giếng mới", unit=other_unit, status=ArticleStatus.DRAFT, publish_at=None
    )
    return Newsroom(unit, other_unit, correspondent, editor, employee, conference, person, other_article, year)


@pytest.fixture
def jpegs(tmp_path):
    """Small JPEGs, named as a camera names them, for the "Add photos" field."""
    paths = []
    for number, color in enumerate(COLORS, start=1):
        path = tmp_path / f"DSC_000{number}.jpg"
        Image.new("RGB", (960, 640), color).save(path, "JPEG", quality=80)
        paths.append(path)
    return paths


@pytest.fixture
def published_report(newsroom):
    """A published report on the unit's conference, with a formatted body and three captioned photos,
    the director tagged on the first: what journeys 1 and 2 make, built directly."""
    article = ArticleFactory(
        title=f"Hội nghị tổng kết năm {newsroom.year} của Trung tâm CNTT&LL",
        lead="Trung tâm Công nghệ thông tin và Liên lạc tổng kết một năm công tác.",
        body="<h2>Kết quả nổi bật</h2><p>Hoàn thành <strong>vượt kế hoạch</strong>.</p>"
        "<ul><li><p>Nâng cấp hạ tầng mạng</p></li><li><p>Triển khai cổng thông tin mới</p></li></ul>",
        unit=newsroom.unit,
        event=newsroom.conference,
    )
    for order, (caption, color) in enumerate(zip(CAPTIONS, COLORS, strict=True), 1):
        photo = PhotoFactory(
            article=article,
            image=jpeg_file(f"DSC_000{order}.jpg", size=(960, 640), color=color),
            caption=caption,
            credit=PHOTO_CREDIT,
            order=order,
        )
        if order == 1:
            PhotoPerson.objects.create(photo=photo, person=newsroom.person)
    return article
