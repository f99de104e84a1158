"""Backups of the whole portal: the database as Django serialized JSON, the uploaded files, and a manifest.

A backup is a folder ``<YYYYMMDD-HHMMSS>/`` holding

- ``database.json.gz``: every model's rows (all installed apps but those in ``SKIPPED``: ephemeral state and
  the sign-in log) in Django's JSON format, one object a line, in an order that loads (``loaddata`` reads it
  too). Foreign keys to content types, permissions, users and groups are natural keys, so the dump loads into
  a freshly migrated database whose content types and permissions have other ids. Datetimes keep their
  microseconds (Django's own encoder drops them).
- ``media/``: a copy of ``MEDIA_ROOT``.
- ``manifest.json``, written last: when, which Django and portal, which database vendor and migrations,
  how many rows per model (and per many-to-many table), and the size and SHA-256 of every file.

The dump is one snapshot: it is read inside one transaction, on PostgreSQL REPEATABLE READ and READ ONLY,
so writes committed meanwhile cannot tear it (an article without its unit). On SQLite one transaction is
one snapshot already. Files are copied after the snapshot was taken: uploads are stored before their row
commits and never changed, so every file the snapshot names is there (newer files come along as orphans,
which ``purge_media`` may remove after a restore). Which files are uploads and which are still needed is
decided in ``ops/media_files.py``, for backups and purging alike.

What migrations create is not portal content and is handled on restore:

- content types and permissions (made by ``migrate`` for the code's models) are dumped by natural key,
  without ids: restore reuses the existing rows and adds any the backup has that migrate did not make
  (stale ones that old admin history or revisions may still point at);
- groups (made by migration ``news.0002_roles``) are replaced by the backup's, with their ids, names,
  permissions and members, so the restored portal has exactly the roles it had.

Any other row in the target database makes restore refuse: loading over it would mix two portals.

Every folder and file of a backup is its owner's only (0700, 0600) from its creation: it holds password
hashes. Restored media gets the mode uploads get (``FILE_UPLOAD_PERMISSIONS``), so nginx can serve it.
"""

import datetime
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tomllib
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import Prefetch
from django.utils import timezone

from news import page_cache
from ops.media_files import referenced_files, stored_files

FORMAT = 1
DUMP_NAME = "database.json.gz"
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"
CHUNK = 500

