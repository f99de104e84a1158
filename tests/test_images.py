"""Image rules (news/images.py): what an upload must be, and the renditions readers are served."""

import hashlib
import io
import struct
import warnings
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, ImageDraw

from news import images
from news.models import Photo
from tests.factories import PhotoFactory

ORIENTATION = ExifTags.Base.Orientation
SECRET = "SecretCam-4711"  # put in every kind of metadata; must be in no rendition


def jpeg_bytes(size=(600, 400), exif=None, **save_options):
    """A JPEG whose left half is red and right half blue (so a rotation can be seen), with some texture."""
    image = Image.new("RGB", size, (200, 20, 20))
    ImageDraw.Draw(image).rectangle((size[0] // 2, 0, size[0], size[1]), fill=(20, 20, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif or Image.Exif(), **save_options)
    return buffer.getvalue()


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def png_header(width, height):
    """A PNG that only claims its size: a decompression bomb costs nothing to send."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def refusal(file):
    """The refusal's message, in English."""
    with pytest.raises(ValidationError) as caught:
        images.validate_image(file)
    with translation.override("en"):
        return " ".join(caught.value.messages)


def render(data):
    return images.render_renditions(io.BytesIO(data))


def decoded(rendition):
    return Image.open(io.BytesIO(rendition.data))


# Validation ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        jpeg_bytes(),
        png_bytes(Image.new("RGBA", (40, 30), (0, 0, 0, 0))),
        png_bytes(Image.new("P", (40, 30))),
    ],
    ids=["jpeg", "png-rgba", "png-palette"],
)
def test_jpeg_png_and_webp_are_accepted_and_the_position_kept(data):
    file = upload("anh.jpg", data)
    images.validate_image(file)
    assert file.tell() == 0
    webp = io.BytesIO()
    Image.open(io.BytesIO(data)).save(webp, "WEBP")
    images.validate_image(upload("anh.webp", webp.getvalue()))


def test_text_named_jpg_is_refused_naming_the_file():
    file = upload("DSC_0001.jpg", b"this is not a photo, whatever its name says")
    file.seek(5)
    assert refusal(file) == "DSC_0001.jpg is not a JPEG, PNG or WebP image."
    assert file.tell() == 5, "the position is left where it was, refused or not"


