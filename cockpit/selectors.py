"""The cockpit's reads: it sees the three apps only through their selectors.

Every function here runs a fixed number of queries whatever the amount of data
(the page tests guard this with demo-sized data and ten times as much).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Count, Field, Model, Prefetch, Q
from django.utils import translation

from cockpit.links import object_url
from common.display import attach
from delegations import selectors as delegation_selectors
from exhibitors import selectors as exhibitor_selectors
from meetings import selectors as meeting_selectors

OPEN_FOLLOW_UP = ("open", "in_progress")
CANCELLED = "cancelled"


# --- Expo, delegation and the timeline ----------------------------------------------------------


def expo_choices() -> list[Any]:
    return list(delegation_selectors.expo_list().order_by("-starts_on"))


def expo_by_slug(slug: str | None) -> Any | None:
    if slug:
        found = delegation_selectors.expo_list().filter(slug=slug).first()
        if found is not None:
            return found
    return delegation_selectors.current_expo()


def delegation_for(expo: Any, delegation_id: int | None = None) -> Any | None:
    qs = delegation_selectors.delegation_list().filter(expo=expo).order_by("name", "id")
    if delegation_id:
        found = qs.filter(pk=delegation_id).first()
        if found is not None:
            return found
    return qs.first()


def expo_days(expo: Any) -> list[dt.date]:
    days = []
    day = expo.starts_on
    while day <= expo.ends_on:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def local_day_bounds(day: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


@dataclass
class Person:
    """Someone on a meeting: one of our members, a contact, or an exhibitor."""

    type: str
    id: int
    name: str
    native_name: str = ""
    title: str = ""
    role: str = ""
    role_label: str = ""
    organization: Any = None
    url: str = ""
    response: str = ""  # a guest's answer to the invitation (contacts only)


@dataclass
class TimelineItem:
    """A meeting, speech, booth duty or itinerary item on someone's timeline."""

    type: str
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str = ""
    kind_label: str = ""
    status: str = ""
    status_label: str = ""
    venue_id: int | None = None
    venue_name: str = ""
    place: str = ""
    member_ids: list[int] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    url: str = ""
    draggable: bool = False
    source: Any = None
    # A meeting's guests who are e-mailed about it (0 unless the meeting notifies its guests).
    guests_mailed: int = 0

    @property
    def answers_label(self) -> str:
        """The guests' answers in a few words ("1 accepted · 1 proposed"), or "" when nobody answered."""
        choices = meeting_selectors.guest_answer_choices()
        counts: dict[str, int] = {}
        for person in self.people:
            if person.type == "contact" and person.response:
                counts[person.response] = counts.get(person.response, 0) + 1
        return " · ".join(f"{counts[code]} {label}" for code, label in choices if code in counts)

    @property
    def where(self) -> str:
        return self.venue_name or self.place

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@lru_cache(maxsize=512)
def _label(model: type[Model], field: str, value: str, language: str | None) -> str:
    """The display label of a choice, translated once per language (get_FOO_display is slow in loops)."""
    model_field = model._meta.get_field(field)
    choices = model_field.flatchoices if isinstance(model_field, Field) else []
    return str(dict(choices).get(value, value))


def display(obj: Model, field: str) -> str:
    return _label(type(obj), field, getattr(obj, field), translation.get_language())


def _attendee_person(attendee: Any) -> Person:
    role = attendee.role
    role_label = display(attendee, "role")
    if attendee.member_id:
        member = attendee.member
        return Person(
            "member",
            member.pk,
            member.full_name,
            member.native_name,
            member.title,
            role,
            role_label,
            url=object_url("member", member.pk),
        )
    if attendee.contact_id:
        contact = attendee.contact
        return Person(
            "contact",
            contact.pk,
            contact.full_name,
            contact.native_name,
            contact.title,
            role,
            role_label,
            organization=contact.organization,
            url=object_url("contact", contact.pk),
            response=attendee.response,
        )
    exhibitor = attendee.exhibitor
    return Person(
        "exhibitor", exhibitor.pk, exhibitor.name, "", "", role, role_label, url=object_url("exhibitor", exhibitor.pk)
    )


