"""Booth duty: shifts of members at the pavilion's booths, and itinerary items as busy time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.db import transaction
from django.utils.translation import gettext as _

from delegations.models import BusyTime, ItineraryItem, Member
from exhibitors.models import Exhibitor
from meetings.models import BoothShift
from meetings.services.common import FieldErrors, check_times
from meetings.services.timeline import Footprint, TravelBufferWarning, timeline_write, travel_warnings

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from common.actors import Actor


class ShiftFields(TypedDict, total=False):
    """What ``booth_shift_update`` may change."""

    member: Member
    starts_at: dt.datetime
    ends_at: dt.datetime
    exhibitor: Exhibitor


def shift_footprint(shift: BoothShift) -> Footprint:
    """A shift makes its member busy. The booth itself stays free: several people staff it at
    once and meetings are held at it during duty; meetings *at* the booth still book it."""
    return Footprint(
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        member_ids=(shift.member_id,),
        label=_("Booth duty: %(exhibitor)s") % {"exhibitor": shift.exhibitor.name},
    )


def _check_shift(shift: BoothShift, errors: FieldErrors, confirm_outside_expo: bool) -> None:
    expo = shift.exhibitor.pavilion.expo
    if shift.member.delegation.expo_id != expo.pk:
        errors.add("member", _("This member is not in a delegation to this expo."))
    check_times(
        expo=expo,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        errors=errors,
        confirm_outside_expo=confirm_outside_expo,
    )


def _travel(shift: BoothShift, footprint: Footprint, override_travel: bool) -> None:
    if override_travel:
        return
    warnings = travel_warnings(
        expo=shift.exhibitor.pavilion.expo,
        footprint=footprint,
        venue_id=shift.exhibitor.booth_id,
        source=BusyTime.Source.BOOTH_SHIFT,
        source_id=shift.pk,
    )
    if warnings:
        raise TravelBufferWarning(warnings=warnings)


@transaction.atomic
def booth_shift_create(
    *,
    actor: Actor | None,
    exhibitor: Exhibitor,
    member: Member,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    confirm_outside_expo: bool = False,
    override_travel: bool = False,
) -> BoothShift:
    """Put a member on duty at an exhibitor's booth.

    Side effects: a ``BoothShift`` and the member's ``BusyTime`` (clash: ``SchedulingConflict``).
    """
    shift = BoothShift(exhibitor=exhibitor, member=member, starts_at=starts_at, ends_at=ends_at)
    errors = FieldErrors()
    _check_shift(shift, errors, confirm_outside_expo)
    errors.raise_if_any()
    shift.save()
    footprint = shift_footprint(shift)
    timeline_write(source=BusyTime.Source.BOOTH_SHIFT, source_id=shift.pk, footprint=footprint)
    _travel(shift, footprint, override_travel)
    return shift


@transaction.atomic
def booth_shift_update(
    *,
    shift: BoothShift,
    actor: Actor | None,
    confirm_outside_expo: bool = False,
    override_travel: bool = False,
    **fields: Unpack[ShiftFields],
) -> BoothShift:
    """Move a shift or hand it to another member; rewrites its busy time."""
    unknown = set(fields) - {"member", "starts_at", "ends_at", "exhibitor"}
    if unknown:
        raise TypeError(f"booth_shift_update() got unexpected fields: {', '.join(sorted(unknown))}")
    locked = BoothShift.objects.select_for_update().get(pk=shift.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    errors = FieldErrors()
    _check_shift(locked, errors, confirm_outside_expo)
    errors.raise_if_any()
    locked.save()
    footprint = shift_footprint(locked)
    timeline_write(source=BusyTime.Source.BOOTH_SHIFT, source_id=locked.pk, footprint=footprint)
    _travel(locked, footprint, override_travel)
    return locked


@transaction.atomic
def booth_shift_delete(*, shift: BoothShift, actor: Actor | None) -> None:
    """Remove a shift and free the member's time."""
    timeline_write(source=BusyTime.Source.BOOTH_SHIFT, source_id=shift.pk, footprint=None)
    shift.delete()


@transaction.atomic
def itinerary_busy_time_sync(*, item: ItineraryItem) -> None:
    """Write an itinerary item's busy time: its members, when it ``blocks_time``.

    Call after creating or changing an item (or its members). A clash with a meeting, a
    slot or duty raises ``SchedulingConflict`` and rolls the caller's change back.
    """
    footprint = None
    if item.blocks_time:
        footprint = Footprint(
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            member_ids=tuple(sorted(item.members.values_list("pk", flat=True))),
            label=item.title,
        )
    timeline_write(source=BusyTime.Source.ITINERARY, source_id=item.pk, footprint=footprint)


def itinerary_busy_time_sync_all(*, delegation_ids: list[int]) -> int:
    """Write busy time for every itinerary item of these delegations (after an import or the
    demo load); returns how many items were written. Stops at the first clash."""
    items = ItineraryItem.objects.filter(delegation_id__in=delegation_ids).prefetch_related("members")
    count = 0
    for item in items:
        itinerary_busy_time_sync(item=item)
        count += 1
    return count
