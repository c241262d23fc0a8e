"""The agenda grid's layout: lanes (members, stages, booths, rooms) × a time window per expo day."""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from cockpit.selectors import TimelineItem, display, expo_days, local_day_bounds

DEFAULT_FIRST_HOUR = 8
DEFAULT_LAST_HOUR = 20
SNAP_MINUTES = 15


@dataclass
class Block:
    item: TimelineItem
    left: float
    width: float

    @property
    def style(self) -> str:
        return f"left:{self.left:.3f}%;width:{self.width:.3f}%"


@dataclass
class Lane:
    type: str  # "member" or "venue"
    id: int
    label: str
    sublabel: str = ""
    group: str = ""
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Tick:
    left: float
    local: str
    home: str


@dataclass
class Day:
    date: dt.date
    window_start: dt.datetime
    window_end: dt.datetime
    ticks: list[Tick]
    lanes: list[Lane]

    @property
    def span_minutes(self) -> int:
        return int((self.window_end - self.window_start).total_seconds() // 60)


def hour_window(items: list[TimelineItem], tz: dt.tzinfo, days: list[dt.date]) -> tuple[int, int]:
    """The hours shown every day: 08:00–20:00, widened to fit anything on the expo days outside it."""
    first, last = DEFAULT_FIRST_HOUR, DEFAULT_LAST_HOUR
    for item in items:
        if _is_background(item):
            continue
        start = item.starts_at.astimezone(tz)
        end = item.ends_at.astimezone(tz)
        if start.date() not in days:
            continue
        if start.date() == end.date() or end.time() == dt.time.min:
            first = min(first, start.hour)
            last = max(last, 24 if end.time() == dt.time.min else math.ceil(end.hour + end.minute / 60))
    return first, min(last, 24)


def build_days(
    *, expo: Any, items: list[TimelineItem], members: list[Any], venues: list[Any], home_tz: str
) -> list[Day]:
    tz = expo.tz
    home = zoneinfo.ZoneInfo(home_tz)
    first_hour, last_hour = hour_window(items, tz, expo_days(expo))
    groups = [("stage", _("Stages")), ("booth", _("Booths")), ("room", _("Meeting rooms"))]
    days = []
    for day in expo_days(expo):
        midnight, _next = local_day_bounds(day, tz)
        start = midnight + dt.timedelta(hours=first_hour)
        end = midnight + dt.timedelta(hours=last_hour)
        span = (end - start).total_seconds()
        ticks = []
        for hour in range(first_hour, last_hour + 1):
            at = midnight + dt.timedelta(hours=hour)
            ticks.append(
                Tick(
                    left=(at - start).total_seconds() / span * 100,
                    local=at.astimezone(tz).strftime("%H:%M"),
                    home=at.astimezone(home).strftime("%H:%M"),
                )
            )
        todays = [i for i in items if i.starts_at < end and i.ends_at > start and not _is_background(i)]

        def blocks_for(
            predicate: Any, todays: list[TimelineItem] = todays, start: Any = start, span: float = span
        ) -> list[Block]:
            blocks = []
            for item in todays:
                if not predicate(item):
                    continue
                left = max(0.0, (item.starts_at - start).total_seconds() / span * 100)
                right = min(100.0, (item.ends_at - start).total_seconds() / span * 100)
                blocks.append(Block(item, left, max(right - left, 0.8)))
            return blocks

        lanes = [
            Lane(
                "member",
                m.pk,
                m.full_name,
                display(m, "role"),
                _("Delegation"),
                blocks_for(lambda i, pk=m.pk: pk in i.member_ids),
            )
            for m in members
        ]
        for kind, group_label in groups:
            lanes += [
                Lane(
                    "venue",
                    v.pk,
                    v.name,
                    display(v, "kind"),
                    str(group_label),
                    blocks_for(lambda i, pk=v.pk: i.venue_id == pk),
                )
                for v in venues
                if v.kind == kind
            ]
        days.append(Day(day, start, end, ticks, lanes))
    return days


def _is_background(item: TimelineItem) -> bool:
    return item.type == "itinerary" and item.kind == "hotel"
