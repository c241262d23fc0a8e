"""Writes and business rules of the schedule.

Every write — pages, the API, the admin, Celery tasks — goes through these functions.
"""

from __future__ import annotations

from meetings.services.meetings import meeting_cancel, meeting_create, meeting_reschedule, meeting_update
from meetings.services.timeline import SchedulingConflict, TravelBufferWarning

__all__ = [
    "SchedulingConflict",
    "TravelBufferWarning",
    "meeting_cancel",
    "meeting_create",
    "meeting_reschedule",
    "meeting_update",
]
