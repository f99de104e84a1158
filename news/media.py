"""Private media: uploads are served only after the same sign-in check as the pages.

Readers get renditions (made at upload, metadata stripped); originals are for
staff. In development Django streams the file itself; in production it answers
with ``X-Accel-Redirect`` and nginx serves the file from an ``internal`` location
(README, "Deploying").
"""

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

# Folders of originals: never linked to readers, served to staff only.
ORIGINALS = ("photos",)


@login_not_required  # checked here, so that anonymous requests get the sign-in redirect, not a 404
@require_safe
def serve(request, path):
    if settings.PORTAL_LOGIN_REQUIRED and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    parts = PurePosixPath(path).parts
    if parts and parts[0] in ORIGINALS and not request.user.is_staff:
        raise Http404
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
    except SuspiciousFileOperation as error:
        raise Http404 from error
    accel_prefix = settings.PORTAL_MEDIA_ACCEL_REDIRECT
    if accel_prefix:
        response = HttpResponse(content_type=mimetypes.guess_type(path)[0] or "application/octet-stream")
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + path
    else:
        try:
            response = FileResponse(open(full_path, "rb"))  # noqa: SIM115 (FileResponse closes it)
        except (FileNotFoundError, IsADirectoryError) as error:
            raise Http404 from error
    # Private: shared caches must not keep a copy; the browser may (names change with the content).
    response["Cache-Control"] = "private, max-age=86400"
    return response
