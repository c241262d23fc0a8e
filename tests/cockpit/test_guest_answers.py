"""The office sees the guests' answers on the dashboard and the agenda grid, and the grid knows
which meetings e-mail their guests (so a drag asks before telling them)."""

from __future__ import annotations

import json
import re

import pytest

from meetings.models import MeetingAttendee
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    scene = make_scene(members=1, contacts=3)
    scene.contacts[2].never_email = True
    scene.contacts[2].save()
    meeting = book(
        scene,
        title="Smart care with Rabat",
        start=seoul(4, 10),
        end=seoul(4, 11),
        members=scene.members,
        contacts=scene.contacts,
        notify_contacts=True,
        notify=False,
    )
    quiet = book(
        scene, title="Quiet talk", start=seoul(5, 10), end=seoul(5, 11), contacts=scene.contacts[:1], notify=False
    )
    rows = {a.contact_id: a for a in meeting.attendees.filter(contact__isnull=False)}
    MeetingAttendee.objects.filter(pk=rows[scene.contacts[0].pk].pk).update(response="accepted")
    MeetingAttendee.objects.filter(pk=rows[scene.contacts[1].pk].pk).update(
        response="proposed", proposed_starts_at=seoul(5, 14)
    )
    return scene, meeting, quiet


def test_dashboard_lists_guests_answers_proposals_first(office_client, answered):
    scene, _meeting, _quiet = answered
    body = office_client.get(f"/?expo={scene.expo.slug}").content.decode()
    section = body[body.index('id="answers-h"') :]
    section = section[: section.index("</section>")]
    assert section.index(scene.contacts[1].full_name) < section.index(scene.contacts[0].full_name)
    assert "Proposed another time</span> Sun 5 Sep 14:00" in section
    assert "Accepted" in section


def test_agenda_shows_answers_and_which_meetings_mail_their_guests(office_client, answered):
    scene, meeting, quiet = answered
    body = office_client.get(f"/agenda/?expo={scene.expo.slug}").content.decode()
    assert "Guests: 1 Accepted · 1 Proposed another time" in body
    data = json.loads(re.search(r'<script id="agenda-meetings" type="application/json">(.*?)</script>', body).group(1))
    # Two of the three guests can be e-mailed (the third is never e-mailed); the quiet meeting mails none.
    assert data[str(meeting.pk)]["guests_mailed"] == 2
    assert data[str(quiet.pk)]["guests_mailed"] == 0
    assert 'id="guests-dialog"' in body
