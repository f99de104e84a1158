"""Remove uploaded files that nothing references any more.

A file is kept while a photo, a portrait or a kept revision (django-reversion)
refers to it: restoring an old version of an article must find its photos.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from reversion.models import Version

from news.models import Person, Photo

KEEP = {".gitkeep"}


def photo_files(fields):
    names = {fields.get("image") or ""}
    names.update(rendition.get("name", "") for rendition in fields.get("renditions") or [])
    return names


def referenced_files():
    names = set()
    for image, renditions in Photo.objects.values_list("image", "renditions"):
        names |= photo_files({"image": image, "renditions": renditions})
    for portrait, renditions in Person.objects.exclude(portrait="").values_list("portrait", "portrait_renditions"):
        names.add(portrait)
        names.update(rendition.get("name", "") for rendition in renditions or [])
    photo_type = ContentType.objects.get_for_model(Photo)
    for data in Version.objects.filter(content_type=photo_type).values_list("serialized_data", flat=True).iterator():
        for record in json.loads(data):
            names |= photo_files(record.get("fields", {}))
    names.discard("")
    return names


def stored_files(root):
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name not in KEEP:
                yield Path(folder, name).relative_to(root).as_posix()


class Command(BaseCommand):
    help = "Delete uploaded files that no photo, portrait or kept revision references."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be deleted, delete nothing")

    def handle(self, *args, dry_run=False, **options):
        root = Path(settings.MEDIA_ROOT)
        keep = referenced_files()
        orphans = sorted(name for name in stored_files(root) if name not in keep)
        for name in orphans:
            self.stdout.write(f"{'would delete' if dry_run else 'deleted'}: {name}")
            if not dry_run:
                (root / name).unlink(missing_ok=True)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(orphans)} file(s); {len(keep)} referenced file(s) kept."))
