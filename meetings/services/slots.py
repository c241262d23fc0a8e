"""Speaking slots at events the host runs, and the host's deadlines for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict

import pghistory
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.models import BusyTime, Contact, Expo, Member, Venue
from meetings.models import SlotDeadline, SpeakingSlot
from meetings.services.common import FieldErrors, check_times
from meetings.services.timeline import Footprint, TravelBufferWarning, timeline_write, travel_warnings

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from typing_extensions import Unpack

    from common.actors import Actor

SOURCE = BusyTime.Source.SPEAKING_SLOT
EDITABLE = frozenset(
    {"kind", "title", "event_name", "stage", "starts_at", "ends_at", "moderator", "materials", "status"}
)


class SlotFields(TypedDict, total=False):
    """The fields ``speaking_slot_update`` may change (``EDITABLE``)."""

    kind: str
    title: str
    event_name: str | None
    stage: Venue | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    moderator: Contact | None
    materials: str | None
    status: str


class DeadlineInput(TypedDict, total=False):
    """One host deadline as callers give it; every key is checked again (``_clean_deadlines``)."""

    kind: str
    due_on: dt.date
    owner: User | int | None
    done: bool


TRANSITIONS: dict[str, set[str]] = {
    SpeakingSlot.Status.INVITED: {SpeakingSlot.Status.CONFIRMED, SpeakingSlot.Status.CANCELLED},
    SpeakingSlot.Status.CONFIRMED: {
        SpeakingSlot.Status.INVITED,
        SpeakingSlot.Status.DELIVERED,
        SpeakingSlot.Status.CANCELLED,
    },
    SpeakingSlot.Status.DELIVERED: {SpeakingSlot.Status.CONFIRMED},
    SpeakingSlot.Status.CANCELLED: {SpeakingSlot.Status.INVITED},
}


def _ids(values: Iterable[Member | Contact | int]) -> list[int]:
    return [v.pk if isinstance(v, Member | Contact) else v for v in values]


def _clean_people(*, expo: Expo, speakers: list[int], panelists: list[int], errors: FieldErrors) -> None:
    for field, values in (("speakers", speakers), ("panelists", panelists)):
        if any(isinstance(v, bool) or not isinstance(v, int) for v in values):
            errors.add(field, _("Give ids as whole numbers."))
            return
        if len(set(values)) != len(values):
            errors.add(field, _("Someone is listed twice."))
    missing = set(speakers) - set(
        Member.objects.filter(pk__in=speakers, delegation__expo=expo).values_list("pk", flat=True)
    )
    for pk in sorted(missing):
        errors.add("speakers", _("There is no member %(id)d at this expo.") % {"id": pk})
    missing = set(panelists) - set(Contact.objects.filter(pk__in=panelists).values_list("pk", flat=True))
    for pk in sorted(missing):
        errors.add("panelists", _("There is no contact %(id)d.") % {"id": pk})


def _check(slot: SpeakingSlot, errors: FieldErrors, confirm_outside_expo: bool) -> None:
    if not (slot.title or "").strip():
        errors.add("title", _("Give the slot a title."))
    if len(slot.title or "") > 300:
        errors.add("title", _("At most %(limit)d characters.") % {"limit": 300})
    if len(slot.event_name or "") > 300:
        errors.add("event_name", _("At most %(limit)d characters.") % {"limit": 300})
    if slot.kind not in SpeakingSlot.Kind.values:
        errors.add("kind", _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(SpeakingSlot.Kind.values)})
    if slot.status not in SpeakingSlot.Status.values:
        errors.add("status", _("Choose one of: %(s)s.") % {"s": ", ".join(SpeakingSlot.Status.values)})
    if slot.stage is not None and slot.stage.expo_id != slot.expo_id:
        errors.add("stage", _("This stage belongs to another expo."))
    check_times(
        expo=slot.expo,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        errors=errors,
        confirm_outside_expo=confirm_outside_expo,
    )


def slot_footprint(*, slot: SpeakingSlot, speakers: list[int], panelists: list[int]) -> Footprint | None:
    """Speakers (members), panelists and the moderator (contacts), and a bookable stage."""
    if slot.status == SpeakingSlot.Status.CANCELLED:
        return None
    contacts = set(panelists)
    if slot.moderator_id:
        contacts.add(slot.moderator_id)
    return Footprint(
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        member_ids=tuple(sorted(set(speakers))),
        contact_ids=tuple(sorted(contacts)),
        venue_ids=(slot.stage.pk,) if slot.stage is not None and slot.stage.bookable else (),
        label=slot.title,
    )


def _travel(slot: SpeakingSlot, footprint: Footprint | None, override_travel: bool) -> None:
    if override_travel or footprint is None:
        return
    warnings = travel_warnings(
        expo=slot.expo, footprint=footprint, venue_id=slot.stage_id, source=SOURCE, source_id=slot.pk
    )
    if warnings:
        raise TravelBufferWarning(warnings=warnings)


@transaction.atomic
def speaking_slot_create(
    *,
    actor: Actor | None,
    expo: Expo,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    stage: Venue | None = None,
    event_name: str = "",
    speakers: Iterable[Member | int] = (),
    panelists: Iterable[Contact | int] = (),
    moderator: Contact | None = None,
    materials: str = "",
    status: str = SpeakingSlot.Status.INVITED,
    deadlines: Iterable[DeadlineInput] | None = None,
    confirm_outside_expo: bool = False,
    override_travel: bool = False,
) -> SpeakingSlot:
    """Add a speaking slot.

    Side effects: the slot, its speakers/panelists and host deadlines; ``BusyTime`` for
    speakers, panelists, the moderator and a bookable stage (clash: ``SchedulingConflict``);
    travel-buffer check (``TravelBufferWarning`` unless ``override_travel``); a history event.
    """
    errors = FieldErrors()
    slot = SpeakingSlot(
        expo=expo,
        kind=kind,
        title=(title or "").strip(),
        event_name=event_name or "",
        stage=stage,
        starts_at=starts_at,
        ends_at=ends_at,
        moderator=moderator,
        materials=materials or "",
        status=status,
    )
    speaker_ids, panelist_ids = _ids(speakers), _ids(panelists)
    _check(slot, errors, confirm_outside_expo)
    _clean_people(expo=expo, speakers=speaker_ids, panelists=panelist_ids, errors=errors)
    cleaned_deadlines = _clean_deadlines(deadlines, errors) if deadlines is not None else None
    errors.raise_if_any()
    with pghistory.context(user=getattr(actor, "pk", None), action="speaking_slot.save"):
        slot.save()
        slot.speakers.set(speaker_ids)
        slot.panelists.set(panelist_ids)
        if cleaned_deadlines is not None:
            _write_deadlines(slot, cleaned_deadlines)
    footprint = slot_footprint(slot=slot, speakers=speaker_ids, panelists=panelist_ids)
    timeline_write(source=SOURCE, source_id=slot.pk, footprint=footprint)
    _travel(slot, footprint, override_travel)
    return slot


@transaction.atomic
def speaking_slot_update(
    *,
    slot: SpeakingSlot,
    actor: Actor | None,
    speakers: Iterable[Member | int] | None = None,
    panelists: Iterable[Contact | int] | None = None,
    deadlines: Iterable[DeadlineInput] | None = None,
    confirm_outside_expo: bool = False,
    override_travel: bool = False,
    **fields: Unpack[SlotFields],
) -> SpeakingSlot:
    """Change a slot (``None`` keeps speakers/panelists/deadlines as they are).

    Side effects: bumps ``sequence`` (calendar revision) when a field, a speaker or a panelist
    changes (saving an unchanged form leaves it); rewrites its ``BusyTime`` (cancelled frees it, clashes
    raise ``SchedulingConflict``); replaces the deadlines when given; a history event.
    """
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"speaking_slot_update() got unexpected fields: {', '.join(sorted(unknown))}")
    locked = SpeakingSlot.objects.select_for_update(of=("self",)).select_related("expo", "stage").get(pk=slot.pk)
    before_status, before_times, before_stage = locked.status, (locked.starts_at, locked.ends_at), locked.stage_id
    before_speakers = sorted(locked.speakers.values_list("pk", flat=True))
    before_panelists = sorted(locked.panelists.values_list("pk", flat=True))
    before_fields = {name: getattr(locked, name) for name in fields}
    errors = FieldErrors()
    for name, value in fields.items():
        if name in ("title", "event_name", "materials"):
            value = str(value or "").strip() if name == "title" else (value or "")
        setattr(locked, name, value)
    if (
        locked.status != before_status
        and locked.status in SpeakingSlot.Status.values
        and locked.status not in TRANSITIONS.get(before_status, set())
    ):
        errors.add("status", _("A %(old)s slot cannot become %(new)s.") % {"old": before_status, "new": locked.status})
    times_changed = (locked.starts_at, locked.ends_at) != before_times
    _check(locked, errors, confirm_outside_expo or not times_changed)
    speaker_ids = _ids(speakers) if speakers is not None else before_speakers
    panelist_ids = _ids(panelists) if panelists is not None else before_panelists
    _clean_people(expo=locked.expo, speakers=speaker_ids, panelists=panelist_ids, errors=errors)
    cleaned_deadlines = _clean_deadlines(deadlines, errors) if deadlines is not None else None
    errors.raise_if_any()
    if (
        any(getattr(locked, name) != value for name, value in before_fields.items())
        or sorted(speaker_ids) != before_speakers
        or sorted(panelist_ids) != before_panelists
    ):
        locked.sequence += 1
    with pghistory.context(user=getattr(actor, "pk", None), action="speaking_slot.save"):
        locked.save()
        if speakers is not None:
            locked.speakers.set(speaker_ids)
        if panelists is not None:
            locked.panelists.set(panelist_ids)
        if cleaned_deadlines is not None:
            _write_deadlines(locked, cleaned_deadlines)
    footprint = slot_footprint(slot=locked, speakers=speaker_ids, panelists=panelist_ids)
    timeline_write(source=SOURCE, source_id=locked.pk, footprint=footprint)
    if times_changed or locked.stage_id != before_stage or speakers is not None or panelists is not None:
        _travel(locked, footprint, override_travel)
    return locked


def speaking_slot_cancel(*, slot: SpeakingSlot, actor: Actor | None) -> SpeakingSlot:
    """Cancel a slot: frees its busy time (feeds then show it cancelled)."""
    if slot.status == SpeakingSlot.Status.CANCELLED:
        return slot
    return speaking_slot_update(slot=slot, actor=actor, status=SpeakingSlot.Status.CANCELLED)


# --- Host deadlines -------------------------------------------------------------------------------


def _clean_deadlines(deadlines: Iterable[DeadlineInput], errors: FieldErrors) -> list[dict[str, Any]]:
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    user_model = get_user_model()
    owner_ids = {d.get("owner") for d in deadlines if d.get("owner") is not None}
    owner_ids = {getattr(o, "pk", o) for o in owner_ids}
    known = set(user_model.objects.filter(pk__in=owner_ids).values_list("pk", flat=True))
    for position, raw in enumerate(deadlines, start=1):
        kind, due_on = raw.get("kind"), raw.get("due_on")
        owner = getattr(raw.get("owner"), "pk", raw.get("owner"))
        if kind not in SlotDeadline.Kind.values:
            errors.add("deadlines", _("Deadline %(n)d: choose a kind.") % {"n": position})
            continue
        if kind in seen:
            errors.add("deadlines", _("Deadline %(n)d: %(kind)s is listed twice.") % {"n": position, "kind": kind})
            continue
        if not isinstance(due_on, dt.date) or isinstance(due_on, dt.datetime):
            errors.add("deadlines", _("Deadline %(n)d: give a due date.") % {"n": position})
            continue
        if owner is not None and owner not in known:
            errors.add("deadlines", _("Deadline %(n)d: no such owner.") % {"n": position})
            continue
        seen.add(kind)
        cleaned.append({"kind": kind, "due_on": due_on, "owner_id": owner, "done": bool(raw.get("done"))})
    return cleaned


def _write_deadlines(slot: SpeakingSlot, cleaned: list[dict[str, Any]]) -> None:
    existing = {d.kind: d for d in slot.deadlines.all()}
    slot.deadlines.exclude(kind__in=[c["kind"] for c in cleaned]).delete()
    for item in cleaned:
        row = existing.get(item["kind"]) or SlotDeadline(slot=slot, kind=item["kind"])
        if row.due_on != item["due_on"]:
            row.reminded_at = None  # a new date deserves a new reminder
        row.due_on = item["due_on"]
        row.owner_id = item["owner_id"]
        if item["done"] and row.done_at is None:
            row.done_at = timezone.now()
        elif not item["done"]:
            row.done_at = None
        row.save()
