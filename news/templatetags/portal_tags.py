import unicodedata

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from news.identity import site_name
from news.personal import ACCOUNT_SLOT, account_links, unread_slot

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


@register.filter
def nfc(text):
    """Text in composed form (NFC): Django's own language names are decomposed ("Tiếng Việt" as e + marks)."""
    return unicodedata.normalize("NFC", str(text))


@register.simple_tag
def portal_site_name():
    return site_name()


@register.simple_tag
def portal_logo_url():
    """The company's logo: PORTAL_LOGO, a static file's path or a full address."""
    logo = settings.PORTAL_LOGO
    return logo if logo.startswith(("/", "http://", "https://")) else static(logo)


@register.simple_tag
def unread_mark(article):
    """The placeholder of an article's unread mark outside the cards (the front page's lead story)."""
    return mark_safe(unread_slot(article.pk, article.publish_at))


@register.simple_tag
def portal_contacts():
    """The footer's contact line: PORTAL_CONTACTS, else the portal's translated default."""
    return settings.PORTAL_CONTACTS or _("Questions about the portal: the Communications Department.")


@register.simple_tag
def portal_sign_in_help():
    return settings.PORTAL_SIGN_IN_HELP or _(
        "Cannot sign in? Call the IT help desk of the Information Technology and Communication Centre."
    )
