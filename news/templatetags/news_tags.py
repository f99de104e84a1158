from django import template
from django.urls import reverse
from django.utils.http import urlencode

from news.feeds import feed_token

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_url(context, view_name, *args):
    """A feed's address for a feed reader: personal (with the reader's token) when signed in."""
    url = reverse(view_name, args=args)
    user = context["request"].user
    if user.is_authenticated:
        url = f"{url}?{urlencode({'token': feed_token(user)})}"
    return url
