"""Setting who an article or event is for, the same way on every path (the newsroom's forms, scripts)."""


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
