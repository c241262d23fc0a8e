from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.api_keys.services import api_key_revoke


class Command(BaseCommand):
    help = "Revoke an API key at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")

    def handle(self, *args: object, **options: object) -> None:
        if not api_key_revoke(name=str(options["name"])):
            raise CommandError(f"No active API key is named {options['name']!r}.")
        self.stdout.write(f"revoked: {options['name']}")
