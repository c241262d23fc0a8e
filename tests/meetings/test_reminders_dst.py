"""Proof 7: across DST changes, reminders fall due exactly 24 h / 1 h of elapsed time before the start."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import reminders
from meetings.models import Meeting, MeetingAttendee, Reminder
from meetings.reminders.messages import time_range
from tests.factories import ContactFactory, ExpoFactory, MemberFactory

UTC = dt.UTC
# Zones with DST in these years: northern and southern hemisphere, 30-minute shifts
# (Lord Howe), shifts at local midnight (Havana, Santiago), a 45-minute-offset zone (Chatham) ...
DST_ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "America/Santiago",
    "America/Havana",
    "America/St_Johns",
    "Europe/London",
    "Europe/Berlin",
    "Africa/Cairo",
    "Asia/Jerusalem",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
]
# ... and zones without (some dropped DST: Moscow 2014, São Paulo 2019, Tehran 2022).
STEADY_ZONES = ["Asia/Seoul", "Asia/Taipei", "Asia/Kolkata", "Europe/Moscow", "America/Sao_Paulo", "Asia/Tehran"]
ZONES = DST_ZONES + STEADY_ZONES
YEARS = (2026, 2027, 2028)


@functools.cache
def transitions(zone_name: str) -> tuple[dt.datetime, ...]:
    """UTC instants at which the zone's offset changes in YEARS (found hour by hour, then by minute)."""
    zone = zoneinfo.ZoneInfo(zone_name)
    found = []
    instant = dt.datetime(YEARS[0], 1, 1, tzinfo=UTC)
    end = dt.datetime(YEARS[-1] + 1, 1, 1, tzinfo=UTC)
    offset = instant.astimezone(zone).utcoffset()
    while instant < end:
        following = instant + dt.timedelta(hours=1)
        if following.astimezone(zone).utcoffset() != offset:
            minute = instant
            while minute.astimezone(zone).utcoffset() == offset:
                minute += dt.timedelta(minutes=1)
            found.append(minute)
            offset = following.astimezone(zone).utcoffset()
        instant = following
    return tuple(found)


@st.composite
def starts_near_a_change(draw):
    """A meeting start within ±30 h of a DST change of the expo's or the recipient's zone."""
    expo_zone = draw(st.sampled_from(ZONES))
    home_zone = draw(st.sampled_from(ZONES))
    changes = transitions(expo_zone) + transitions(home_zone)
    anchor = draw(st.sampled_from(changes)) if changes else dt.datetime(2027, draw(st.integers(1, 12)), 15, tzinfo=UTC)
    shift = dt.timedelta(minutes=draw(st.integers(-30 * 60, 30 * 60)))
    # The start as a service would receive it: an aware value in the expo's own zone.
    starts_at = (anchor + shift).astimezone(zoneinfo.ZoneInfo(expo_zone))
    offsets = draw(st.lists(st.sampled_from([15, 60, 90, 24 * 60, 25 * 60, 48 * 60]), min_size=1, max_size=3))
    return expo_zone, home_zone, starts_at, offsets


def test_zones_under_test_have_transitions():
    assert all(len(transitions(zone)) >= 2 * len(YEARS) for zone in DST_ZONES)
    assert all(transitions(zone) == () for zone in STEADY_ZONES)


@pytest.mark.django_db
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=starts_near_a_change())
def test_reminders_fall_due_at_exact_elapsed_offsets_across_dst(case, time_machine):
    expo_zone, home_zone, starts_at, offsets = case
    time_machine.move_to(dt.datetime(YEARS[0] - 1, 6, 1, tzinfo=UTC), tick=False)
    expo = ExpoFactory(time_zone=expo_zone, reminder_offsets=offsets)
    meeting = Meeting.objects.create(
        expo=expo,
        title="Near a clock change",
        kind="business",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        notify_contacts=True,
    )
    member = MemberFactory(delegation__expo=expo, home_time_zone=home_zone)
    MeetingAttendee.objects.create(meeting=meeting, member=member)
    MeetingAttendee.objects.create(meeting=meeting, contact=ContactFactory())

    reminders.reminders_sync(meeting=meeting)

    start_utc = starts_at.astimezone(UTC)
    rows = list(Reminder.objects.filter(meeting=meeting))
    assert len(rows) == 2 * len(set(offsets))
    for row in rows:
        elapsed = start_utc.timestamp() - row.due_at.timestamp()
        assert elapsed == row.offset_minutes * 60, (expo_zone, starts_at, row.offset_minutes, row.due_at)
        assert row.state == "pending"
    # Both clocks in the mail name the same instant, whatever side of the change it falls on.
    for zone_name in (expo_zone, home_zone):
        zone = zoneinfo.ZoneInfo(zone_name)
        text = time_range(meeting.starts_at, meeting.ends_at, zone)
        assert start_utc.astimezone(zone).strftime("%H:%M") in text