def test_truncated_jpeg_is_refused_naming_the_file():
    noise = Image.effect_noise((256, 256), 60).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG")
    truncated = buffer.getvalue()[: len(buffer.getvalue()) * 2 // 3]
    assert refusal(upload("DSC_0002.jpg", truncated)) == "DSC_0002.jpg is not a readable image."


def test_other_image_formats_are_refused():
    gif = io.BytesIO()
    Image.new("P", (10, 10)).save(gif, "GIF")
    assert refusal(upload("DSC_0003.gif", gif.getvalue())) == "DSC_0003.gif is not a JPEG, PNG or WebP image."


def test_file_over_the_size_limit_is_refused_before_decoding(settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 2**20
    assert refusal(upload("big.jpg", b"x" * (2**20 + 1))) == "big.jpg is larger than 1 MB."


def test_image_over_the_pixel_limit_is_refused_from_its_header(settings):
    settings.PORTAL_MAX_IMAGE_PIXELS = 1000
    assert refusal(upload("wide.jpg", jpeg_bytes((64, 48)))) == "wide.jpg has too many pixels (64×48)."


@pytest.mark.parametrize("side", [10_000, 30_000], ids=["over-pillow-warning", "over-pillow-error"])
def test_decompression_bomb_is_a_refusal_never_a_warning(settings, side):
    # Our own limit above Pillow's, so that Pillow's check (a warning, or an error at twice its limit) is what meets it.
    settings.PORTAL_MAX_IMAGE_PIXELS = 10**10
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        message = refusal(upload("bomb.png", png_header(side, side)))
    assert message == "bomb.png has too many pixels (more than 89 megapixels)."  # Pillow's limit, 89.5 MP
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]


def test_decompression_bomb_is_refused_under_the_default_limit():
    message = refusal(upload("bomb.png", png_header(30_000, 30_000)))
    assert message == "bomb.png has too many pixels (more than 50 megapixels)."


# Renditions ---------------------------------------------------------------------------------------------------------


def widths(renditions, fmt):
    return [r.width for r in renditions if r.format == fmt]


def test_widths_stop_at_the_image_width():
    size, renditions = render(jpeg_bytes((1900, 950)))
    assert size == (1900, 950)
    for fmt in ("webp", "jpeg"):
        assert sorted(widths(renditions, fmt)) == [320, 640, 1280], "no 1920: that would be upscaling"
    assert [(r.width, r.height) for r in renditions if r.format == "jpeg"] == [(1280, 640), (640, 320), (320, 160)]
    _size, renditions = render(jpeg_bytes((2000, 1000)))
    assert sorted(widths(renditions, "webp")) == [320, 640, 1280, 1920]


def test_never_upscaled_a_small_image_gets_one_rendition_at_its_own_width():
    size, renditions = render(png_bytes(Image.new("RGB", (200, 150), "white")))
    assert size == (200, 150)
    assert [(r.format, r.width, r.height) for r in renditions] == [("webp", 200, 150), ("jpeg", 200, 150)]
    assert [decoded(r).size for r in renditions] == [(200, 150), (200, 150)]


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # camera held upright: the picture is stored on its side
    size, renditions = render(jpeg_bytes((600, 400), exif=exif))
    assert size == (400, 600)
    for rendition in renditions:
        image = decoded(rendition).convert("RGB")
        assert image.size == (320, 480) == (rendition.width, rendition.height)
        red, _green, blue = image.getpixel((160, 20))
        assert red > 150 > blue, "the stored left half (red) is on top once turned"


def test_renditions_carry_no_metadata():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRET
    exif[ORIENTATION] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (10.0, 45.0, 30.0)
    gps[ExifTags.GPS.GPSAreaInformation] = SECRET
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{SECRET}</rdf:Description></x:xmpmeta>'
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = jpeg_bytes((700, 500), exif=exif, comment=SECRET, xmp=xmp.encode(), icc_profile=srgb)
    assert data.count(SECRET.encode()) == 4 and b"Exif" in data  # the test photo does carry it all

    _size, renditions = render(data)
    assert {r.format for r in renditions} == {"webp", "jpeg"}
    for rendition in renditions:
        assert b"Exif" not in rendition.data and SECRET.encode() not in rendition.data
        assert b"GPS" not in rendition.data and b"xmpmeta" not in rendition.data
        image = decoded(rendition)
        assert not image.getexif() and not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)


def test_transparency_is_kept_in_webp_and_flattened_on_white_in_jpeg():
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    _size, renditions = render(png_bytes(image))
    webp, jpeg = (decoded(next(r for r in renditions if r.format == fmt)) for fmt in ("webp", "jpeg"))
    assert webp.mode == "RGBA" and webp.getpixel((5, 5))[3] == 0
    assert jpeg.mode == "RGB" and min(jpeg.getpixel((5, 5))) > 245


