from django import template

from news import search

register = template.Library()


@register.simple_tag
def highlight(text, terms):
    """An excerpt of ``text`` with the searched words marked (escaped; safe to print)."""
    return search.snippet(text, terms)
