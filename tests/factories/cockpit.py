"""A demo-like expo for the cockpit's tests: delegation, pavilion, contacts, meetings, speeches, follow-ups.

``build_scenario(scale=10)`` gives ten times as many organisations, contacts, meetings, leads and
follow-ups (the members, venues and days stay the same, as they would at a bigger expo).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from delegations.models import Expo, ItineraryItem, Member, Venue
from meetings.models import Meeting, Reminder, SpeakingSlot
from tests.factories import (
    BoothProfileFactory,
    ContactFactory,
    DelegationFactory,
    ExhibitorFactory,
    ExpoFactory,
    FollowUpFactory,
    ItineraryItemFactory,
    LeadFactory,
    MeetingAttendeeFactory,
    MeetingFactory,
    MemberFactory,
    OrganizationFactory,
    PavilionFactory,
    SpeakingSlotFactory,
    UserFactory,
    VenueFactory,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")

# (country, kind, name) of the organisations met, in the spirit of the demo expo.
ORGANIZATIONS = [
    ("MA", "government", "Agence de Développement du Digital"),
    ("ZA", "government", "Department of Science and Innovation"),
    ("OM", "government", "Oman Ministry of Transport"),
    ("AU", "city", "City of Melbourne Smart City Office"),
    ("US", "city", "City of Austin Innovation Office"),
    ("KR", "city", "Seoul Digital Foundation"),
    ("KR", "city", "Busan Smart City Center"),
    ("DE", "company", "Urbane Sensorik GmbH"),
    ("GB", "company", "Clearwater Analytics Ltd"),
    ("IL", "company", "Orion Mobility"),
    ("KR", "company", "LG Electronics"),
    ("KR", "company", "SK Telecom"),
    ("FR", "research", "Institut Ville Durable"),
    ("JP", "research", "Tokyo Urban Lab"),
    ("SG", "international", "World Smart Cities Organisation"),
    ("AE", "media", "Gulf Smart City Review"),
]


@dataclass
class Scenario:
    expo: Expo
    delegation: object
    head: Member
    staff: Member
    interpreter: Member
    venues: dict[str, Venue]
    exhibitors: list
    organizations: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    slots: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    office: object = None


MEETING_HOURS = (9, 10, 11, 12, 13, 16, 17)


def at(day: int, hour: int, minute: int = 0, expo: Expo | None = None) -> dt.datetime:
    """A time on day ``day`` (1-based) of the expo, in expo-local time."""
    start = expo.starts_on if expo else dt.date(2027, 9, 4)
    return dt.datetime.combine(start + dt.timedelta(days=day - 1), dt.time(hour, minute), tzinfo=SEOUL)


def build_scenario(
    *,
    scale: int = 1,
    year: int = 2027,
    slug: str | None = None,
    office_username: str = "office-lead",
    organization_offset: int = 0,
) -> Scenario:
    expo = ExpoFactory(
        name=f"World Smart City Expo {year}",
        slug=slug or f"wsce-{year}",
        starts_on=dt.date(year, 9, 4),
        ends_on=dt.date(year, 9, 6),
    )
    office = UserFactory(username=office_username, office=True, first_name="Mei", last_name="Lin")
    venues = {
        "forum": VenueFactory(expo=expo, name=f"Forum Stage {year}", kind=Venue.Kind.STAGE),
        "symposium": VenueFactory(expo=expo, name=f"Symposium Hall {year}", kind=Venue.Kind.STAGE),
        "room_a": VenueFactory(expo=expo, name=f"Meeting Room A {year}", kind=Venue.Kind.ROOM),
        "room_b": VenueFactory(expo=expo, name=f"Meeting Room B {year}", kind=Venue.Kind.ROOM),
        "booth_1": VenueFactory(expo=expo, name=f"Booth C-101 {year}", kind=Venue.Kind.BOOTH),
        "booth_2": VenueFactory(expo=expo, name=f"Booth C-102 {year}", kind=Venue.Kind.BOOTH),
    }
    delegation = DelegationFactory(expo=expo, name=f"Taipei Smart City delegation {year}")
    head = MemberFactory(
        delegation=delegation,
        full_name="Chen Wei-Ming",
        native_name="陳偉明",
        role=Member.Role.HEAD,
        title="Director",
        phone="+886912345678",
        arrives_at=at(1, 7, expo=expo) - dt.timedelta(days=1),
        departs_at=at(3, 20, expo=expo),
    )
    staff = MemberFactory(delegation=delegation, full_name="Lin Mei", native_name="林美", user=office)
    interpreter = MemberFactory(
        delegation=delegation, full_name="Park Ji-woo", native_name="박지우", role=Member.Role.INTERPRETER
    )
    pavilion = PavilionFactory(expo=expo, name=f"Taipei Pavilion {year}", slug=f"taipei-{year}")
    exhibitors = [
        ExhibitorFactory(pavilion=pavilion, name=f"CareLink IoT {year}", slug="carelink", booth=venues["booth_1"]),
        ExhibitorFactory(
            pavilion=pavilion,
            name=f"CleanCycle Systems {year}",
            slug="cleancycle",
            category="waste_recycling",
            booth=venues["booth_2"],
        ),
        ExhibitorFactory(
            pavilion=pavilion, name=f"MuseTech Digital {year}", slug="musetech", category="museum_culture"
        ),
    ]
    BoothProfileFactory(exhibitor=exhibitors[0], status="published")
    BoothProfileFactory(exhibitor=exhibitors[1], status="draft")
    scenario = Scenario(expo, delegation, head, staff, interpreter, venues, exhibitors, office=office)

    ItineraryItemFactory(
        delegation=delegation,
        kind=ItineraryItem.Kind.FLIGHT,
        title="CI160 Taipei → Seoul",
        origin="TPE",
        destination="ICN",
        starts_at=at(1, 7, expo=expo) - dt.timedelta(days=1, hours=3),
        ends_at=at(1, 7, expo=expo) - dt.timedelta(days=1),
        reference="X7K2PQ",
    ).members.set([head, staff, interpreter])
    ItineraryItemFactory(
        delegation=delegation,
        kind=ItineraryItem.Kind.HOTEL,
        title="Coex Intercontinental",
        starts_at=at(1, 7, expo=expo) - dt.timedelta(days=1),
        ends_at=at(3, 20, expo=expo),
        blocks_time=False,
    ).members.set([head, staff, interpreter])
    ItineraryItemFactory(
        delegation=delegation,
        kind=ItineraryItem.Kind.VISIT,
        title="Visit to the World Smart Cities Organisation",
        starts_at=at(3, 14, expo=expo),
        ends_at=at(3, 16, expo=expo),
        destination="Seoul City Hall",
    ).members.set([head, interpreter])

    for n in range(organization_offset, organization_offset + scale):
        for index, (country, kind, name) in enumerate(ORGANIZATIONS):
            organization = OrganizationFactory(
                name=name if n == 0 else f"{name} {n}", country=country, kind=kind, sector="Smart city"
            )
            scenario.organizations.append(organization)
            for person in range(2 + index % 3):
                contact = ContactFactory(
                    organization=organization,
                    full_name=f"{name.split()[0]} Delegate {n}-{index}-{person}",
                    title="Director General" if person == 0 else "Advisor",
                )
                contact.expos.add(expo)
                scenario.contacts.append(contact)

    kinds = ["g2g", "business", "site_visit", "mou_signing", "press"]
    rooms = [venues["room_a"], venues["room_b"], None]
    meeting_total = 12 * scale
    for index in range(meeting_total):
        # Every meeting gets an hour of its own (seven a day around the speeches and the visit,
        # then the next three days), so nobody and no room is double-booked: the database
        # refuses that even for factory rows.
        slot = index // 3
        day = 1 + index % 3 + 3 * (slot // len(MEETING_HOURS))
        hour = MEETING_HOURS[slot % len(MEETING_HOURS)]
        minute = 0
        room = rooms[index % 3]
        contact = scenario.contacts[index % len(scenario.contacts)]
        meeting = MeetingFactory(
            expo=expo,
            title=f"Meeting with {contact.organization.name}",
            kind=kinds[index % len(kinds)],
            status="confirmed" if index % 4 else "held",
            starts_at=at(day, hour, minute, expo=expo),
            ends_at=at(day, hour, minute, expo=expo) + dt.timedelta(minutes=45),
            venue=room,
            location="" if room else "Partner's booth",
            objectives="Agree the next steps for a pilot project.",
            agenda="1. Introductions\n2. Pilot scope\n3. Next steps",
        )
        member = [head, staff][index % 2]
        MeetingAttendeeFactory(meeting=meeting, member=member, role="host")
        MeetingAttendeeFactory(meeting=meeting, contact=contact)
        if index % 3 == 0:
            MeetingAttendeeFactory(meeting=meeting, member=interpreter, role="interpreter")
        if index % 5 == 0:
            MeetingAttendeeFactory(meeting=meeting, exhibitor=exhibitors[index % 3])
        scenario.meetings.append(meeting)
        if index % 2 == 0:
            Reminder.objects.create(
                meeting=meeting,
                attendee=meeting.attendees.first(),
                offset_minutes=60,
                due_at=meeting.starts_at - dt.timedelta(hours=1),
                state=Reminder.State.FAILED if index % 4 == 0 else Reminder.State.SENT,
                last_error="SMTP 451: temporary failure" if index % 4 == 0 else "",
            )
    MeetingFactory(
        expo=expo,
        title="Cancelled call",
        status=Meeting.Status.CANCELLED,
        starts_at=at(2, 8, expo=expo),
        ends_at=at(2, 9, expo=expo),
    )

    forum = SpeakingSlotFactory(
        expo=expo,
        kind=SpeakingSlot.Kind.FORUM_TALK,
        title="Caring cities: IoT for an ageing society",
        event_name="WSCE Forum",
        stage=venues["forum"],
        starts_at=at(1, 14, expo=expo),
        ends_at=at(1, 14, 30, expo=expo),
        status=SpeakingSlot.Status.DELIVERED,
    )
    forum.speakers.set([head])
    panel = SpeakingSlotFactory(
        expo=expo,
        kind=SpeakingSlot.Kind.PANEL,
        title="Symposium: cities that share data",
        event_name="Mayors' Symposium",
        stage=venues["symposium"],
        starts_at=at(2, 15, expo=expo),
        ends_at=at(2, 16, expo=expo),
        status=SpeakingSlot.Status.CONFIRMED,
    )
    panel.speakers.set([head])
    panel.panelists.set(scenario.contacts[:2])
    scenario.slots = [forum, panel]

    statuses = ["open", "in_progress", "done", "open", "dropped"]
    for index in range(5 * scale):
        organization = scenario.organizations[index % len(scenario.organizations)]
        scenario.follow_ups.append(
            FollowUpFactory(
                expo=expo,
                organization=organization,
                meeting=scenario.meetings[index % len(scenario.meetings)],
                title=["Sign the MOU next spring", "Invite the secretary-general to judge the award"][index % 2]
                if index < 2
                else f"Send pilot proposal to {organization.name}",
                owner=office if index % 2 == 0 else None,
                due_on=expo.ends_on + dt.timedelta(days=30 * (index % 4) - 60),
                status=statuses[index % len(statuses)],
            )
        )
    for index in range(6 * scale):
        LeadFactory(exhibitor=exhibitors[index % 2], full_name=f"Booth Visitor {index}", country="ZA")
    return scenario
