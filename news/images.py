"""Image rules: what an upload must be before it becomes a photo, and the sized copies readers are served.

Plain Pillow, not a thumbnail library: measured faster (docs/PERFORMANCE.md), and none of them strips
metadata or writes srcset. One decode per upload, JPEGs decoded at reduced scale with
``Image.draft()``, EXIF orientation applied, every piece of metadata (EXIF, GPS, XMP, ICC, comments)
left behind. Renditions are made once, at upload; a page view only reads ``Photo.renditions``.
"""

import contextlib
import io
import math
import os
import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

# Decoded format → the extension a stored original gets. MPO: a camera JPEG with a preview frame appended.
ACCEPTED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
try:  # HEIC from phones, only where the optional plugin is installed (it is not a dependency)
    from pillow_heif import register_heif_opener
except ImportError:
    pass
else:
    register_heif_opener()
    ACCEPTED_FORMATS["HEIF"] = "heic"
# The only files media serving answers with, and the type each is sent as (never guessed).
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "heic": "image/heic",
}

RENDITION_WIDTHS = (320, 640, 1280, 1920)
PORTRAIT_WIDTHS = (160, 320, 640)  # a portrait is shown 160 px wide: 1×, 2× and 4× screens
FORMATS = {"webp": ("WEBP", "webp"), "jpeg": ("JPEG", "jpg")}  # rendition format: (Pillow format, extension)
# Measured (docs/PERFORMANCE.md): WebP method 4 (cwebp's default) takes twice as long as method 0 (Pillow's)
# for files 1% smaller; progressive JPEG costs 10% more time for files 2% smaller, in the fallback format.
ENCODER_OPTIONS = {
    "webp": {"quality": 80, "method": 0},
    "jpeg": {"quality": 82, "optimize": True},
}
# Pillow's default filter, antialiased when reducing; LANCZOS is a shade sharper and a quarter slower.
RESAMPLE = Image.Resampling.BICUBIC
TURNED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
SRGB = ImageCms.createProfile("sRGB")


# Validation ---------------------------------------------------------------------------------------------------------


def validate_image(upload):
    """Decode the upload to prove it is a JPEG, PNG or WebP within the size limits; return its extension.

    The extension and the browser's content type prove nothing; only decoding does. The pixel count
    is checked from the header before anything is decoded. Raises ValidationError naming the file,
    for anything wrong with it (never a 500, never Pillow's DecompressionBombWarning). Leaves the
    file position where it was. Returns the extension of the decoded format ("jpg", "png", "webp",
    "heic"), and remembers it on the upload, so that storing it (news/uploads.py) decodes it no more.
    """
    name = os.path.basename(getattr(upload, "name", None) or "")
    position = upload.tell()
    try:
        size = getattr(upload, "size", None)
        if size is None:
            size = upload.seek(0, os.SEEK_END) - position
        limit = settings.PORTAL_MAX_UPLOAD_BYTES  # read here, not at import: tests and deployments change it
        if size > limit:
            raise ValidationError(
                _("%(name)s is larger than %(limit)d MB."), params={"name": name, "limit": limit // 2**20}
            )
        upload.seek(position)
        extension = _check_decodes(upload, name)
    finally:
        upload.seek(position)
    with contextlib.suppress(AttributeError):  # a plain binary file takes no attributes: it is decoded again
        upload.checked_extension = extension
    return extension


def _check_decodes(upload, name):
    pixel_limit = settings.PORTAL_MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it: make that a refusal too, not a log line.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload) as image:  # reads the header only
                if image.format not in ACCEPTED_FORMATS:
                    raise ValidationError(_("%(name)s is not a JPEG, PNG or WebP image."), params={"name": name})
                if image.width * image.height > pixel_limit:
                    raise ValidationError(
                        _("%(name)s has too many pixels (%(width)d×%(height)d)."),
                        params={"name": name, "width": image.width, "height": image.height},
                    )
                # Decoding every byte is what finds a truncated or corrupt file; at 1/8 scale a JPEG still
                # reads its whole stream, with 1/64 of the memory (24 MP: 70 ms instead of 105 ms).
                image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
                return ACCEPTED_FORMATS[image.format]
        except ValidationError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise _too_many_pixels(name, min(pixel_limit, Image.MAX_IMAGE_PIXELS or pixel_limit)) from error
        except UnidentifiedImageError as error:  # no image format recognised it: a text file named .jpg, say
            raise ValidationError(_("%(name)s is not a JPEG, PNG or WebP image."), params={"name": name}) from error
        except Exception as error:  # truncated, corrupt or hostile: whatever the decoder raised, never a 500
            raise ValidationError(_("%(name)s is not a readable image."), params={"name": name}) from error


