"""Mail to guests through a real ``celery worker`` / ``beat`` and a private Redis: a meeting's guests
are mailed only when the office said so, never a "never e-mail" contact, and the invitation's
personal link opens the guest's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from meetings.models import Meeting, Reminder
from meetings.services import meeting_create
from tests.factories import ContactFactory, ExpoFactory, MemberFactory
from tests.meetings.conftest import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _create(expo, title: str, starts_at: dt.datetime, attendees: list[dict], **extra) -> Meeting:
    return meeting_create(
        actor=None,
        expo=expo,
        title=title,
        kind=Meeting.Kind.BUSINESS,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        attendees=attendees,
        confirm_outside_expo=True,
        **extra,
    )


def test_worker_mails_guests_only_of_meetings_that_notify_them(celery_stack):
    stack = celery_stack(PORTAL_URL="http://portal.example")
    stack.start_worker()
    stack.start_beat()
    expo = ExpoFactory()
    member = MemberFactory(delegation__expo=expo)
    quiet_guest = ContactFactory()
    told_guest = ContactFactory(preferred_language="ko")
    never = ContactFactory(never_email=True)
    starts_at = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    member_row = {"type": "member", "id": member.pk}
    quiet = _create(expo, "Quiet", starts_at, [member_row, {"type": "contact", "id": quiet_guest.pk}])
    told = _create(
        expo,
        "Told",
        starts_at + dt.timedelta(hours=2),
        [member_row, {"type": "contact", "id": told_guest.pk}, {"type": "contact", "id": never.pk}],
        notify_contacts=True,
    )
    notices = Reminder.objects.filter(kind=Reminder.Kind.CONFIRMATION)
    # Rows exist only for those who may be mailed: the member twice, the told guest once.
    rows = {(r.meeting_id, r.attendee.member_id or 0, r.attendee.contact_id or 0) for r in notices}
    assert rows == {(quiet.pk, member.pk, 0), (told.pk, member.pk, 0), (told.pk, 0, told_guest.pk)}
    ids = list(notices.values_list("pk", flat=True))

    assert wait_until(lambda: notices.filter(state="sent").count() == 3, timeout=40), stack.log("w1")[-3000:]

    recipients = sorted(m["To"] for m in stack.messages())
    assert recipients == sorted([member.email, member.email, told_guest.email])
    assert set(stack.mail_counts().values()) == {1} and sorted(stack.mail_counts()) == sorted(ids)
    guest_row = notices.get(attendee__contact=told_guest)
    body = stack.reminder_body(guest_row.pk)
    assert "참석 여부를 알려 주십시오" in body
    path = re.search(r"http://portal\.example(/respond/[A-Za-z0-9_-]+/)", body).group(1)
    page = Client().get(path)
    assert page.status_code == 200
    assert "참석하실 수 있습니까?" in page.content.decode()
