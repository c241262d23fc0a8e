"""Every environment variable the product reads is documented in the README's configuration."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("expo_portal", "common", "delegations", "meetings", "exhibitors", "cockpit")
READS = re.compile(
    r"""(?:os\.environ\.get|os\.environ\[|os\.getenv|env\.(?:str|bool|int|float|list|db_url|email_url)|env|_bool)\(?\s*["']([A-Z][A-Z0-9_]{2,})["']"""
)
# Read by the test suite's own configuration only, never by a deployment.
TEST_ONLY = {"EXPO_TESTING", "EXPO_TEST_DB_NAME", "AXES_ENABLED"}


def variables_read() -> set[str]:
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found.update(READS.findall(path.read_text()))
    return found - TEST_ONLY


def test_the_scan_finds_the_variables_everyone_sets():
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "PORTAL_URL", "PORTAL_ADDR"} <= variables_read()


def test_every_variable_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in variables_read() if f"`{name}`" not in readme)
    assert not missing, f"README does not document: {', '.join(missing)}"
