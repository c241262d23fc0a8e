from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from common.api_keys.services import api_key_create
from common.models import SCOPES


class Command(BaseCommand):
    help = "Create an API key and print it once (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="A unique name for the integration.")
        parser.add_argument("--scope", action="append", required=True, choices=SCOPES, dest="scopes")
        parser.add_argument("--expires", type=int, metavar="DAYS", help="Days until the key stops working.")
        parser.add_argument("--purpose", default="", help="What the key is used for.")
        parser.add_argument("--fields", default="", help="Comma-separated field allow-list (default: every field).")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["expires"]
        if days is not None and int(days) <= 0:
            raise CommandError("--expires must be a positive number of days.")
        expiry = timezone.now() + timedelta(days=int(days)) if days else None
        fields = [f.strip() for f in str(options["fields"]).split(",") if f.strip()]
        try:
            _key, raw = api_key_create(
                name=str(options["name"]),
                scopes=list(options["scopes"]),
                expiry_date=expiry,
                purpose=str(options["purpose"]),
                field_allowlist=fields,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(raw)
