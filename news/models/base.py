"""What every portal model shares: NFC text and server-made Vietnamese slugs."""

from django.db import models

from news.text import normalize_model_text, unique_slug


class PortalModel(models.Model):
    """Normalises text to NFC and fills an empty slug from ``slug_source`` on save.

    A slug is made once: editing the title later keeps the published URL.
    """

    slug_source = None  # name of the field a new slug is made from

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalize_model_text(self)
        if self.slug_source and not self.slug:
            self.slug = unique_slug(self, getattr(self, self.slug_source))
        super().save(*args, **kwargs)
