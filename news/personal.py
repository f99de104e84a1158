"""What a page shows one reader only: added per request, never part of a page cached for everyone.

Pages cached whole (news/page_cache.py) hold placeholders that ``fill_personal_parts`` replaces.
"""

from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Where base.html leaves the reader's own links in a page cached for everyone.
ACCOUNT_SLOT = b"<!--portal:account-->"


def account_links(request):
    """The reader's own links in the header: the newsroom for staff, subscriptions and sign-out, or
    sign-in. Per request, never in a page cached for everyone (news/page_cache.py fills them in)."""
    user = request.user
    if not user.is_authenticated:
        return format_html(
            '<a href="{}?next={}">{}</a>', reverse("login"), quote(request.get_full_path()), _("Sign in")
        )
    subscriptions_url = reverse("news:subscriptions")
    current = mark_safe(' aria-current="page"') if request.path == subscriptions_url else ""
    links = [
        format_html('<a href="{}">{}</a>', reverse("admin:index"), _("Newsroom")) if user.is_staff else "",
        format_html('<a href="{}"{}>{}</a>', subscriptions_url, current, _("My subscriptions")),
        format_html('<a href="{}">{}</a>', reverse("logout"), _("Sign out")),
    ]
    return mark_safe("\n".join(link for link in links if link))


def fill_personal_parts(request, response):
    """Put the reader's own links where the shared copy left a placeholder."""
    if response.streaming or ACCOUNT_SLOT not in response.content:
        return response
    response.content = response.content.replace(ACCOUNT_SLOT, account_links(request).encode(), 1)
    return response