def meetings_with_people() -> Any:
    """Meetings with their attendees (member, contact + organisation, exhibitor) in two queries."""
    return (
        meeting_selectors.meeting_list()
        .prefetch_related(None)
        .select_related("expo", "venue")
        .prefetch_related(
            Prefetch("attendees", queryset=meeting_selectors.meeting_attendee_list(), to_attr="attendee_rows")
        )
    )


def meeting_item(meeting: Any) -> TimelineItem:
    people = [_attendee_person(a) for a in meeting.attendee_rows]
    return TimelineItem(
        type="meeting",
        id=meeting.pk,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        kind=meeting.kind,
        kind_label=display(meeting, "kind"),
        status=meeting.status,
        status_label=display(meeting, "status"),
        venue_id=meeting.venue_id,
        venue_name=meeting.venue.name if meeting.venue_id else "",
        place=meeting.location,
        member_ids=[p.id for p in people if p.type == "member"],
        people=people,
        url=object_url("meeting", meeting.pk),
        draggable=meeting.status != CANCELLED,
        source=meeting,
        guests_mailed=sum(
            1 for a in meeting.attendee_rows if a.contact_id and a.contact.email and not a.contact.never_email
        )
        if meeting.notify_contacts
        else 0,
    )


def slot_item(slot: Any) -> TimelineItem:
    speakers = list(slot.speakers.all())
    people = [Person("member", m.pk, m.full_name, m.native_name, m.title, "speaker") for m in speakers]
    people += [
        Person("contact", c.pk, c.full_name, c.native_name, c.title, "panelist", url=object_url("contact", c.pk))
        for c in slot.panelists.all()
    ]
    return TimelineItem(
        type="speaking_slot",
        id=slot.pk,
        title=slot.title,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        kind=slot.kind,
        kind_label=display(slot, "kind"),
        status=slot.status,
        status_label=display(slot, "status"),
        venue_id=slot.stage_id,
        venue_name=slot.stage.name if slot.stage_id else "",
        place=slot.event_name,
        member_ids=[m.pk for m in speakers],
        people=people,
        url=object_url("speaking_slot", slot.pk),
        source=slot,
    )


def shift_item(shift: Any) -> TimelineItem:
    booth = shift.exhibitor.booth
    return TimelineItem(
        type="booth_shift",
        id=shift.pk,
        title=shift.exhibitor.name,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        kind="booth_shift",
        venue_id=booth.pk if booth else None,
        venue_name=booth.name if booth else shift.exhibitor.booth_code,
        member_ids=[shift.member_id],
        source=shift,
    )


def itinerary_entry(item: Any) -> TimelineItem:
    return TimelineItem(
        type="itinerary",
        id=item.pk,
        title=item.title,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        kind=item.kind,
        kind_label=display(item, "kind"),
        venue_id=item.venue_id,
        venue_name=item.venue.name if item.venue_id else "",
        place=" → ".join(p for p in (item.origin, item.destination) if p),
        member_ids=[m.pk for m in item.members.all()],
        source=item,
    )


