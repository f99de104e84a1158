from django import template

from news import images

register = template.Library()


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
