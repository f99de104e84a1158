"""Photos and portraits: an image is attached, its renditions made once, and the article's search
text kept in step with its captions, the same way on every path (admin forms and inlines, "Add
photos", the legacy import, the demo loader)."""

from django.db.models import Max

from news import images
from news.models import Photo


def attach(*, image=None, article=None, event=None, order=None, **fields):
    """A new photo of ``article`` (or ``event``) with ``image``: checked and named by news/uploads.py,
    rendered at once. ``order`` defaults to after the article's last photo."""
    if order is None:
        order = next_order(article)
    photo = Photo(article=article, event=event, order=order, **fields)
    if image is not None:
        photo.image.save(image.name, image, save=False)
    photo.save()
    saved(photo, image_changed=True)
    return photo


def attach_many(article, uploads):
    """Photos for several uploads at once ("Add photos"), in the order given, after the article's last."""
    start = next_order(article)
    return [attach(image=upload, article=article, order=start + offset) for offset, upload in enumerate(uploads)]


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
    changed, and the search text of the article(s) whose captions it changed."""
    if image_changed:
        make_renditions(photo)
    refresh_articles({photo.article_id, previous_article_id})


def deleted(article_ids):
    """After photos were deleted: their articles' search text loses their captions."""
    refresh_articles(article_ids)


def make_renditions(photo):
    """Render ``photo.image`` (metadata stripped) and record the renditions and the oriented size."""
    if photo.image:
        images.save_renditions(photo)
    else:
        photo.renditions, photo.width, photo.height = [], None, None
    photo.save(update_fields=["renditions", "width", "height"])


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
