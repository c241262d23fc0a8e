"""The guests' response link: the page in each language, answers, proposals accepted by the office
(with and without a clash), expiry, revocation, the rate limit, and the API's view of the answers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from meetings.models import GuestResponse, Meeting, MeetingAttendee, ResponseLink
from meetings.reminders import reminders_deliver
from meetings.response_links import response_link_issue
from meetings.services import meeting_cancel
from tests.factories import ContactFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db
API = "/api/v1/meetings/"


@pytest.fixture
def scene():
    return make_scene(members=2, contacts=2)


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


@pytest.fixture
def invited(scene):
    """A meeting at 10:00–11:00 on the expo's first day with a member and two guests; guest 0's link."""
    meeting = book(
        scene,
        title="Smart bins pilot with Busan",
        start=seoul(4, 10),
        end=seoul(4, 11),
        venue=scene.room_a,
        members=scene.members[:1],
        contacts=scene.contacts,
        notify_contacts=True,
        notify=False,
    )
    guest = meeting.attendees.get(contact=scene.contacts[0])
    return meeting, guest, f"/respond/{response_link_issue(attendee=guest)}/"


def _api_attendee(client, meeting, contact) -> dict:
    body = client.get(f"{API}{meeting.pk}/").json()
    return next(a for a in body["attendees"] if a["type"] == "contact" and a["id"] == contact.pk)


# --- The page --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Can you attend?", "Yes, I will attend", "(Asia/Seoul)", "10:00–11:00", 'lang="en"']),
        ("zh-Hant", ["您能出席嗎？", "是，我會出席", "展覽當地時間（Asia/Seoul）", "10:00–11:00", 'lang="zh-hant"']),
        (
            "ko",
            [
                "참석하실 수 있습니까?",
                "예, 참석하겠습니다",
                "엑스포 현지 시각 (Asia/Seoul)",
                "10:00–11:00",
                'lang="ko"',
            ],
        ),
    ],
)
def test_page_speaks_the_guests_language_with_the_expos_local_time(client, scene, invited, language, expected):
    _meeting, _guest, url = invited
    scene.contacts[0].preferred_language = language
    scene.contacts[0].save()
    response = client.get(url)  # no sign-in
    assert response.status_code == 200
    body = response.content.decode()
    for text in expected:
        assert text in body
    assert "Smart bins pilot with Busan" in body
    assert "Room A" in body
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in body


def test_page_language_can_be_switched(client, invited):
    _meeting, _guest, url = invited
    assert "참석하실 수 있습니까?" in client.get(f"{url}?lang=ko").content.decode()


def test_page_suggests_free_slots_of_the_office(client, scene, invited):
    _meeting, _guest, url = invited
    # The member is busy 11:30–12:30 on the first day, so 11:00 and 11:30 and 12:00 are not offered.
    book(scene, title="Busy", start=seoul(4, 11, 30), end=seoul(4, 12, 30), members=scene.members[:1], notify=False)
    body = client.get(url).content.decode()
    offered = re.findall(r'name="proposed_starts_at" value="([^"]+)"', body)
    assert "other" in offered
    starts = [dt.datetime.fromisoformat(v) for v in offered if v != "other"]
    assert len(starts) == 6
    assert seoul(4, 9, 30) in starts and seoul(4, 12, 30) in starts
    assert all(s not in starts for s in (seoul(4, 10), seoul(4, 11), seoul(4, 11, 30), seoul(4, 12)))


def test_unknown_token_is_404(client, invited):
    assert client.get("/respond/not-a-real-token/").status_code == 404
    assert client.post("/respond/not-a-real-token/", {"response": "accept"}).status_code == 404


# --- Answers ---------------------------------------------------------------------------------


def test_guest_accepts_then_changes_to_decline_and_the_office_sees_it(client, office_client, scene, invited):
    meeting, _guest, url = invited
    assert _api_attendee(office_client, meeting, scene.contacts[0])["response"] == "pending"
    response = client.post(url, {"response": "accept"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?lang=en&saved=1"
    assert "Thank you: your answer has been recorded." in client.get(response["Location"]).content.decode()
    assert _api_attendee(office_client, meeting, scene.contacts[0])["response"] == "accepted"

    client.post(url, {"response": "decline"})
    entry = _api_attendee(office_client, meeting, scene.contacts[0])
    assert (entry["response"], entry["proposed_starts_at"]) == ("declined", None)
    assert list(GuestResponse.objects.values_list("response", flat=True)) == ["accepted", "declined"]
    assert ResponseLink.objects.get().last_used_at is not None


def test_guest_proposes_a_suggested_slot_or_another_time(client, office_client, scene, invited):
    meeting, _guest, url = invited
    client.post(url, {"response": "propose", "proposed_starts_at": seoul(5, 14).isoformat()})
    entry = _api_attendee(office_client, meeting, scene.contacts[0])
    assert entry["response"] == "proposed"
    assert dt.datetime.fromisoformat(entry["proposed_starts_at"]) == seoul(5, 14)

    client.post(url, {"response": "propose", "proposed_starts_at": "other", "other_starts_at": "2027-09-06T16:15"})
    entry = _api_attendee(office_client, meeting, scene.contacts[0])
    assert dt.datetime.fromisoformat(entry["proposed_starts_at"]) == seoul(6, 16, 15)  # read as expo time


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"response": "maybe"}, "Choose accept, decline or propose another time."),
        ({"response": "propose"}, "Give the proposed start as a date and time."),
        ({"response": "propose", "proposed_starts_at": "tomorrow-ish"}, "Give the proposed start as a date and time."),
        ({"response": "propose", "proposed_starts_at": "2027-09-08T10:00:00+09:00"}, "within the expo&#x27;s days"),
        ({"response": "propose", "proposed_starts_at": "2027-09-05T10:07:00+09:00"}, "on the quarter hour"),
    ],
)
def test_bad_answers_are_refused_clearly_and_change_nothing(client, scene, invited, data, message):
    _meeting, guest, url = invited
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    guest.refresh_from_db()
    assert guest.response == "pending"
    assert GuestResponse.objects.count() == 0


# --- Closed links ------------------------------------------------------------------------------


def test_revoked_link_says_so_and_takes_no_answer(client, office, scene, invited):
    meeting, guest, url = invited
    response = office.post(f"/meetings/{meeting.pk}/responses/{guest.pk}/revoke/")
    assert response.status_code == 302
    client.logout()
    page = client.get(url)
    assert page.status_code == 410
    assert "This link has been withdrawn." in page.content.decode()
    assert client.post(url, {"response": "accept"}).status_code == 410
    guest.refresh_from_db()
    assert guest.response == "pending"


def test_link_of_a_cancelled_meeting_says_so(client, invited):
    meeting, _guest, url = invited
    meeting_cancel(meeting=meeting, actor=None, notify=False)
    response = client.get(url)
    assert response.status_code == 410
    assert "This meeting has been cancelled" in response.content.decode()


def test_link_expires_when_the_meeting_starts(client, invited, time_machine):
    _meeting, guest, url = invited
    time_machine.move_to(seoul(4, 9, 59), tick=False)
    assert client.post(url, {"response": "accept"}).status_code == 302
    time_machine.move_to(seoul(4, 10), tick=False)
    response = client.get(url)
    assert response.status_code == 410
    assert "answers are closed" in response.content.decode()
    assert client.post(url, {"response": "decline"}).status_code == 410
    guest.refresh_from_db()
    assert guest.response == "accepted"


def test_answers_are_rate_limited_per_link(client, settings, invited):
    settings.RESPONSE_LINK_THROTTLE_RATE = "2/min"
    _meeting, guest, url = invited
    assert client.post(url, {"response": "accept"}).status_code == 302
    assert client.post(url, {"response": "decline"}).status_code == 302
    response = client.post(url, {"response": "accept"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many answers in a short time" in response.content.decode()
    guest.refresh_from_db()
    assert guest.response == "declined"
    assert client.get(url).status_code == 200  # reading the page is not limited


# --- The office's side -------------------------------------------------------------------------


def test_office_accepts_a_proposal_in_one_click(client, office, scene, invited):
    meeting, guest, url = invited
    other = meeting.attendees.get(contact=scene.contacts[1])
    MeetingAttendee.objects.filter(pk=other.pk).update(response="accepted")
    client.post(url, {"response": "propose", "proposed_starts_at": seoul(5, 14).isoformat()})
    page = office.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Proposed another time" in page and "Accept this time" in page

    response = office.post(f"/meetings/{meeting.pk}/responses/{guest.pk}/accept/", {"tell_contacts": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at) == (seoul(5, 14), seoul(5, 15))
    guest.refresh_from_db()
    other.refresh_from_db()
    assert (guest.response, guest.proposed_starts_at) == ("accepted", None)
    assert other.response == "pending"  # asked again about the new time
    page = office.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "proposed time accepted" in page and "guest answered" in page  # in the meeting's history


def test_accepting_a_proposal_that_clashes_answers_409_and_moves_nothing(client, office, scene, invited):
    meeting, guest, url = invited
    client.post(url, {"response": "propose", "proposed_starts_at": seoul(5, 14).isoformat()})
    book(
        scene,
        title="Forum lunch",
        start=seoul(5, 13, 30),
        end=seoul(5, 14, 30),
        members=scene.members[:1],
        notify=False,
    )
    response = office.post(f"/meetings/{meeting.pk}/responses/{guest.pk}/accept/")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Not moved: the proposed time clashes" in body
    assert "“Forum lunch”" in body
    meeting.refresh_from_db()
    assert meeting.starts_at == seoul(4, 10)
    guest.refresh_from_db()
    assert guest.response == "proposed"


def test_accepting_without_a_proposal_is_refused(office, invited):
    meeting, guest, _url = invited
    response = office.post(f"/meetings/{meeting.pk}/responses/{guest.pk}/accept/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == seoul(4, 10)


def test_office_actions_on_answers_are_office_only(client, exhibitor_user_a, invited):
    meeting, guest, _url = invited
    client.force_login(exhibitor_user_a)
    assert client.post(f"/meetings/{meeting.pk}/responses/{guest.pk}/accept/").status_code == 403
    assert client.post(f"/meetings/{meeting.pk}/responses/{guest.pk}/revoke/").status_code == 403


def test_a_member_attendee_has_no_response_actions(office, scene, invited):
    meeting, _guest, _url = invited
    member = meeting.attendees.get(member=scene.members[0])
    assert office.post(f"/meetings/{meeting.pk}/responses/{member.pk}/revoke/").status_code == 404


def test_the_invitation_link_works_end_to_end(client, scene, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_URL = "http://portal.example"
    contact = ContactFactory(preferred_language="ko")
    contact.expos.add(scene.expo)
    meeting = book(
        scene, start=seoul(4, 15), end=seoul(4, 16), contacts=[contact], notify_contacts=True, title="Busan visit"
    )
    reminders_deliver(reminder_ids=list(meeting.reminders.filter(kind="confirmation").values_list("pk", flat=True)))
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "ko"
    assert "참석 여부를 알려 주십시오" in message.body
    path = re.search(r"http://portal\.example(/respond/[^/\s]+/)", message.body).group(1)
    assert "참석하실 수 있습니까?" in client.get(path).content.decode()
    assert client.post(path, {"response": "accept"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).attendees.get(contact=contact).response == "accepted"
