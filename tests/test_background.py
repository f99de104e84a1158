"""Renditions made by real task workers (django-tasks-db's db_worker), retries, and a worker killed mid-task.

Everything else in the suite runs tasks at once (ImmediateBackend, tests/settings.py); here the database
queue is used as in production, so an upload only enqueues, and a worker run shows what readers see after.
"""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from news import images
from news.models import ArticleStatus, Photo, RenditionState
from news.services import background
from news.services import photos as photo_service
from tests.background_tasks import hang_on_first_attempt
from tests.factories import ArticleFactory, PhotoFactory, UserFactory, editor, jpeg_file
from tests.newsroom import article_form_data, change_url

QUEUES = ["default", "renditions", "email"]


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": QUEUES}}


def run_worker():
    """The real worker, as `manage.py db_worker` runs it, until the queue is empty."""
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload", verbosity=0)


def upload(client, article, count):
    files = [jpeg_file(f"hoi-nghi-{n}.jpg", (900, 600), color=(n * 4 % 255, 90, 160)) for n in range(count)]
    return client.post(change_url(article), article_form_data(article, new_photos=files))


def article_page(client, article):
    return client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_upload_only_enqueues_and_the_photos_appear_after_the_workers(client, database_queue):
    article = ArticleFactory(status=ArticleStatus.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(editor())

    # A conference's worth: the request stores the originals and enqueues; no rendition is made in it.
    assert upload(client, article, 60).status_code == 302

    photos = list(Photo.objects.filter(article=article))
    assert len(photos) == 60
    assert all(p.rendition_state == RenditionState.PENDING and not p.renditions for p in photos)
    assert not [
        name
        for p in photos
        for width in images.RENDITION_WIDTHS
        for fmt in images.FORMATS
        if p.image.storage.exists(name := images.rendition_name(p.image.name, width, fmt))
    ]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 60
    newsroom = client.get(reverse("admin:news_photo_changelist")).content.decode()
    assert newsroom.count("Đang xử lý") >= 60  # "processing"
    reader = UserFactory()
    client.force_login(reader)
    assert "/media/photos/" not in article_page(client, article)  # nothing to show a reader yet

    run_worker()

    photos = list(Photo.objects.filter(article=article))
    assert all(p.rendition_state == RenditionState.READY and p.renditions for p in photos)
    assert all(p.image.storage.exists(images.rendition_name(p.image.name, 640, "jpeg")) for p in photos)
    page = article_page(client, article)
    for photo in photos:
        assert photo.renditions[0]["name"].rsplit("/", 1)[-1] in page
        assert client.get(photo.image.storage.url(photo.renditions[0]["name"])).status_code == 200


@pytest.mark.django_db
def test_a_photo_still_processing_is_on_no_reader_path(client, database_queue):
    article = ArticleFactory(status=ArticleStatus.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(hours=1))
    photo = photo_service.attach(image=jpeg_file("cho.jpg", (800, 600)), article=article, caption="Ảnh đang chờ")
    client.force_login(UserFactory())

    assert photo.rendition_state == RenditionState.PENDING
    for page in (article.get_absolute_url(), reverse("news:home"), reverse("news:news_list")):
        assert "Ảnh đang chờ" not in client.get(page).content.decode(), page
    assert client.get(photo.image.url).status_code == 404  # the original is never a reader's


def break_image(photo):
    """The stored original turns out unreadable (a truncated copy, a disk error) after it was checked."""
    with photo.image.storage.open(photo.image.name, "wb") as handle:
        handle.write(b"\xff\xd8 not a jpeg any more")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_rendition_is_retried_then_reported_and_can_be_sent_again(client, database_queue, monkeypatch):
    monkeypatch.setattr(background, "RETRY_DELAYS", (datetime.timedelta(0), datetime.timedelta(0)))
    article = ArticleFactory(status=ArticleStatus.DRAFT)
    good = jpeg_file("hong.jpg", (800, 600))
    photo = photo_service.attach(image=good, article=article)
    break_image(photo)

    run_worker()

    photo.refresh_from_db()
    assert photo.rendition_state == RenditionState.FAILED
    assert photo.rendition_attempts == background.MAX_ATTEMPTS and photo.rendition_error
    client.force_login(editor())
    failed_list = client.get(reverse("admin:news_photo_changelist") + "?rendition_state=failed")
    assert [p.pk for p in failed_list.context["cl"].result_list] == [photo.pk]
    assert "Tạo ảnh thất bại" in failed_list.content.decode()  # "renditions failed", never silently lost

    # Someone puts the file right and sends the photo back to the workers from the list.
    with photo.image.storage.open(photo.image.name, "wb") as handle:
        handle.write(jpeg_file("hong.jpg", (800, 600)).read())
    response = client.post(
        reverse("admin:news_photo_changelist"), {"action": "render_again", "_selected_action": [photo.pk]}
    )
    assert response.status_code == 302
    run_worker()

    photo.refresh_from_db()
    assert photo.rendition_state == RenditionState.READY and photo.renditions


@pytest.mark.django_db
def test_photos_left_waiting_without_a_task_are_sent_again(database_queue, settings):
    photo = photo_service.attach(image=jpeg_file("mat-viec.jpg", (300, 200)), article=ArticleFactory())
    DBTaskResult.objects.all().delete()  # a backup restored without its queue, a queue emptied by hand
    Photo.objects.filter(pk=photo.pk).update(uploaded_at=timezone.now() - datetime.timedelta(hours=1))

    call_command("run_schedules", stdout=io.StringIO())

    task = DBTaskResult.objects.get()
    assert task.task_path == photo_service.render_photo.module_path and task.args_kwargs["args"] == [photo.pk]
    call_command("run_schedules", stdout=io.StringIO())
    assert DBTaskResult.objects.count() == 1  # once is enough


@pytest.mark.django_db
def test_renditions_already_made_are_not_made_twice():
    photo = PhotoFactory()  # rendered at once (tasks run at once outside this module's database queue)
    before = photo.renditions
    photo_service.render_photo.call(photo.pk)  # a duplicate task, a retry after success

    photo.refresh_from_db()
    assert photo.renditions == before and photo.rendition_attempts == 1


needs_postgres = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="a second process cannot open the in-memory SQLite test database: runs on PostgreSQL (make test does)",
)


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_task_leaves_the_task_to_be_retried(database_queue, settings, tmp_path):
    result = hang_on_first_attempt.enqueue(str(tmp_path))
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "SECRET_KEY": "tests-only-not-a-secret",
        "DEBUG": "false",
        # The portal's own settings, as a worker runs: the tests' run tasks at once, and have no worker.
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    environment.pop("TEST_DATABASE_URL")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-startup-delay", "--no-reload"],
        cwd=Path(__file__).parent.parent,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "started").exists():
            if worker.poll() is not None:
                pytest.fail(f"the worker stopped: {worker.stderr.read().decode()[-2000:]}")
            assert time.monotonic() < deadline, "the worker never started the task"
            time.sleep(0.1)
        worker.send_signal(signal.SIGKILL)  # no goodbye: the machine went away
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()

    task = DBTaskResult.objects.get(id=result.id)
    assert task.status == TaskResultStatus.RUNNING  # what a dead worker leaves behind
    settings.PORTAL_TASK_LEASE_SECONDS = 0  # as if the lease had run out
    call_command("run_schedules", stdout=io.StringIO())
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY

    run_worker()

    task = DBTaskResult.objects.get(id=result.id)
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 2
    assert (tmp_path / "finished").read_text() == "2"
