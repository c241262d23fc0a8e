"""Time and peak memory of reading hostile and of the largest allowed spreadsheets.

Usage: .venv/bin/python bench/hostile_imports.py
Prints one line per file: its size, what the reader answered, seconds and peak Python memory
(tracemalloc) while reading. No database is touched: this measures ``read_sheet`` alone.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")

import django

django.setup()

import openpyxl  # noqa: E402

from delegations import importing  # noqa: E402
from tests.delegations.test_import_hostile import HOSTILE, _wide_claim  # noqa: E402


def largest_csv() -> bytes:
    rows = [f"Person {i},Organisation {i % 500},person{i}@example.org,+82 2 2133 {i:04d},KR" for i in range(20_000)]
    return ("Name,Organisation,E-mail,Phone,Country\n" + "\n".join(rows) + "\n").encode()


def largest_xlsx() -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Name", "Organisation", "E-mail", "Phone", "Country"])
    for i in range(20_000):
        sheet.append([f"Person {i}", f"Organisation {i % 500}", f"person{i}@example.org", f"+82 2 2133 {i:04d}", "KR"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure(name: str, data: bytes) -> None:
    started = time.perf_counter()
    try:
        sheet = importing.read_sheet(data)
        outcome = f"read {len(sheet.rows)} rows"
    except importing.ImportFileError as error:
        outcome = f"refused: {str(error)[:60]}"
    seconds = time.perf_counter() - started
    # Memory in a second run: tracing slows Python down several times, so it is not timed.
    tracemalloc.start()
    with contextlib.suppress(importing.ImportFileError):
        importing.read_sheet(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name:28} {len(data) / 1024:9.1f} kB  {seconds:6.2f} s  peak {peak / 2**20:7.1f} MiB  {outcome}")


def main() -> None:
    for name, (data, _message) in HOSTILE.items():
        measure(name, data)
    measure("lying dimension", _wide_claim())
    measure("20,000-row CSV (allowed)", largest_csv())
    measure("20,000-row XLSX (allowed)", largest_xlsx())


if __name__ == "__main__":
    main()