def expo_timeline(
    expo: Any, delegation: Any | None, *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> list[TimelineItem]:
    """Every meeting, speech, booth duty and itinerary item of the expo, in time order."""
    meetings = meetings_with_people().filter(expo=expo).exclude(status=CANCELLED)
    slots = meeting_selectors.speaking_slot_list().filter(expo=expo).exclude(status=CANCELLED)
    shifts = meeting_selectors.booth_shift_list().filter(exhibitor__pavilion__expo=expo)
    itinerary = delegation_selectors.itinerary_list().filter(delegation=delegation) if delegation else None
    if since is not None:
        meetings = meetings.filter(ends_at__gt=since)
        slots = slots.filter(ends_at__gt=since)
        shifts = shifts.filter(ends_at__gt=since)
        itinerary = itinerary.filter(ends_at__gt=since) if itinerary is not None else None
    if until is not None:
        meetings = meetings.filter(starts_at__lt=until)
        slots = slots.filter(starts_at__lt=until)
        shifts = shifts.filter(starts_at__lt=until)
        itinerary = itinerary.filter(starts_at__lt=until) if itinerary is not None else None
    items = [meeting_item(m) for m in meetings]
    items += [slot_item(s) for s in slots]
    items += [shift_item(s) for s in shifts]
    if itinerary is not None:
        items += [itinerary_entry(i) for i in itinerary]
    items.sort(key=lambda i: (i.starts_at, i.ends_at, i.type, i.id))
    return items


def home_time_zone(members: list[Any], fallback: str, viewer: Any = None) -> str:
    """The viewer's home time zone when they are one of the members, else the one most members give."""
    viewer_id = getattr(viewer, "pk", None)
    for member in members:
        if viewer_id is not None and member.user_id == viewer_id and member.home_time_zone:
            return member.home_time_zone
    counts: dict[str, int] = defaultdict(int)
    for member in members:
        if member.home_time_zone:
            counts[member.home_time_zone] += 1
    if not counts:
        return fallback
    return max(sorted(counts), key=lambda tz: counts[tz])


# --- Dashboard ----------------------------------------------------------------------------------


def dashboard(*, expo: Any, now: dt.datetime) -> dict[str, Any]:
    tz = expo.tz
    today = now.astimezone(tz).date()
    day_start, day_end = local_day_bounds(today, tz)
    meetings = meetings_with_people().filter(expo=expo).exclude(status=CANCELLED)
    slots = meeting_selectors.speaking_slot_list().filter(expo=expo).exclude(status=CANCELLED)
    today_items = [meeting_item(m) for m in meetings.filter(starts_at__lt=day_end, ends_at__gt=day_start)]
    today_items += [slot_item(s) for s in slots.filter(starts_at__lt=day_end, ends_at__gt=day_start)]
    today_items.sort(key=lambda i: i.starts_at)
    next_items = [meeting_item(m) for m in meetings.filter(starts_at__gte=max(now, day_end))[:5]]
    next_items += [slot_item(s) for s in slots.filter(starts_at__gte=max(now, day_end))[:5]]
    next_items = sorted(next_items, key=lambda i: i.starts_at)[:6]

    follow_ups_qs = (
        meeting_selectors.follow_up_list()
        .filter(status__in=OPEN_FOLLOW_UP, due_on__isnull=False, due_on__lte=today + dt.timedelta(days=7))
        .filter(Q(expo=expo) | Q(expo__isnull=True))
        .order_by("due_on", "id")
    )
    follow_ups = list(follow_ups_qs[:12])
    for follow_up in follow_ups:
        attach(
            follow_up,
            overdue=follow_up.due_on is not None and follow_up.due_on < today,
            url=object_url("follow_up", follow_up.pk),
        )
    follow_up_counts = follow_ups_qs.aggregate(total=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))

    unsubmitted = list(
        exhibitor_selectors.exhibitor_list()
        .filter(pavilion__expo=expo)
        .filter(Q(profile__isnull=True) | Q(profile__status="draft"))
        .order_by("name")
    )
    for exhibitor in unsubmitted:
        attach(exhibitor, url=object_url("exhibitor", exhibitor.pk))

    week_ago = now - dt.timedelta(days=7)
    new_contacts_qs = (
        delegation_selectors.contact_list().filter(created_at__gte=week_ago).order_by("-created_at", "-id")
    )
    new_contacts = list(new_contacts_qs[:8])
    for contact in new_contacts:
        attach(contact, url=object_url("contact", contact.pk))

    failed_qs = meeting_selectors.failed_reminder_list().filter(meeting__expo=expo).order_by("-due_at", "-id")
    failed = list(failed_qs[:8])
    for reminder in failed:
        attendee = reminder.attendee
        attach(
            reminder,
            url=object_url("meeting", reminder.meeting_id),
            recipient=(attendee.member or attendee.contact or "") if attendee is not None else "",
        )
    return {
        "today": today,
        "today_items": today_items,
        "next_items": next_items,
        "follow_ups": follow_ups,
        "follow_ups_total": follow_up_counts["total"],
        "follow_ups_overdue": follow_up_counts["overdue"],
        "unsubmitted": unsubmitted,
        "new_contacts": new_contacts,
        "new_contacts_total": new_contacts_qs.count(),
        "failed_reminders": failed,
        "failed_reminders_total": failed_qs.count(),
        "guest_answers": guest_answers(expo=expo),
    }


