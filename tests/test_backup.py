"""Backups: `backup_portal` writes one consistent snapshot with the files and a manifest; `restore_portal`
brings it back, whole, into an empty database and media folder, or refuses before changing anything."""

import datetime
import gzip
import hashlib
import importlib
import io
import json
import shutil
import stat
import threading
import tomllib
from pathlib import Path

import django
import pytest
import reversion
from axes.models import AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from news.models import Article, ArticleStatus, CreditRole, EventParticipant, Person, Photo, PhotoPerson, Unit
from news.roles import ADMINISTRATORS, CORRESPONDENTS, EDITORS
from news.services import articles as article_service
from ops import backups
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    ArticleMentionFactory,
    CategoryFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    correspondent,
    editor,
    jpeg_file,
    translation,
)

# A backup runs in a transaction of its own (one snapshot), so these tests cannot run inside the test's;
# serialized_rollback gives each one the freshly migrated database (with the migration's groups) back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's
# Not backed up, on purpose: sessions, django-axes' lockout counters, the page cache's tags, and the
# sign-in log (personal data of every employee, not content: ops/backups.py says why).
EPHEMERAL = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
    "news.pagetag",
}
# What build_portal() makes rows of: all of these round-trip.
BUILT = [
    *(f"news.{name}" for name in ("unit", "person", "event", "eventparticipant", "category", "article")),
    *(f"news.{name}" for name in ("articlecredit", "articlemention", "photo", "photoperson", "oldslug")),
    "news.articletranslation",
    *("auth.user", "auth.group", "reversion.revision", "reversion.version", "admin.logentry"),
]
# Made by migrate for the code's models: their ids differ from one database to another.
SCHEMA_MADE = {"contenttypes.contenttype", "auth.permission"}


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    """These tests give content types other ids; the rollback gives back the old ones: forget both."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def media_root(settings, tmp_path):
    """A MEDIA_ROOT of the test's own, with the placeholder a checkout has."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / ".gitkeep").touch()
    return settings.MEDIA_ROOT


def build_portal():
    """Units, people, an event, an article with photos, credits and mentions, two revisions, users and roles."""
    company = UnitFactory(
        name="Liên doanh Việt - Nga Vietsovpetro", short_name="Vietsovpetro", name_ru="СП «Вьетсовпетро»"
    )
    centre = UnitFactory(
        name="Trung tâm Công nghệ thông tin và Liên lạc",
        short_name="Trung tâm CNTT&LL",
        parent=company,
        aliases="TT CNTT&LL\nTrung tâm CNTT",
    )
    director = PersonFactory(
        full_name="Đặng Đình Công", unit=centre, position="Giám đốc", portrait=jpeg_file("cong.jpg", size=(90, 120))
    )
    photographer = PersonFactory(full_name="Đinh Văn Tiến", unit=centre, position="Phóng viên")
    event = EventFactory(unit=centre, title="Hội nghị tổng kết năm 2019", year=2019, attendance=120)
    EventParticipant.objects.create(event=event, person=director, role="chủ trì", position="Giám đốc")
    PhotoFactory(article=None, event=event, image=jpeg_file("su-kien.jpg", size=(500, 400)), caption="Hội trường")

    writer = correspondent(username="phong.nv", first_name="Phong", email="phong@example.com")
    centre.correspondents.add(writer)
    chief = editor(username="bientap", first_name="Biên", last_name="Tập")
    chief.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    UserFactory(username="quantri", is_staff=True, groups=[ADMINISTRATORS], is_active=False)

    with reversion.create_revision():
        reversion.set_user(writer)
        reversion.set_comment("Bản nháp")
        article = ArticleFactory(
            title="Trung tâm CNTT&LL tổ chức Hội nghị tổng kết năm 2019",
            event=event,
            category=CategoryFactory(name="Hội nghị"),
            status=ArticleStatus.DRAFT,
            publish_at=None,
            created_by=writer,
            updated_by=writer,
        )
        hall = PhotoFactory(
            article=article, image=jpeg_file("hoi-nghi-1.jpg", size=(700, 500)), caption="Quang cảnh Hội nghị"
        )
        podium = PhotoFactory(
            article=article,
            image=jpeg_file("hoi-nghi-2.jpg", size=(400, 300), color=(200, 40, 40)),
            caption="Đồng chí Đặng Đình Công phát biểu",
            order=1,
        )
        PhotoPerson.objects.create(photo=podium, person=director)
        ArticleCreditFactory(article=article, role=CreditRole.TEXT, name="Hoàng Tiến Lương")
        ArticleCreditFactory(article=article, role=CreditRole.PHOTO, person=photographer, name="", order=1)
        ArticleMentionFactory(
            article=article, person=director, position="Giám đốc Trung tâm", position_ru="Директор центра"
        )
        translation(article, title="Итоговая конференция 2019 года Центра ИТиС", translator="Нгуен Ван Ан")

    hall.delete()  # its files stay: the first revision can bring it back
    with reversion.create_revision():
        reversion.set_user(chief)
        reversion.set_comment("Xuất bản")
        article = Article.objects.get(pk=article.pk)
        article.title = "Hội nghị tổng kết năm 2019 của Trung tâm CNTT&LL"
        article.status = ArticleStatus.PUBLISHED
        article.updated_by = chief
        article_service.change_slug(article, "hoi-nghi-tong-ket-2019-cntt")  # the old slug is kept for redirects
    LogEntry.objects.create(
        user=chief,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=str(article),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Title", "Status"]}}]',
    )
    assert Version.objects.get_for_object(article).count() == 2
    return article


