"""Finding M-4: the office's meeting notes (objectives, outcome) reach office staff and the office's
API keys only — not exhibitor users, through the page, the API or any calendar file."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from icalendar import Calendar

from common.api_keys.authentication import ApiClient
from meetings.reminders.messages import meeting_facts
from meetings.services import calendar_feed_issue, meeting_create
from meetings.visibility import OFFICE_NOTES, hidden_meeting_fields
from tests.factories.scheduling import make_scene, seoul

pytestmark = pytest.mark.django_db

OBJECTIVES = "Push for the waste-bin tender before Busan"
OUTCOME = "They will not sign before March"


@pytest.fixture
def scene():
    return make_scene()


@pytest.fixture
def meeting(scene, exhibitor_a):
    exhibitor_a.pavilion.expo = scene.expo
    exhibitor_a.pavilion.save()
    return meeting_create(
        actor=None,
        expo=scene.expo,
        title="Booth visit with the mayor",
        kind="business",
        starts_at=seoul(4, 10),
        ends_at=seoul(4, 11),
        attendees=[
            {"type": "exhibitor", "id": exhibitor_a.pk},
            {"type": "member", "id": scene.members[0].pk},
        ],
        objectives=OBJECTIVES,
        outcome=OUTCOME,
        agenda="1. Demo",
    )


def ics_description(body: bytes) -> str:
    [event] = Calendar.from_ical(body).walk("VEVENT")
    return str(event.get("description", ""))


def test_m4_one_decision_per_viewer(office_user, exhibitor_user_a, key_client):
    assert hidden_meeting_fields(office_user) == frozenset()
    assert hidden_meeting_fields(ApiClient(key=key_client("meetings:read").api_key)) == frozenset()
    assert hidden_meeting_fields(exhibitor_user_a) == OFFICE_NOTES == {"objectives", "outcome"}
    assert hidden_meeting_fields(AnonymousUser()) == OFFICE_NOTES
    assert hidden_meeting_fields(None) == OFFICE_NOTES


def test_m4_exhibitor_api_reads_no_objectives_or_outcome(api_client, exhibitor_user_a, meeting):
    api_client.force_login(exhibitor_user_a)
    listed = api_client.get("/api/v1/meetings/")
    detail = api_client.get(f"/api/v1/meetings/{meeting.pk}/")
    assert [row["id"] for row in listed.json()["results"]] == [meeting.pk]
    for response in (listed, detail):
        assert response.status_code == 200
        text = response.content.decode()
        assert OBJECTIVES not in text and OUTCOME not in text
    assert "objectives" not in detail.json() and "outcome" not in detail.json()
    assert detail.json()["agenda"] == "1. Demo"


def test_m4_office_and_keys_still_read_the_notes(office_client, key_client, meeting):
    for client in (office_client, key_client("meetings:read")):
        body = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
        assert (body["objectives"], body["outcome"]) == (OBJECTIVES, OUTCOME)


def test_m4_exhibitor_ics_has_no_objectives(api_client, exhibitor_user_a, office_client, meeting):
    api_client.force_login(exhibitor_user_a)
    response = api_client.get(f"/api/v1/meetings/{meeting.pk}.ics")
    assert response.status_code == 200
    assert OBJECTIVES not in ics_description(response.content)
    assert "1. Demo" in ics_description(response.content)
    office = office_client.get(f"/api/v1/meetings/{meeting.pk}.ics")
    assert OBJECTIVES in ics_description(office.content)


def test_m4_exhibitor_page_shows_no_objectives_or_outcome(client, exhibitor_user_a, office_user, meeting):
    client.force_login(exhibitor_user_a)
    page = client.get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200
    assert OBJECTIVES not in page.content.decode() and OUTCOME not in page.content.decode()
    client.force_login(office_user)
    office_page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert OBJECTIVES in office_page and OUTCOME in office_page


def test_m4_calendar_feed_and_mail_attachment_carry_no_notes(scene, meeting):
    raw = calendar_feed_issue(member=scene.members[0], actor=None)
    feed = Client().get(f"/calendar/{raw}.ics")
    assert feed.status_code == 200
    assert OBJECTIVES not in ics_description(feed.content)
    attachment = meeting_facts(meeting).ics
    assert OBJECTIVES not in ics_description(attachment) and OUTCOME not in attachment.decode()
