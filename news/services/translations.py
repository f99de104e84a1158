"""Saving an article's translation, the same way on every path (the newsroom's form and list action, the
importer, the demo loader): its publication time follows its state, and the article's search text takes in
what readers may now find in the translation."""

from django.db.models import F
from django.utils import timezone

from news.models import ArticleTranslation, TranslationStatus


def save(translation, user=None, made_current=True):
    """Save ``translation``. ``made_current``: its text now matches the original as it is (it was written or
    checked against it), so it is no longer out of date."""
    if made_current:
        translation.source_fingerprint = translation.article.text_fingerprint
    if translation.status == TranslationStatus.PUBLISHED:
        translation.published_at = translation.published_at or timezone.now()
    else:
        translation.published_at = None
    if user is not None:
        translation.updated_by = user
    translation.save()
    translation.article.refresh_search_document()
    return translation


def confirm_current(translations, user=None):
    """Mark ``translations`` as matching their originals' current text, without changing them."""
    for translation in translations.select_related("article"):
        save(translation, user=user, made_current=True)


def deleted(article):
    """After translations were deleted: search no longer finds the article by their text."""
    article.refresh_search_document()


def out_of_date(queryset=None):
    """The translations whose original changed since they were last made current."""
    queryset = ArticleTranslation.objects.all() if queryset is None else queryset
    return queryset.exclude(source_fingerprint=F("article__text_fingerprint"))
