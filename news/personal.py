"""What a page shows one reader only: added per request, never part of a page cached for everyone.

Pages cached whole (news/page_cache.py) hold placeholders that ``fill_personal_parts`` replaces.
"""

import functools
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
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
    match = request.resolver_match
    on_subscriptions = match is not None and match.view_name == "news:subscriptions"
    return signed_in_links(get_language(), get_script_prefix(), user.is_staff, on_subscriptions)


@functools.lru_cache(maxsize=64)
def signed_in_links(language, script_prefix, is_staff, on_subscriptions):
    """The signed-in links for one kind of reader: the same for every reader of that kind, so made once
    (they are added to every page served, cached ones included)."""
    subscriptions_url = reverse("news:subscriptions")
    current = mark_safe(' aria-current="page"') if on_subscriptions else ""
    links = [
        format_html('<a href="{}">{}</a>', reverse("admin:index"), _("Newsroom")) if is_staff else "",
        format_html('<a href="{}"{}>{}</a>', subscriptions_url, current, _("My subscriptions")),
        format_html('<a href="{}">{}</a>', reverse("logout"), _("Sign out")),
    ]
    return mark_safe("\n".join(link for link in links if link))


# Each placeholder a shared page may hold, and what fills it for the reader of this request (HTML).
PERSONAL_PARTS = {ACCOUNT_SLOT: account_links}


def fill_personal_parts(request, response):
    """Put the reader's own parts where the shared copy left placeholders."""
    if response.streaming:
        return response
    content = response.content
    for slot, render in PERSONAL_PARTS.items():
        if slot in content:
            content = content.replace(slot, str(render(request)).encode(), 1)
    response.content = content
    return response
