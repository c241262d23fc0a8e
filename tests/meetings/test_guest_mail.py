"""Mail to guests only when the office says so: ``notify_contacts``, "never e-mail" contacts, the
form's question with previews, the cancel page and the API's switches. Members are mailed as before."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core import mail

from meetings import reminders
from meetings.models import Meeting, MeetingAttendee, Reminder, ResponseLink
from meetings.services import meeting_cancel, meeting_reschedule, meeting_update
from tests.factories import ContactFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]
URL = "/api/v1/meetings/"
LINK = re.compile(r"http://testserver-portal/respond/([A-Za-z0-9_-]+)/")


@pytest.fixture
def eager_celery(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.PORTAL_URL = "http://testserver-portal"


@pytest.fixture
def scene():
    return make_scene(members=2, contacts=2)


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


def sent_to() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.extra_headers["X-Expo-Kind"]) for m in mail.outbox)


def member_mail(scene, kind: str = "confirmation") -> tuple[str, str]:
    return (scene.members[0].email, kind)


def guest_mail(scene, kind: str = "confirmation", i: int = 0) -> tuple[str, str]:
    return (scene.contacts[i].email, kind)


def _book(scene, capture, **extra) -> Meeting:
    with capture(execute=True):
        return book(
            scene, start=seoul(4, 10), end=seoul(4, 11), members=scene.members[:1], contacts=scene.contacts[:1], **extra
        )


# --- Services ----------------------------------------------------------------------------------


def test_new_meeting_mails_members_but_not_guests_by_default(scene, django_capture_on_commit_callbacks):
    meeting = _book(scene, django_capture_on_commit_callbacks)
    assert meeting.notify_contacts is False
    assert sent_to() == [member_mail(scene)]
    # Nor are reminders owed to the guest.
    guest = meeting.attendees.get(contact=scene.contacts[0])
    assert not Reminder.objects.filter(attendee=guest).exists()
    assert Reminder.objects.filter(attendee__member=scene.members[0], kind="reminder").count() == 2


def test_meeting_that_notifies_guests_mails_them_a_personal_response_link(scene, django_capture_on_commit_callbacks):
    _book(scene, django_capture_on_commit_callbacks, notify_contacts=True)
    assert sent_to() == sorted([member_mail(scene), guest_mail(scene)])
    [guest] = [m for m in mail.outbox if m.to == [scene.contacts[0].email]]
    [member] = [m for m in mail.outbox if m.to == [scene.members[0].email]]
    token = LINK.search(guest.body).group(1)
    assert len(token) >= 40
    link = ResponseLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(ResponseLink.objects.values()))  # only the hash is stored
    assert LINK.search(member.body) is None  # members answer nothing through the link


def test_never_email_contact_is_never_mailed_even_when_guests_are(scene, django_capture_on_commit_callbacks):
    scene.contacts[0].never_email = True
    scene.contacts[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = book(
            scene,
            start=seoul(4, 10),
            end=seoul(4, 11),
            members=scene.members[:1],
            contacts=scene.contacts,
            notify_contacts=True,
        )
        meeting_reschedule(meeting=meeting, actor=None, starts_at=seoul(4, 12), ends_at=seoul(4, 13))
    assert scene.contacts[0].email not in {m.to[0] for m in mail.outbox}
    assert sent_to() == sorted(
        [
            member_mail(scene),
            member_mail(scene, "rescheduled"),
            guest_mail(scene, i=1),
            guest_mail(scene, "rescheduled", i=1),
        ]
    )
    assert not Reminder.objects.filter(attendee__contact=scene.contacts[0]).exists()


def test_a_change_can_be_made_without_telling_the_guests(scene, django_capture_on_commit_callbacks):
    meeting = _book(scene, django_capture_on_commit_callbacks, notify_contacts=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reschedule(
            meeting=meeting, actor=None, starts_at=seoul(4, 14), ends_at=seoul(4, 15), tell_contacts=False
        )
    assert sent_to() == [member_mail(scene, "rescheduled")]
    # The guest's reminders follow the new time all the same (the meeting still notifies them).
    guest_due = Reminder.objects.filter(attendee__contact=scene.contacts[0], kind="reminder").values_list(
        "due_at", flat=True
    )
    assert min(guest_due) == seoul(3, 14)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reschedule(meeting=meeting, actor=None, starts_at=seoul(4, 16), ends_at=seoul(4, 17))
    assert (scene.contacts[0].email, "rescheduled") in sent_to()


def test_switching_guest_mail_on_sends_the_invitation_and_off_stops_their_reminders(
    scene, django_capture_on_commit_callbacks
):
    meeting = _book(scene, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, actor=None, notify_contacts=True)
    assert sent_to() == [guest_mail(scene)]
    guest_rows = Reminder.objects.filter(attendee__contact=scene.contacts[0], kind="reminder")
    assert set(guest_rows.values_list("state", flat=True)) == {"pending"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, actor=None, notify_contacts=False)
        meeting_cancel(meeting=meeting, actor=None)
    assert set(guest_rows.values_list("state", flat=True)) == {"cancelled"}
    assert sent_to() == [member_mail(scene, "cancelled")]


def test_guest_reminder_is_delivered_with_a_response_link_only_while_guests_are_notified(scene):
    meeting = book(
        scene, start=seoul(4, 10), end=seoul(4, 11), contacts=scene.contacts[:1], notify_contacts=True, notify=False
    )
    row = Reminder.objects.filter(attendee__contact=scene.contacts[0], kind="reminder").order_by("due_at").first()
    Reminder.objects.filter(pk=row.pk).update(due_at=meeting.starts_at.replace(year=2026, month=1))
    Meeting.objects.filter(pk=meeting.pk).update(notify_contacts=False)  # switched off behind the row's back
    assert reminders.reminder_deliver(reminder_id=row.pk) == "cancelled"
    assert mail.outbox == []
    Meeting.objects.filter(pk=meeting.pk).update(notify_contacts=True)
    Reminder.objects.filter(pk=row.pk).update(state="pending")
    assert reminders.reminder_deliver(reminder_id=row.pk) == "sent"
    assert LINK.search(mail.outbox[0].body)


# --- API ---------------------------------------------------------------------------------------


def _payload(scene, **overrides):
    data = {
        "expo": scene.expo.pk,
        "title": "Smart waste with Rabat",
        "kind": "g2g",
        "starts_at": "2027-09-04T10:00:00+09:00",
        "ends_at": "2027-09-04T11:00:00+09:00",
        "attendees": [
            {"type": "member", "id": scene.members[0].pk, "role": "host"},
            {"type": "contact", "id": scene.contacts[0].pk},
        ],
    }
    data.update(overrides)
    return data


def test_api_meeting_guests_are_not_mailed_unless_notify_contacts(
    office_client, scene, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(URL, _payload(scene), format="json")
    assert response.status_code == 201
    assert response.json()["notify_contacts"] is False
    assert sent_to() == [member_mail(scene)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(
            URL,
            _payload(
                scene, notify_contacts=True, starts_at="2027-09-05T10:00:00+09:00", ends_at="2027-09-05T11:00:00+09:00"
            ),
            format="json",
        )
    assert response.status_code == 201
    assert response.json()["notify_contacts"] is True
    assert sent_to() == sorted([member_mail(scene), guest_mail(scene)])


def test_api_patch_switches_guest_mail_and_tell_contacts_false_keeps_a_move_quiet(
    office_client, scene, django_capture_on_commit_callbacks
):
    meeting = _book(scene, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.patch(f"{URL}{meeting.pk}/", {"notify_contacts": True}, format="json")
    assert response.status_code == 200
    assert response.json()["notify_contacts"] is True
    assert sent_to() == [guest_mail(scene)]
    mail.outbox.clear()
    body = {"starts_at": "2027-09-04T15:00:00+09:00", "ends_at": "2027-09-04T16:00:00+09:00", "tell_contacts": False}
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.patch(f"{URL}{meeting.pk}/", body, format="json")
    assert response.status_code == 200
    assert sent_to() == [member_mail(scene, "rescheduled")]


def test_api_delete_can_cancel_without_telling_guests_and_refuses_a_bad_flag(
    office_client, scene, django_capture_on_commit_callbacks
):
    meeting = _book(scene, django_capture_on_commit_callbacks, notify_contacts=True)
    mail.outbox.clear()
    response = office_client.delete(f"{URL}{meeting.pk}/?tell_contacts=maybe")
    assert response.status_code == 400
    assert response.json()["fields"] == {"tell_contacts": ["Use true or false."]}
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.delete(f"{URL}{meeting.pk}/?tell_contacts=false")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert sent_to() == [member_mail(scene, "cancelled")]


# --- Pages -------------------------------------------------------------------------------------


def _form(scene, **overrides):
    data = {
        "title": "Waste management with Busan",
        "kind": "business",
        "status": "proposed",
        "starts_at": "2027-09-04T10:00",
        "ends_at": "2027-09-04T11:00",
        "members": [scene.members[0].pk],
        "contacts": [c.pk for c in scene.contacts],
    }
    data.update(overrides)
    return data


def test_form_asks_before_mailing_guests_and_previews_each_mail_in_the_guests_language(
    office, scene, django_capture_on_commit_callbacks
):
    scene.contacts[1].preferred_language = "zh-Hant"
    scene.contacts[1].save()
    response = office.post("/meetings/new/", _form(scene, notify_contacts="on"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Send the invitation to 2 guests now?" in body
    assert "Yes, save and e-mail 2 guests" in body
    assert f'<pre lang="zh-hant">{scene.contacts[1].full_name} 您好：' in body  # the Chinese preview
    assert f'<pre lang="en">Dear {scene.contacts[0].full_name},' in body
    assert "http://testserver-portal/respond/…/" in body
    assert f"&lt;{scene.contacts[0].email}&gt;" in body
    assert Meeting.objects.count() == 0 and mail.outbox == []  # nothing saved, nothing sent

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post("/meetings/new/", _form(scene, notify_contacts="on", guest_mail="send"))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.notify_contacts is True
    assert sent_to() == sorted([member_mail(scene), guest_mail(scene), guest_mail(scene, i=1)])
    [chinese] = [m for m in mail.outbox if m.to == [scene.contacts[1].email]]
    assert chinese.extra_headers["Content-Language"] == "zh-hant"


def test_form_save_without_mailing_guests_leaves_guest_mail_off(office, scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post("/meetings/new/", _form(scene, notify_contacts="on", guest_mail="hold"))
    assert response.status_code == 302
    assert Meeting.objects.get().notify_contacts is False
    assert sent_to() == [member_mail(scene)]


def test_form_without_guest_mail_saves_at_once_and_mails_members_only(
    office, scene, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post("/meetings/new/", _form(scene))
    assert response.status_code == 302
    assert sent_to() == [member_mail(scene)]


def test_form_asks_again_when_a_notified_meeting_moves(office, scene, django_capture_on_commit_callbacks):
    meeting = _book(scene, django_capture_on_commit_callbacks, notify_contacts=True)
    mail.outbox.clear()
    moved = _form(
        scene,
        contacts=[scene.contacts[0].pk],
        notify_contacts="on",
        starts_at="2027-09-04T14:00",
        ends_at="2027-09-04T15:00",
    )
    response = office.post(f"/meetings/{meeting.pk}/edit/", moved)
    assert response.status_code == 200
    assert "Tell the 1 guest of the new time now?" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.starts_at == seoul(4, 10)
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(f"/meetings/{meeting.pk}/edit/", {**moved, "guest_mail": "hold"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.notify_contacts) == (seoul(4, 14), True)
    assert sent_to() == [member_mail(scene, "rescheduled")]


def test_form_marks_never_email_contacts(office, scene):
    scene.contacts[1].never_email = True
    scene.contacts[1].save()
    body = office.get("/meetings/new/").content.decode()
    assert f"{scene.contacts[1].full_name} — {scene.contacts[1].organization.name} (never e-mailed)" in body
    assert f"{scene.contacts[0].full_name} — {scene.contacts[0].organization.name}</option>" in body


def test_cancel_page_of_a_notified_meeting_asks_whether_to_tell_the_guests(
    office, scene, django_capture_on_commit_callbacks
):
    meeting = _book(scene, django_capture_on_commit_callbacks, notify_contacts=True)
    mail.outbox.clear()
    page = office.get(f"/meetings/{meeting.pk}/cancel/").content.decode()
    assert "tell the 1 guest it is cancelled?" in page
    response = office.post(f"/meetings/{meeting.pk}/cancel/")  # no choice made: asked again
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == "proposed"
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/meetings/{meeting.pk}/cancel/", {"tell_contacts": "0"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert sent_to() == [member_mail(scene, "cancelled")]


def test_contact_form_and_api_mark_a_contact_never_email(office, office_client, db):
    contact = ContactFactory()
    page = office.get(f"/contacts/{contact.pk}/edit/").content.decode()
    assert 'name="never_email"' in page
    assert "the portal never e-mails this person" in page
    response = office_client.patch(f"/api/v1/contacts/{contact.pk}/", {"never_email": True}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["never_email"] is True
    contact.refresh_from_db()
    assert contact.never_email is True
    assert MeetingAttendee.objects.count() == 0