def _too_many_pixels(name, limit):
    return ValidationError(
        _("%(name)s has too many pixels (more than %(limit)d megapixels)."),
        params={"name": name, "limit": limit // 1_000_000},
    )


# Renditions ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "webp" or "jpeg"
    data: bytes


def widths_for(width, widths=RENDITION_WIDTHS, own_width=False):
    """The rendition widths of an image ``width`` pixels wide: the standard ``widths`` up to its width (never
    upscaled), and, with ``own_width``, its own width when it falls between two of them (a 1,200-px original:
    320, 640 and 1200, so the lightbox is not left with 640). An image narrower than the smallest width gets
    one rendition at its own width."""
    fitting = [w for w in sorted(widths) if w <= width]
    if not fitting or (own_width and width > fitting[-1] and width < max(widths)):
        fitting.append(width)
    return fitting


def render_renditions(fileobj, widths=RENDITION_WIDTHS, own_width=False):
    """Decode ``fileobj`` once and encode it at each of ``widths_for`` its width, as WebP and JPEG.

    Returns ``((width, height), [Rendition, …])``: the original's size once oriented, and the
    renditions, widest first. Never upscales: widths wider than the image are skipped; with ``own_width``
    (photos, for the lightbox; not portraits, shown at one size) the image's own width is added when it
    falls between two of ``widths``; an image narrower than the smallest width gets one at its own width.
    """
    image = Image.open(fileobj)
    turned = image.getexif().get(ExifTags.Base.Orientation) in TURNED
    width, height = (image.height, image.width) if turned else image.size
    widths = widths_for(width, widths, own_width)
    # Let libjpeg decode at 1/2, 1/4 or 1/8 scale, the smallest still at least the widest rendition:
    # most of the time goes into decoding all 24 megapixels otherwise. (No-op for PNG and WebP.)
    scale = widths[-1] / width
    image.draft(image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    ImageOps.exif_transpose(image, in_place=True)
    image = _srgb(image)

    renditions = []
    for w in reversed(widths):  # each from the previous one: less work than from the decoded size every time
        h = max(1, round(height * w / width))
        image = image.resize((w, h), RESAMPLE)
        for fmt in FORMATS:
            renditions.append(Rendition(w, h, fmt, _encode(image, fmt)))
    return (width, height), renditions


def _srgb(image):
    """The pixels as RGB (RGBA when transparent) in sRGB, with nothing but pixels left in ``info``."""
    mode = "RGBA" if image.has_transparency_data else "RGB"
    if image.mode not in (mode, "L", "CMYK"):  # L and CMYK may have a profile of their own: convert below
        image = image.convert(mode)
    if icc := image.info.get("icc_profile"):
        # A broken or unusual profile: the pixels as they are beat no photo.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError, TypeError):
            image = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), SRGB, outputMode=mode)
    if image.mode != mode:
        image = image.convert(mode)
    # Pillow carries info (EXIF, XMP, ICC, the JPEG comment…) through resize and may write some of it
    # back on save: the renditions carry pixels only.
    image.info = {}
    return image


def _encode(image, fmt):
    if fmt == "jpeg" and image.mode == "RGBA":  # JPEG has no alpha: flatten on white, as the page is
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    buffer = io.BytesIO()
    image.save(buffer, FORMATS[fmt][0], **ENCODER_OPTIONS[fmt])
    return buffer.getvalue()


