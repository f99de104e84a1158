"""Who an article or event is for: setting it the same way on every path (the newsroom's forms, scripts), and
the people it reaches (must-read reports, reminders)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from news.models.scopes import unit_parents, with_units_above


def audience_saved(content):
    """After ``content``'s audience (units, groups) was saved: note whether it is for some readers only, and
    save, so that the pages showing it are thrown away (the page cache listens to saves)."""
    content.restricted = content.audience_units.exists() or content.audience_groups.exists()
    content.save(update_fields=["restricted"])


def set_audience(content, units=(), groups=()):
    """Make ``content`` (a saved article or event) for ``units`` and ``groups``; none of either: for everyone."""
    content.audience_units.set(units)
    content.audience_groups.set(groups)
    audience_saved(content)


def audience_members(article):
    """The active users ``article`` is meant for: everyone, or those working in one of its units (or a unit
    below one) or belonging to one of its groups; the same rule as ``Article.objects.visible_to``."""
    users = get_user_model().objects.filter(is_active=True)
    if not article.restricted:
        return users
    audience_units = set(article.audience_units.values_list("pk", flat=True))
    units = [unit for unit in unit_parents() if with_units_above(unit) & audience_units]
    groups = article.audience_groups.all()
    return users.filter(Q(profile__unit__in=units) | Q(groups__in=groups)).distinct()
