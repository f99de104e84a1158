"""Private media: an upload is served only to whom the access policy shows the object it belongs to.

Each file belongs to a photo or a portrait, found by its exact name (news/images.py names a
rendition after its original): readers get renditions of the photos they may see and of portraits;
staff also get renditions of what ``policy.can(user, "view", …)`` allows; originals only go to
those who may change the photo or person, as a download. A name that is no one's is a 404, and
so is any path with ``..``, ``.``, ``%``, a backslash or a control character in it.

Every answer carries a content type from a fixed map of image formats (anything else is not
served), ``nosniff`` and a CSP that forbids everything: an upload can never run as a page. In
development Django streams the file itself; in production it answers with ``X-Accel-Redirect``
and nginx serves the file from an ``internal`` location (README, "Deploying").
"""

import os

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from news import images, policy
from news.models import FeedToken, Person, Photo

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


@login_not_required  # checked here, so that anonymous requests get the sign-in redirect, not a 404
@require_safe
def serve(request, path):
    # A feed reader has no session: the photos a feed encloses carry the reader's feed token. It opens only
    # renditions, only those its owner may see; an original always needs a signed-in session (below).
    # It opens what its feed could show (what its owner reads), never the newsroom's wider view of a staff owner.
    reader, by_token = request.user, False
    if not reader.is_authenticated and request.GET.get("token"):
        token_owner = FeedToken.objects.user_for_key(request.GET.get("token"))
        reader, by_token = (token_owner, True) if token_owner is not None else (reader, False)
    if settings.PORTAL_LOGIN_REQUIRED and not reader.is_authenticated:
        return redirect_to_login(request.get_full_path())
    content_type = images.CONTENT_TYPES.get(extension(checked_path(path)))
    if content_type is None:
        raise Http404
    original = images.original_of(path) is None
    if original:
        allowed = may_download_original(request.user, path)
    else:
        allowed = may_see_rendition(reader, path, as_newsroom=not by_token)
    if not allowed:
        raise Http404
    response = file_response(path, content_type)
    if original:  # a download, never shown inline: the original keeps whatever the camera wrote into it
        response["Content-Disposition"] = content_disposition_header(True, os.path.basename(path))
    for header, value in SECURITY_HEADERS.items():
        response[header] = value
    # Private: shared caches must not keep a copy; the browser may (names change with the content).
    response["Cache-Control"] = "private, max-age=86400"
    return response


def checked_path(path):
    """``path`` if it is a plain relative name, else 404: no ``..`` or ``.`` segment (however encoded:
    Django has decoded ``%2e`` already, and a ``%`` left is a double encoding), no empty segment,
    backslash or control character (NUL)."""
    if "%" in path or "\\" in path or any(ord(char) < 32 or ord(char) == 127 for char in path):
        raise Http404
    if any(segment in ("", ".", "..") for segment in path.split("/")):
        raise Http404
    return path


def extension(path):
    return os.path.splitext(path)[1][1:].lower()


def photos_named(original):
    return Photo.objects.filter(image=original)


def may_see_rendition(user, name, as_newsroom=True):
    """Renditions: of a portrait, to anyone signed in; of a photo, to readers once it is visible (and meant for
    them: its article's or event's audience) and, in a session (``as_newsroom``), to staff whom the policy lets
    view it."""
    original = images.original_of(name)
    if Person.objects.filter(portrait=original).exists():
        return True
    photos = photos_named(original)
    if not photos.exists():
        # Renditions made before 0012_upload_names are named after the original less its extension.
        photos = Photo.objects.filter(pk__in=old_style_owners(original, name))
    if photos.for_reader(user).exists():
        return True
    return as_newsroom and any(policy.can(user, policy.VIEW, photo) for photo in photos.select_related("article"))


def old_style_owners(stem, name):
    """Ids of the photos that list ``name`` among their renditions and whose original is ``stem``.<ext>."""
    candidates = Photo.objects.filter(image__startswith=f"{stem}.").values_list("pk", "renditions")
    return [pk for pk, renditions in candidates if any(r.get("name") == name for r in renditions or [])]


def may_download_original(user, name):
    """Originals: only to those who may change a photo or person that has it."""
    owners = [*photos_named(name).select_related("article"), *Person.objects.filter(portrait=name)]
    return any(policy.can(user, policy.CHANGE, owner) for owner in owners)


def file_response(path, content_type):
    accel_prefix = settings.PORTAL_MEDIA_ACCEL_REDIRECT
    if accel_prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + path
        return response
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
        return FileResponse(open(full_path, "rb"), content_type=content_type)  # noqa: SIM115 (FileResponse closes it)
    except (SuspiciousFileOperation, FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError) as error:
        raise Http404 from error
