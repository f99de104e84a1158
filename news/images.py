"""Image rules: what an upload must be before it becomes a photo."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_UPLOAD_BYTES = getattr(settings, "PORTAL_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
MAX_PIXELS = getattr(settings, "PORTAL_MAX_IMAGE_PIXELS", 60_000_000)


def validate_image(upload):
    """Decode the upload to prove it is a JPEG, PNG or WebP within the size limits.

    The extension and the browser's content type prove nothing; only decoding does.
    Raises ValidationError naming the file.
    """
    name = os.path.basename(upload.name or "")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB."), params={"name": name, "limit": MAX_UPLOAD_BYTES // 2**20}
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("%(name)s is not a JPEG, PNG or WebP image."), params={"name": name})
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("%(name)s has too many pixels (%(width)d×%(height)d)."),
                    params={"name": name, "width": image.width, "height": image.height},
                )
            image.load()  # decodes everything: a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("%(name)s is not a readable image."), params={"name": name}) from error
    finally:
        upload.seek(position)
