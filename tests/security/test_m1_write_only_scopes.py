"""Finding M-1: a key that may write but not read is answered with the id only, learns nothing of
other records from a refusal, and its writes are logged like pulls."""

from __future__ import annotations

import datetime as dt

import pytest

from common.models import ApiPullLog
from tests.factories import ContactFactory, FollowUpFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact():
    return ContactFactory(full_name="Youssef Amrani", email="youssef.amrani@example.ma", title="Director")


def test_m1_contacts_write_only_key_gets_the_id_only(key_client, contact):
    writer = key_client("contacts:write")
    assert writer.get(f"/api/v1/contacts/{contact.pk}/").status_code == 403
    patched = writer.patch(f"/api/v1/contacts/{contact.pk}/", {}, format="json")
    assert patched.status_code == 200
    assert patched.json() == {"id": contact.pk}
    put = writer.put(f"/api/v1/contacts/{contact.pk}/", {"full_name": "Youssef Amrani"}, format="json")
    assert put.json() == {"id": contact.pk}
    created = writer.post("/api/v1/contacts/", {"full_name": "Leila Bennani", "email": "l@example.ma"}, format="json")
    assert created.status_code == 201
    assert set(created.json()) == {"id"}


def test_m1_contacts_stale_if_match_does_not_reveal_the_records_etag(key_client, contact):
    writer = key_client("contacts:write")
    reader = key_client("contacts:read")
    full_etag = reader.get(f"/api/v1/contacts/{contact.pk}/")["ETag"]
    stale = writer.patch(f"/api/v1/contacts/{contact.pk}/", {}, format="json", HTTP_IF_MATCH='"stale"')
    assert stale.status_code == 409
    assert stale.json()["current_etag"] != full_etag
    assert "youssef" not in stale.content.decode().lower()
    # The key's own ETag (over what it may read) lets it write with If-Match.
    again = writer.patch(
        f"/api/v1/contacts/{contact.pk}/",
        {"title": "Minister"},
        format="json",
        HTTP_IF_MATCH=stale.json()["current_etag"],
    )
    assert again.status_code == 200
    contact.refresh_from_db()
    assert contact.title == "Minister"


def test_m1_read_and_write_key_still_gets_the_full_record(key_client, contact):
    client = key_client("contacts:read", "contacts:write")
    body = client.patch(f"/api/v1/contacts/{contact.pk}/", {}, format="json").json()
    assert body["email"] == "youssef.amrani@example.ma"


def test_m1_organizations_write_only_key_gets_the_id_only(key_client, contact):
    writer = key_client("contacts:write")
    response = writer.patch(f"/api/v1/organizations/{contact.organization_id}/", {}, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": contact.organization_id}


@pytest.fixture
def scene():
    return make_scene()


def test_m1_meeting_writes_answer_the_id_only(key_client, scene):
    meeting = book(
        scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]], title="Secret talks", agenda="x"
    )
    writer = key_client("meetings:write")
    assert writer.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 403
    patched = writer.patch(f"/api/v1/meetings/{meeting.pk}/", {}, format="json")
    assert patched.status_code == 200
    assert patched.json() == {"id": meeting.pk}
    created = writer.post(
        "/api/v1/meetings/",
        {
            "expo": scene.expo.pk,
            "title": "New",
            "kind": "g2g",
            "starts_at": "2027-09-05T10:00:00+09:00",
            "ends_at": "2027-09-05T11:00:00+09:00",
        },
        format="json",
    )
    assert created.status_code == 201
    assert set(created.json()) == {"id"}
    cancelled = writer.delete(f"/api/v1/meetings/{meeting.pk}/")
    assert cancelled.json() == {"id": meeting.pk}