def guest_answers(*, expo: Any) -> list[Any]:
    """Guests' answers on the expo's coming meetings for the dashboard: proposals (to decide) first."""
    rows = meeting_selectors.guest_responses_for_expo(expo=expo, limit=10)
    for row in rows:
        attach(row, url=object_url("meeting", row.meeting_id))
    return rows


# --- Delegation ---------------------------------------------------------------------------------


def delegation_members(delegation: Any) -> list[Any]:
    return list(delegation_selectors.member_list().filter(delegation=delegation).order_by("role", "full_name", "id"))


ROLE_ORDER = ["head", "official", "staff", "exhibitor_rep", "interpreter", "guest"]


def sort_members(members: list[Any]) -> list[Any]:
    order = {role: index for index, role in enumerate(ROLE_ORDER)}
    return sorted(members, key=lambda m: (order.get(m.role, 99), m.full_name, m.pk))


def who_is_where(members: list[Any], timeline: list[TimelineItem], at: dt.datetime) -> list[dict[str, Any]]:
    """For each member: what they are doing at ``at``, else the last and the next item around it."""
    rows = []
    for member in members:
        mine = [i for i in timeline if member.pk in i.member_ids]
        own = [i for i in mine if i.kind != "hotel"]
        stays = [i for i in mine if i.kind == "hotel" and i.starts_at <= at < i.ends_at]
        now_items = [i for i in own if i.starts_at <= at < i.ends_at]
        before = [i for i in own if i.ends_at <= at]
        after = [i for i in own if i.starts_at > at]
        arrived = member.arrives_at is None or member.arrives_at <= at
        departed = member.departs_at is not None and member.departs_at <= at
        rows.append(
            {
                "member": member,
                "current": now_items,
                "previous": before[-1] if before else None,
                "next": after[0] if after else None,
                "away": not arrived or departed,
                "staying": stays[0] if stays else None,
            }
        )
    return rows


# --- Briefing packs -----------------------------------------------------------------------------


def meeting_for_briefing(pk: int) -> Any | None:
    return meetings_with_people().filter(pk=pk).first()


def travel_table(expo: Any) -> dict[tuple[int, int], int]:
    rows = delegation_selectors.travel_time_list().filter(origin__expo=expo)
    return {(t.origin_id, t.destination_id): t.minutes for t in rows}


def travel_minutes(
    expo: Any, table: dict[tuple[int, int], int], origin_id: int | None, destination_id: int | None
) -> int | None:
    """Minutes to get from one venue to the next: the recorded travel time, else the expo's default."""
    if not origin_id or not destination_id:
        return None
    if origin_id == destination_id:
        return 0
    return table.get((origin_id, destination_id), expo.default_travel_minutes)