RENDITION_FOLDER = "renditions/"
# renditions/<original's name>-<width>.<webp|jpg>: one original, one set of names (the original's
# name is unique, extension included, so two originals never share a rendition).
_RENDITION_NAME = re.compile(r"^renditions/(?P<original>.+)-(?P<width>[0-9]+)\.(?:webp|jpg)$")


def rendition_name(original, width, fmt):
    """The stored name of ``original``'s rendition ``width`` pixels wide in ``fmt`` ("webp" or "jpeg")."""
    return f"{RENDITION_FOLDER}{original}-{width}.{FORMATS[fmt][1]}"


def original_of(name):
    """The original name a rendition name was made from (``rendition_name`` backwards), or None.

    Renditions made before 0012_upload_names were named after the original's name less its extension:
    for those this is that stem, and no original has exactly that name.
    """
    match = _RENDITION_NAME.match(name)
    return match["original"] if match else None


def store_renditions(field_file, widths=RENDITION_WIDTHS, own_width=False):
    """Render the image of ``field_file`` and store its renditions next to it, through its own storage.

    Returns ``(records, (width, height))``: ``[{"width", "height", "format", "name"}, …]`` sorted by
    format then width, and the original's size once oriented. A file not yet in storage is stored
    first (named by news/uploads.py), so the renditions are named after its final name. Safe to run
    again: a rendition of the same name is replaced.
    """
    if not field_file._committed:
        field_file.save(field_file.name, field_file.file, save=False)  # what the model's save() would do
    storage = field_file.storage
    with storage.open(field_file.name, "rb") as handle:
        size, renditions = render_renditions(handle, widths, own_width)
    records = []
    for rendition in renditions:
        name = rendition_name(field_file.name, rendition.width, rendition.format)
        delete_files([name], storage)  # same original, same name: replace it rather than pile up "_abc1234" copies
        name = storage.save(name, ContentFile(rendition.data))  # storage may still pick another: keep its word
        records.append({"width": rendition.width, "height": rendition.height, "format": rendition.format, "name": name})
    return sorted(records, key=lambda r: (r["format"], r["width"])), size


def save_renditions(photo):
    """Render ``photo.image`` and store its renditions (``store_renditions``), the photo's own width among
    them when it falls between the standard ones (the lightbox shows a 1,200-px photo at 1,200 px).

    Sets ``photo.renditions`` and ``photo.width``/``photo.height`` (the original's size once
    oriented); does not save the photo.
    """
    photo.renditions, (width, height) = store_renditions(photo.image, own_width=True)
    # After the image is stored: storing it made ImageField set its unoriented size.
    photo.width, photo.height = width, height
    return photo.renditions


def delete_files(names, storage=None):
    """Delete stored files by name; missing ones are fine. (Only for files nothing refers to any more:
    a kept revision may restore a deleted photo with its files, so content scans never delete.)"""
    storage = storage or default_storage  # where Photo.image and Person.portrait store their files
    for name in names:
        with contextlib.suppress(FileNotFoundError):  # FileSystemStorage ignores it already; not every storage does
            storage.delete(name)


# For templates ------------------------------------------------------------------------------------------------------


def _of_format(renditions, fmt):
    return sorted((r for r in renditions or [] if r["format"] == fmt), key=lambda r: r["width"])


def srcset(photo, fmt):
    """``"url 320w, url 640w, …"`` for the ``fmt`` ("webp" or "jpeg") renditions; "" when there are none."""
    return srcset_of(photo.renditions, photo.image.storage, fmt)


def srcset_of(renditions, storage, fmt):
    """``srcset`` of any list of rendition records (a portrait's, say)."""
    return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in _of_format(renditions, fmt))


def best_rendition(photo, fmt, max_width):
    """The widest ``fmt`` rendition no wider than ``max_width`` (the narrowest if all are wider), or None."""
    return best_of(photo.renditions, fmt, max_width)


def best_of(renditions, fmt, max_width):
    """``best_rendition`` of any list of rendition records."""
    renditions = _of_format(renditions, fmt)
    fitting = [r for r in renditions if r["width"] <= max_width]
    return fitting[-1] if fitting else (renditions[0] if renditions else None)
