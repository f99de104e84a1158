"""One upload path: every way an image enters is checked the same, stored under the portal's name,
and served only as an image, to whom the access policy shows it (issue 12, findings 1, 6–9)."""

import importlib
import io
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from PIL import ExifTags, Image

from news.models import ArticleStatus, Person, Photo
from tests.factories import (
    ArticleFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    correspondent,
    editor,
    jpeg_file,
)
from tests.newsroom import article_form_data, change_url

pytestmark = pytest.mark.django_db

SECRET = "SecretCam-4711"
RENDITION_URL = re.compile(r"/media/renditions/[^\"\s,]+")
SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """An empty MEDIA_ROOT per test: "no new file" means nothing at all was written."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored(root):
    return sorted(p.relative_to(root).as_posix() for p in Path(root).rglob("*") if p.is_file())


def image_bytes(fmt, size=(64, 48), color=(200, 30, 30), **options):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def truncated_jpeg():
    noise = Image.effect_noise((256, 256), 60).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG")
    return buffer.getvalue()[: len(buffer.getvalue()) * 2 // 3]


def noisy_jpeg():
    """A valid JPEG of about 20 KB (noise compresses badly)."""
    buffer = io.BytesIO()
    Image.effect_noise((128, 128), 80).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def jpeg_with_secrets(size=(500, 400)):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRET
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (10.0, 45.0, 30.0)
    data = image_bytes("JPEG", size, exif=exif, comment=SECRET)
    assert data.count(SECRET.encode()) == 2, "the test portrait does carry its secrets"
    return data


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def signed_in(client, user):
    client.force_login(user)
    return client


# Refused everywhere ------------------------------------------------------------------------------------------------

BAD_FILES = {
    "gif": lambda: image_bytes("GIF"),
    "tiff": lambda: image_bytes("TIFF"),
    "bmp": lambda: image_bytes("BMP"),
    "too-many-pixels": lambda: image_bytes("PNG", size=(64, 48)),
    "too-large": noisy_jpeg,
    "truncated-jpeg": truncated_jpeg,
}


@pytest.fixture(params=list(BAD_FILES))
def bad_upload(request, settings):
    """A file every upload path must refuse, with the limits set so that the limit cases are cheap to build."""
    settings.PORTAL_MAX_IMAGE_PIXELS = 64 * 48 - 1 if request.param == "too-many-pixels" else 10**7
    settings.PORTAL_MAX_UPLOAD_BYTES = 10_000 if request.param == "too-large" else 10 * 2**20
    if request.param == "too-large":
        assert len(noisy_jpeg()) > 10_000
    return SimpleUploadedFile(f"anh-{request.param}.jpg", BAD_FILES[request.param](), content_type="image/jpeg")


def assert_refused(response, media_root):
    assert response.status_code == 200, "a form error, never a 500 or a redirect"
    assert "errorlist" in response.content.decode()
    assert stored(media_root) == [], "a refused file leaves nothing on disk"


def test_photo_admin_refuses_bad_images(client, media_root, bad_upload):
    article = ArticleFactory()
    data = {"image": bad_upload, "article": article.pk, "caption": "Ảnh hỏng", "order": 0}
    response = signed_in(client, editor()).post(reverse("admin:news_photo_add"), data)
    assert_refused(response, media_root)
    assert not Photo.objects.exists()


def test_article_photo_inline_refuses_bad_images(client, media_root, bad_upload):
    article = ArticleFactory(status=ArticleStatus.DRAFT)
    data = article_form_data(
        article,
        **{
            "photos-TOTAL_FORMS": 1,
            "photos-0-article": article.pk,
            "photos-0-image": bad_upload,
            "photos-0-caption": "Ảnh hỏng",
            "photos-0-order": 0,
        },
    )
    response = signed_in(client, editor()).post(change_url(article), data)
    assert_refused(response, media_root)
    assert not Photo.objects.exists()


def test_person_admin_refuses_bad_portraits(client, media_root, bad_upload):
    person = PersonFactory(full_name="Đặng Đình Công")
    data = {"full_name": person.full_name, "unit": person.unit_id, "position": "Giám đốc", "portrait": bad_upload}
    response = signed_in(client, editor()).post(reverse("admin:news_person_change", args=[person.pk]), data)
    assert_refused(response, media_root)
    person.refresh_from_db()
    assert not person.portrait


# Names chosen by the portal ---------------------------------------------------------------------------------------


def test_a_jpeg_named_html_is_stored_as_jpg_and_only_ever_served_as_an_image(client, media_root):
    article = ArticleFactory(status=ArticleStatus.DRAFT)
    payload = image_bytes("JPEG", (400, 300)) + b"<html><script>fetch('/admin/')</script></html>"
    upload = SimpleUploadedFile("meeting-notes.html", payload, content_type="text/html")
    signed_in(client, editor())
    response = client.post(change_url(article), article_form_data(article, new_photos=[upload]))
    assert response.status_code == 302

    photo = Photo.objects.get(article=article)
    assert photo.image.name.endswith(".jpg") and "meeting-notes" not in photo.image.name
    assert not [name for name in stored(media_root) if not name.endswith((".jpg", ".webp"))]

    original = client.get(photo.image.url)
    assert original.status_code == 200 and original["Content-Type"] == "image/jpeg"
    assert original["Content-Disposition"].startswith("attachment")
    rendition = client.get(photo.image.storage.url(photo.renditions[0]["name"]))
    assert rendition.status_code == 200 and rendition["Content-Type"].startswith("image/")
    for response in (original, rendition):
        for header, value in SAFE_HEADERS.items():
            assert response[header] == value
        assert "private" in response["Cache-Control"]


def test_same_file_name_on_two_articles_keeps_two_pictures(client):
    """IMG_7001.jpg (red) on one article, IMG_7001.png (blue) on another: each article shows its own."""
    red, blue = (200, 20, 20), (20, 20, 200)
    first, second = ArticleFactory(status=ArticleStatus.DRAFT), ArticleFactory(status=ArticleStatus.DRAFT)
    signed_in(client, editor())
    for article, name, fmt, color in [(first, "IMG_7001.jpg", "JPEG", red), (second, "IMG_7001.png", "PNG", blue)]:
        upload = SimpleUploadedFile(name, image_bytes(fmt, (700, 500), color), content_type="image/jpeg")
        response = client.post(change_url(article), article_form_data(article, new_photos=[upload]))
        assert response.status_code == 302
        article.status = ArticleStatus.PUBLISHED
        article.save()

    client.force_login(UserFactory())
    seen = {}
    for article, color in [(first, red), (second, blue)]:
        urls = set(RENDITION_URL.findall(client.get(article.get_absolute_url()).content.decode()))
        assert urls
        seen[article.pk] = urls
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
            pixel = Image.open(io.BytesIO(body(response))).convert("RGB").getpixel((10, 10))
            assert all(abs(a - b) < 40 for a, b in zip(pixel, color, strict=True)), (url, pixel, color)
    assert not seen[first.pk] & seen[second.pk]


def test_the_same_content_is_stored_once():
    one = PhotoFactory(image=jpeg_file("a.jpg", size=(400, 300)))
    two = PhotoFactory(image=ContentFile(jpeg_file("a.jpg", size=(400, 300)).read(), name="b.jpg"))
    assert one.image.name == two.image.name and one.renditions == two.renditions


# Portraits ---------------------------------------------------------------------------------------------------------


def test_portraits_get_renditions_without_metadata_and_readers_never_the_original(client):
    person = PersonFactory(full_name="Đặng Đình Công")
    upload = SimpleUploadedFile("cong.jpg", jpeg_with_secrets(), content_type="image/jpeg")
    data = {"full_name": person.full_name, "unit": person.unit_id, "position": "Giám đốc", "portrait": upload}
    response = signed_in(client, editor()).post(reverse("admin:news_person_change", args=[person.pk]), data)
    assert response.status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert person.portrait.name.startswith("people/") and person.portrait.name.endswith(".jpg")
    assert person.portrait_renditions

    client.force_login(UserFactory())
    page = client.get(person.get_absolute_url()).content.decode()
    assert person.portrait.url not in page, "pages show renditions, never the original"
    urls = set(RENDITION_URL.findall(page))
    assert urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        data = body(response)
        assert SECRET.encode() not in data and b"Exif" not in data and b"GPS" not in data
        image = Image.open(io.BytesIO(data))
        assert not image.getexif() and "comment" not in image.info
    assert client.get(person.portrait.url).status_code == 404


def test_portrait_original_goes_to_those_who_may_change_the_person(client):
    person = PersonFactory(portrait=jpeg_file("chan-dung.jpg", size=(300, 400)))
    response = signed_in(client, editor()).get(person.portrait.url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


# Who gets which file -----------------------------------------------------------------------------------------------


def rendition_url(photo):
    return photo.image.storage.url(photo.renditions[0]["name"])


def test_renditions_of_a_draft_are_hidden_from_readers_and_served_to_editors(client):
    photo = PhotoFactory(article=ArticleFactory(status=ArticleStatus.DRAFT), image=jpeg_file("nhap.jpg", (400, 300)))
    assert signed_in(client, UserFactory()).get(rendition_url(photo)).status_code == 404
    assert signed_in(client, editor()).get(rendition_url(photo)).status_code == 200


def test_renditions_of_an_event_photo_are_served_to_readers(client):
    photo = PhotoFactory(article=None, event=EventFactory(), image=jpeg_file("su-kien.jpg", (400, 300)))
    assert signed_in(client, UserFactory()).get(rendition_url(photo)).status_code == 200


def test_originals_go_only_to_those_who_may_change_the_photo(client):
    unit, other_unit = UnitFactory(), UnitFactory()
    photo = PhotoFactory(article=ArticleFactory(unit=unit, status=ArticleStatus.DRAFT))
    outsider = correspondent()
    outsider.assigned_units.add(other_unit)
    for user in (UserFactory(), outsider):
        assert signed_in(client, user).get(photo.image.url).status_code in (403, 404)
    response = signed_in(client, editor()).get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment") and response["Content-Type"] == "image/jpeg"


def test_a_readers_own_published_photo_original_is_still_not_theirs(client):
    photo = PhotoFactory()
    assert signed_in(client, UserFactory()).get(photo.image.url).status_code == 404


# Paths -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "/media/renditions/../{original}",
        "/media/renditions/%2e%2e/{original}",
        "/media/renditions/%2E%2E/{original}",
        "/media/renditions/.%2e/{original}",
        "/media/renditions/%252e%252e/{original}",
        "/media/renditions/..%5c{original}",
        "/media/./{original}",
        "/media//{original}",
        "/media/{original}%00.jpg",
        "/media/%00",
        "/media/renditions/%00",
    ],
)
def test_dot_segments_backslashes_and_nul_are_404(client, template):
    photo = PhotoFactory()
    url = template.format(original=photo.image.name)
    assert signed_in(client, UserFactory()).get(url).status_code == 404
    assert signed_in(client, editor()).get(url).status_code == 404, "not even for those who may have the original"


def test_files_that_are_not_images_are_never_served(client, media_root):
    """An upload stored before the portal chose the names: the row names it .html; nobody gets it."""
    (media_root / "photos" / "2019" / "05").mkdir(parents=True)
    (media_root / "photos" / "2019" / "05" / "meeting-notes.html").write_bytes(b"<script>alert(1)</script>")
    photo = PhotoFactory()
    Photo.objects.filter(pk=photo.pk).update(image="photos/2019/05/meeting-notes.html")
    assert signed_in(client, editor()).get("/media/photos/2019/05/meeting-notes.html").status_code == 404


def test_renditions_named_the_old_way_keep_working_for_whom_may_see_them(client, media_root):
    """Before 0012_upload_names a rendition was named after its original less the extension."""
    published = PhotoFactory(image=jpeg_file("cu.jpg"))
    draft = PhotoFactory(article=ArticleFactory(status=ArticleStatus.DRAFT), image=jpeg_file("nhap.jpg"))
    for photo, stem in [(published, "photos/2019/05/IMG_7001"), (draft, "photos/2019/05/IMG_7002")]:
        old_name = f"renditions/{stem}-320.jpg"
        (media_root / old_name).parent.mkdir(parents=True, exist_ok=True)
        (media_root / old_name).write_bytes(image_bytes("JPEG"))
        renditions = [{"width": 320, "height": 240, "format": "jpeg", "name": old_name}]
        Photo.objects.filter(pk=photo.pk).update(image=f"{stem}.jpg", renditions=renditions)
    signed_in(client, UserFactory())
    assert client.get("/media/renditions/photos/2019/05/IMG_7001-320.jpg").status_code == 200
    assert client.get("/media/renditions/photos/2019/05/IMG_7002-320.jpg").status_code == 404


@override_settings(PORTAL_MEDIA_ACCEL_REDIRECT="/protected-media/")
def test_nginx_answers_carry_the_same_headers(client):
    photo = PhotoFactory(image=jpeg_file("nginx.jpg", (400, 300)))
    name = photo.renditions[0]["name"]
    response = signed_in(client, UserFactory()).get(photo.image.storage.url(name))
    assert response["X-Accel-Redirect"] == f"/protected-media/{name}"
    assert response["Content-Type"] == ("image/webp" if name.endswith(".webp") else "image/jpeg")
    for header, value in SAFE_HEADERS.items():
        assert response[header] == value
    original = signed_in(client, editor()).get(photo.image.url)
    assert original["X-Accel-Redirect"] == f"/protected-media/{photo.image.name}"
    assert original["Content-Disposition"].startswith("attachment")


# Files kept --------------------------------------------------------------------------------------------------------


def test_purge_media_keeps_portraits_and_their_renditions(media_root):
    person = PersonFactory(portrait=jpeg_file("giu.jpg", size=(400, 500)))
    orphan = media_root / "people" / "00" / "orphan.jpg"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"old")
    call_command("purge_media", stdout=io.StringIO())
    assert not orphan.exists()
    assert stored(media_root) == sorted([person.portrait.name, *(r["name"] for r in person.portrait_renditions)])


def test_upgrading_gives_existing_portraits_their_renditions(media_root):
    person = PersonFactory(portrait=jpeg_file("cu.jpg", size=(300, 400)))
    Person.objects.filter(pk=person.pk).update(portrait_renditions=[])
    migration = importlib.import_module("news.migrations.0012_upload_names")
    migration.render_existing_portraits(django_apps, None)
    person.refresh_from_db()
    assert {(r["format"], r["width"]) for r in person.portrait_renditions} == {("webp", 160), ("jpeg", 160)}
    assert all((media_root / r["name"]).is_file() for r in person.portrait_renditions)


BOUNDARY = "portal-boundary"


def multipart_body(size):
    """A multipart form with one file part of ``size`` bytes, as a browser sends "Add photos"."""
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n'
        f"Content-Type: image/jpeg\r\n\r\n".encode()
        + b"x" * size
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


@pytest.mark.parametrize("path", ["/admin/login/", "/accounts/login/", "/admin/news/article/add/", "/search/"])
def test_a_large_body_from_whoever_may_not_upload_is_refused_unread(client, settings, path):
    """Round three, finding 2: Django wrote a large multipart body to a temporary file (the CSRF check reads the
    form) before the view ran, for anyone. Now it answers 413 without reading it."""
    settings.PORTAL_MAX_BODY_BYTES = 10_000
    reader = UserFactory()
    for user in (None, reader):
        if user is not None:
            client.force_login(user)
        response = client.generic(
            "POST", path, multipart_body(20_000), content_type=f"multipart/form-data; boundary={BOUNDARY}"
        )
        assert response.status_code == 413, (path, user)


def test_an_editor_may_send_a_large_body_to_the_upload_pages_only(client, settings):
    settings.PORTAL_MAX_BODY_BYTES = 10_000
    client.force_login(editor())
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    upload_pages = [reverse("admin:news_article_add"), reverse("admin:news_photo_add"), reverse("admin:news_event_add")]
    for path in upload_pages:
        assert client.generic("POST", path, multipart_body(20_000), content_type=content_type).status_code != 413
    for path in (reverse("admin:news_category_add"), reverse("admin:password_change")):
        assert client.generic("POST", path, multipart_body(20_000), content_type=content_type).status_code == 413
    # Small bodies go everywhere, as before.
    assert client.generic("POST", "/search/", multipart_body(100), content_type=content_type).status_code != 413
