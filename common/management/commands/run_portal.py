"""``make run``: migrate, load the demo into an empty database, then run web + worker + beat together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from common.embedded import stop_if_unused
from common.health import check_broker, check_database


class Command(BaseCommand):
    help = "Run the whole portal on one machine (web, Celery worker and beat). Ctrl-C stops everything."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default=os.environ.get("PORTAL_ADDR", "127.0.0.1:8000"))
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo into an empty database.")

    def handle(self, *args: object, **options: object) -> None:
        problem = check_broker()
        if problem:
            self._die("CELERY_BROKER_URL", f"the broker does not answer ({problem})")
        problem = check_database()
        if problem:
            self._die("DATABASE_URL", f"the database does not answer ({problem})")

        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"] and not get_user_model().objects.exists():
            self.stdout.write("Empty database: loading the demo expo …")
            call_command("load_demo")

        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        celery = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "expo_portal",
            "--quiet",  # no start-up banner
            "worker",
            "--hostname=portal@%h",
            "--without-mingle",  # one worker per machine: nobody to sync with
            "--beat",
            "--loglevel=INFO",
            "--concurrency=2",
            "-s",
            str(settings.VAR_DIR / "celerybeat-schedule"),
        ]
        children = [
            subprocess.Popen([*manage, "runserver", str(options["addr"]), "--noreload"]),
            subprocess.Popen(celery),
        ]
        self.stdout.write(self.style.SUCCESS(f"Expo Portal: http://{options['addr']}/  (Ctrl-C stops everything)"))

        def stop(*_: object) -> None:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for child in children:
                try:
                    child.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
            if not os.environ.get("DATABASE_URL"):
                stop_if_unused(settings.VAR_DIR)
            raise SystemExit(0)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        self.stderr.write("A portal process stopped; stopping the others.")
        stop()

    def _die(self, variable: str, message: str) -> None:
        self.stderr.write(f"Configuration error: {variable}: {message}")
        raise SystemExit(2)
