"""The demo programme, written through the scheduling services so busy time and reminders are real."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from delegations.models import BusyTime, ItineraryItem
from meetings import services
from meetings.models import BoothShift, FollowUp, Meeting, SpeakingSlot

if TYPE_CHECKING:
    from cockpit.demo.loader import DemoLoader
    from meetings.services.meetings import AttendeeInput

from cockpit.demo import programme


def load_schedule(loader: DemoLoader) -> None:
    meetings: dict[str, Meeting] = {}
    for title, kind, status, start, end, venue, members, orgs, exhibitors, agenda in programme.MEETINGS:
        existing = Meeting.objects.filter(expo=loader.expo, title=title).first()
        if existing is not None:
            meetings[title] = existing
            continue
        attendees: list[AttendeeInput] = [
            {"type": "member", "id": loader.members[m].pk, "role": _role(loader, m)} for m in members
        ]
        attendees += [{"type": "contact", "id": loader.contacts[org][0].pk, "role": "participant"} for org in orgs]
        attendees += [
            {"type": "exhibitor", "id": loader.exhibitors[slug].pk, "role": "participant"} for slug in exhibitors
        ]
        meetings[title] = services.meeting_create(
            actor=loader.office,
            expo=loader.expo,
            title=title,
            kind=kind,
            status=status,
            starts_at=loader.at(start),
            ends_at=loader.at(end),
            venue=loader.venues[venue],
            attendees=attendees,
            agenda=agenda,
            language_a="zh-hant",
            language_b="ko" if any(_role(loader, m) == "interpreter" for m in members) else "en",
            override_travel=True,
            notify=False,  # the demo's programme is already agreed: no confirmation mails
        )

    for (
        kind,
        title,
        event,
        stage,
        start,
        end,
        speakers,
        panelist_orgs,
        moderator_org,
        status,
    ) in programme.SPEAKING_SLOTS:
        if SpeakingSlot.objects.filter(expo=loader.expo, title=title).exists():
            continue
        starts_at = loader.at(start)
        services.speaking_slot_create(
            actor=loader.office,
            expo=loader.expo,
            kind=kind,
            title=title,
            event_name=event,
            stage=loader.venues[stage],
            starts_at=starts_at,
            ends_at=loader.at(end),
            speakers=[loader.members[m].pk for m in speakers],
            panelists=[loader.contacts[org][0].pk for org in panelist_orgs],
            moderator=loader.contacts[moderator_org][0] if moderator_org else None,
            status=status,
            deadlines=[
                {"kind": "bio", "due_on": (starts_at - dt.timedelta(days=30)).date(), "owner": loader.office.pk},
                {"kind": "slides", "due_on": (starts_at - dt.timedelta(days=7)).date(), "owner": loader.office.pk},
            ],
            override_travel=True,
        )

    for member, slug, start, end in programme.BOOTH_SHIFTS:
        exhibitor, starts_at = loader.exhibitors[slug], loader.at(start)
        if BoothShift.objects.filter(exhibitor=exhibitor, member=loader.members[member], starts_at=starts_at).exists():
            continue
        services.booth_shift_create(
            actor=loader.office,
            exhibitor=exhibitor,
            member=loader.members[member],
            starts_at=starts_at,
            ends_at=loader.at(end),
            override_travel=True,
        )

    recorded = BusyTime.objects.filter(source=BusyTime.Source.ITINERARY).values("source_id")
    for item in ItineraryItem.objects.filter(delegation=loader.delegation).exclude(pk__in=recorded):
        services.itinerary_busy_time_sync(item=item)

    for title, due, status, meeting_title, org_name in programme.FOLLOW_UPS:
        organization = loader.organizations.get(org_name) if org_name else None
        FollowUp.objects.get_or_create(
            title=title,
            defaults={
                "expo": loader.expo,
                "meeting": meetings.get(meeting_title) if meeting_title else None,
                "organization": organization,
                "contact": loader.contacts[org_name][0] if org_name else None,
                "owner": loader.office,
                "due_on": dt.date.fromisoformat(due),
                "status": status,
            },
        )


def _role(loader: DemoLoader, member_local: str) -> str:
    return "interpreter" if loader.members[member_local].role == "interpreter" else "participant"
