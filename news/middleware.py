from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a sign-in (but views marked ``login_not_required``), unless
    PORTAL_LOGIN_REQUIRED is off for an install on a closed network."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PORTAL_LOGIN_REQUIRED:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