@pytest.mark.parametrize("mode", ["L", "LA", "P", "CMYK", "I;16"])
def test_any_accepted_mode_becomes_rgb(mode):
    image = Image.new(mode, (330, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG" if mode == "CMYK" else "PNG")
    _size, renditions = render(buffer.getvalue())
    assert {decoded(r).mode for r in renditions} <= {"RGB", "RGBA"}


def test_the_upload_is_opened_and_decoded_once_for_all_renditions(monkeypatch):
    counts = {"open": 0, "decode": 0}
    real_open, real_decoder = Image.open, Image._getdecoder

    def counting_open(*args, **kwargs):
        counts["open"] += 1
        return real_open(*args, **kwargs)

    def counting_decoder(*args, **kwargs):
        counts["decode"] += 1
        return real_decoder(*args, **kwargs)

    data = jpeg_bytes((1500, 1000))
    monkeypatch.setattr(Image, "open", counting_open)
    monkeypatch.setattr(Image, "_getdecoder", counting_decoder)
    _size, renditions = render(data)
    assert len(renditions) == 6
    assert counts == {"open": 1, "decode": 1}


def test_a_large_jpeg_is_decoded_at_reduced_scale(monkeypatch):
    sources = []
    real_resize = Image.Image.resize

    def recording_resize(self, size, *args, **kwargs):
        sources.append(self.size)
        return real_resize(self, size, *args, **kwargs)

    data = jpeg_bytes((4000, 2000))
    monkeypatch.setattr(Image.Image, "resize", recording_resize)
    render(data)
    assert sources[0] == (2000, 1000), "1/2 scale: the smallest still at least 1920 wide"


# Storage and templates ----------------------------------------------------------------------------------------------


def test_save_renditions_stores_an_upload_and_its_renditions():
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    data = jpeg_bytes((1500, 1000), exif=exif)
    photo = Photo(image=upload("DSC_0100.jpg", data))
    images.save_renditions(photo)

    storage = photo.image.storage
    digest = hashlib.sha256(data).hexdigest()
    assert photo.image.name == f"photos/{digest[:2]}/{digest}.jpg", "named by its content, not by the uploader"
    assert storage.exists(photo.image.name)
    assert (photo.width, photo.height) == (1000, 1500), "the size as seen, not as stored"
    assert [(r["format"], r["width"], r["height"]) for r in photo.renditions] == [
        ("jpeg", 320, 480),
        ("jpeg", 640, 960),
        ("jpeg", 1000, 1500),  # its own width, between 640 and 1280: the lightbox's
        ("webp", 320, 480),
        ("webp", 640, 960),
        ("webp", 1000, 1500),
    ]
    for rendition in photo.renditions:
        extension = "jpg" if rendition["format"] == "jpeg" else "webp"
        assert rendition["name"] == f"renditions/{photo.image.name}-{rendition['width']}.{extension}"
        with storage.open(rendition["name"]) as handle:
            assert Image.open(handle).size == (rendition["width"], rendition["height"])


def test_save_renditions_again_replaces_the_files_under_the_same_names():
    photo = Photo(image=upload("DSC_0101.jpg", jpeg_bytes((700, 500))))
    first = images.save_renditions(photo)
    second = images.save_renditions(photo)
    assert first == second
    assert all(photo.image.storage.exists(r["name"]) for r in second)


@pytest.mark.django_db
def test_saved_photo_keeps_its_oriented_size_and_renditions():
    exif = Image.Exif()
    exif[ORIENTATION] = 8
    photo = PhotoFactory(image=upload("DSC_0102.jpg", jpeg_bytes((800, 500), exif=exif)))
    images.save_renditions(photo)
    photo.save()
    photo = Photo.objects.get(pk=photo.pk)
    assert (photo.width, photo.height) == (500, 800)
    assert {(r["format"], r["width"]) for r in photo.renditions} == {
        ("webp", 320),
        ("jpeg", 320),
        ("webp", 500),
        ("jpeg", 500),
    }


def test_delete_files_ignores_missing_ones():
    storage = Photo._meta.get_field("image").storage
    name = storage.save("renditions/test-delete.webp", ContentFile(b"x"))
    images.delete_files([name, "renditions/never-there.webp"])
    assert not storage.exists(name)


def test_srcset_and_best_rendition():
    photo = Photo(image=upload("DSC_0103.jpg", jpeg_bytes((1500, 1000))))
    images.save_renditions(photo)
    url = photo.image.storage.url
    by_width = {r["width"]: r for r in photo.renditions if r["format"] == "webp"}
    widths = (320, 640, 1280, 1500)  # 1500: its own width
    assert images.srcset(photo, "webp") == ", ".join(f"{url(by_width[w]['name'])} {w}w" for w in widths)
    assert images.srcset(photo, "jpeg").count(".jpg ") == 4
    assert images.best_rendition(photo, "jpeg", 1000)["width"] == 640
    assert images.best_rendition(photo, "jpeg", 1280)["width"] == 1280
    assert images.best_rendition(photo, "jpeg", 1920)["width"] == 1500
    assert images.best_rendition(photo, "webp", 100)["width"] == 320, "the narrowest when all are wider"
    assert images.best_rendition(Photo(), "jpeg", 640) is None
    assert images.srcset(Photo(), "webp") == ""
