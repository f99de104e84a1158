from django.core.management.base import BaseCommand

from news.services.schedules import run_due


class Command(BaseCommand):
    help = (
        "Run what is due (every minute from cron or a systemd timer): digests and must-read reminders once per "
        "period, and tasks whose worker died given back to the queue. Running it twice sends nothing twice."
    )

    def handle(self, *args, **options):
        report = run_due()
        for name, period in report.ran:
            self.stdout.write(f"{name}: {period}")
        if report.requeued:
            self.stdout.write(f"{report.requeued} task(s) whose worker died given back to the queue")
        if report.photos_resumed:
            self.stdout.write(f"{report.photos_resumed} photo(s) waiting without a task sent to the workers")
