"""One timeline per person: the busy time each schedule item writes, the clashes it names and
the travel buffers it checks.

PostgreSQL's exclusion constraints on ``delegations.BusyTime`` are what refuse a double
booking, and database triggers keep those rows in step with the items on every path
(``common/db/busy_time.py``); the rows written here and the queries only *name* the clash
(for the 409 answer and the form's check before saving) and add the softer travel-buffer
warnings the constraints cannot express.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, OperationalError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from psycopg2.extras import DateTimeTZRange

from common.errors import Conflict, NeedsConfirmation
from delegations.models import BusyTime, Expo, ItineraryItem, TravelTime
from delegations.services import busy_time_replace
from meetings.models import BoothShift, Meeting, SpeakingSlot

EXCLUSION_VIOLATION = "23P01"
DEADLOCK_DETECTED = "40P01"
DEADLOCK_RETRIES = 3


class SchedulingConflict(Conflict):
    """A person or a place would be in two things at once (answered as 409 by the API)."""

    default_message = "This would double-book a person or a place."

    def __init__(self, message: str | None = None, *, conflicts: list[dict[str, Any]] | None = None) -> None:
        conflicts = conflicts or []
        if message is None:
            message = _describe_conflicts(conflicts)
        super().__init__(message, conflicts=conflicts)


class TravelBufferWarning(NeedsConfirmation):
    """Consecutive items at different venues leave less than the travel buffer.

    A warning, not a refusal: the caller repeats the request with ``override_travel`` set.
    The API answers 400 ``{"code": "travel_buffer", "warnings": [...]}``.
    """

    default_message = "Not enough time to travel between venues; set override_travel to save anyway."
    code = "travel_buffer"

    def __init__(self, *, warnings: list[dict[str, Any]]) -> None:
        super().__init__(_describe_warnings(warnings), warnings=warnings)
        self.warnings = warnings


def _describe_conflicts(conflicts: list[dict[str, Any]]) -> str:
    if not conflicts:
        return _("This would double-book a person or a place.")
    first = conflicts[0]
    start, end = (dt.datetime.fromisoformat(first[k]).astimezone(dt.UTC) for k in ("starts_at", "ends_at"))
    text = _("%(name)s is already busy with “%(title)s” (%(start)s–%(end)s UTC).") % {
        "name": first["subject"]["name"],
        "title": first["title"],
        "start": f"{start:%Y-%m-%d %H:%M}",
        "end": f"{end:%H:%M}",
    }
    if len(conflicts) > 1:
        text += " " + _("%(count)d more clash(es).") % {"count": len(conflicts) - 1}
    return text


def _describe_warnings(warnings: list[dict[str, Any]]) -> str:
    if not warnings:
        return TravelBufferWarning.default_message
    first = warnings[0]
    return _(
        "%(name)s has %(gap)d min between “%(title)s” and this item but needs %(needed)d min to change venue; "
        "confirm to save anyway."
    ) % {
        "name": first["subject"]["name"],
        "gap": first["gap_minutes"],
        "title": first["title"],
        "needed": first["needed_minutes"],
    }


@dataclass(frozen=True)
class Footprint:
    """Who and what an item occupies, and when."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    member_ids: tuple[int, ...] = ()
    contact_ids: tuple[int, ...] = ()
    venue_ids: tuple[int, ...] = ()
    label: str = ""

    def rows(self) -> list[BusyTime]:
        during = DateTimeTZRange(self.starts_at, self.ends_at, "[)")
        rows = [BusyTime(member_id=i, during=during, label=self.label[:300]) for i in self.member_ids]
        rows += [BusyTime(contact_id=i, during=during, label=self.label[:300]) for i in self.contact_ids]
        rows += [BusyTime(venue_id=i, during=during, label=self.label[:300]) for i in self.venue_ids]
        return rows

    def subjects_q(self) -> Q:
        q = Q(pk__in=[])
        if self.member_ids:
            q |= Q(member_id__in=self.member_ids)
        if self.contact_ids:
            q |= Q(contact_id__in=self.contact_ids)
        if self.venue_ids:
            q |= Q(venue_id__in=self.venue_ids)
        return q

    @property
    def is_empty(self) -> bool:
        return not (self.member_ids or self.contact_ids or self.venue_ids)


def _subject(row: BusyTime) -> dict[str, Any]:
    # Exactly one of member, contact and venue is set (a check constraint of BusyTime).
    if row.member is not None:
        return {"type": "member", "id": row.member_id, "name": row.member.full_name}
    if row.contact is not None:
        return {"type": "contact", "id": row.contact_id, "name": row.contact.full_name}
    return {"type": "venue", "id": row.venue_id, "name": row.venue.name if row.venue is not None else ""}


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _item(row: BusyTime) -> dict[str, Any]:
    return {
        "type": row.source,
        "id": row.source_id,
        "title": row.label,
        "starts_at": _iso(row.during.lower),
        "ends_at": _iso(row.during.upper),
        "subject": _subject(row),
    }


def _others(source: str, source_id: int | None):
    qs = BusyTime.objects.select_related("member", "contact", "venue")
    if source_id is not None:
        qs = qs.exclude(source=source, source_id=source_id)
    return qs


