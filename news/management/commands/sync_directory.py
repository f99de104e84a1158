from django.core.management.base import BaseCommand, CommandError

from news.directory import directory
from news.services.directory import DirectoryUnavailable, sync_directory


class Command(BaseCommand):
    help = (
        "Bring the portal's directory accounts in step with the company directory (run nightly): close those "
        "the directory has deleted or disabled, refresh the others' names, units and roles, and report each change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be closed; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        if directory() is None:
            raise CommandError("No company directory is configured (LDAP_SERVER_URI is not set).")
        try:
            report = sync_directory(dry_run=dry_run)
        except DirectoryUnavailable as error:
            raise CommandError(f"The directory could not be read, nothing was changed: {error}") from error
        would = "would be " if dry_run else ""
        for username, why in report.closed:
            reason = "disabled in the directory" if why == "disabled" else "gone from the directory"
            self.stdout.write(f"{username}: {would}closed ({reason})")
        for username, changes in report.changed:
            self.stdout.write(f"{username}: {'; '.join(changes)}")
        for username, error in report.failed:
            self.stderr.write(f"{username}: not refreshed ({error})")
        summary = f"{len(report.closed)} {would}closed, {len(report.changed)} updated, {report.unchanged} unchanged."
        if report.failed:
            raise CommandError(f"{summary} {len(report.failed)} could not be refreshed (above).")
        self.stdout.write(self.style.SUCCESS(summary if not dry_run else f"Dry run: {summary}"))
