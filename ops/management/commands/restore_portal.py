"""Restore a backup made by backup_portal into an empty database and an empty MEDIA_ROOT (ops/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from ops import backups


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by backup_portal into an empty, migrated database and an empty MEDIA_ROOT. "
        "Checks every file against the manifest first; restores all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", metavar="BACKUP_DIR", help="a folder made by backup_portal")

    def handle(self, *args, backup, **options):
        try:
            result = backups.restore_backup(backup)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        counts = result.counts
        self.stdout.write(f"Restored {result.folder}:")
        for name, count in counts.items():
            if count:
                self.stdout.write(f"  {name}: {count}")
        self.stdout.write(f"  media files: {result.files} ({backups.human_size(result.bytes)})")
        if result.missing_media:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(result.missing_media)} file(s) named by the data were already missing when the backup "
                    f"was made (manifest.json, missing_media): {', '.join(result.missing_media[:10])}"
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(counts.values())} rows and {result.files} files; "
                "checksums and row counts match the manifest."
            )
        )
