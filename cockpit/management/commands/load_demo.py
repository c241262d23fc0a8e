"""``manage.py load_demo``: the demo expo delegation, its pavilion, contacts, speeches and meetings."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cockpit.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Load the demo scenario (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG is off: refusing to load demo data into what may be production (use --force).")
        logins = DemoLoader(log=self.stdout.write).load()
        for username, password, role in logins:
            self.stdout.write(f"login: {username} / {password} ({role})")
