from django.db import models
from django.utils.translation import gettext_lazy as _

from news.models.audiences import audience_condition
from news.models.base import PortalModel
from news.models.scopes import reader_scope
from news.models.translations import Translatable, translation_of
from news.models.visibility import published_condition
from news.uploads import UploadedImageField


class RenditionState(models.TextChoices):
    """Where a photo's renditions are: made by a worker after the upload (news/services/photos.py)."""

    READY = "ready", _("Ready")
    PENDING = "pending", _("Processing")
    FAILED = "failed", _("Failed")


class PhotoQuerySet(models.QuerySet):
    def with_image(self):
        """Photos that have their image (an imported caption may still be waiting for one)."""
        return self.exclude(image="")

    def shown(self):
        """Photos a page can show: their image is there and the workers have made its renditions."""
        return self.with_image().filter(rendition_state=RenditionState.READY)

    def visible(self):
        """What readers may see: photos shown, of published articles or of events.

        A join rather than ``article__in=…``, so that "the latest photos" can walk the upload-time index.
        """
        return self.shown().filter(
            published_condition(prefix="article__") | models.Q(article__isnull=True, event__isnull=False)
        )

    def for_reader(self, reader):
        """The photos ``reader`` may see: of published articles or of events, and meant for them."""
        return self.visible().visible_to(reader)

    def visible_to(self, reader):
        """Photos of articles and events meant for ``reader`` (a user or a ReaderScope): their audience."""
        scope = reader_scope(reader)
        Article, Event = (self.model._meta.get_field(name).related_model for name in ("article", "event"))
        of_article = audience_condition(Article, scope, outer="article_id", prefix="article__")
        of_event = audience_condition(Event, scope, outer="event_id", prefix="event__")
        return self.filter(models.Q(of_article, article__isnull=False) | models.Q(of_event, article__isnull=True))


class Photo(Translatable, PortalModel):
    """An image of an article (or an event) with its caption, alt text, credit and the people shown."""

    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        related_name="photos",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    event = models.ForeignKey(
        "news.Event",
        verbose_name=_("event"),
        related_name="photos",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    # Checked and named by its content (news/uploads.py); indexed: media serving finds a file's photo by name.
    image = UploadedImageField(
        _("image"),
        upload_to="photos/",
        width_field="width",
        height_field="height",
        blank=True,
        db_index=True,
        help_text=_("Imported captions may wait here for their image; readers see a photo once it has one."),
    )
    # Made once at upload by news/images.py: [{"width", "height", "format", "name"}, …].
    # Readers are served these, never the original.
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False)
    rendition_state = models.CharField(
        _("renditions"), max_length=10, choices=RenditionState, default=RenditionState.READY, editable=False
    )
    rendition_attempts = models.PositiveSmallIntegerField(_("rendition attempts"), default=0, editable=False)
    rendition_error = models.TextField(_("rendition error"), blank=True, editable=False)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    caption = models.TextField(_("caption"), blank=True)
    caption_ru = translation_of(caption, "ru")
    caption_en = translation_of(caption, "en")
    alt_text = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it. Empty: the caption is used."),
    )
    alt_text_ru = translation_of(alt_text, "ru")
    alt_text_en = translation_of(alt_text, "en")
    credit = models.CharField(
        _("credit"), max_length=150, blank=True, help_text=_("Photographer, e.g. “Đinh Văn Tiến”.")
    )
    people = models.ManyToManyField(
        "news.Person", through="news.PhotoPerson", related_name="photos", blank=True, verbose_name=_("people shown")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    objects = PhotoQuerySet.as_manager()
    translated_fields = ("caption", "alt_text")
    remembered_fields = ("article_id", "event_id")  # the page cache throws away the old ones' pages too

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(article__isnull=False) | models.Q(event__isnull=False),
                name="photo_belongs_to_article_or_event",
                violation_error_message=_("A photo belongs to an article or an event."),
            )
        ]

    def __str__(self):
        return self.caption[:80] or self.image.name or str(_("photo"))

    @property
    def description(self):
        """The text for the image's alt attribute, in the reader's language when translated."""
        return self.localized("alt_text", "caption")

    @property
    def shown_caption(self):
        return self.localized("caption")


class PhotoPerson(PortalModel):
    """A person shown in a photo, in order (left to right as the caption names them)."""

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="people_shown")
    person = models.ForeignKey(
        "news.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="shown_in"
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("person shown")
        verbose_name_plural = _("people shown")
        constraints = [models.UniqueConstraint(fields=["photo", "person"], name="photo_person_once")]

    def __str__(self):
        return str(self.person)
