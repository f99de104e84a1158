from django.db import models
from django.utils.translation import gettext_lazy as _


class PageTag(models.Model):
    """The generation of one thing cached pages and fragments show ("news", "unit:12", "conferences:2025"):
    a new random number whenever it changes (news/page_cache.py). Kept here, where every server process
    reads the same value, and copied into the shared cache, where a cached page reads it without a query.
    One row, ``clock``, holds the next moment content changes by itself (a scheduled article, an event's
    start) in milliseconds, 0 for none."""

    tag = models.CharField(_("tag"), max_length=200, primary_key=True)
    generation = models.BigIntegerField(_("generation"))

    class Meta:
        verbose_name = _("page tag")
        verbose_name_plural = _("page tags")

    def __str__(self):
        return f"{self.tag}={self.generation}"
