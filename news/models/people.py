from django.db import models
from django.utils.translation import gettext_lazy as _

from news.models.base import PortalModel, url_maker
from news.models.search import contains_as_typed, contains_every, parse_query, ranked, ranked_first
from news.models.translations import Translatable, translation_of
from news.text import collation_key, index_letter, name_sort_key, search_phrase, search_text
from news.uploads import UploadedImageField


class PersonQuerySet(models.QuerySet):
    def search(self, query):
        """People holding every word of ``query`` in their name or position (rules in
        news/models/search.py), best first: the whole query as typed; then those whose name the query's words
        are (adjacent, from the start: "dang dinh cong" is Đặng Đình Công), then those with the words adjacent
        elsewhere; then in name order. Finds nothing without a word."""
        query, terms = parse_query(query)
        if not terms:
            return self.none()
        found = self.filter(contains_every(terms, "search_document")).annotate(
            exact_match=ranked_first(contains_as_typed(query, "full_name", "position"))
        )
        phrase = search_phrase(query)
        if phrase is None:  # one word: every match is the phrase
            return found.order_by("-exact_match", "sort_key", "pk")
        # The folded document starts with the name (save() below).
        return found.annotate(
            phrase_match=ranked(
                models.Q(search_document__startswith=phrase), models.Q(search_document__contains=phrase)
            )
        ).order_by("-exact_match", "-phrase_match", "sort_key", "pk")


class Person(Translatable, PortalModel):
    """An employee or guest who appears in the news."""

    full_name = models.CharField(_("full name"), max_length=150, help_text=_("As written, e.g. “Đặng Đình Công”."))
    slug = models.SlugField(_("slug"), max_length=160, unique=True, blank=True)
    sort_key = models.CharField(
        _("sort key"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_(
            "Made from the name, given name first, in Vietnamese letter order. "
            "Leave empty to make it again; type the name in the order it should sort "
            "for names written surname first (e.g. Russian names)."
        ),
    )
    unit = models.ForeignKey(
        "news.Unit",
        verbose_name=_("current unit"),
        related_name="people",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    position = models.CharField(_("current position"), max_length=255, blank=True)
    position_ru = translation_of(position, "ru")
    position_en = translation_of(position, "en")
    # Checked and named like photos (news/uploads.py); readers are served its renditions, never the original.
    portrait = UploadedImageField(_("portrait"), upload_to="people/", blank=True, db_index=True)
    # Made once when the portrait arrives (news/images.py): [{"width", "height", "format", "name"}, …].
    portrait_renditions = models.JSONField(_("portrait renditions"), default=list, blank=True, editable=False)
    search_document = models.TextField(editable=False, blank=True, default="")

    objects = PersonQuerySet.as_manager()
    slug_source = "full_name"
    translated_fields = ("position",)
    # A sort key made from the old name follows a new one; the page cache drops the old unit's page too.
    remembered_fields = ("full_name", "unit_id")

    class Meta:
        ordering = ["sort_key", "full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        loaded_name = self.loaded_value("full_name")
        key_was_made_from_name = loaded_name is not None and self.sort_key == name_sort_key(loaded_name)
        if not self.sort_key or key_was_made_from_name:
            self.sort_key = name_sort_key(self.full_name)
        else:
            # A key typed by staff is encoded the same way, so it sorts among the others.
            self.sort_key = collation_key(self.sort_key)
        self.search_document = search_text(self.full_name, self.position, self.position_ru, self.position_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_maker("news:person_detail", "slug")(slug=self.slug)

    @property
    def portrait_picture(self):
        """What a page needs to show the portrait (its renditions, never the original), or None."""
        from news import images

        fallback = images.best_of(self.portrait_renditions, "jpeg", 320)
        if not self.portrait or fallback is None:
            return None
        storage = self.portrait.storage
        return {
            "src": storage.url(fallback["name"]),
            "width": fallback["width"],
            "height": fallback["height"],
            "webp_srcset": images.srcset_of(self.portrait_renditions, storage, "webp"),
            "jpeg_srcset": images.srcset_of(self.portrait_renditions, storage, "jpeg"),
        }

    @property
    def index_letter(self):
        return index_letter(self.sort_key)
