"""Articles as the newsroom saves them: an address that changes keeps its old links working."""

from news.models import OldSlug


def saved(article, previous_slug):
    """After ``article`` was saved: if its slug changed from ``previous_slug``, links to the old address
    redirect to the new one. Only this article's own old slugs are touched: another article's old links
    are never moved or dropped (Article.clean refuses a slug they use)."""
    if not previous_slug or previous_slug == article.slug:
        return
    OldSlug.objects.filter(slug=article.slug, article=article).delete()  # the article took back an old slug
    OldSlug.objects.get_or_create(slug=previous_slug, defaults={"article": article})


def change_slug(article, slug):
    """Give ``article`` a new address, keeping the old one as a redirect."""
    previous = article.slug
    article.slug = slug
    article.save()
    saved(article, previous)
