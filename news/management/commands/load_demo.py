import time

from django.core.management.base import BaseCommand, CommandError

from news.demo.data import USERS
from news.demo.loader import DemoDataError, counts, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo content: units, people, events, conference reports across several years, other news, "
        "photos and demo sign-ins. Safe to run again: nothing is duplicated and the demo content is reset."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = load_demo()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded in {elapsed:.1f} s: {result.articles} articles, "
                f"{result.photos_drawn} new photo files drawn."
            )
        )
        self.write_table(
            "Demo sign-ins (published passwords: for a demo only)",
            ("username", "password", "role", "group"),
            [(user.username, user.password, user.role, user.group or "–") for user in USERS],
        )
        self.write_table("What the database holds", ("what", "count"), counts().items())

    def write_table(self, title, headings, rows):
        widths = [max(len(str(cell)) for cell in column) for column in zip(headings, *rows, strict=True)]
        self.stdout.write(f"\n{title}")
        for row in (headings, *rows):
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  " + "  ".join(cells).rstrip())