# Ephemeral state, not worth restoring: sign-in sessions, django-axes' lockout counters (they expire) and
# the page cache's tag generations (news/page_cache.py), which must move on after a restore anyway.
# Left out on purpose: django-axes' sign-in log (every sign-in and sign-out with the employee's address
# and browser). It is a security record of the running portal, not content: nothing refers to it, and a
# backup is copied off the machine and kept far longer than the log is needed, so it would carry every
# employee's sign-in habits to places the log never goes.
SKIPPED = {
    # The task queue: work in flight, not content. A restore re-enqueues what its photos still wait for
    # (run_schedules: news/services/photos.py resume_waiting).
    "django_tasks_database.dbtaskresult",
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
    "news.pagetag",
}
# A backup holds password hashes: its folders and files are its owner's only, from their creation.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
# Made by migrate for the code's models: dumped without ids, matched by natural key on restore.
MERGED = {"contenttypes.contenttype", "auth.permission"}
# Made by a migration (news.0002_roles) but edited since: the backup's rows replace them.
REPLACED = {"auth.group"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# What is backed up ---------------------------------------------------------------------------------------------------


def backed_up_models(using=DEFAULT_DB_ALIAS):
    """Every concrete model of every installed app but the skipped ones, in an order that loads."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in SKIPPED
        and router.allow_migrate_model(using, model)
    ]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def m2m_tables(model):
    """The auto-created many-to-many tables a model's rows carry (their rows are dumped with the model)."""
    return [f.remote_field.through for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


def label(model):
    return model._meta.label_lower


def applied_migrations(using=DEFAULT_DB_ALIAS):
    """``{app_label: [migration names]}`` applied in this database, for the migrations the code knows."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    applied = {}
    for app_label, name in sorted(loader.applied_migrations):
        if (app_label, name) in loader.graph.nodes:
            applied.setdefault(app_label, []).append(name)
    return applied


def portal_version():
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            version = tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = None
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"version": version, "commit": commit or None}


# Files ---------------------------------------------------------------------------------------------------------------


def file_digest(path):
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def new_file(path, mode):
    """A new file (never over an existing one) opened for binary writing, given ``mode`` before a byte is
    written (``None``: what the process's umask gives, as a plain ``open`` would)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode)
    if mode is not None:
        os.fchmod(descriptor, mode)  # exactly ``mode``, whatever the umask
    return os.fdopen(descriptor, "wb")


def copy_file(source, target, created_dirs=None, mode=PRIVATE_FILE_MODE, dir_mode=PRIVATE_DIR_MODE):
    """Copy ``source`` to a new file ``target`` (never over an existing one); return its size and SHA-256.

    The copy and the folders made for it get ``mode`` and ``dir_mode`` (``None``: the umask's), not the
    source's; its modification time is the source's.
    """
    missing = []
    parent = target.parent
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    for folder in reversed(missing):
        folder.mkdir()
        if dir_mode is not None:
            folder.chmod(dir_mode)
        if created_dirs is not None:
            created_dirs.append(folder)
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as reader, new_file(target, mode) as writer:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    times = os.stat(source)
    os.utime(target, ns=(times.st_atime_ns, times.st_mtime_ns))
    return {"size": size, "sha256": digest.hexdigest()}


def safe_relative_name(name):
    """A manifest's file name, checked to stay inside the folder it is joined to."""
    path = PurePosixPath(name)
    if not name or "\\" in name or path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise BackupError(f"The manifest names a file outside the media folder: {name!r}.")
    return path


def human_size(size):
    if size < 1024:
        return f"{size} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}"


# The database dump ---------------------------------------------------------------------------------------------------


class LosslessJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes and times keep their microseconds (a backup must not round them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            if timezone.is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


@contextmanager
def snapshot(using=DEFAULT_DB_ALIAS):
    """One transaction that sees one state of the database, whatever is committed meanwhile."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError(
            "A backup must run in a transaction of its own, to read one snapshot; it was started inside one."
        )
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the first statement of the transaction, as PostgreSQL requires
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield connection


def natural_fks(model):
    """The model's foreign keys that are written as natural keys (they need the related row)."""
    return [
        f.name for f in model._meta.concrete_fields if f.is_relation and hasattr(f.remote_field.model, "natural_key")
    ]


def with_related(queryset):
    names = natural_fks(queryset.model)
    return queryset.select_related(*names) if names else queryset  # no names would mean every foreign key


def model_records(model, using=DEFAULT_DB_ALIAS):
    """The model's rows as Django's serializer writes them, in primary-key order, a chunk at a time."""
    queryset = with_related(model._base_manager.using(using).order_by("pk"))
    for f in model._meta.local_many_to_many:
        if f.remote_field.through._meta.auto_created:
            # E.g. a group's permissions, with the content types their natural keys are made of.
            related = with_related(f.remote_field.model._default_manager.using(using))
            queryset = queryset.prefetch_related(Prefetch(f.name, queryset=related))
    serializer = serializers.get_serializer("python")()
    rows = queryset.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        yield from serializer.serialize(
            chunk, use_natural_foreign_keys=True, use_natural_primary_keys=label(model) in MERGED
        )


def write_dump(path, using=DEFAULT_DB_ALIAS):
    """Write every backed-up model to ``path`` (gzip, a JSON list, one object a line); return the counts.

    Must run inside :func:`snapshot`.
    """
    counts = {}
    with new_file(path, PRIVATE_FILE_MODE) as raw, gzip.open(raw, "wt", encoding="utf-8", newline="\n") as out:
        out.write("[")
        first = True
        for model in backed_up_models(using):
            count = 0
            for record in model_records(model, using):
                out.write("\n" if first else ",\n")
                out.write(json.dumps(record, cls=LosslessJSONEncoder, ensure_ascii=False, sort_keys=False))
                first = False
                count += 1
            counts[label(model)] = count
            for through in m2m_tables(model):
                counts[label(through)] = through._base_manager.using(using).count()
        out.write("\n]\n")
    return counts


def read_dump(path):
    """The objects of a dump written by :func:`write_dump`, one at a time (the file is never read whole)."""
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as dump:
        if dump.readline().strip() != "[":
            raise BackupError(f"{path} is not a portal database dump.")
        for number, line in enumerate(dump, start=2):
            line = line.strip()
            if line == "]":
                return
            try:
                yield json.loads(line.removesuffix(","))
            except json.JSONDecodeError as error:
                raise BackupError(f"{path}, line {number}: {error}") from error
        raise BackupError(f"{path} ends before its last object: the dump is incomplete.")


# Backup --------------------------------------------------------------------------------------------------------------


def default_output():
    return Path(settings.BASE_DIR) / "backups"


def create_backup(output=None, using=DEFAULT_DB_ALIAS):
    """Write a backup folder under ``output`` and return ``(folder, manifest)``.

    The folder is assembled under a hidden name and renamed when complete, so a folder with the dated name
    is always a whole backup.
    """
    output = Path(output or default_output()).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if output == media_root or media_root in output.parents:
        raise BackupError(f"Backups cannot be written inside MEDIA_ROOT ({media_root}): choose another --output.")
    created = timezone.now()
    stamp = timezone.localtime(created).strftime("%Y%m%d-%H%M%S")
    folder = output / stamp
    if folder.exists():
        raise BackupError(f"{folder} already exists: wait a second and try again.")
    output.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    work = output / f".{stamp}.partial"
    work.mkdir(mode=PRIVATE_DIR_MODE)  # a backup holds password hashes: readable by its owner only
    try:
        with snapshot(using) as connection:
            vendor = connection.vendor
            counts = write_dump(work / DUMP_NAME, using)
            referenced = referenced_files()
            migrations = applied_migrations(using)
        media = {name: copy_file(media_root / name, work / MEDIA_DIR / name) for name in stored_files(media_root)}
        manifest = {
            "format": FORMAT,
            "created": created.isoformat(),
            "django": django.get_version(),
            "portal": portal_version(),
            "database": {"vendor": vendor, "file": DUMP_NAME, **file_digest(work / DUMP_NAME)},
            "migrations": migrations,
            "counts": counts,
            "media": media,
            # Named by a row, a portrait or a kept revision, yet not in MEDIA_ROOT when the backup was made.
            "missing_media": sorted(referenced - media.keys()),
        }
        with new_file(work / MANIFEST_NAME, PRIVATE_FILE_MODE) as out:
            out.write((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return folder, manifest


# Restore -------------------------------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    folder: Path
    counts: dict = field(default_factory=dict)  # label: rows in the backup
    files: int = 0
    bytes: int = 0
    missing_media: list = field(default_factory=list)  # named by the data but absent when the backup was made


def read_manifest(folder):
    path = Path(folder) / MANIFEST_NAME
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST_NAME} (an interrupted backup has none).")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} cannot be read: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} has format {manifest.get('format')!r}; this portal reads format {FORMAT}.")
    return manifest


def check_migrations(manifest, using=DEFAULT_DB_ALIAS):
    """The dump fits this database's tables only if both were migrated to the same point."""
    ours = {(app, name) for app, names in applied_migrations(using).items() for name in names}
    theirs = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    if ours == theirs:
        return

    def names(pairs):
        listed = [f"{app}.{name}" for app, name in sorted(pairs)]
        return ", ".join(listed[:5]) + (f" and {len(listed) - 5} more" if len(listed) > 5 else "")

    portal = manifest.get("portal") or {}
    made_with = f"portal {portal.get('version') or '?'}, commit {portal.get('commit') or '?'}"
    problems = []
    if theirs - ours:
        problems.append(f"the backup's database had migrations this one has not: {names(theirs - ours)}")
    if ours - theirs:
        problems.append(f"this database has migrations the backup's had not: {names(ours - theirs)}")
    raise BackupError(
        "The backup was made with another version of the portal's schema ("
        + "; ".join(problems)
        + f"). Restore it with the code it was made with ({made_with}): migrate an empty database with that "
        "code, restore, then update the code and migrate."
    )


def check_empty(using=DEFAULT_DB_ALIAS):
    """Refuse a database with portal content or a MEDIA_ROOT with files: a restore never mixes two portals."""
    rows = []
    for model in backed_up_models(using):
        if label(model) in MERGED | REPLACED:
            continue
        count = model._base_manager.using(using).count()
        if count:
            rows.append(f"{label(model)}: {count}")
    if rows:
        raise BackupError(
            "The database is not empty ("
            + ", ".join(rows)
            + "). A backup is restored into an empty database only: create a new database, run "
            "`manage.py migrate`, and restore into it (no superuser, no demo content)."
        )
    media_root = Path(settings.MEDIA_ROOT)
    files = stored_files(media_root)
    if files:
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) is not empty: {len(files)} file(s), e.g. {', '.join(files[:3])}. "
            "A backup is restored into an empty media folder only (a .gitkeep may stay)."
        )


def verify_files(folder, manifest):
    """Check the dump and every media file against the manifest's sizes and checksums; return the media's size."""
    folder = Path(folder)
    problems = []
    database = manifest.get("database") or {}
    dump_name = database.get("file", DUMP_NAME)
    entries = [(folder / safe_relative_name(dump_name), dump_name, database)]
    for name, expected in sorted((manifest.get("media") or {}).items()):
        entries.append((folder / MEDIA_DIR / safe_relative_name(name), f"{MEDIA_DIR}/{name}", expected))
    total = 0
    for path, name, expected in entries:
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        actual = file_digest(path)
        if actual["size"] != expected.get("size"):
            problems.append(f"{name}: {actual['size']} bytes, the manifest says {expected.get('size')}")
        elif actual["sha256"] != expected.get("sha256"):
            problems.append(f"{name}: its SHA-256 differs from the manifest's (the file is damaged)")
        if name.startswith(f"{MEDIA_DIR}/"):
            total += actual["size"]
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise BackupError(f"The backup {folder} does not match its manifest, nothing was restored: {shown}.")
    return total


def load_dump(path, using=DEFAULT_DB_ALIAS):
    """Load a dump into the (empty) database, as ``loaddata`` would; return the objects per model label.

    Must run inside a transaction. Content types and permissions that migrate made are reused, not saved.
    """
    connection = connections[using]
    loaded = Counter()
    models = set()
    deferred = []
    try:
        with connection.constraint_checks_disabled():
            objects = serializers.get_deserializer("python")(
                read_dump(path), using=using, handle_forward_references=True
            )
            for obj in objects:
                model = type(obj.object)
                loaded[label(model)] += 1
                if label(model) in MERGED and obj.object.pk is not None:
                    continue  # found by its natural key: migrate made it here already
                models.add(model)
                try:
                    obj.save(using=using)
                except (DatabaseError, ValueError) as error:
                    raise BackupError(f"Could not load {label(model)} (pk={obj.object.pk}): {error}") from error
                if obj.deferred_fields:
                    deferred.append(obj)
            for obj in deferred:
                obj.save_deferred_fields(using=using)
        tables = [m._meta.db_table for m in models] + [t._meta.db_table for m in models for t in m2m_tables(m)]
        connection.check_constraints(table_names=tables)
    except DeserializationError as error:
        raise BackupError(f"The database dump does not load into this database: {error}") from error
    except DatabaseError as error:
        raise BackupError(f"The restored rows break a constraint: {error}") from error
    # Ids were given explicitly: move PostgreSQL's sequences past them (nothing to do on SQLite).
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return loaded


def check_counts(manifest, loaded, using=DEFAULT_DB_ALIAS):
    """Every model and many-to-many table holds as many rows as the backup had."""
    tables = {}
    for model in backed_up_models(using):
        tables[label(model)] = model
        for through in m2m_tables(model):
            tables[label(through)] = through
    problems = []
    for name, expected in sorted(manifest["counts"].items()):
        table = tables.get(name)
        if table is None:
            problems.append(f"{name}: not a model of this portal")
            continue
        actual = table._base_manager.using(using).count()
        if name in MERGED:
            if loaded[name] != expected or actual < expected:
                problems.append(f"{name}: {loaded[name]} loaded, {actual} present, {expected} expected")
        elif actual != expected:
            problems.append(f"{name}: {actual} rows, {expected} expected")
    if problems:
        raise BackupError("The restored database does not match the manifest's counts: " + "; ".join(problems) + ".")


def restore_backup(folder, using=DEFAULT_DB_ALIAS):
    """Restore a backup folder into an empty database and MEDIA_ROOT, all or nothing; return what was restored."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    folder = Path(folder).resolve()
    manifest = read_manifest(folder)
    check_migrations(manifest, using)
    check_empty(using)
    total = verify_files(folder, manifest)  # before anything is changed

    media_root = Path(settings.MEDIA_ROOT)
    written, created_dirs = [], []
    ContentType.objects.clear_cache()  # natural keys are looked up through it: no ids from another database
    try:
        with transaction.atomic(using=using):
            Group.objects.using(using).all().delete()  # the migration's groups: the backup's replace them
            loaded = load_dump(folder / manifest["database"]["file"], using)
            check_counts(manifest, loaded, using)
            page_cache.invalidate_all()  # no page cached before the restore is served after it (the cache outlives it)
            media_root.mkdir(parents=True, exist_ok=True)
            for name, expected in sorted(manifest["media"].items()):
                relative = safe_relative_name(name)
                target = media_root / relative
                written.append(target)
                copied = copy_file(
                    folder / MEDIA_DIR / relative,
                    target,
                    created_dirs,
                    # Restored media is readable as uploads are (e.g. by nginx), not private as in the backup.
                    mode=settings.FILE_UPLOAD_PERMISSIONS,
                    dir_mode=settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS,
                )
                if copied != {"size": expected["size"], "sha256": expected["sha256"]}:
                    raise BackupError(f"{MEDIA_DIR}/{name} changed while it was being restored: nothing was restored.")
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for path in reversed(created_dirs):
            with suppress(OSError):
                path.rmdir()
        raise
    finally:
        ContentType.objects.clear_cache()
    return RestoreResult(
        folder=folder,
        counts=dict(manifest["counts"]),
        files=len(manifest["media"]),
        bytes=total,
        missing_media=list(manifest.get("missing_media", [])),
    )
