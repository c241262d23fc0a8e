"""``manage.py portal_restore --from FOLDER``: a backup back into an empty database, checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from common.backup import restore


class Command(BaseCommand):
    help = "Restore a portal_backup folder into the (empty) database and the media folder, then check every count."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, type=Path, help="a folder made by portal_backup")
        parser.add_argument("--force", action="store_true", help="replace what the database already holds")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Restoring from {options['source']} …")
        manifest = restore(options["source"], force=options["force"])
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['media'])} media files; "
                "every count matches the backup."
            )
        )
