"""Remove uploaded files that nothing references any more (ops/media_files.py decides which).

A file is kept while a photo, a portrait or a kept revision (django-reversion)
refers to it: restoring an old version of an article must find its photos.
"""

from django.core.management.base import BaseCommand

from ops import media_files


class Command(BaseCommand):
    help = "Delete uploaded files that no photo, portrait or kept revision references."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be deleted, delete nothing")

    def handle(self, *args, dry_run=False, **options):
        orphans, referenced = media_files.purge_orphans(dry_run=dry_run)
        for name in orphans:
            self.stdout.write(f"{'would delete' if dry_run else 'deleted'}: {name}")
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(orphans)} file(s); {len(referenced)} referenced file(s) kept.")
        )
