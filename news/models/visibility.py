"""The article states and the rule that makes one visible to readers, shared by articles and their photos
(here, so that news/models/articles.py and photos.py need not import each other)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def published_condition(prefix="", now=None):
    """The visibility rule as a condition, also usable across a relation (``prefix="article__"``)."""
    return models.Q(**{f"{prefix}status": ArticleStatus.PUBLISHED, f"{prefix}publish_at__lte": now or timezone.now()})
