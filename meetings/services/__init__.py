"""Writes and business rules of the schedule.

Every write — pages, the API, the admin, Celery tasks — goes through these functions.
"""

from __future__ import annotations

from meetings.services.feeds import calendar_feed_issue, calendar_feed_revoke, calendar_feed_touch
from meetings.services.follow_ups import follow_up_create, follow_up_delete, follow_up_update
from meetings.services.meetings import meeting_cancel, meeting_create, meeting_reschedule, meeting_update
from meetings.services.responses import (
    ResponseClosed,
    attendee_respond,
    meeting_accept_proposal,
    response_links_revoke,
)
from meetings.services.shifts import (
    booth_shift_create,
    booth_shift_delete,
    booth_shift_update,
    itinerary_busy_time_sync,
    itinerary_busy_time_sync_all,
)
from meetings.services.slots import speaking_slot_cancel, speaking_slot_create, speaking_slot_update
from meetings.services.timeline import SchedulingConflict, TravelBufferWarning

__all__ = [
    "ResponseClosed",
    "SchedulingConflict",
    "TravelBufferWarning",
    "attendee_respond",
    "booth_shift_create",
    "booth_shift_delete",
    "booth_shift_update",
    "calendar_feed_issue",
    "calendar_feed_revoke",
    "calendar_feed_touch",
    "follow_up_create",
    "follow_up_delete",
    "follow_up_update",
    "itinerary_busy_time_sync",
    "itinerary_busy_time_sync_all",
    "meeting_accept_proposal",
    "meeting_cancel",
    "meeting_create",
    "meeting_reschedule",
    "meeting_update",
    "response_links_revoke",
    "speaking_slot_cancel",
    "speaking_slot_create",
    "speaking_slot_update",
]
