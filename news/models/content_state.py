from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentState(models.Model):
    """One row: a counter bumped whenever reader-visible content changes, and the next moment
    content changes by itself (a scheduled article comes due, an upcoming event starts).

    Cached pages are keyed by the counter (news/page_cache.py). It lives in the database, not in
    a cache, so every application server sees the same value and no stale page survives.
    """

    generation = models.PositiveBigIntegerField(default=0)
    next_change = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("content state")
        verbose_name_plural = _("content state")

    def __str__(self):
        return f"{self.generation}"
