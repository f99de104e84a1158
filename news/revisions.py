"""What django-reversion keeps: an article with its photos (and the people on them), credits and mentions.

``version`` is left out: it counts saves for optimistic locking, and restoring
an old version must not turn that count back.
"""

import reversion

from news.models import Article, ArticleCredit, ArticleMention, OldSlug, Photo, PhotoPerson


def register():
    if reversion.is_registered(Article):
        return
    reversion.register(OldSlug)  # not followed: only so that comparing versions does not warn about it
    reversion.register(PhotoPerson)
    reversion.register(Photo, follow=["people_shown"])
    reversion.register(ArticleCredit)
    reversion.register(ArticleMention)
    reversion.register(Article, exclude=["version"], follow=["photos", "credits", "mentions"])
