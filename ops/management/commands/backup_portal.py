"""Back up the portal: database dump, uploaded files and a manifest, in a dated folder (ops/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from ops import backups


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the portal (database as gzipped Django JSON, MEDIA_ROOT, manifest.json) "
        "into a new folder <output>/<YYYYMMDD-HHMMSS>/ and print its path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR",
            help=f"folder the dated backup folder is made in (default: {backups.default_output()})",
        )

    def handle(self, *args, output=None, **options):
        try:
            folder, manifest = backups.create_backup(output)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        media_bytes = sum(entry["size"] for entry in manifest["media"].values())
        database = manifest["database"]
        self.stdout.write(
            f"Database ({database['vendor']}): {rows} rows from {len(manifest['counts'])} tables, "
            f"{backups.human_size(database['size'])} compressed."
        )
        self.stdout.write(f"Media: {len(manifest['media'])} files, {backups.human_size(media_bytes)}.")
        if manifest["missing_media"]:
            shown = ", ".join(manifest["missing_media"][:10])
            self.stderr.write(
                self.style.WARNING(
                    f"{len(manifest['missing_media'])} file(s) named by the database were not in MEDIA_ROOT "
                    f"(listed in the manifest under missing_media): {shown}"
                )
            )
        self.stdout.write(self.style.SUCCESS("Backup written to:"))
        self.stdout.write(str(folder))
