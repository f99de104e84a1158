"""Import articles exported from the old intranet (news/legacy.py parses, news/services/importing.py writes)."""

from collections import Counter
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from news import legacy
from news.models import ORIGINAL_LANGUAGE, Unit
from news.services import importing

WOULD = {"imported": "would import", "updated": "would update"}  # what a dry run says instead


class Command(BaseCommand):
    help = (
        "Import articles exported from the old intranet as text files. Safe to re-run: imported files are "
        "skipped. With --translation-of and --language, import one export as that article's translation."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--unit", help="slug of the unit the articles belong to (default: named in the title)")
        parser.add_argument("--status", choices=["published", "draft"], default="published")
        parser.add_argument("--photos", metavar="DIR", help="images for the captions, matched in file-name order")
        parser.add_argument("--dry-run", action="store_true", help="parse and report everything, save nothing")
        parser.add_argument(
            "--translation-of",
            metavar="ARTICLE",
            help="import FILE as the translation of this article: its id, its address or its admin address",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES if code in legacy.EXPORT_LANGUAGES],
            help=f"the language of the files (originals: {ORIGINAL_LANGUAGE}, the default)",
        )

    def handle(self, *args, **options):
        status, dry_run = options["status"], options["dry_run"]
        if options["translation_of"]:
            article, language = self.translation_options(options)
            import_one = partial(
                importing.import_translation, article=article, language=language, status=status, dry_run=dry_run
            )
        else:
            if options["language"] not in (None, ORIGINAL_LANGUAGE):
                raise CommandError(
                    _("Originals are in %(original)s: --language %(language)s needs --translation-of.")
                    % {"original": ORIGINAL_LANGUAGE, "language": options["language"]}
                )
            unit = self.unit_option(options["unit"])
            images = self.images_option(options["photos"])
            import_one = partial(importing.import_file, unit=unit, status=status, images=images, dry_run=dry_run)
        counts = Counter()
        for path in map(Path, options["files"]):
            try:
                outcome, detail = import_one(path)
            except (legacy.LegacyFormatError, importing.ImportFailed, OSError) as error:
                counts["failed"] += 1
                self.stderr.write(self.style.ERROR(f"FAILED   {importing.describe_failure(path, error)}"))
                continue
            counts[outcome] += 1
            style = self.style.WARNING if outcome == "skipped" else self.style.SUCCESS
            verb = WOULD.get(outcome, outcome) if dry_run else outcome
            self.stdout.write(style(f"{verb.upper():<8} {path}: {detail}"))
        prefix = "Dry run, nothing saved. " if dry_run else ""
        updated = f", updated: {counts['updated']}" if counts["updated"] else ""
        self.stdout.write(
            f"{prefix}Imported: {counts['imported']}{updated}, skipped: {counts['skipped']}, failed: {counts['failed']}"
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be imported.")

    def translation_options(self, options):
        """The article and language a translation is imported for, once the options agree."""
        if not options["language"]:
            raise CommandError(_("--translation-of needs --language: the language the file is written in."))
        if len(options["files"]) > 1:
            raise CommandError(_("--translation-of takes one FILE: an article has one translation a language."))
        for option in ("unit", "photos"):
            if options[option]:
                raise CommandError(
                    _("--%(option)s is for originals: a translation belongs to its article.") % {"option": option}
                )
        try:
            return importing.translation_target(options["translation_of"], options["language"]), options["language"]
        except importing.ImportFailed as error:
            raise CommandError(str(error)) from error

    def images_option(self, folder):
        try:
            return importing.image_files(folder) if folder else []
        except importing.ImportFailed as error:
            raise CommandError(str(error)) from error

    def unit_option(self, slug):
        if not slug:
            return None
        try:
            return Unit.objects.get(slug=slug)
        except Unit.DoesNotExist as error:
            raise CommandError(f"No unit with the slug “{slug}”.") from error
