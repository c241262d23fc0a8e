"""The admin is another way in, with the same rules: the schedule is read-only there (its pages
move reminders and notify people), times are the expo's and labelled, and a clash made through an
editable admin page (an itinerary item) is refused by the database with a message."""

from __future__ import annotations

import pytest
from django.utils import timezone

from delegations.models import BusyTime, ItineraryItem
from meetings.models import Meeting
from tests.factories import ItineraryItemFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene():
    return make_scene()


def test_admin_cannot_change_or_add_a_meeting(client, superuser, scene):
    member = scene.members[0]
    book(scene, title="First", start=seoul(4, 10), end=seoul(4, 11), members=[member])
    second = book(scene, title="Second", start=seoul(4, 14), end=seoul(4, 15), members=[member])
    client.force_login(superuser)
    page = client.get(f"/admin/meetings/meeting/{second.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    # Shown in the expo's time, with the zone named, and linked to the page that edits it.
    assert "2027-09-04 14:00 (Asia/Seoul)" in html
    assert f'href="/meetings/{second.pk}/edit/"' in html
    response = client.post(
        f"/admin/meetings/meeting/{second.pk}/change/",
        {"title": "Moved", "starts_at_0": "2027-09-04", "starts_at_1": "10:30", "status": "confirmed"},
    )
    assert response.status_code == 403
    second.refresh_from_db()
    assert (second.title, second.starts_at, second.sequence) == ("Second", seoul(4, 14), 0)
    assert client.get("/admin/meetings/meeting/add/").status_code == 403
    assert client.post(f"/admin/meetings/meeting/{second.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Meeting.objects.filter(pk=second.pk).exists()


def test_admin_meeting_list_shows_expo_time(client, superuser, scene):
    book(scene, title="Listed", start=seoul(4, 9), end=seoul(4, 10), members=[scene.members[0]])
    client.force_login(superuser)
    html = client.get("/admin/meetings/meeting/").content.decode()
    assert "2027-09-04 09:00 (Asia/Seoul)" in html
    assert "Starts (expo time)" in html


def itinerary_form(item: ItineraryItem, **changes: str) -> dict[str, object]:
    local = {
        "starts_at": timezone.localtime(item.starts_at, item.delegation.expo.tz),
        "ends_at": timezone.localtime(item.ends_at, item.delegation.expo.tz),
    }
    data: dict[str, object] = {
        "delegation": item.delegation_id,
        "kind": item.kind,
        "title": item.title,
        "starts_at_0": f"{local['starts_at']:%Y-%m-%d}",
        "starts_at_1": f"{local['starts_at']:%H:%M:%S}",
        "ends_at_0": f"{local['ends_at']:%Y-%m-%d}",
        "ends_at_1": f"{local['ends_at']:%H:%M:%S}",
        "members": [m.pk for m in item.members.all()],
        "blocks_time": "on" if item.blocks_time else "",
    }
    data.update(changes)
    return data


def test_itinerary_item_added_in_admin_gets_busy_time_and_a_clash_is_refused(client, superuser, scene):
    member = scene.members[0]
    book(scene, title="Meeting", start=seoul(4, 10), end=seoul(4, 11), members=[member])
    flight = ItineraryItemFactory(
        delegation=member.delegation, kind="flight", title="KE 92", starts_at=seoul(4, 14), ends_at=seoul(4, 16)
    )
    flight.members.add(member)
    assert BusyTime.objects.filter(source="itinerary", source_id=flight.pk, member=member).count() == 1

    client.force_login(superuser)
    page = client.get(f"/admin/delegations/itineraryitem/{flight.pk}/change/")
    assert "In Asia/Seoul, the expo" in page.content.decode()
    assert 'value="14:00:00"' in page.content.decode()  # entered and shown in expo time

    # Moving it onto the meeting (times typed in Seoul time) is refused by the database.
    response = client.post(
        f"/admin/delegations/itineraryitem/{flight.pk}/change/",
        itinerary_form(flight, starts_at_1="10:30:00", ends_at_1="12:00:00"),
        follow=True,
    )
    assert response.status_code == 200
    assert "Not saved: this would double-book" in response.content.decode()
    flight.refresh_from_db()
    assert flight.starts_at == seoul(4, 14)
    busy = BusyTime.objects.get(source="itinerary", source_id=flight.pk)
    assert busy.during.lower == seoul(4, 14)

    # A move to a free time is saved, and the busy time follows in the same commit.
    response = client.post(
        f"/admin/delegations/itineraryitem/{flight.pk}/change/",
        itinerary_form(flight, starts_at_1="17:00:00", ends_at_1="19:00:00"),
    )
    assert response.status_code == 302
    busy = BusyTime.objects.get(source="itinerary", source_id=flight.pk)
    assert (busy.during.lower, busy.during.upper) == (seoul(4, 17), seoul(4, 19))
