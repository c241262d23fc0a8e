"""Checks shared by the schedule's services: times, time zones, the expo's days."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from delegations.models import Expo


class FieldErrors:
    """Collects messages per field and raises them together (one 400 listing every problem)."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def time_zone_or_error(name: str | None, errors: FieldErrors, field: str = "time_zone") -> zoneinfo.ZoneInfo | None:
    """The named IANA zone, or None after recording a message for ``field``."""
    if not name:
        return None
    try:
        if name not in zoneinfo.available_timezones():
            raise zoneinfo.ZoneInfoNotFoundError(name)
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors.add(
            field, _("“%(name)s” is not a known time zone (use an IANA name such as Asia/Seoul).") % {"name": name}
        )
        return None


def aware(value: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """A naive time is read as wall-clock time in ``tz``; an aware one is kept."""
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


def check_times(
    *,
    expo: Expo,
    starts_at: Any,
    ends_at: Any,
    errors: FieldErrors,
    confirm_outside_expo: bool,
) -> None:
    """End after start; inside the expo's days (expo-local dates) unless confirmed."""
    if not isinstance(starts_at, dt.datetime):
        errors.add("starts_at", _("Give the start as a date and time."))
    if not isinstance(ends_at, dt.datetime):
        errors.add("ends_at", _("Give the end as a date and time."))
    if "starts_at" in errors or "ends_at" in errors:
        return
    if ends_at <= starts_at:
        errors.add("ends_at", _("The end must be after the start."))
        return
    if ends_at - starts_at > dt.timedelta(days=2):
        errors.add("ends_at", _("An item may last two days at most."))
        return
    if confirm_outside_expo:
        return
    tz = expo.tz
    first, last = starts_at.astimezone(tz).date(), ends_at.astimezone(tz).date()
    # An expo built in memory (not yet re-read) may still hold ISO strings.
    opens, closes = (
        d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in (expo.starts_on, expo.ends_on)
    )
    if first < opens or last > closes:
        errors.add(
            "starts_at",
            _(
                "This is outside the expo's days (%(first)s to %(last)s, %(zone)s); "
                "confirm to schedule it anyway (confirm_outside_expo)."
            )
            % {"first": opens.isoformat(), "last": closes.isoformat(), "zone": expo.time_zone},
        )
