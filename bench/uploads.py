"""Time "Add photos" with 60 camera photos: the upload request, then the task workers making the renditions.

    make bench-images        (after bench/images.py; or: .venv/bin/python bench/uploads.py [--photos N]
                              [--size 4000x3000] [--workers W [W ...]])

Issue 18's "Done when": a 60-photo upload returns within a few seconds and the photos appear after the workers
finish. The script configures Django itself, on a throwaway SQLite database and MEDIA_ROOT in a temporary folder
(DEBUG=true, page cache off, the database task queue as in production), migrates it, and makes an editor and a
draft article. Then, on N synthetic camera JPEGs (bench/images.py's ``synthetic_photo``; 4000×3000, about
3.6 MB, the size of a conference photo from the old intranet):

1. **upload**: the article change form POSTed with the N files in ``new_photos``, through Django's test client
   in this process (the request body is encoded beforehand and not timed; no network, so no transfer time);
   it must answer 302 with N photos stored "processing" and N tasks queued;
2. **workers**: W real ``manage.py db_worker --batch`` processes started on that queue, timed from their start
   (Python and Django start-up included) until the database says every photo is ready; again with other W;
3. **inline**: the same renditions made one after the other in this process (``render_photo.call``): what the
   upload request used to spend on top of storing the files;
4. **old request**: the same POST with tasks run at once in the request (django-tasks' ImmediateBackend), to
   another draft, after the stored files are deleted: the request as it was before the work moved to workers.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/images.py
sys.path.insert(1, str(ROOT))  # the portal (news, portal, tests)

import images as photo_bench  # noqa: E402

BOUNDARY = "BenchUploadBoundary"
QUEUES = ["default", "renditions", "email"]
POLL_SECONDS = 0.2
WORKER_PATIENCE = 600  # seconds: a run taking longer than this has gone wrong


def parse_size(text):
    width, height = (int(part) for part in text.lower().split("x"))
    return width, height


def make_photo(arguments):
    seed, size = arguments
    photo_bench.SIZE = size  # synthetic_photo reads the module's SIZE
    return photo_bench.synthetic_photo(seed)


def configure_django(work):
    """Settings from the environment as a management command sees them, pointed at ``work``."""
    for name in ("CACHE_URL", "TASKS_BACKEND", "SECRET_KEY", "HTTPS", "LOG_LEVEL"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        PORTAL_CACHE_PAGES="false",
        ALLOWED_HOSTS="testserver,localhost",  # the test client's host
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()


def prepare():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from news.models import Article, ArticleStatus, Unit
    from news.roles import EDITORS

    call_command("migrate", verbosity=0)
    editor = get_user_model().objects.create_user("bench-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    unit = Unit.objects.create(name="Xí nghiệp Bench", short_name="XN Bench")
    articles = [
        Article.objects.create(title=f"Hội nghị người lao động {n}", unit=unit, status=ArticleStatus.DRAFT)
        for n in (1, 2)
    ]
    return editor, articles


def encoded_form(article, photos):
    """The change form's multipart body with ``photos`` in "Add photos" (tests/newsroom.py's form data)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import encode_multipart

    from tests.newsroom import article_form_data

    files = [
        SimpleUploadedFile(f"DSC_{number:04d}.JPG", data, content_type="image/jpeg")
        for number, data in enumerate(photos, 1)
    ]
    return encode_multipart(BOUNDARY, article_form_data(article, new_photos=files))


def post_photos(client, article, photos):
    """POST the change form with the photos; (seconds, response). Only the request itself is timed."""
    from tests.newsroom import change_url

    body = encoded_form(article, photos)
    start = time.perf_counter()
    response = client.post(change_url(article), body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    return time.perf_counter() - start, response


def states(article):
    from django.db.models import Count

    rows = article.photos.values("rendition_state").annotate(n=Count("pk"))
    return {row["rendition_state"]: row["n"] for row in rows}


def run_workers(article, count, log):
    """Start ``count`` db_worker processes on the queue; seconds until every photo of ``article`` is ready."""
    from news.models import RenditionState

    total = article.photos.count()
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--batch",
        "--queue-name",
        "*",
        "--no-startup-delay",
        "--no-reload",
    ]
    start = time.perf_counter()
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
        for _ in range(count)
    ]
    try:
        while True:
            now = states(article)
            if now.get(RenditionState.READY, 0) == total:
                elapsed = time.perf_counter() - start
                break
            if now.get(RenditionState.FAILED):
                stop(f"renditions failed: {now}", log)
            if time.perf_counter() - start > WORKER_PATIENCE or all(w.poll() is not None for w in workers):
                time.sleep(1)  # the last photo's row may be written just as its worker exits
                if states(article).get(RenditionState.READY, 0) != total:
                    stop(f"workers stopped or took too long: {states(article)}", log)
            time.sleep(POLL_SECONDS)
        for worker in workers:
            worker.wait(60)  # --batch: each exits once the queue is empty
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return elapsed


