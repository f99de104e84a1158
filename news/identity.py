"""The portal's identity: the company's name for the site, in the reader's language (README, "Configuration").

PORTAL_SITE_NAME (Vietnamese, the portal's language), PORTAL_SITE_NAME_RU and PORTAL_SITE_NAME_EN name the site
as the company calls it; without them the portal's own translated name is used. One place, so the header,
the sign-in page, the feeds and the calendar all say the same.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


def site_name(language=None):
    """The site's name in ``language`` (default: the active one)."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    names = settings.PORTAL_SITE_NAME
    if names.get(code):
        return names[code]
    if not any(names.values()):
        with translation.override(code):
            return gettext("Vietsovpetro intranet portal")
    return names.get(settings.LANGUAGE_CODE) or next(name for name in names.values() if name)
