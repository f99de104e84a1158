"""What every portal model shares: NFC text, server-made Vietnamese slugs, one-line text fields."""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from news.text import normalize_model_text, unique_slug

# What str.splitlines() breaks at: any of these would split a title, a caption's alt text or a position.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def is_one_line(value):
    return not LINE_BREAKS.intersection(value)


class PortalModel(models.Model):
    """Normalises text to NFC and fills an empty slug from ``slug_source`` on save.

    A slug is made once: editing the title later keeps the published URL. Every CharField (titles,
    names, positions, alt texts) is one line: validation (forms, ``full_clean``) refuses a line break
    in one; multi-line text lives in TextFields.
    """

    slug_source = None  # name of the field a new slug is made from
    # Fields whose value as last loaded or saved a subclass's save() compares with (``loaded_value``).
    remembered_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalize_model_text(self)
        if self.slug_source and not self.slug:
            self.slug = unique_slug(self, getattr(self, self.slug_source))
        super().save(*args, **kwargs)
        self._remember_values()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_values()
        return instance

    def _remember_values(self):
        self._loaded_values = {name: self.__dict__.get(name) for name in self.remembered_fields}

    def loaded_value(self, name):
        """``name``'s value as last loaded from or saved to the database (None for a new object)."""
        return getattr(self, "_loaded_values", {}).get(name)

    def clean_fields(self, exclude=None):
        """Django's field checks, and a line break in a one-line field is an error on that field."""
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField) or field.name in (exclude or ()) or field.name in errors:
                continue  # TextField is not a CharField
            value = getattr(self, field.attname)
            if isinstance(value, str) and not is_one_line(value):
                errors[field.name] = [ValidationError(_("This field must be one line."), code="one_line")]
        if errors:
            raise ValidationError(errors)


class EditedModel(models.Model):
    """When it was created and last edited, and by whom last (the newsroom's texts: articles, translations)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last edited"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        abstract = True


@functools.cache
def _url_pattern(view_name, placeholders, script_prefix):
    url = reverse(view_name, kwargs=dict(placeholders)).replace("{", "{{").replace("}", "}}")
    for name, value in placeholders:  # whole path segments, so that a script prefix cannot be mistaken
        url = url.replace(f"/{value}/", "/{" + name + "}/", 1)
    return url


# Values no real argument has, one per URL converter the portal uses (slug, four-digit year, two-digit day).
PLACEHOLDERS = {"slug": "x-url-slug-x", "year": 1111, "month": "22", "day": "33"}


def url_maker(view_name, *names):
    """A function making ``view_name``'s address from keyword arguments ``names``: reversed once, then
    formatted. Pages link hundreds of objects, and reverse() costs more than the rest of a link."""
    placeholders = tuple((name, PLACEHOLDERS[name]) for name in names)
    pattern = _url_pattern(view_name, placeholders, get_script_prefix())
    return pattern.format
