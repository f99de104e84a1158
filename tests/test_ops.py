"""Operations apart from content: the trivial view, the health check's routes, and backups and purging
agreeing about which files under MEDIA_ROOT are uploads and which are still needed (ops/media_files.py)."""

import io
import json
from pathlib import Path

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from news.models import ArticleStatus
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory, jpeg_file


@pytest.mark.django_db
def test_ping_answers_ok_without_sign_in_and_is_never_cached(client):
    response = client.get("/ping")
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_operational_routes_keep_their_paths():
    assert reverse("ops:healthz") == "/healthz"
    assert reverse("ops:ping") == "/ping"
    assert reverse("ops:media", args=["photos/ab/cd.jpg"]) == "/media/photos/ab/cd.jpg"


def files_under(root):
    return sorted(p.relative_to(root).as_posix() for p in Path(root).rglob("*") if p.is_file())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a backup reads in a transaction of its own
def test_a_backup_after_a_purge_holds_exactly_the_files_the_purge_kept(settings, tmp_path):
    ContentType.objects.clear_cache()  # a transaction test: no content type ids from another test's database
    root = settings.MEDIA_ROOT = tmp_path / "media"
    root.mkdir()
    (root / ".gitkeep").touch()
    (root / "photos").mkdir()
    (root / "photos" / ".gitkeep").touch()
    orphan = root / "photos" / "orphan.jpg"
    orphan.write_bytes(b"left behind")
    photo = PhotoFactory(image=jpeg_file("con-lai.jpg", size=(400, 300)))
    person = PersonFactory(portrait=jpeg_file("chan-dung.jpg", size=(90, 120)))
    draft = ArticleFactory(status=ArticleStatus.DRAFT)
    with reversion.create_revision():
        deleted = PhotoFactory(article=draft, image=jpeg_file("da-xoa.jpg", size=(400, 300)))
        draft.save()
    restorable = [deleted.image.name, *(r["name"] for r in deleted.renditions)]
    deleted.delete()
    needed = {photo.image.name, person.portrait.name, *restorable}

    call_command("purge_media", stdout=io.StringIO())
    kept = set(files_under(root)) - {".gitkeep", "photos/.gitkeep"}
    assert not orphan.exists() and needed <= kept, "the orphan goes; what a revision may restore stays"
    assert (root / ".gitkeep").exists() and (root / "photos" / ".gitkeep").exists(), "placeholders are not uploads"

    call_command("backup_portal", output=str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["media"]) == kept and manifest["missing_media"] == []
    ContentType.objects.clear_cache()
