"""The uploaded files on disk and the ones the portal still needs: the one walk of MEDIA_ROOT.

Backups copy what :func:`stored_files` lists and report what :func:`referenced_files` names but is
missing; purging deletes what is stored but not referenced. Both read the same two functions, so a
backup and a purge cannot disagree about which files are uploads and which are still needed.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from news.models import Person, Photo

# Placeholders that keep an empty folder in a checkout: not uploads, never backed up or deleted.
PLACEHOLDERS = {".gitkeep"}


def stored_files(root=None):
    """Relative POSIX names of the regular files under ``root`` (default MEDIA_ROOT), placeholders left
    out, sorted; none when the folder does not exist."""
    root = Path(settings.MEDIA_ROOT if root is None else root)
    names = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in files:
            path = Path(folder, name)
            if name not in PLACEHOLDERS and path.is_file():
                names.append(path.relative_to(root).as_posix())
    return sorted(names)


def referenced_files():
    """Names (relative to MEDIA_ROOT) of every file a photo, a portrait or a kept revision of a photo
    refers to, originals and renditions alike: restoring an old version of an article must find its photos."""
    names = set()
    for image, renditions in Photo.objects.values_list("image", "renditions"):
        names |= upload_and_renditions(image, renditions)
    for portrait, renditions in Person.objects.exclude(portrait="").values_list("portrait", "portrait_renditions"):
        names |= upload_and_renditions(portrait, renditions)
    photo_type = ContentType.objects.get_for_model(Photo)
    for data in Version.objects.filter(content_type=photo_type).values_list("serialized_data", flat=True).iterator():
        for record in json.loads(data):
            fields = record.get("fields", {})
            names |= upload_and_renditions(fields.get("image"), fields.get("renditions"))
    names.discard("")
    return names


def upload_and_renditions(original, renditions):
    return {original or "", *(rendition.get("name", "") for rendition in renditions or [])}


def orphaned_files(root=None):
    """``(orphans, referenced)``: the stored files nothing refers to, sorted, and the referenced names."""
    referenced = referenced_files()
    return [name for name in stored_files(root) if name not in referenced], referenced


def purge_orphans(root=None, dry_run=False):
    """Delete the stored files nothing refers to (none when ``dry_run``); return ``(orphans, referenced)``."""
    root = Path(settings.MEDIA_ROOT if root is None else root)
    orphans, referenced = orphaned_files(root)
    if not dry_run:
        for name in orphans:
            (root / name).unlink(missing_ok=True)
    return orphans, referenced
