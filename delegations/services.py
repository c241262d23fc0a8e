"""Writes and business rules of the people side."""

from __future__ import annotations

from django.db import transaction

from delegations.models import BusyTime


@transaction.atomic
def busy_time_replace(*, source: str, source_id: int, rows: list[BusyTime]) -> None:
    """Replace the busy time recorded for one item (meeting, slot, shift, itinerary item).

    Side effects: deletes and inserts ``BusyTime`` rows; PostgreSQL's exclusion constraints
    raise ``IntegrityError`` (23P01) when a row would overlap someone's existing busy time.
    """
    BusyTime.objects.filter(source=source, source_id=source_id).delete()
    for row in rows:
        row.source = source
        row.source_id = source_id
    BusyTime.objects.bulk_create(rows)


def busy_time_clear(*, source: str, source_id: int) -> None:
    """Forget the busy time of an item that was cancelled or deleted."""
    BusyTime.objects.filter(source=source, source_id=source_id).delete()
