from django import template
from django.urls import reverse
from django.utils.http import urlencode

from news import images
from news.feeds import feed_token

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_url(context, view_name, *args):
    """A feed's address for a feed reader: personal (with the reader's token) when signed in."""
    url = reverse(view_name, args=args)
    user = getattr(context.get("request"), "user", None)  # error pages may render without middleware
    if user is not None and user.is_authenticated:
        url = f"{url}?{urlencode({'token': feed_token(user)})}"
    return url


@register.inclusion_tag("news/includes/picture.html")
def picture(photo, sizes="100vw", fallback_width=640):
    """A photo as <picture>: WebP and JPEG renditions with srcset, and the size known up front (no layout shift)."""
    fallback = images.best_rendition(photo, "jpeg", fallback_width)
    if fallback is None:
        return {"photo": None}
    return {
        "photo": photo,
        "sizes": sizes,
        "webp_srcset": images.srcset(photo, "webp"),
        "jpeg_srcset": images.srcset(photo, "jpeg"),
        "src": photo.image.storage.url(fallback["name"]),
        "width": fallback["width"],
        "height": fallback["height"],
    }


@register.simple_tag
def large_rendition(photo, max_width=1920):
    """The largest JPEG rendition up to ``max_width`` (for the lightbox), or None."""
    rendition = images.best_rendition(photo, "jpeg", max_width)
    if rendition is None:
        return None
    return {**rendition, "url": photo.image.storage.url(rendition["name"])}
