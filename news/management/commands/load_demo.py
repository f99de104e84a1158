import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from news.demo.data import USERS
from news.demo.loader import DemoDataError, counts, load_demo

ALLOW_FLAG = "--allow-production-settings"
SERVER_WAIT_SECONDS = 120


class Command(BaseCommand):
    help = (
        "Load the demo content: units, people, events, conference reports across several years, other news, "
        "photos, reading history and demo sign-ins. Safe to run again: nothing is duplicated and the demo content "
        "is reset; an existing account the demo did not make is never changed. Refused when DEBUG is off (production "
        f"settings) unless {ALLOW_FLAG} is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            ALLOW_FLAG,
            action="store_true",
            help="Load even though DEBUG is off: only on a demo or staging server that runs with production "
            "settings, never on a database with real content.",
        )
        parser.add_argument(
            "--sign-ins-only",
            action="store_true",
            help="Load nothing: print the demo sign-ins and, with --url, the address to open, once a server answers "
            "there (make run prints them so, last on the screen).",
        )
        parser.add_argument("--url", default="", help="The address the portal is served at, printed with the sign-ins.")

    def handle(self, *args, **options):
        if options["sign_ins_only"]:
            if options["url"]:
                wait_for_server(options["url"])
            self.write_sign_ins(options["url"])
            return
        if not settings.DEBUG and not options["allow_production_settings"]:
            raise CommandError(
                "DEBUG is off: this looks like a production database, and the demo would add invented articles, "
                f"people and sign-ins with published passwords to it. Run with DEBUG=true, or give {ALLOW_FLAG} "
                "on a demo or staging server."
            )
        started = time.monotonic()
        try:
            result = load_demo()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded in {elapsed:.1f} s: {result.articles} articles, "
                f"{result.photos_drawn} new photo files drawn, {result.reads} reads."
            )
        )
        for username in result.kept_accounts:
            self.stdout.write(
                self.style.WARNING(
                    f"The account “{username}” existed and was not made by the demo: left as it was, password included."
                )
            )
        self.write_table("What the database holds", ("what", "count"), counts().items())
        self.write_sign_ins(options["url"])

    def write_sign_ins(self, url):
        kept = not_made_by_demo()
        self.write_table(
            "Demo sign-ins (published passwords: for a demo only)",
            ("username", "password", "role", "group"),
            [
                (user.username, "(its own)" if user.username in kept else user.password, user.role, user.group or "–")
                for user in USERS
            ],
        )
        if url:
            self.stdout.write("\n" + self.style.SUCCESS(f"The portal is ready: open {url}"))

    def write_table(self, title, headings, rows):
        widths = [max(len(str(cell)) for cell in column) for column in zip(headings, *rows, strict=True)]
        self.stdout.write(f"\n{title}")
        for row in (headings, *rows):
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  " + "  ".join(cells).rstrip())


def not_made_by_demo():
    """The demo's usernames held by accounts the demo did not make (their passwords are their owners')."""
    usernames = [user.username for user in USERS]
    accounts = get_user_model().objects.filter(username__in=usernames).exclude(profile__created_by_demo=True)
    return set(accounts.values_list("username", flat=True))


def wait_for_server(url):
    """Until something accepts connections where ``url`` points (a development server still starting)."""
    parts = urlsplit(url)
    deadline = time.monotonic() + SERVER_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            socket.create_connection((parts.hostname, parts.port or 80), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