def find_conflicts(*, footprint: Footprint, source: str, source_id: int | None) -> list[dict[str, Any]]:
    """Existing busy time that overlaps the footprint (excluding the item's own rows)."""
    if footprint.is_empty:
        return []
    during = DateTimeTZRange(footprint.starts_at, footprint.ends_at, "[)")
    rows = (
        _others(source, source_id)
        .filter(footprint.subjects_q(), during__overlap=during)
        .order_by("during", "source", "source_id", "id")
    )
    return [_item(row) for row in rows]


def _venues_of(items: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int | None]:
    """Where each schedule item takes place (venue id), a few queries for any number of items."""
    by_source: dict[str, set[int]] = {}
    for source, source_id in items:
        by_source.setdefault(source, set()).add(source_id)
    lookups: dict[str, tuple[type[models.Model], str]] = {
        BusyTime.Source.MEETING: (Meeting, "venue_id"),
        BusyTime.Source.SPEAKING_SLOT: (SpeakingSlot, "stage_id"),
        BusyTime.Source.BOOTH_SHIFT: (BoothShift, "exhibitor__booth_id"),
        BusyTime.Source.ITINERARY: (ItineraryItem, "venue_id"),
    }
    venues: dict[tuple[str, int], int | None] = {}
    for source, ids in by_source.items():
        model, field = lookups[source]
        for pk, venue_id in model._default_manager.filter(pk__in=ids).values_list("pk", field):
            venues[(source, pk)] = venue_id
    return venues


def travel_warnings(
    *, expo: Expo, footprint: Footprint, venue_id: int | None, source: str, source_id: int | None
) -> list[dict[str, Any]]:
    """People whose previous or next item elsewhere leaves less than the travel buffer.

    The buffer is ``TravelTime`` for the venue pair (in the direction of travel), else the
    expo's ``default_travel_minutes``. Items without a known venue are not checked.
    """
    people = footprint.member_ids + footprint.contact_ids
    if venue_id is None or not people:
        return []
    pairs = {
        (t.origin_id, t.destination_id): t.minutes
        for t in TravelTime.objects.filter(Q(origin_id=venue_id) | Q(destination_id=venue_id))
    }
    default = expo.default_travel_minutes
    widest = dt.timedelta(minutes=max([default, *pairs.values()]))
    if not widest:
        return []
    around = DateTimeTZRange(footprint.starts_at - widest, footprint.ends_at + widest, "()")
    during = DateTimeTZRange(footprint.starts_at, footprint.ends_at, "[)")
    person_q = Q(pk__in=[])
    if footprint.member_ids:
        person_q |= Q(member_id__in=footprint.member_ids)
    if footprint.contact_ids:
        person_q |= Q(contact_id__in=footprint.contact_ids)
    neighbours = list(
        _others(source, source_id)
        .filter(person_q, during__overlap=around)
        .exclude(during__overlap=during)
        .order_by("during", "id")
    )
    venues = _venues_of((row.source, row.source_id) for row in neighbours)
    warnings = []
    for row in neighbours:
        other = venues.get((row.source, row.source_id))
        if other is None or other == venue_id:
            continue
        if row.during.upper <= footprint.starts_at:
            gap = footprint.starts_at - row.during.upper
            needed = pairs.get((other, venue_id), default)
            direction = "before"
        else:
            gap = row.during.lower - footprint.ends_at
            needed = pairs.get((venue_id, other), default)
            direction = "after"
        gap_minutes = int(gap.total_seconds() // 60)
        if gap_minutes < needed:
            warnings.append(
                {**_item(row), "direction": direction, "gap_minutes": gap_minutes, "needed_minutes": needed}
            )
    return warnings


def timeline_write(*, source: str, source_id: int, footprint: Footprint | None) -> None:
    """Replace an item's busy time; a clash raises ``SchedulingConflict`` naming what it hits.

    Side effects: rewrites the item's ``BusyTime`` rows (none when ``footprint`` is None). The
    insert runs in a savepoint, so after an exclusion violation the caller's transaction is
    still usable to name the clash — and the raised error then rolls all of it back.
    """
    for attempt in range(DEADLOCK_RETRIES + 1):
        rows = footprint.rows() if footprint is not None else []
        try:
            with transaction.atomic():
                busy_time_replace(source=source, source_id=source_id, rows=rows)
            return
        except OperationalError as exc:
            # Two transactions inserting overlapping rows at the same instant each wait for the
            # other's row while checking the exclusion constraint; PostgreSQL aborts one of them.
            # Retrying the savepoint waits for the winner to commit and then sees a plain clash.
            if getattr(exc.__cause__, "pgcode", None) != DEADLOCK_DETECTED or attempt == DEADLOCK_RETRIES:
                raise
        except IntegrityError as exc:
            if getattr(exc.__cause__, "pgcode", None) != EXCLUSION_VIOLATION:
                raise
            conflicts = find_conflicts(footprint=footprint, source=source, source_id=source_id) if footprint else []
            raise SchedulingConflict(conflicts=conflicts) from exc
