import re

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from news import policy
from news.models import Photo
from news.uploads import UPLOAD_PAGES

UPLOAD_PAGE = re.compile(UPLOAD_PAGES)


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a sign-in (but views marked ``login_not_required``), unless
    PORTAL_LOGIN_REQUIRED is off for an install on a closed network."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Open views are decided before request.user is touched: /healthz must answer (503 in JSON)
        # even when the session store, the database, is down.
        if not settings.PORTAL_LOGIN_REQUIRED or not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PortalLocaleMiddleware(LocaleMiddleware):
    """The portal speaks Vietnamese unless the reader chose another language with the switch (or the
    page's address asks for one: ``?lang=ru``).

    A browser's Accept-Language is ignored on purpose: most intranet PCs run an
    English Windows, and the portal is Vietnamese first.
    """

    def process_request(self, request):
        # ?lang= shows one page in a language without changing the reader's choice (the hreflang alternates).
        chosen = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = dict(settings.LANGUAGES)
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestBodyLimitMiddleware:
    """A request body larger than PORTAL_MAX_BODY_BYTES is refused (413) before anything reads it, unless it goes
    to an upload page (news/uploads.py, UPLOAD_PAGES) from someone who may add or change photos. Django would
    otherwise write a large multipart body to a temporary file as soon as the CSRF check reads the form: an
    anonymous 100 MB POST to the sign-in page held a worker and the disk before the view ran. (Behind nginx only
    the upload pages take such a body at all.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > settings.PORTAL_MAX_BODY_BYTES and not may_upload(request):
            return HttpResponse(_("The request is too large."), status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def may_upload(request):
    user = request.user
    return bool(UPLOAD_PAGE.match(request.path_info)) and (
        policy.can(user, policy.ADD, model=Photo) or policy.can(user, policy.CHANGE, model=Photo)
    )