def stop(message, log):
    """Give up with the workers' last log lines (the temporary folder holding the log is removed on exit)."""
    log.flush()
    tail = Path(log.name).read_text(errors="replace").splitlines()[-40:]
    raise SystemExit("\n".join([*tail, message]))


def task_span(since):
    """From the first task started to the last finished (seconds), for tasks enqueued after ``since``."""
    from django.db.models import Max, Min
    from django_tasks_db.models import DBTaskResult

    span = DBTaskResult.objects.filter(enqueued_at__gte=since).aggregate(
        first=Min("started_at"), last=Max("finished_at")
    )
    return (span["last"] - span["first"]).total_seconds()


def load_average():
    """The 1, 5 and 15-minute load averages: other work on the machine shows in the figures."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--size", type=parse_size, default=(4000, 3000), help="WIDTHxHEIGHT, default 4000x3000")
    parser.add_argument("--workers", type=int, nargs="+", help="worker counts to time, default: the CPU count, then 1")
    options = parser.parse_args()
    worker_counts = list(dict.fromkeys(options.workers or [os.cpu_count() or 1, 1]))
    width, height = options.size

    work = Path(tempfile.mkdtemp(prefix="portal-bench-uploads-"))
    try:
        configure_django(work)
        import django
        import PIL
        from django.db import connection
        from django.test import Client, override_settings
        from django.utils import timezone

        from news.models import Photo, RenditionState
        from news.services import photos as photo_service

        cores, cpu = os.cpu_count(), photo_bench.cpu_model()
        print(f"{cores} CPUs ({cpu}), Python {platform.python_version()}, Django {django.get_version()}, ", end="")
        print(f"Pillow {PIL.__version__}, {connection.vendor} in {work}; load average {load_average()}", flush=True)
        editor, (article, old_article) = prepare()

        print(f"making {options.photos} synthetic {width}×{height} JPEGs…", flush=True)
        with Pool(cores) as pool:
            photos = pool.map(make_photo, [(seed, options.size) for seed in range(options.photos)])
        sizes = [len(data) for data in photos]
        print(f"average file {statistics.mean(sizes) / 2**20:.1f} MB, {sum(sizes) / 2**20:.0f} MB in all", flush=True)

        client = Client(enforce_csrf_checks=False)
        client.force_login(editor)
        from tests.newsroom import change_url

        assert client.get(change_url(article)).status_code == 200  # warm up: imports, templates

        # 1. The upload, as it is now: store the checked originals and queue their renditions.
        since = timezone.now()
        upload_seconds, response = post_photos(client, article, photos)
        assert response.status_code == 302, (response.status_code, response.content[:2000])
        pending = states(article)
        assert pending == {RenditionState.PENDING: options.photos}, pending
        print(f"upload request: {upload_seconds:.2f} s, answered {response.status_code}; {pending}", flush=True)

        # 2. The workers.
        runs = []
        with open(work / "workers.log", "w") as log:
            for number, count in enumerate(worker_counts):
                if number:  # the first run takes the upload's own tasks; later ones queue the photos again
                    since = timezone.now()
                    photo_service.send_to_workers(list(article.photos.all()))
                seconds = run_workers(article, count, log)
                span = task_span(since)
                runs.append((count, seconds, span))
                print(
                    f"{count} worker(s): all {options.photos} ready after {seconds:.1f} s "
                    f"(first task start to last task end {span:.1f} s)",
                    flush=True,
                )

        # 3. The same renditions made inline, one after the other, in this process.
        ids = list(article.photos.values_list("pk", flat=True))
        Photo.objects.filter(pk__in=ids).update(rendition_state=RenditionState.PENDING, rendition_attempts=0)
        start = time.perf_counter()
        for pk in ids:
            assert photo_service.render_photo.call(pk) == "rendered"
        inline_seconds = time.perf_counter() - start
        print(f"inline renditions: {inline_seconds:.1f} s", flush=True)

        # 4. The old request: the same upload with the renditions made in it. The content is stored once
        # whoever uploads it, so the files stored above are removed first, to be written again.
        shutil.rmtree(work / "media")
        immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": QUEUES}}
        with override_settings(TASKS=immediate):
            old_seconds, response = post_photos(client, old_article, photos)
        assert response.status_code == 302, response.status_code
        assert states(old_article) == {RenditionState.READY: options.photos}, states(old_article)
        print(f"old request (renditions in the request): {old_seconds:.1f} s", flush=True)

        print(f"\n{options.photos} photos, {width}×{height}, {statistics.mean(sizes) / 2**20:.1f} MB each on average")
        rows = [("upload request (store + queue)", upload_seconds)]
        for count, seconds, _span in runs:
            rows.append((f"all visible, {count} worker{'s' if count > 1 else ''} (from their start)", seconds))
        rows += [("inline renditions, one process", inline_seconds), ("old request (renditions in it)", old_seconds)]
        print(f"{'':<44} {'seconds':>8} {'photos/s':>9}")
        for label, seconds in rows:
            print(f"{label:<44} {seconds:>8.2f} {options.photos / seconds:>9.2f}")
        print(f"CPU: {cpu}, {cores} cores; load average {load_average()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
