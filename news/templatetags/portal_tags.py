from django import template
from django.utils.safestring import mark_safe

from news.personal import ACCOUNT_SLOT, account_links

register = template.Library()


@register.simple_tag(takes_context=True)
def media_with_nonce(context, media):
    """Render form media with the request's CSP nonce (django-js-asset's Media accepts it)."""
    nonce = getattr(context.get("request"), "csp_nonce", None)
    try:
        return media.render(attrs={"nonce": str(nonce)} if nonce is not None else None)
    except TypeError:  # a plain forms.Media: no inline scripts to sign
        return mark_safe(str(media))


@register.filter
def minutes(duration):
    """A timedelta as whole minutes (rounded up), for messages such as the sign-in lockout."""
    seconds = duration.total_seconds() if duration else 0
    return int(-(-seconds // 60))


@register.simple_tag(name="account_links", takes_context=True)
def account_links_tag(context):
    """The reader's own links where the page is not cached; a placeholder where it is."""
    request = context["request"]
    if getattr(request, "personal_slots", False):
        return mark_safe(ACCOUNT_SLOT.decode())
    return account_links(request)