def rows():
    """Every restorable model's rows as the serializer sees them: field values, many-to-many lists, natural
    keys for content types and permissions (whose ids belong to each database)."""
    data = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in EPHEMERAL or model._meta.proxy:
            continue
        queryset = model._base_manager.order_by("pk")
        natural = label in SCHEMA_MADE
        data[label] = serializers.serialize(
            "python", queryset, use_natural_foreign_keys=True, use_natural_primary_keys=natural
        )
    return data


def natural_keys(records):
    """Content types by (app label, model), permissions by (codename, content type)."""
    fields = ("codename", "content_type", "app_label", "model")
    return {tuple(record["fields"][name] for name in fields if name in record["fields"]) for record in records}


def media_checksums(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file() and path.name != ".gitkeep"
    }


def back_up(output):
    out = io.StringIO()
    call_command("backup_portal", output=str(output), stdout=out)
    folder = Path(out.getvalue().strip().splitlines()[-1])  # the path is printed last
    assert folder.parent == Path(output).resolve()
    return folder


def restore(folder):
    out = io.StringIO()
    call_command("restore_portal", str(folder), stdout=out)
    return out.getvalue()


def make_empty(media_root):
    """What a new install looks like after `migrate`: no content, the schema's content types and permissions
    (here with other ids than the backup's), the groups migration news.0002_roles makes; an empty MEDIA_ROOT."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    ContentType.objects.create(app_label="elsewhere", model="placeholder")  # moves every id along
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    ContentType.objects.clear_cache()
    roles = importlib.import_module("news.migrations.0002_roles")
    state = MigrationLoader(connection).project_state(("news", "0002_roles"), at_end=False)
    roles.create_roles(state.apps, None)
    shutil.rmtree(media_root)
    media_root.mkdir()
    (media_root / ".gitkeep").touch()


def assert_still_empty(media_root, groups):
    assert not Article.objects.exists() and not Unit.objects.exists()
    assert not get_user_model().objects.exists() and not Revision.objects.exists()
    assert {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()} == groups
    assert media_checksums(media_root) == {}


def migration_groups():
    return {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}


def test_backup_and_restore_round_trip_everything(media_root, tmp_path):
    article = build_portal()
    before, files = rows(), media_checksums(media_root)
    old_ids = dict(ContentType.objects.values_list("model", "pk"))
    portrait = Person.objects.get(full_name="Đặng Đình Công")
    assert portrait.portrait.name in files and all(r["name"] in files for r in portrait.portrait_renditions)
    renditions = [r["name"] for photo in Photo.objects.all() for r in photo.renditions]
    renditions += [r["name"] for r in portrait.portrait_renditions]
    assert len(renditions) >= 10 and set(renditions) <= set(files)  # every rendition a page may show

    folder = back_up(tmp_path / "backups")
    make_empty(media_root)
    assert dict(ContentType.objects.values_list("model", "pk"))["article"] != old_ids["article"]
    assert set(Group.objects.values_list("name", flat=True)) == {EDITORS, CORRESPONDENTS, ADMINISTRATORS}
    report = restore(folder)

    after = rows()
    for label in SCHEMA_MADE:  # migrate made them here (names as it words them): the backup's are all there
        assert natural_keys(before[label]) <= natural_keys(after[label]), label
    for label in before.keys() - SCHEMA_MADE:
        assert after[label] == before[label], label
    assert [label for label in BUILT if not before[label]] == [], "the portal built has a row of each"
    assert media_checksums(media_root) == files

    # Explicitly, what matters most.
    users = get_user_model().objects
    writer = users.get(username="phong.nv")
    assert writer.check_password(PASSWORD) and users.get(username="bientap").check_password(PASSWORD)
    assert list(writer.groups.values_list("name", flat=True)) == [CORRESPONDENTS]
    assert list(writer.assigned_units.values_list("short_name", flat=True)) == ["Trung tâm CNTT&LL"]
    assert users.get(username="bientap").has_perm("admin.view_logentry")
    assert users.get(username="bientap").has_perm("news.publish_article")
    assert not users.get(username="quantri").is_active
    versions = Version.objects.get_for_object(article)
    assert [v.revision.comment for v in versions] == ["Xuất bản", "Bản nháp"]
    assert [v.serialized_data for v in versions] == [
        r["fields"]["serialized_data"]
        for r in sorted(before["reversion.version"], key=lambda r: r["pk"], reverse=True)
        if r["fields"]["object_id"] == str(article.pk) and r["fields"]["content_type"] == ("news", "article")
    ]
    assert LogEntry.objects.get().get_edited_object() == Article.objects.get()
    assert "news.article: 1" in report and "media files: " in report

    # The restored revisions work: the first one brings back the photo deleted since, with its files.
    versions[1].revision.revert(delete=True)
    restored = Photo.objects.get(caption="Quang cảnh Hội nghị")
    assert (media_root / restored.image.name).is_file()
    assert all((media_root / r["name"]).is_file() for r in restored.renditions)

    # New rows get new ids (PostgreSQL's sequences were moved past the restored ones).
    assert UnitFactory().pk > max(r["pk"] for r in before["news.unit"])
    assert UserFactory().pk > max(r["pk"] for r in before["auth.user"])
    assert PhotoFactory(article=article).pk > max(r["pk"] for r in before["news.photo"])
    with reversion.create_revision():
        article.save()
    assert Version.objects.get_for_object(article).count() == 3


def test_manifest_lists_counts_files_and_versions(media_root, tmp_path):
    article = build_portal()
    folder = back_up(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

    counts = manifest["counts"]
    assert counts["news.article"] == 1 and counts["news.photo"] == Photo.objects.count() == 2
    assert counts["news.unit"] == 2 and counts["news.person"] == 2 and counts["news.oldslug"] == 1
    assert counts["auth.user"] == 3 and counts["auth.group"] == 3
    assert counts["auth.user_groups"] == 3 and counts["news.unit_correspondents"] == 1
    assert counts["reversion.revision"] == 2 and counts["reversion.version"] == Version.objects.count()
    assert counts["admin.logentry"] == 1
    assert counts["contenttypes.contenttype"] == ContentType.objects.count()
    assert not EPHEMERAL & counts.keys()

    assert {name: entry["sha256"] for name, entry in manifest["media"].items()} == media_checksums(media_root)
    image = manifest["media"][article.photos.get().image.name]
    assert image["size"] == (media_root / article.photos.get().image.name).stat().st_size
    assert manifest["missing_media"] == []
    database = manifest["database"]
    assert database["vendor"] == connection.vendor
    assert database["sha256"] == hashlib.sha256((folder / database["file"]).read_bytes()).hexdigest()
    with gzip.open(folder / database["file"], "rt", encoding="utf-8") as dump:
        dumped = json.load(dump)  # plain Django JSON: loaddata reads it too
    models = {model._meta.label_lower for model in backups.backed_up_models()}
    assert len(dumped) == sum(n for label, n in counts.items() if label in models)
    assert manifest["django"] == django.get_version()
    pyproject = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text(encoding="utf-8"))
    assert manifest["portal"]["version"] == pyproject["project"]["version"]
    assert "0002_roles" in manifest["migrations"]["news"]
    created = datetime.datetime.fromisoformat(manifest["created"])
    assert timezone.localtime(created).strftime("%Y%m%d-%H%M%S") == folder.name
    assert folder.stat().st_mode & 0o077 == 0, "a backup holds password hashes: its owner's only"


def test_restore_refuses_a_database_with_content(media_root, tmp_path):
    build_portal()
    folder = back_up(tmp_path / "backups")
    before = rows()

    with pytest.raises(CommandError, match="The database is not empty") as refused:
        restore(folder)
    for label in ("news.article", "news.unit", "news.person", "auth.user"):
        assert f"{label}: " in str(refused.value)
    assert rows() == before


def test_restore_refuses_a_media_folder_with_files(media_root, tmp_path):
    build_portal()
    folder = back_up(tmp_path / "backups")
    make_empty(media_root)
    groups = migration_groups()
    (media_root / "photos").mkdir()
    (media_root / "photos" / "left-over.jpg").write_bytes(b"not empty")

    with pytest.raises(CommandError, match=r"MEDIA_ROOT .* is not empty: 1 file\(s\), e.g. photos/left-over.jpg"):
        restore(folder)
    (media_root / "photos" / "left-over.jpg").unlink()
    assert_still_empty(media_root, groups)


@pytest.mark.parametrize("damage", ["media byte", "database byte", "missing file"])
def test_a_damaged_backup_is_refused_before_anything_is_written(media_root, tmp_path, damage):
    article = build_portal()
    folder = back_up(tmp_path / "backups")
    photo_name = article.photos.get().image.name
    if damage == "media byte":
        damaged, shown = folder / "media" / photo_name, f"media/{photo_name}: its SHA-256 differs"
    elif damage == "database byte":
        damaged, shown = folder / "database.json.gz", "database.json.gz: its SHA-256 differs"
    else:
        damaged, shown = folder / "media" / photo_name, f"media/{photo_name}: missing"
    if damage == "missing file":
        damaged.unlink()
    else:
        data = bytearray(damaged.read_bytes())
        data[len(data) // 2] ^= 0x01
        damaged.write_bytes(bytes(data))
    make_empty(media_root)
    groups = migration_groups()

    with pytest.raises(CommandError, match="does not match its manifest, nothing was restored") as refused:
        restore(folder)
    assert shown in str(refused.value)
    assert_still_empty(media_root, groups)


def test_a_folder_without_manifest_is_not_a_backup(media_root, tmp_path):
    with pytest.raises(CommandError, match="is not a backup: it has no manifest.json"):
        restore(tmp_path)


def test_backup_refuses_to_run_inside_another_transaction(media_root, tmp_path):
    output = tmp_path / "backups"
    with transaction.atomic(), pytest.raises(CommandError, match="transaction of its own"):
        call_command("backup_portal", output=str(output), stdout=io.StringIO())
    assert list(output.iterdir()) == [], "nothing half-written is left behind"


def test_backup_is_one_snapshot_while_others_write(media_root, tmp_path, monkeypatch):
    """A unit and an article committed by someone else after the dump has begun: neither is in the dump,
    as they would be in part (an article without its unit) if each table were read at a different moment."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite locks the writer out of a shared in-memory database)")
    ArticleFactory(unit=UnitFactory(name="Đơn vị cũ"), title="Tin cũ")
    dump_model = backups.model_records
    written = []

    def write_elsewhere():
        try:
            ArticleFactory(unit=UnitFactory(name="Đơn vị mới"), title="Tin mới")
            written.append(True)
        finally:
            connection.close()  # this thread's own connection

    def records_then_write(model, using):
        yield from dump_model(model, using)
        if model in (Unit, Article) and not written:
            thread = threading.Thread(target=write_elsewhere)
            thread.start()
            thread.join()

    monkeypatch.setattr(backups, "model_records", records_then_write)
    folder = back_up(tmp_path / "backups")

    assert written and Unit.objects.filter(name="Đơn vị mới").exists(), "the other write was committed"
    dumped = list(backups.read_dump(folder / "database.json.gz"))
    assert [o["fields"]["name"] for o in dumped if o["model"] == "news.unit"] == ["Đơn vị cũ"]
    assert [o["fields"]["title"] for o in dumped if o["model"] == "news.article"] == ["Tin cũ"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["news.unit"] == manifest["counts"]["news.article"] == 1


def test_a_manifest_naming_a_file_outside_the_media_folder_is_refused(media_root, tmp_path):
    build_portal()
    folder = back_up(tmp_path / "backups")
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    name = next(iter(manifest["media"]))
    manifest["media"]["../../escaped.jpg"] = manifest["media"].pop(name)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    make_empty(media_root)
    groups = migration_groups()

    with pytest.raises(CommandError, match="names a file outside the media folder"):
        restore(folder)
    assert_still_empty(media_root, groups)
    assert not (media_root.parent.parent / "escaped.jpg").exists()


def test_backup_names_files_the_data_needs_but_media_root_lacks(media_root, tmp_path):
    article = build_portal()
    lost = article.photos.get().renditions[0]["name"]
    (media_root / lost).unlink()
    err = io.StringIO()
    call_command("backup_portal", output=str(tmp_path / "backups"), stdout=io.StringIO(), stderr=err)

    (folder,) = (tmp_path / "backups").iterdir()
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["missing_media"] == [lost]
    assert lost in err.getvalue()


def test_backup_files_are_their_owners_only_and_restored_media_is_readable_as_uploads(media_root, tmp_path):
    article = build_portal()
    image = media_root / article.photos.get().image.name
    image.chmod(0o644)  # as uploads are stored (FILE_UPLOAD_PERMISSIONS)
    folder = back_up(tmp_path / "backups")

    paths = [folder, *folder.rglob("*")]
    assert {path.name for path in paths} >= {"database.json.gz", "manifest.json", "media", image.name}
    for path in paths:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, f"{path.relative_to(folder.parent)} is readable by others"
    assert (folder / "media" / article.photos.get().image.name).stat().st_mtime == image.stat().st_mtime

    make_empty(media_root)
    restore(folder)
    restored = media_root / Photo.objects.get(pk=article.photos.get().pk).image.name
    assert stat.S_IMODE(restored.stat().st_mode) == settings.FILE_UPLOAD_PERMISSIONS == 0o644


def test_the_sign_in_log_is_left_out_of_a_backup(media_root, tmp_path, client):
    build_portal()
    response = client.post(reverse("login"), {"username": "bientap", "password": PASSWORD})
    assert response.status_code == 302
    assert AccessLog.objects.filter(username="bientap").exists(), "the portal logs sign-ins"
    folder = back_up(tmp_path / "backups")

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "axes.accesslog" not in manifest["counts"]
    dumped = list(backups.read_dump(folder / "database.json.gz"))
    assert not [record for record in dumped if record["model"].startswith("axes.")]
    assert "bientap" in {record["fields"]["username"] for record in dumped if record["model"] == "auth.user"}

    make_empty(media_root)
    AccessLog.objects.create(username="quantri", ip_address="10.0.0.1", user_agent="curl")  # this server's own
    restore(folder)
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["quantri"], "the log is left as it was"
