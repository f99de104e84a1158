from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