def counterparts(items: list[TimelineItem]) -> dict[int, dict[str, Any]]:
    """For each meeting: the counterpart organisations, past meetings with them and open follow-ups.

    Three queries for any number of meetings.
    """
    wanted: dict[int, tuple[set[int], set[int]]] = {}
    starts = {item.id: item.starts_at for item in items}
    for item in items:
        contacts = {p.id for p in item.people if p.type == "contact"}
        organization_ids = {
            p.organization.pk for p in item.people if p.type == "contact" and p.organization is not None
        }
        wanted[item.id] = (contacts, organization_ids)
    all_contacts = set().union(*(c for c, _o in wanted.values())) if wanted else set()
    all_organizations = set().union(*(o for _c, o in wanted.values())) if wanted else set()
    organizations = {
        o.pk: o for o in delegation_selectors.organization_list().filter(pk__in=all_organizations).order_by("name")
    }
    for organization in organizations.values():
        attach(organization, url=object_url("organization", organization.pk))
    who = Q(attendees__contact_id__in=all_contacts) | Q(attendees__contact__organization_id__in=all_organizations)
    past = list(meetings_with_people().filter(who).exclude(status=CANCELLED).distinct().order_by("-starts_at", "-id"))
    for meeting in past:
        meeting.url = object_url("meeting", meeting.pk)
        meeting.contact_ids = {a.contact_id for a in meeting.attendee_rows if a.contact_id}
        meeting.organization_ids = {
            a.contact.organization_id for a in meeting.attendee_rows if a.contact_id and a.contact.organization_id
        }
    follow_ups = list(
        meeting_selectors.follow_up_list()
        .filter(status__in=OPEN_FOLLOW_UP)
        .filter(Q(organization_id__in=all_organizations) | Q(contact_id__in=all_contacts))
        .order_by("due_on", "id")
    )
    for follow_up in follow_ups:
        attach(follow_up, url=object_url("follow_up", follow_up.pk))
    result = {}
    for item_id, (contacts, organization_ids) in wanted.items():
        result[item_id] = {
            "organizations": [
                organizations[pk]
                for pk in sorted(organization_ids, key=lambda pk: organizations[pk].name)
                if pk in organizations
            ],
            "past_meetings": [
                m
                for m in past
                if m.pk != item_id
                and m.starts_at < starts[item_id]
                and (m.contact_ids & contacts or m.organization_ids & organization_ids)
            ][:10],
            "open_follow_ups": [
                f for f in follow_ups if f.organization_id in organization_ids or f.contact_id in contacts
            ],
        }
    return result


def previous_item(timeline: list[TimelineItem], item: TimelineItem, member_ids: list[int]) -> TimelineItem | None:
    """The item just before ``item`` on the same local day for any of these members (hotel stays aside)."""
    tz = item.starts_at.tzinfo
    day = item.starts_at.astimezone(tz).date()
    wanted = set(member_ids)
    earlier = [
        i
        for i in timeline
        if not (i.type == item.type and i.id == item.id)
        and i.kind != "hotel"
        and i.ends_at <= item.starts_at
        and i.ends_at.astimezone(tz).date() == day
        and wanted & set(i.member_ids)
    ]
    return max(earlier, key=lambda i: i.ends_at) if earlier else None


def member_for_briefing(pk: int) -> Any | None:
    return delegation_selectors.member_list().select_related("delegation__expo").filter(pk=pk).first()


# --- Outcome report ------------------------------------------------------------------------------


def outcome_sources(expo: Any) -> dict[str, Any]:
    """The raw material of the outcome report, in a fixed number of queries."""
    meetings = list(
        meeting_selectors.meeting_list()
        .prefetch_related(None)
        .select_related(None)
        .filter(expo=expo)
        .exclude(status=CANCELLED)
        .only("id", "kind", "status", "starts_at", "ends_at", "title", "expo_id")
    )
    held = ("proposed", "confirmed", "held")
    met = (
        Q(expos=expo)
        | Q(meeting_attendances__meeting__expo=expo, meeting_attendances__meeting__status__in=held)
        | Q(panel_slots__expo=expo)
    )
    met_ids = delegation_selectors.contact_list().filter(met).values("pk")
    contacts = list(delegation_selectors.contact_list().filter(pk__in=met_ids).order_by("full_name", "id"))
    exhibitors = list(
        exhibitor_selectors.exhibitor_list()
        .filter(pavilion__expo=expo)
        .annotate(lead_count=Count("leads", distinct=True))
        .order_by("name")
    )
    slots = list(meeting_selectors.speaking_slot_list().filter(expo=expo).exclude(status=CANCELLED))
    follow_ups = list(
        meeting_selectors.follow_up_list()
        .filter(Q(expo=expo) | Q(meeting__expo=expo))
        .distinct()
        .order_by("status", "due_on", "id")
    )
    for follow_up in follow_ups:
        attach(follow_up, url=object_url("follow_up", follow_up.pk))
    return {
        "meetings": meetings,
        "contacts": contacts,
        "exhibitors": exhibitors,
        "slots": slots,
        "follow_ups": follow_ups,
    }
