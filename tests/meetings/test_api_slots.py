"""Speaking-slot and follow-up API: writes through services, 409 on clashes, roles and scopes."""

from __future__ import annotations

import pytest

from meetings.models import FollowUp, SpeakingSlot
from meetings.services import follow_up_create, speaking_slot_create
from tests.factories import VenueFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db
SLOTS = "/api/v1/speaking-slots/"
FOLLOW_UPS = "/api/v1/follow-ups/"


@pytest.fixture
def scene():
    return make_scene()


@pytest.fixture
def stage(scene):
    return VenueFactory(expo=scene.expo, name="Symposium Hall", kind="stage")


def slot_payload(scene, stage, **overrides):
    data = {
        "expo": scene.expo.pk,
        "kind": "panel",
        "title": "Cities that recycle",
        "event_name": "Smart City Symposium",
        "stage": stage.pk,
        "starts_at": "2027-09-05T15:00",
        "ends_at": "2027-09-05T16:00",
        "speakers": [scene.members[0].pk],
        "panelists": [scene.contacts[0].pk],
        "moderator": scene.contacts[1].pk,
        "deadlines": [{"kind": "bio", "due_on": "2027-08-01"}, {"kind": "photo", "due_on": "2027-08-01"}],
    }
    data.update(overrides)
    return data


def test_slot_post_creates(office_client, scene, stage):
    response = office_client.post(SLOTS, slot_payload(scene, stage), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["starts_at"] == "2027-09-05T06:00:00Z"
    assert (body["speakers"], body["panelists"], body["moderator"]) == (
        [scene.members[0].pk],
        [scene.contacts[0].pk],
        scene.contacts[1].pk,
    )
    assert [(d["kind"], d["due_on"], d["done"]) for d in body["deadlines"]] == [
        ("bio", "2027-08-01", False),
        ("photo", "2027-08-01", False),
    ]


def test_slot_post_speaker_busy_is_409(office_client, scene, stage):
    meeting = book(scene, title="Press", start=seoul(5, 15, 30), end=seoul(5, 16, 30), members=[scene.members[0]])
    response = office_client.post(SLOTS, slot_payload(scene, stage), format="json")
    assert response.status_code == 409
    assert [(c["type"], c["id"]) for c in response.json()["conflicts"]] == [("meeting", meeting.pk)]
    assert SpeakingSlot.objects.count() == 0


def test_slot_post_unknown_speaker_is_400(office_client, scene, stage):
    response = office_client.post(SLOTS, slot_payload(scene, stage, speakers=[999999]), format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"speakers": ["There is no member 999999 at this expo."]}


def test_slot_patch_and_delete_cancels(office_client, scene, stage):
    slot = speaking_slot_create(
        actor=None, expo=scene.expo, kind="pitch", title="Pitch", starts_at=seoul(5, 9), ends_at=seoul(5, 9, 15)
    )
    response = office_client.patch(f"{SLOTS}{slot.pk}/", {"status": "confirmed"}, format="json")
    assert (response.status_code, response.json()["status"], response.json()["sequence"]) == (200, "confirmed", 1)
    response = office_client.delete(f"{SLOTS}{slot.pk}/")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")


def test_slot_exhibitor_and_plain_users_forbidden(api_client, exhibitor_user_a, plain_user):
    for user in (exhibitor_user_a, plain_user):
        api_client.force_authenticate(user)
        assert api_client.get(SLOTS).status_code == 403
        assert api_client.get(FOLLOW_UPS).status_code == 403


def test_slot_anonymous_401(api_client, db):
    assert api_client.get(SLOTS).status_code == 401
    assert api_client.get(FOLLOW_UPS).status_code == 401


def test_slot_and_follow_up_key_scopes(key_client, scene, stage):
    reader, writer, other = key_client("meetings:read"), key_client("meetings:write"), key_client("contacts:read")
    assert reader.get(SLOTS).status_code == 200
    assert reader.post(SLOTS, slot_payload(scene, stage), format="json").status_code == 403
    assert other.get(SLOTS).status_code == 403
    assert writer.post(SLOTS, slot_payload(scene, stage), format="json").status_code == 201
    assert reader.get(FOLLOW_UPS).status_code == 200
    assert reader.post(FOLLOW_UPS, {"title": "x"}, format="json").status_code == 403
    response = writer.post(FOLLOW_UPS, {"title": "Send the brochure", "due_on": "2027-10-01"}, format="json")
    assert response.status_code == 201
    # A write-only key is answered with the id only; the row was written as asked.
    assert set(response.json()) == {"id"}
    assert FollowUp.objects.get(pk=response.json()["id"]).owner is None


@pytest.mark.parametrize("count", [1, 3])
def test_slot_list_queries_do_not_grow(office_client, scene, stage, django_assert_num_queries, count):
    for i in range(count):
        speaking_slot_create(
            actor=None,
            expo=scene.expo,
            kind="forum_talk",
            title=f"Talk {i}",
            stage=stage,
            starts_at=seoul(5, 9 + i),
            ends_at=seoul(5, 10 + i),
            speakers=[scene.members[i]],
            panelists=scene.contacts,
            deadlines=[{"kind": "bio", "due_on": seoul(1, 0).date()}],
        )
    with django_assert_num_queries(5):
        response = office_client.get(SLOTS)
    assert len(response.json()["results"]) == count


def test_follow_up_post_from_meeting(office_client, office_user, scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    response = office_client.post(
        FOLLOW_UPS,
        {
            "title": "Sign the MOU in March",
            "meeting": meeting.pk,
            "due_on": "2028-03-15",
            "contact": scene.contacts[0].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["expo"], body["owner"], body["organization"]) == (
        scene.expo.pk,
        office_user.pk,
        scene.contacts[0].organization_id,
    )


def test_follow_up_patch_done_stamps_completion(office_client, office_user):
    follow_up = follow_up_create(actor=office_user, title="Invite cities")
    response = office_client.patch(f"{FOLLOW_UPS}{follow_up.pk}/", {"status": "done"}, format="json")
    assert response.status_code == 200
    assert response.json()["completed_at"] is not None


def test_follow_up_bad_input_400(office_client, db):
    response = office_client.post(FOLLOW_UPS, {"title": "", "due_on": "soon", "status": "maybe"}, format="json")
    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == ["due_on", "status", "title"]
    assert FollowUp.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_follow_up_list_queries_do_not_grow(office_client, office_user, scene, django_assert_num_queries, count):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    for i in range(count):
        follow_up_create(actor=office_user, title=f"F{i}", meeting=meeting, contact=scene.contacts[0])
    with django_assert_num_queries(2):
        response = office_client.get(FOLLOW_UPS)
    assert len(response.json()["results"]) == count
