"""Import articles exported from the old intranet (news/legacy.py parses, news/services/importing.py writes)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from news import legacy
from news.models import Unit
from news.services import importing


class Command(BaseCommand):
    help = "Import articles exported from the old intranet as text files. Safe to re-run: imported files are skipped."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--unit", help="slug of the unit the articles belong to (default: named in the title)")
        parser.add_argument("--status", choices=["published", "draft"], default="published")
        parser.add_argument("--photos", metavar="DIR", help="images for the captions, matched in file-name order")
        parser.add_argument("--dry-run", action="store_true", help="parse and report everything, save nothing")

    def handle(self, *args, **options):
        unit = self.unit_option(options["unit"])
        try:
            images = importing.image_files(options["photos"]) if options["photos"] else []
        except importing.ImportFailed as error:
            raise CommandError(str(error)) from error
        counts = {"imported": 0, "skipped": 0, "failed": 0}
        for name in options["files"]:
            path = Path(name)
            try:
                outcome, detail = importing.import_file(path, unit, options["status"], images, options["dry_run"])
            except (legacy.LegacyFormatError, importing.ImportFailed, OSError) as error:
                counts["failed"] += 1
                self.stderr.write(self.style.ERROR(f"FAILED   {importing.describe_failure(path, error)}"))
                continue
            counts[outcome] += 1
            style = self.style.SUCCESS if outcome == "imported" else self.style.WARNING
            verb = "would import" if options["dry_run"] and outcome == "imported" else outcome
            self.stdout.write(style(f"{verb.upper():<8} {path}: {detail}"))
        prefix = "Dry run, nothing saved. " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}Imported: {counts['imported']}, skipped: {counts['skipped']}, failed: {counts['failed']}"
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be imported.")

    def unit_option(self, slug):
        if not slug:
            return None
        try:
            return Unit.objects.get(slug=slug)
        except Unit.DoesNotExist as error:
            raise CommandError(f"No unit with the slug “{slug}”.") from error
