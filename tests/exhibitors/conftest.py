"""Fixtures of the pavilion tests (booth profiles keep their helpers in tests/factories/profiles.py)."""

from tests.factories.profiles import media_root  # noqa: F401 - a fixture, registered by importing it here
