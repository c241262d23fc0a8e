"""Backup and restore drill: dump, restore into a new database, find every row and file again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from delegations.models import Contact
from meetings.models import Reminder
from tests.conftest import subprocess_database_url
from tests.factories.scheduling import book, make_scene, seoul

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)

CHECKED = ["meetings_meeting", "meetings_reminder", "delegations_contact", "delegations_busytime"]


def _fingerprints(cursor) -> dict[str, tuple]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    found = {}
    for table in tables:
        rows = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
        cursor.execute(f'SELECT count(*), {rows} FROM "{table}" t')  # noqa: S608 - names from pg_tables
        found[table] = cursor.fetchone()
    return found


def _restore(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``manage.py portal_restore`` in its own process, against the database ``env`` names."""
    return subprocess.run(
        [sys.executable, "manage.py", "portal_restore", "--from", str(folder)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def restore_database():
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    params = {
        k: v
        for k, v in {
            "host": db.get("HOST"),
            "port": db.get("PORT"),
            "user": db.get("USER"),
            "password": db.get("PASSWORD"),
        }.items()
        if v
    }
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = subprocess_database_url().rsplit("/", 1)[0] + "/" + name
    yield url, lambda: psycopg2.connect(dbname=name, **params)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_backup_then_restore_finds_every_row_history_reminder_and_file(tmp_path, settings, restore_database):
    url, connect = restore_database
    settings.MEDIA_ROOT = str(tmp_path / "media")
    logo = Path(settings.MEDIA_ROOT) / "logos" / "booth.png"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(b"\x89PNG not really, but bytes to keep")
    scene = make_scene()
    book(scene, start=seoul(4, 10), end=seoul(4, 11), members=scene.members[:2], contacts=scene.contacts[:1])
    contact = scene.contacts[0]
    contact.title = "Deputy Mayor"
    contact.save()
    assert Reminder.objects.exists() and contact.events.count() >= 2

    call_command("portal_backup", to=tmp_path / "backup")
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "restored-media")}
    result = _restore(tmp_path / "backup", env)
    assert result.returncode == 0, result.stderr
    assert "every count matches" in result.stdout

    with connection.cursor() as cursor:
        original = _fingerprints(cursor.cursor)
    restored_connection = connect()
    with restored_connection.cursor() as cursor:
        restored = _fingerprints(cursor)
    restored_connection.close()
    assert restored == original  # every table, every row, history events and reminders included
    for table in CHECKED:
        assert original[table][0] > 0, table
    assert any(table.endswith("event") for table in original if original[table][0])
    assert (tmp_path / "restored-media" / "logos" / "booth.png").read_bytes() == logo.read_bytes()

    # A second restore into the now full database is refused and changes nothing.
    again = _restore(tmp_path / "backup", env)
    assert again.returncode != 0 and "empty database" in again.stderr
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "something").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("portal_backup", to=tmp_path / "old")


def test_restore_refuses_a_folder_without_a_backup(tmp_path):
    with pytest.raises(CommandError, match="no readable backup"):
        call_command("portal_restore", source=tmp_path)
