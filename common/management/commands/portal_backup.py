"""``manage.py portal_backup --to FOLDER``: the database (pg_dump) and the media files, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from common.backup import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, custom format) and the media files into a new folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, type=Path, help="a new or empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Backing up into {options['to']} …")
        manifest = backup(options["to"])
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['media'])} media files."
            )
        )
