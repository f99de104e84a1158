"""Article history: what django-reversion keeps (an article with its photos and the people on them,
credits, mentions and translations), and which versions may be reverted to or recovered.

``version`` is left out: it counts saves for optimistic locking, and restoring
an old version must not turn that count back.
"""

import reversion
from reversion.models import Version

from news.models import Article, ArticleCredit, ArticleMention, ArticleTranslation, OldSlug, Photo, PhotoPerson


def register():
    if reversion.is_registered(Article):
        return
    reversion.register(OldSlug)  # not followed: only so that comparing versions does not warn about it
    reversion.register(PhotoPerson)
    reversion.register(Photo, follow=["people_shown"])
    reversion.register(ArticleCredit)
    reversion.register(ArticleMention)
    reversion.register(ArticleTranslation)
    reversion.register(Article, exclude=["version"], follow=["photos", "credits", "mentions", "translations"])


def is_own_version(article, version_id):
    """Is ``version_id`` one of ``article``'s versions? django-reversion's revert view matches by object id
    alone, so a photo's version with the same id would revert that photo's revision, another article's."""
    return Version.objects.get_for_object(article).filter(pk=version_id).exists()


def is_deleted_article_version(version_id):
    """Is ``version_id`` the version of a deleted article (all that "recover" may bring back)?"""
    return Version.objects.get_deleted(Article).filter(pk=version_id).exists()
