"""Photos and portraits: an image is attached, its renditions made once, and the article's search
text kept in step with its captions, the same way on every path (admin forms and inlines, "Add
photos", the legacy import, the demo loader).

A photo's renditions are made by the task workers, not in the upload's request (60 conference photos
would hold a web worker for 20 seconds): the request stores the checked original, marks the photo
"processing" and enqueues ``render_photo`` in the same transaction. Readers are shown a photo only once
its renditions exist (``Photo.objects.shown()``); a rendering that fails is tried again later
(news/services/background.py) and after the last attempt the photo is marked "failed" in the newsroom,
which can send it back to the workers. Portraits are one small image each: rendered in the request.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from news import images
from news.models import Photo, RenditionState
from news.services.background import MAX_ATTEMPTS, retry_later, task

logger = logging.getLogger(__name__)


def attach(*, image=None, article=None, event=None, order=None, refresh_search=True, **fields):
    """A new photo of ``article`` (or ``event``) with ``image``: checked and named by news/uploads.py, its
    renditions enqueued for the workers. ``order`` defaults to after the article's last photo."""
    if order is None:
        order = next_order(article)
    photo = Photo(article=article, event=event, order=order, **fields)
    if image is not None:
        photo.image.save(image.name, image, save=False)
        photo.rendition_state = RenditionState.PENDING
    with transaction.atomic():
        photo.save()
        if image is not None:
            enqueue_rendering(photo)
    if refresh_search:
        refresh_articles({photo.article_id})
    return photo


def attach_many(article, uploads):
    """Photos for several uploads at once ("Add photos"), in the order given, after the article's last;
    the article's search text is refreshed once, not once a photo."""
    start = next_order(article)
    photos = [
        attach(image=upload, article=article, order=start + offset, refresh_search=False)
        for offset, upload in enumerate(uploads)
    ]
    refresh_articles({article.pk})
    return photos


def replace_image(photo, image):
    """Give an existing photo another image: stored, rendered anew (the old files stay for revisions)."""
    photo.image.save(image.name, image, save=False)
    photo.save()
    saved(photo, image_changed=True)


def next_order(article):
    if article is None or article.pk is None:
        return 0
    return (article.photos.aggregate(last=Max("order"))["last"] or 0) + 1


def saved(photo, image_changed, previous_article_id=None):
    """After a photo was saved (a form, an inline, an import): renditions when its image arrived or
    changed (by a worker), and the search text of the article(s) whose captions it changed."""
    if image_changed:
        send_to_workers([photo])
    refresh_articles({photo.article_id, previous_article_id})


def send_to_workers(photos):
    """Mark photos "processing" and enqueue their rendering, in the caller's transaction."""
    with transaction.atomic():
        for photo in photos:
            photo.rendition_state, photo.rendition_attempts, photo.rendition_error = RenditionState.PENDING, 0, ""
            photo.save(update_fields=["rendition_state", "rendition_attempts", "rendition_error"])
            enqueue_rendering(photo)


RENDERED_FIELDS = ["renditions", "width", "height", "rendition_state", "rendition_error", "rendition_attempts"]


def enqueue_rendering(photo):
    if render_photo.enqueue(photo.pk).is_finished:  # a backend without a queue (tests) ran it at once
        photo.refresh_from_db(fields=RENDERED_FIELDS)


@task(queue_name="renditions")
def render_photo(photo_id):
    """A worker's part: make one photo's renditions. Safe to run again (a retry, a worker that died)."""
    photo = Photo.objects.filter(pk=photo_id, rendition_state=RenditionState.PENDING).first()
    if photo is None:
        return "nothing to do"  # deleted, or already rendered by an earlier run
    attempt = photo.rendition_attempts + 1
    try:
        make_renditions(photo)
    except Exception as error:  # any failure of one photo is that photo's: recorded, retried, reported
        logger.exception("Renditions of photo %s failed (attempt %s of %s)", photo_id, attempt, MAX_ATTEMPTS)
        failed_for_good = attempt >= MAX_ATTEMPTS
        Photo.objects.filter(pk=photo_id).update(
            rendition_attempts=attempt,
            rendition_error=f"{type(error).__name__}: {error}"[:1000],
            rendition_state=RenditionState.FAILED if failed_for_good else RenditionState.PENDING,
        )
        if not failed_for_good:
            retry_later(render_photo, attempt, photo_id)
        return "failed"
    return "rendered"


def resume_waiting(now=None):
    """Photos "processing" for longer than a task may run, with no task queued or running for them (a backup
    restored, a queue emptied by hand): enqueue them again. How many."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    lease = datetime.timedelta(seconds=settings.PORTAL_TASK_LEASE_SECONDS)
    waiting = Photo.objects.filter(
        rendition_state=RenditionState.PENDING, uploaded_at__lt=(now or timezone.now()) - lease
    )
    if not waiting.exists():
        return 0
    queued = {
        args_kwargs["args"][0]
        for args_kwargs in DBTaskResult.objects.filter(
            task_path=render_photo.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).values_list("args_kwargs", flat=True)
        if args_kwargs.get("args")
    }
    resumed = [photo for photo in waiting if photo.pk not in queued]
    for photo in resumed:
        render_photo.enqueue(photo.pk)
    return len(resumed)


def render_waiting():
    """Make the renditions still waiting, in this process (the demo loader, which must show its photos before
    any worker runs; their queued tasks then find nothing to do)."""
    for photo_id in Photo.objects.filter(rendition_state=RenditionState.PENDING).values_list("pk", flat=True):
        render_photo.call(photo_id)


def deleted(article_ids):
    """After photos were deleted: their articles' search text loses their captions."""
    refresh_articles(article_ids)


def make_renditions(photo):
    """Render ``photo.image`` (metadata stripped) and record the renditions and the oriented size: the photo
    is then ready to be shown."""
    if photo.image:
        images.save_renditions(photo)
    else:
        photo.renditions, photo.width, photo.height = [], None, None
    photo.rendition_state, photo.rendition_error = RenditionState.READY, ""
    photo.rendition_attempts += 1
    photo.save(update_fields=RENDERED_FIELDS)
    refresh_articles({photo.article_id})  # shown now: search finds the article by its caption from here on


def refresh_articles(article_ids):
    from news.models import Article

    for article in Article.objects.filter(pk__in=[pk for pk in article_ids if pk]):
        article.refresh_search_document()


def portrait_saved(person, portrait_changed):
    """After a person was saved: the portrait's renditions (metadata stripped) when it arrived or changed."""
    if not portrait_changed:
        return
    person.portrait_renditions = (
        images.store_renditions(person.portrait, images.PORTRAIT_WIDTHS)[0] if person.portrait else []
    )
    person.save(update_fields=["portrait_renditions"])
