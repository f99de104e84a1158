from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from news.models.audiences import AudienceQuerySet, WithAudience
from news.models.base import EditedModel, PortalModel, url_maker
from news.models.events import CONFERENCE_KINDS
from news.models.reading import Acknowledgement
from news.models.search import contains_as_typed, contains_every, parse_query, ranked, ranked_first
from news.models.translations import (
    ORIGINAL_LANGUAGE,
    LocalizedText,
    Translatable,
    TranslationStatus,
    reader_language,
    text_fingerprint,
    translation_of,
)
from news.models.visibility import ArticleStatus, published_condition
from news.sanitizer import BODY_EDITOR_CONFIG, sanitize_body
from news.text import plain_text, search_phrase, search_text


def article_url_builder():
    """A function making an article's address from its local publication date and slug (the one rule, which
    Article.get_absolute_url follows too)."""
    make = url_maker("news:article_detail", "year", "month", "day", "slug")

    def article_url(local_date, slug):
        return make(year=local_date.year, month=f"{local_date.month:02d}", day=f"{local_date.day:02d}", slug=slug)

    return article_url


class Category(Translatable, PortalModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_ru = translation_of(name, "ru")
    name_en = translation_of(name, "en")
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    order = models.PositiveIntegerField(_("display order"), default=0)

    slug_source = "name"
    translated_fields = ("name",)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class ArticleQuerySet(AudienceQuerySet):
    """The visibility rules: every reader-facing query starts here."""

    def published(self, now=None):
        """Published and due: a future ``publish_at`` keeps an article scheduled, not visible."""
        return self.filter(published_condition(now=now))

    def for_reader(self, reader, now=None):
        """What ``reader`` (a user or a ReaderScope) may read: published, due, and meant for them (audiences).
        Every reader page starts here."""
        return self.published(now).visible_to(reader)

    def scheduled(self, now=None):
        """Published but not yet due: these appear by themselves when their time comes."""
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=now or timezone.now())

    def must_read(self):
        """Must-read notices, the soonest due first (those without a date last), then the newest."""
        return self.filter(must_read=True).order_by(models.F("must_read_due").asc(nulls_last=True), "-publish_at")

    def not_acknowledged_by(self, user):
        """Those ``user`` has not acknowledged in the current round (an editor asking again starts a new one)."""
        acknowledged = Acknowledgement.objects.filter(
            article=models.OuterRef("pk"), user=user, round=models.OuterRef("acknowledgement_round")
        )
        return self.exclude(models.Exists(acknowledged))

    def conference_reports(self, now=None):
        """Published reports on an event of a conference kind."""
        # "event is not null" spelled out: it lets PostgreSQL use article_event_publish_idx.
        return self.published(now).filter(event__isnull=False, event__kind__in=CONFERENCE_KINDS)

    def for_unit(self, unit):
        return self.filter(unit=unit)

    def search(self, query):
        """Articles holding every word of ``query`` (diacritics optional, quoted words a phrase; rules in
        news/models/search.py), best first: the whole query as typed in the title or lead; then its words as
        one phrase (adjacent, in order) in the title, then in the text; then articles naming a person whose
        name the query is (ArticleMention); then every word in the title; then newer. Finds nothing without a
        word. Visibility is the caller's: readers search ``published().search(query)``."""
        query, terms = parse_query(query)
        if not terms:
            return self.none()
        found = self.filter(contains_every(terms, "search_document")).annotate(
            exact_match=ranked_first(contains_as_typed(query, "title", "lead")),
            title_match=ranked_first(contains_every(terms, "search_title")),
        )
        phrase = search_phrase(query)
        if phrase is None:  # one word: every match is the phrase
            return found.order_by("-exact_match", "-title_match", "-publish_at", "-pk")
        # The person's folded document starts with their name: "dang dinh cong" names Đặng Đình Công. One
        # subquery for the whole search (the few people so named, their mentions), not one per article.
        naming = ArticleMention.objects.filter(person__search_document__startswith=phrase).values("article_id")
        return found.annotate(
            phrase_match=ranked(models.Q(search_title__contains=phrase), models.Q(search_document__contains=phrase)),
            names_person=ranked_first(models.Q(pk__in=naming)),
        ).order_by("-exact_match", "-phrase_match", "-names_person", "-title_match", "-publish_at", "-pk")

    def localized(self, language=None):
        """Each article with its published translation into ``language`` (the reader's by default) joined in as
        ``reader_translation`` (None without one): ``article.shown`` is then what the reader sees, with no
        query per article."""
        language = language or reader_language()
        translated = models.FilteredRelation(
            "translations",
            condition=models.Q(translations__language=language, translations__status=TranslationStatus.PUBLISHED),
        )
        return self.annotate(reader_translation=translated).select_related("reader_translation")

    def for_listing(self):
        """What a list of articles shows: unit, category, event, the cover photo and the title and lead in the
        reader's language, in a fixed number of queries. Only the cover is read (``listed_photos``), not an
        article's every photo."""
        photos = self.model._meta.get_field("photos").related_model.objects  # Photo, without importing it back
        first_photo = photos.shown().filter(article=models.OuterRef("article")).order_by("order", "pk")
        covers = photos.filter(pk=models.Subquery(first_photo.values("pk")[:1]))
        return (
            self.select_related("unit", "category", "event")
            .prefetch_related(models.Prefetch("photos", queryset=covers, to_attr="listed_photos"))
            .localized()
            .without_texts()
        )

    def without_texts(self):
        """Leave out what only the article page reads: the bodies and the search copies (most of a row)."""
        deferred = ["body", "search_document", "search_title"]
        if "reader_translation" in self.query._filtered_relations:
            deferred.append("reader_translation__body")
        return self.defer(*deferred)


