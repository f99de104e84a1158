"""Photos as readers and staff meet them: renditions in pages, private media, files that follow their records."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from PIL import Image

from news.models import ArticleStatus, Photo
from news.services import photos as photo_service
from tests.factories import ArticleFactory, PhotoFactory, UserFactory, editor, jpeg_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def photo():
    return PhotoFactory(image=jpeg_file("hoi-nghi.jpg", size=(1500, 1000)), caption="Quang cảnh Hội nghị")


def rendition_urls(photo):
    return [photo.image.storage.url(r["name"]) for r in photo.renditions]


def test_renditions_exist_after_upload(photo):
    assert {(r["format"], r["width"]) for r in photo.renditions} == {
        (fmt, width)
        for fmt in ("webp", "jpeg")
        for width in (320, 640, 1280, 1500)  # and its own width
    }
    for rendition in photo.renditions:
        assert photo.image.storage.exists(rendition["name"])


def test_article_page_uses_renditions_with_srcset_and_never_the_original(reader, photo):
    html = reader.get(photo.article.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in html and "srcset=" in html and 'sizes="' in html
    assert 'width="640" height="427"' in html and 'loading="lazy"' in html and 'decoding="async"' in html
    assert photo.image.url not in html, "originals are never linked to readers"
    assert "data-lightbox" in html and 'id="lightbox"' in html


def test_no_image_work_during_a_page_request(reader, photo, monkeypatch):
    def no_decoding(*args, **kwargs):
        raise AssertionError("an image was opened during a page view")

    monkeypatch.setattr(Image, "open", no_decoding)
    for url in [photo.article.get_absolute_url(), "/", "/news/"]:
        assert reader.get(url).status_code == 200


def test_replacing_the_image_makes_new_renditions(photo):
    old_names = {r["name"] for r in photo.renditions}
    photo_service.replace_image(photo, jpeg_file("moi.jpg", size=(700, 500)))
    photo.refresh_from_db()
    assert {(r["format"], r["width"]) for r in photo.renditions} == {
        ("webp", 320),
        ("webp", 640),
        ("webp", 700),
        ("jpeg", 320),
        ("jpeg", 640),
        ("jpeg", 700),
    }
    assert not old_names & {r["name"] for r in photo.renditions}
    assert (photo.width, photo.height) == (700, 500)


def test_deleting_a_photo_keeps_its_files_for_revisions(photo):
    names = [photo.image.name, *(r["name"] for r in photo.renditions)]
    storage = photo.image.storage
    photo.delete()
    assert all(storage.exists(name) for name in names)


def test_anonymous_request_for_media_is_sent_to_sign_in(client, photo):
    for url in [photo.image.url, *rendition_urls(photo)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_signed_in_readers_get_renditions_but_not_originals(reader, photo):
    response = reader.get(rendition_urls(photo)[0])
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] in (b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")
    assert reader.get(photo.image.url).status_code == 404


def test_staff_get_originals(client, photo):
    client.force_login(editor())
    assert client.get(photo.image.url).status_code == 200


@pytest.mark.parametrize(
    "path", ["/media/../portal/settings.py", "/media/renditions/../../manage.py", "/media/renditions/khong-co.jpg"]
)
def test_media_paths_outside_or_missing_are_404(reader, path):
    assert reader.get(path).status_code == 404


@override_settings(PORTAL_MEDIA_ACCEL_REDIRECT="/protected-media/")
def test_production_hands_the_file_to_nginx(reader, photo):
    name = photo.renditions[0]["name"]
    response = reader.get(photo.image.storage.url(name))
    assert response["X-Accel-Redirect"] == f"/protected-media/{name}"
    assert response.content == b""


def test_captions_awaiting_an_image_are_listed_for_staff_and_hidden_from_readers(client):
    article = ArticleFactory()
    Photo.objects.create(article=article, caption="Ảnh chờ tệp", order=1)
    client.force_login(editor())
    listing = client.get("/admin/news/photo/", {"image": "awaiting"}).content.decode()
    assert "Ảnh chờ tệp" in listing
    client.force_login(UserFactory())
    assert "Ảnh chờ tệp" not in client.get(article.get_absolute_url()).content.decode()


def test_purge_media_removes_only_orphans(photo, settings):
    root = Path(settings.MEDIA_ROOT)
    orphan = root / "photos" / "orphan.jpg"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"old file")
    kept = [photo.image.name, *(r["name"] for r in photo.renditions)]

    out = io.StringIO()
    call_command("purge_media", "--dry-run", stdout=out)
    assert "photos/orphan.jpg" in out.getvalue() and orphan.exists()

    call_command("purge_media", stdout=io.StringIO())
    assert not orphan.exists()
    assert all((root / name).exists() for name in kept)


def test_purge_media_keeps_files_a_revision_can_restore(settings):
    import reversion

    article = ArticleFactory(status=ArticleStatus.DRAFT)
    with reversion.create_revision():
        photo = PhotoFactory(article=article, image=jpeg_file("giu-lai.jpg", size=(400, 300)))
        article.save()
    names = [photo.image.name, *(r["name"] for r in photo.renditions)]
    photo.delete()
    call_command("purge_media", stdout=io.StringIO())
    assert all((Path(settings.MEDIA_ROOT) / name).exists() for name in names)
