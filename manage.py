#!/usr/bin/env python
"""Django's command-line utility for Expo Portal."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - Django's own entry point: a clear message when Django is missing

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