# The article's text, and the fields save() derives from it (kept with it when only some fields are saved).
DERIVED_FROM_TEXT = frozenset({"title", "lead", "body", "text_fingerprint", "search_title", "search_document"})


class Article(WithAudience, EditedModel, PortalModel):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("Made from the title when left empty; kept when the title changes."),
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("The sapo: one or two sentences under the title."))
    body = ProseEditorField(_("body"), config=BODY_EDITOR_CONFIG, sanitize=sanitize_body, blank=True)
    unit = models.ForeignKey("news.Unit", verbose_name=_("unit"), related_name="articles", on_delete=models.PROTECT)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        related_name="articles",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    event = models.ForeignKey(
        "news.Event",
        verbose_name=_("event reported on"),
        related_name="articles",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A future time schedules the article. Empty means now, when published."),
    )
    featured = models.BooleanField(_("featured"), default=False)
    must_read = models.BooleanField(
        _("must read"),
        default=False,
        help_text=_("Readers in the audience see it pinned with a banner until they confirm they have read it."),
    )
    must_read_due = models.DateField(_("read by"), null=True, blank=True)
    # Raised when the editor asks for acknowledgement again: earlier acknowledgements no longer count.
    acknowledgement_round = models.PositiveIntegerField(_("acknowledgement round"), default=1, editable=False)
    language = models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=ORIGINAL_LANGUAGE,
        help_text=_("The language the article is written in; translations are added to it."),
    )
    # Of the title, lead and body: a translation made from another fingerprint is out of date.
    text_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Folded text for search (news/text.py search_text): title, lead, body text and photo captions.
    search_document = models.TextField(editable=False, blank=True, default="")
    search_title = models.TextField(editable=False, blank=True, default="")
    import_key = models.CharField(
        _("import key"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Fingerprint of the old intranet's export this article was imported from."),
    )
    # Optimistic locking: every save increments it; a form saved from an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    people = models.ManyToManyField(
        "news.Person",
        through="news.ArticleMention",
        related_name="mentioned_in",
        blank=True,
        verbose_name=_("people mentioned"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )

    objects = ArticleQuerySet.as_manager()
    slug_source = "title"
    remembered_fields = ("unit_id", "event_id")  # the page cache throws away the old unit's and event's pages too

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish, schedule, unpublish and archive articles"))]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx"),
            # A unit's news, newest first (unit pages, /news/?unit=…, the unit feed).
            models.Index(fields=["unit", "status", "-publish_at"], name="article_unit_publish_idx"),
            # The latest reports on events (the front page's conference reports) without walking past every
            # newer article: a few percent of the archive.
            models.Index(
                fields=["status", "-publish_at"],
                condition=models.Q(event__isnull=False),
                name="article_event_publish_idx",
            ),
            # The front page's featured stories, however long ago the last one was chosen.
            models.Index(
                fields=["status", "-publish_at"],
                condition=models.Q(featured=True),
                name="article_featured_publish_idx",
            ),
            # The must-read notices pinned on every front page: a handful among the whole archive.
            models.Index(
                fields=["status", "-publish_at"],
                condition=models.Q(must_read=True),
                name="article_must_read_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitise on every save, not only in forms: imports and scripts write bodies too.
        self.body = sanitize_body(self.body)
        if self.status == ArticleStatus.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()
        self.text_fingerprint = text_fingerprint(self.title, self.lead, self.body)
        self.search_title, self.search_document = self._search_texts()
        if kwargs.get("update_fields") is not None and not DERIVED_FROM_TEXT.isdisjoint(kwargs["update_fields"]):
            # A save of some fields only: what is derived from the text is saved with it.
            kwargs["update_fields"] = {*kwargs["update_fields"], *DERIVED_FROM_TEXT, "version"}
        updating = self.pk is not None and not self._state.adding
        if updating:
            # Counted in the database, not from the value in memory, which may be stale or restored.
            self.version = models.F("version") + 1
        super().save(*args, **kwargs)
        if updating:
            self.refresh_from_db(fields=["version"])

    def clean(self):
        super().clean()
        if self.slug and OldSlug.objects.filter(slug=self.slug).exclude(article_id=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another article's old links use this address: choose another one.")}, code="slug_taken"
            )

    def _search_texts(self):
        """The folded title and the folded document search finds the article by: the original, its published
        translations, and the captions, in every language, of its photos readers can see (shown: renditions
        made; a photo still waiting must not make the article found by words no reader sees)."""
        titles, texts = [self.title], [self.lead, plain_text(self.body)]
        if self.pk:
            published = self.translations.published()
            for title, lead, body in published.values_list("title", "lead", "body"):
                titles.append(title)
                texts += [lead, plain_text(body)]
            captions = self.photos.shown().values_list("caption", "caption_ru", "caption_en")
            texts += [text for row in captions for text in row]
        return search_text(*titles), search_text(*titles, *texts)

    def refresh_search_document(self):
        """After a photo's caption or a translation changes: they are part of what search finds."""
        if self.pk:
            self.search_title, self.search_document = self._search_texts()
            Article.objects.filter(pk=self.pk).update(
                search_title=self.search_title, search_document=self.search_document
            )

    @property
    def shown(self):
        """What readers see of the text (title, lead, body, language): the published translation into their
        language that ``localized()`` joined, else the article itself."""
        return getattr(self, "reader_translation", None) or self

    @property
    def shown_title(self):
        return LocalizedText(self.shown.title, self.shown.language)

    @property
    def cover_photo(self):
        """The first photo shown (its image rendered): read by for_listing(), else from the article's photos."""
        if hasattr(self, "listed_photos"):
            return self.listed_photos[0] if self.listed_photos else None
        return next((photo for photo in self.photos.all() if photo.image and photo.rendition_state == "ready"), None)

    def get_absolute_url(self):
        local = timezone.localtime(self.publish_at or self.created_at or timezone.now())
        return article_url_builder()(local, self.slug)

    @property
    def is_published(self):
        return (
            self.status == ArticleStatus.PUBLISHED and self.publish_at is not None and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == ArticleStatus.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()
        )


class OldSlug(models.Model):
    """A slug an article had before an editor changed it: its old links redirect."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    replaced_at = models.DateTimeField(_("replaced"), auto_now=True)

    class Meta:
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")

    def __str__(self):
        return self.slug


class CreditRole(models.TextChoices):
    TEXT = "text", _("Text")
    PHOTO = "photo", _("Photos")
    TEXT_AND_PHOTO = "text_photo", _("Text and photos")


class ArticleCredit(PortalModel):
    """Who wrote the article or took its photos: a person, or a name as printed."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(_("credit for"), max_length=16, choices=CreditRole.choices, default=CreditRole.TEXT)
    person = models.ForeignKey(
        "news.Person", verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="credits"
    )
    name = models.CharField(
        _("name as printed"), max_length=150, blank=True, help_text=_("When the author is not in the people list.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person__isnull=True, name=""),
                name="credit_has_person_or_name",
                violation_error_message=_("Choose a person or type a name."),
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.display_name}"

    @property
    def display_name(self):
        return self.name or (self.person.full_name if self.person_id else "")


class ArticleMention(Translatable, PortalModel):
    """A person named in an article, with the position they held then."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(
        "news.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="mentions"
    )
    position = models.CharField(
        _("position then"),
        max_length=255,
        blank=True,
        help_text=_("As the article names it, e.g. “Phó Tổng giám đốc”."),
    )
    position_ru = translation_of(position, "ru")
    position_en = translation_of(position, "en")
    order = models.PositiveIntegerField(_("order"), default=0)

    translated_fields = ("position",)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("person mentioned")
        verbose_name_plural = _("people mentioned")
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="article_mention_once")]

    def __str__(self):
        return f"{self.person} – {self.position}" if self.position else str(self.person)