def test_m1_meeting_check_and_409_name_no_other_meeting_or_person(key_client, scene):
    member = scene.members[0]
    book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[member], title="Secret talks with Rabat")
    writer = key_client("meetings:write")
    attempt = {
        "expo": scene.expo.pk,
        "starts_at": "2027-09-04T10:30:00+09:00",
        "ends_at": "2027-09-04T11:30:00+09:00",
        "attendees": [{"type": "member", "id": member.pk}],
    }
    check = writer.post("/api/v1/meetings/check/", attempt, format="json")
    assert check.status_code == 200
    conflict = check.json()["conflicts"][0]
    assert conflict["subject"] == {"type": "member", "id": member.pk}
    assert "title" not in conflict
    clash = writer.post("/api/v1/meetings/", {**attempt, "title": "Mine", "kind": "g2g"}, format="json")
    assert clash.status_code == 409
    for text in ("Secret talks", member.full_name):
        assert text not in check.content.decode()
        assert text not in clash.content.decode()
    # A key that may read the schedule still sees who is busy with what.
    reader = key_client("meetings:read", "meetings:write")
    full = reader.post("/api/v1/meetings/check/", attempt, format="json").json()["conflicts"][0]
    assert full["title"] == "Secret talks with Rabat"
    assert full["subject"]["name"] == member.full_name


def test_m1_speaking_slot_writes_answer_the_id_only(key_client, scene):
    writer = key_client("meetings:write")
    payload = {
        "expo": scene.expo.pk,
        "kind": "panel",
        "title": "Cities that recycle",
        "starts_at": "2027-09-05T15:00",
        "ends_at": "2027-09-05T16:00",
        "speakers": [scene.members[0].pk],
        "panelists": [scene.contacts[0].pk],
    }
    created = writer.post("/api/v1/speaking-slots/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert set(created.json()) == {"id"}
    slot_id = created.json()["id"]
    assert writer.patch(f"/api/v1/speaking-slots/{slot_id}/", {}, format="json").json() == {"id": slot_id}
    # The same speaker at the same time elsewhere: the 409 names no title or person.
    clash = writer.post("/api/v1/speaking-slots/", {**payload, "title": "Another talk"}, format="json")
    assert clash.status_code == 409
    assert "Cities that recycle" not in clash.content.decode()
    assert scene.members[0].full_name not in clash.content.decode()


def test_m1_follow_up_writes_answer_the_id_only(key_client, scene):
    follow_up = FollowUpFactory(expo=scene.expo, description="Send the MOU draft")
    writer = key_client("meetings:write")
    response = writer.patch(f"/api/v1/follow-ups/{follow_up.pk}/", {"status": "done"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"id": follow_up.pk}
    created = writer.post(
        "/api/v1/follow-ups/",
        {"expo": scene.expo.pk, "title": "Call back", "due_on": str(dt.date(2027, 10, 1))},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert set(created.json()) == {"id"}


def test_m1_writes_are_logged_like_pulls(key_client, contact):
    writer = key_client("contacts:write", name="crm-writer")
    writer.patch(f"/api/v1/contacts/{contact.pk}/", {"title": "Minister"}, format="json")
    writer.patch(f"/api/v1/contacts/{contact.pk}/", {"phone": "12345"}, format="json")  # refused: 400
    writer.delete(f"/api/v1/contacts/{contact.pk}/")
    reader = key_client("contacts:read", name="crm-reader")
    reader.get("/api/v1/contacts/")
    rows = list(ApiPullLog.objects.order_by("id").values_list("key__name", "method", "path", "rows"))
    path = f"/api/v1/contacts/{contact.pk}/"
    assert rows == [
        ("crm-writer", "PATCH", path, 1),
        ("crm-writer", "PATCH", path, 0),
        ("crm-writer", "DELETE", path, 1),
        ("crm-reader", "GET", "/api/v1/contacts/", 0),
    ]


def test_m1_session_writes_are_not_logged(office_client, contact):
    assert office_client.patch(f"/api/v1/contacts/{contact.pk}/", {}, format="json").status_code == 200
    assert ApiPullLog.objects.count() == 0
