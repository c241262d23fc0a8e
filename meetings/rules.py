"""Schedule permissions: the office does everything; exhibitor users read what their exhibitor is in."""

from __future__ import annotations

import rules

from common.roles import is_office


@rules.predicate
def exhibitor_takes_part(user, meeting) -> bool:
    if meeting is None or not getattr(user, "is_authenticated", False):
        return False
    return meeting.attendees.filter(exhibitor__memberships__user=user).exists()


rules.add_perm("meetings.view_meeting", is_office | exhibitor_takes_part)
for model in ("meeting", "speakingslot", "followup", "boothshift", "reminder", "slotdeadline"):
    for action in ("add", "change", "delete"):
        rules.add_perm(f"meetings.{action}_{model}", is_office)
for model in ("speakingslot", "followup", "boothshift", "reminder", "slotdeadline"):
    rules.add_perm(f"meetings.view_{model}", is_office)
