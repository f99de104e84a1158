"""Content in the company's languages: Vietnamese originals, Russian and English translations.

Two kinds of translated text, two homes (docs/ARCHITECTURE.md says why):

* **Short fields** readers meet around the articles (unit names, category names, event titles and
  places, photo captions and alt texts, positions) have their translations in columns beside the
  original on the same row (``name_ru``, ``name_en``, made by ``translation_of``): no query more to
  show them, kept by django-reversion and backups with the row, edited side by side in one form.
  Their original is Vietnamese.
* **Articles** have translations with a life of their own (``ArticleTranslation``): their own text,
  translator, state and the fingerprint of the original they were last made current with.

``localized`` picks what a reader sees: the translation into their language when there is one,
else the original, as ``LocalizedText`` that knows its language so templates can mark it (``lang``).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from news.models.base import EditedModel, PortalModel
from news.sanitizer import BODY_EDITOR_CONFIG, sanitize_body

ORIGINAL_LANGUAGE = "vi"  # what the company writes in; the originals of short fields are Vietnamese
# Every content language has a column beside a translated short field (settings.LANGUAGES, less the original).
TRANSLATED_INTO = ("ru", "en")
LANGUAGE_NAMES = {"vi": _("Vietnamese"), "ru": _("Russian"), "en": _("English")}
# "Only in Vietnamese" for a reader of another language, in the reader's language.
ONLY_IN = {
    "vi": _("This article is available only in Vietnamese."),
    "ru": _("This article is available only in Russian."),
    "en": _("This article is available only in English."),
}


def reader_language():
    """The active interface language as a content language code ("ru" for "ru-ru")."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


class LocalizedText(str):
    """Text that knows which language it is in."""

    language = ORIGINAL_LANGUAGE

    def __new__(cls, value, language):
        text = super().__new__(cls, value or "")
        text.language = language
        return text


def translation_of(field, language):
    """A column holding ``field``'s translation into ``language``: same kind and length, optional, empty when
    not translated."""
    _name, _path, args, kwargs = field.deconstruct()
    for key in ("unique", "db_index", "help_text", "verbose_name", "default", "blank", "null"):
        kwargs.pop(key, None)
    label = format_lazy("{} ({})", field.verbose_name, LANGUAGE_NAMES[language])
    return type(field)(*args, verbose_name=label, blank=True, default="", **kwargs)


class Translatable(models.Model):
    """A model whose ``translated_fields`` have a column per language of TRANSLATED_INTO (``name_ru``, …)."""

    translated_fields = ()

    class Meta:
        abstract = True

    def localized(self, *names, language=None):
        """The first of ``names`` that has text, in the reader's language if translated, else in the original.

        ``unit.localized("short_name", "name")``: the translated short name, else the translated full name,
        else the original short name, else the original full name."""
        language = language or reader_language()
        if language != ORIGINAL_LANGUAGE:
            for name in names:
                value = getattr(self, f"{name}_{language}", "") if name in self.translated_fields else ""
                if value:
                    return LocalizedText(value, language)
        for name in names:
            value = getattr(self, name)
            if value:
                return LocalizedText(value, ORIGINAL_LANGUAGE)
        return LocalizedText("", language)


def translated_columns(*names):
    """The names of ``names``' translation columns, for forms and fieldsets (``name_ru``, ``name_en``, …)."""
    return [f"{name}_{language}" for name in names for language in TRANSLATED_INTO]


def text_fingerprint(*parts):
    """What a translation is compared with to know whether the original changed since."""
    return hashlib.sha256("\x1f".join(part or "" for part in parts).encode()).hexdigest()


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class ArticleTranslationQuerySet(models.QuerySet):
    def published(self):
        """Translations readers may see (when their article is published)."""
        return self.filter(status=TranslationStatus.PUBLISHED)

    def attach_to(self, articles, language=None):
        """Give each of ``articles`` (already read, for example through another model) its published translation
        into ``language`` as ``localized()`` does, in one query for all of them."""
        if not articles:
            return articles
        language = language or reader_language()
        translations = self.published().filter(language=language, article__in=articles).defer("body")
        found = {translation.article_id: translation for translation in translations}
        for article in articles:
            article.reader_translation = found.get(article.pk)
        return articles


class ArticleTranslation(EditedModel, PortalModel):
    """An article in another language: its own text, translator and state. Readers see it once published
    (and the article is); it is out of date when the original's text changed after it was last made current."""

    article = models.ForeignKey(
        "news.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=255)
    lead = models.TextField(_("lead"), blank=True)
    body = ProseEditorField(_("body"), config=BODY_EDITOR_CONFIG, sanitize=sanitize_body, blank=True)
    translator = models.CharField(
        _("translator"), max_length=150, blank=True, help_text=_("Shown under the article: “Translated by …”.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TranslationStatus.choices, default=TranslationStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    # The original's text_fingerprint when this translation was last saved or confirmed as current.
    source_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = ArticleTranslationQuerySet.as_manager()

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["article", "language"], name="article_translation_once")]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def save(self, *args, **kwargs):
        # Sanitised on every save like the original's body: imports and scripts write translations too.
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == TranslationStatus.PUBLISHED

    @property
    def is_out_of_date(self):
        return self.source_fingerprint != self.article.text_fingerprint

    def get_absolute_url(self):
        return self.article.get_absolute_url()  # one address in every language
