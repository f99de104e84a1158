"""Who has read what: the record of reads behind unread marks and reading statistics (seen only aggregated),
and must-read acknowledgements (which editors see by name)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleRead(models.Model):
    """A reader opened an article on a day (one row a reader, article and day: unique readers per day). The
    unit is the reader's then, so statistics by unit need no join and stay true when people move."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    unit = models.ForeignKey("news.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("read")
        verbose_name_plural = _("reads")
        constraints = [models.UniqueConstraint(fields=["article", "user", "day"], name="article_read_once_a_day")]
        # A reader's unread marks: has this reader opened these articles (any day)?
        indexes = [
            models.Index(fields=["user", "article"], name="article_read_user_idx"),
            # Statistics: the reads of the last days (most read of the week and month, readers per day).
            models.Index(fields=["day", "article"], name="article_read_day_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}"


class Acknowledgement(models.Model):
    """A reader confirmed having read a must-read article: when, in which round of asking, and which text."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements")
    round = models.PositiveIntegerField(_("round"))
    # The article's text_fingerprint when acknowledged: which version of the text the reader confirmed.
    text_fingerprint = models.CharField(max_length=64)
    acknowledged_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["article", "user", "round"], name="acknowledgement_once_a_round")
        ]

    def __str__(self):
        return f"{self.user} – {self.article}"
