"""Reminder rows follow their meeting; delivery sends each once, in the recipient's language."""

from __future__ import annotations

import datetime as dt
import email
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from common.models import UserPreference
from meetings import reminders
from meetings import selectors as meeting_selectors
from meetings.models import Meeting, MeetingAttendee, Reminder
from meetings.reminders import DeliveryOutcome, delivery
from meetings.tasks import send_reminders, sweep_follow_ups, sweep_reminders
from tests.factories import (
    ContactFactory,
    ExhibitorFactory,
    ExpoFactory,
    FollowUpFactory,
    MeetingFactory,
    MemberFactory,
    SpeakingSlotFactory,
    UserFactory,
)
from tests.meetings.failing_mail import FailingBackend

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)


def _meeting(starts_in: dt.timedelta = 48 * H, **kwargs) -> Meeting:
    starts_at = timezone.now().replace(microsecond=0) + starts_in
    # These meetings e-mail their guests (the office said so); tests/meetings/test_guest_mail.py
    # covers the meetings that do not.
    kwargs.setdefault("notify_contacts", True)
    return MeetingFactory(starts_at=starts_at, ends_at=starts_at + H, **kwargs)


def _attend(meeting: Meeting, **person) -> MeetingAttendee:
    return MeetingAttendee.objects.create(meeting=meeting, **person)


def _rows(meeting: Meeting) -> list[tuple[int, int, str]]:
    return sorted(
        (r.attendee_id, r.offset_minutes, r.state)
        for r in Reminder.objects.filter(meeting=meeting, kind=Reminder.Kind.REMINDER)
    )


def test_sync_creates_one_row_per_attendee_with_address_and_offset():
    meeting = _meeting()
    member = _attend(meeting, member=MemberFactory(delegation__expo=meeting.expo))
    contact = _attend(meeting, contact=ContactFactory())
    _attend(meeting, contact=ContactFactory(email=""))
    _attend(meeting, exhibitor=ExhibitorFactory())

    reminders.reminders_sync(meeting=meeting)

    rows = Reminder.objects.filter(meeting=meeting).order_by("attendee_id", "offset_minutes")
    assert [(r.attendee_id, r.offset_minutes, r.state) for r in rows] == [
        (member.pk, 60, "pending"),
        (member.pk, 1440, "pending"),
        (contact.pk, 60, "pending"),
        (contact.pk, 1440, "pending"),
    ]
    assert {r.offset_minutes: r.due_at for r in rows} == {
        60: meeting.starts_at - H,
        1440: meeting.starts_at - 24 * H,
    }


def test_sync_uses_the_expo_offsets_and_the_users_own_choice():
    meeting = _meeting(starts_in=72 * H, expo=ExpoFactory(reminder_offsets=[30]))
    user = UserFactory()
    UserPreference.objects.create(user=user, reminder_offsets=[2880, 15])
    chooser = _attend(meeting, member=MemberFactory(user=user))
    other = _attend(meeting, contact=ContactFactory())

    reminders.reminders_sync(meeting=meeting)

    assert _rows(meeting) == [(chooser.pk, 15, "pending"), (chooser.pk, 2880, "pending"), (other.pk, 30, "pending")]


def test_sync_skips_a_reminder_whose_moment_has_passed_at_creation():
    meeting = _meeting(starts_in=3 * H)
    attendee = _attend(meeting, contact=ContactFactory())

    reminders.reminders_sync(meeting=meeting)

    assert _rows(meeting) == [(attendee.pk, 60, "pending"), (attendee.pk, 1440, "skipped")]


def test_sync_is_idempotent():
    meeting = _meeting()
    _attend(meeting, contact=ContactFactory())
    reminders.reminders_sync(meeting=meeting)
    before = list(Reminder.objects.filter(meeting=meeting).values())

    reminders.reminders_sync(meeting=meeting)

    assert list(Reminder.objects.filter(meeting=meeting).values()) == before


def test_sync_moves_pending_reminders_when_the_meeting_moves():
    meeting = _meeting()
    attendee = _attend(meeting, contact=ContactFactory())
    reminders.reminders_sync(meeting=meeting)
    Reminder.objects.filter(offset_minutes=1440).update(state="sent", sent_at=timezone.now())

    meeting.starts_at += 24 * H
    meeting.ends_at += 24 * H
    meeting.save()
    reminders.reminders_sync(meeting=meeting)

    rows = {r.offset_minutes: r for r in Reminder.objects.filter(meeting=meeting)}
    assert rows[60].due_at == meeting.starts_at - H
    assert rows[60].state == "pending"
    # the 24-hour reminder named the old time: it is owed again for the new one
    assert rows[1440].due_at == meeting.starts_at - 24 * H
    assert rows[1440].state == "pending"
    assert _rows(meeting) == [(attendee.pk, 60, "pending"), (attendee.pk, 1440, "pending")]


def test_sync_skips_a_moved_reminder_whose_new_moment_has_passed():
    meeting = _meeting()
    attendee = _attend(meeting, contact=ContactFactory())
    reminders.reminders_sync(meeting=meeting)

    meeting.starts_at = timezone.now() + 2 * H
    meeting.ends_at = meeting.starts_at + H
    meeting.save()
    reminders.reminders_sync(meeting=meeting)

    assert _rows(meeting) == [(attendee.pk, 60, "pending"), (attendee.pk, 1440, "skipped")]


def test_sync_cancels_open_reminders_of_a_cancelled_meeting_and_revives_them():
    meeting = _meeting()
    attendee = _attend(meeting, contact=ContactFactory())
    reminders.reminders_sync(meeting=meeting)

    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    reminders.reminders_sync(meeting=meeting)
    assert _rows(meeting) == [(attendee.pk, 60, "cancelled"), (attendee.pk, 1440, "cancelled")]

    meeting.status = Meeting.Status.CONFIRMED
    meeting.save()
    reminders.reminders_sync(meeting=meeting)
    assert _rows(meeting) == [(attendee.pk, 60, "pending"), (attendee.pk, 1440, "pending")]


def test_sync_cancels_reminders_of_an_attendee_who_lost_the_address():
    meeting = _meeting()
    contact = ContactFactory()
    attendee = _attend(meeting, contact=contact)
    reminders.reminders_sync(meeting=meeting)

    contact.email = ""
    contact.save()
    reminders.reminders_sync(meeting=meeting)

    assert _rows(meeting) == [(attendee.pk, 60, "cancelled"), (attendee.pk, 1440, "cancelled")]


def test_sync_reminds_an_attendee_added_late_if_the_time_has_not_passed():
    meeting = _meeting(starts_in=10 * H)
    first = _attend(meeting, contact=ContactFactory())
    reminders.reminders_sync(meeting=meeting)

    late = _attend(meeting, member=MemberFactory())
    reminders.reminders_sync(meeting=meeting)

    assert _rows(meeting) == [
        (first.pk, 60, "pending"),
        (first.pk, 1440, "skipped"),
        (late.pk, 60, "pending"),
        (late.pk, 1440, "skipped"),
    ]


# --- Claiming --------------------------------------------------------------------------------


def _due_row(meeting=None, **fields) -> Reminder:
    meeting = meeting or _meeting(starts_in=H)
    attendee = _attend(meeting, contact=ContactFactory())
    defaults = {"offset_minutes": 60, "due_at": timezone.now() - dt.timedelta(seconds=5)}
    defaults.update(fields)
    return Reminder.objects.create(meeting=meeting, attendee=attendee, **defaults)


def test_claim_takes_due_rows_and_leaves_future_and_backed_off_ones():
    due = _due_row()
    _due_row(due_at=timezone.now() + dt.timedelta(minutes=5))
    _due_row(next_attempt_at=timezone.now() + dt.timedelta(minutes=1))
    _due_row(state="sent")

    claimed = reminders.reminders_claim_due(limit=10)

    assert claimed == [due.pk]
    due.refresh_from_db()
    assert due.state == "sending"
    assert due.claimed_at is not None
    assert reminders.reminders_claim_due(limit=10) == []


@override_settings(REMINDER_CLAIM_TIMEOUT=60)
def test_claim_takes_again_a_row_stuck_in_sending_past_the_timeout():
    stuck = _due_row(state="sending", claimed_at=timezone.now() - dt.timedelta(seconds=61))
    _due_row(state="sending", claimed_at=timezone.now() - dt.timedelta(seconds=30))

    assert reminders.reminders_claim_due(limit=10) == [stuck.pk]


def test_claim_respects_the_batch_limit():
    meeting = _meeting(starts_in=H)
    rows = [_due_row(meeting) for _ in range(5)]

    assert reminders.reminders_claim_due(limit=3) == [r.pk for r in rows[:3]]
    assert reminders.reminders_claim_due(limit=3) == [r.pk for r in rows[3:]]


# --- Delivery --------------------------------------------------------------------------------


def _message_for(reminder: Reminder):
    matches = [m for m in mail.outbox if m.extra_headers.get("X-Expo-Reminder") == str(reminder.pk)]
    assert len(matches) == 1
    return matches[0]


def test_deliver_sends_once_with_times_place_attendees_agenda_and_ics():
    meeting = _meeting(starts_in=H, agenda="1. Smart bins pilot\n2. MOU draft", location="Room 301")
    member = MemberFactory(full_name="Lin Mei", native_name="林美", home_time_zone="Asia/Taipei")
    attendee = _attend(meeting, member=member)
    _attend(meeting, contact=ContactFactory(full_name="Amina Idrissi"))
    row = _due_row(meeting=meeting)
    row.attendee = attendee
    row.save()

    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.SENT
    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.NOTHING

    message = _message_for(row)
    assert message.to == [member.email]
    assert message.subject.startswith(f"Reminder: {meeting.title}, ")
    assert "(Asia/Seoul)" in message.body
    assert "Your home time" in message.body and "(Asia/Taipei)" in message.body
    assert "Room 301" in message.body
    assert "Lin Mei (林美)" in message.body and "Amina Idrissi" in message.body
    assert "2. MOU draft" in message.body
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("meeting.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == ("sent", 1, "")
    assert row.sent_at is not None


def test_deliver_speaks_the_recipients_language():
    meeting = _meeting(starts_in=H)
    attendee = _attend(meeting, contact=ContactFactory(preferred_language="zh-TW"))
    row = _due_row(meeting=meeting)
    row.attendee = attendee
    row.save()

    reminders.reminder_deliver(reminder_id=row.pk)

    assert _message_for(row).extra_headers["Content-Language"] == "zh-hant"


def test_deliver_skips_when_the_meeting_has_started():
    meeting = _meeting(starts_in=-dt.timedelta(minutes=1))
    row = _due_row(meeting=meeting, state="sending")

    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.SKIPPED
    row.refresh_from_db()
    assert row.state == "skipped"
    assert mail.outbox == []


def test_deliver_cancels_a_reminder_of_a_cancelled_meeting():
    meeting = _meeting(starts_in=H, status=Meeting.Status.CANCELLED)
    row = _due_row(meeting=meeting, state="sending")

    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.CANCELLED
    assert mail.outbox == []


def test_deliver_leaves_a_row_that_is_not_yet_due():
    row = _due_row(due_at=timezone.now() + dt.timedelta(minutes=5))

    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.NOTHING
    row.refresh_from_db()
    assert row.state == "pending"


@override_settings(
    EMAIL_BACKEND="tests.meetings.failing_mail.FailingBackend", REMINDER_MAX_ATTEMPTS=3, REMINDER_RETRY_BASE_SECONDS=30
)
def test_deliver_backs_off_then_fails_visibly_after_the_last_attempt():
    row = _due_row(state="sending")
    started = timezone.now()

    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.RETRY
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("pending", 1)
    assert started + dt.timedelta(seconds=29) < row.next_attempt_at < started + dt.timedelta(seconds=40)
    assert row.last_error == "ConnectionRefusedError: mail server down"

    Reminder.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.RETRY
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at > timezone.now() + dt.timedelta(seconds=55)

    Reminder.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.FAILED
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("failed", 3)
    assert list(meeting_selectors.failed_reminder_list()) == [row]


class _CountingFailingBackend(FailingBackend):
    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        return super().send_messages(email_messages)


@override_settings(
    EMAIL_BACKEND="tests.meetings.test_reminders._CountingFailingBackend", REMINDER_RETRY_BASE_SECONDS=30
)
def test_an_unreachable_mail_server_puts_the_rest_of_the_batch_back_without_trying_each():
    rows = [_due_row(state="sending") for _ in range(4)]
    _CountingFailingBackend.calls = 0
    started = timezone.now()

    outcomes = reminders.reminders_deliver(reminder_ids=[r.pk for r in rows])

    assert outcomes == {DeliveryOutcome.RETRY: 4}
    assert _CountingFailingBackend.calls == 1  # one try, not one timeout per row
    states = {(r.state, r.attempts) for r in Reminder.objects.filter(pk__in=[r.pk for r in rows])}
    assert states == {("pending", 1), ("pending", 0)}
    for row in Reminder.objects.filter(pk__in=[r.pk for r in rows]):
        assert row.claimed_at is None and row.next_attempt_at > started + dt.timedelta(seconds=29)
    assert mail.outbox == []


def test_a_refused_recipient_does_not_stop_the_rest_of_the_batch(monkeypatch):
    rows = [_due_row(state="sending") for _ in range(3)]
    real_send = EmailMessage.send
    first = rows[0].attendee.contact.email

    def send(message, *args, **kwargs):
        if first in message.to:
            raise smtplib.SMTPRecipientsRefused({first: (550, b"no such user")})
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    outcomes = reminders.reminders_deliver(reminder_ids=[r.pk for r in rows])
    assert outcomes == {DeliveryOutcome.RETRY: 1, DeliveryOutcome.SENT: 2}
    assert len(mail.outbox) == 2


def test_failed_reminders_lists_only_failed_rows_without_extra_queries(django_assert_num_queries):
    for _ in range(3):
        _due_row(state="failed", last_error="boom")
    _due_row(state="sent")

    with django_assert_num_queries(1):
        rows = list(meeting_selectors.failed_reminder_list())
        labels = [(str(r.attendee), r.meeting.expo.name) for r in rows]
    assert len(labels) == 3


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_sweep_sends_every_due_row_once():
    meeting = _meeting(starts_in=H)
    rows = [_due_row(meeting) for _ in range(7)]
    _due_row(meeting, due_at=timezone.now() + dt.timedelta(minutes=5))

    with override_settings(REMINDER_BATCH_SIZE=3):
        assert sweep_reminders.apply().get() == 7
        assert sweep_reminders.apply().get() == 0

    assert sorted(int(m.extra_headers["X-Expo-Reminder"]) for m in mail.outbox) == [r.pk for r in rows]


def test_send_task_reports_outcomes():
    sent = _due_row(state="sending")
    skipped = _due_row(meeting=_meeting(starts_in=-H), state="sending")

    assert send_reminders.apply(kwargs={"reminder_ids": [sent.pk, skipped.pk, 0]}).get() == {
        "sent": 1,
        "skipped": 1,
        "nothing": 1,
    }


# --- Notices ---------------------------------------------------------------------------------


def test_notices_are_rows_written_in_the_transaction_and_nudged_after_commit(django_capture_on_commit_callbacks):
    meeting = _meeting()
    attendee = _attend(meeting, contact=ContactFactory())
    _attend(meeting, contact=ContactFactory(email=""))

    with override_settings(CELERY_TASK_ALWAYS_EAGER=True), django_capture_on_commit_callbacks(execute=True):
        reminders.notify_attendees_added(meeting=meeting, attendee_ids=[a.pk for a in meeting.attendees.all()])

    [notice] = Reminder.objects.filter(kind=Reminder.Kind.CONFIRMATION)
    assert (notice.attendee_id, notice.state) == (attendee.pk, "sent")
    assert _message_for(notice).subject.startswith(f"Meeting: {meeting.title}, ")


def test_rescheduled_notice_names_the_old_and_new_time(django_capture_on_commit_callbacks):
    meeting = _meeting()
    _attend(meeting, contact=ContactFactory())
    previous = meeting.starts_at
    meeting.starts_at += 2 * H
    meeting.ends_at += 2 * H
    meeting.save()

    with override_settings(CELERY_TASK_ALWAYS_EAGER=True), django_capture_on_commit_callbacks(execute=True):
        reminders.notify_meeting_rescheduled(meeting=meeting, previous_starts_at=previous)

    [notice] = Reminder.objects.filter(kind=Reminder.Kind.RESCHEDULED)
    message = _message_for(notice)
    assert message.subject.startswith(f"Time changed: {meeting.title}, now ")
    seoul = meeting.expo.tz
    assert "Previously: " in message.body
    assert previous.astimezone(seoul).strftime("%H:%M") in message.body
    assert meeting.starts_at.astimezone(seoul).strftime("%H:%M") in message.body


def test_cancellation_notice_is_sent_and_supersedes_waiting_notices(django_capture_on_commit_callbacks):
    meeting = _meeting()
    _attend(meeting, contact=ContactFactory())
    reminders.notify_attendees_added(meeting=meeting, attendee_ids=[a.pk for a in meeting.attendees.all()])
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()

    with override_settings(CELERY_TASK_ALWAYS_EAGER=True), django_capture_on_commit_callbacks(execute=True):
        reminders.notify_meeting_cancelled(meeting=meeting)

    states = dict(Reminder.objects.filter(meeting=meeting).values_list("kind", "state"))
    assert states == {"confirmation": "cancelled", "cancelled": "sent"}
    [message] = mail.outbox
    assert message.subject.startswith("Cancelled: ")
    assert "METHOD:CANCEL" in message.attachments[0][1]


def test_notice_survives_an_unreachable_broker(django_capture_on_commit_callbacks, monkeypatch):
    meeting = _meeting()
    _attend(meeting, contact=ContactFactory())

    def refuse(**kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(send_reminders, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.notify_attendees_added(meeting=meeting, attendee_ids=[a.pk for a in meeting.attendees.all()])

    [notice] = Reminder.objects.filter(kind=Reminder.Kind.CONFIRMATION)
    assert notice.state == "pending"
    assert reminders.reminders_claim_due(limit=10) == [notice.pk]


def test_rolled_back_notice_leaves_no_row_and_no_nudge(django_capture_on_commit_callbacks):
    meeting = _meeting()
    _attend(meeting, contact=ContactFactory())

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        reminders.notify_attendees_added(meeting=meeting, attendee_ids=[a.pk for a in meeting.attendees.all()])
        raise RuntimeError("later step failed")

    assert callbacks == []
    assert not Reminder.objects.filter(kind=Reminder.Kind.CONFIRMATION).exists()


# --- Follow-ups and deadlines ----------------------------------------------------------------


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_follow_up_owner_is_reminded_once_when_due():
    owner = UserFactory(username="owner-a")
    yesterday = timezone.now().date() - dt.timedelta(days=1)
    due = FollowUpFactory(owner=owner, due_on=yesterday, title="Send the MOU draft")
    FollowUpFactory(owner=owner, due_on=timezone.now().date() + dt.timedelta(days=3))
    FollowUpFactory(owner=owner, due_on=yesterday, status="done")
    FollowUpFactory(owner=None, due_on=yesterday)

    assert sweep_follow_ups.apply().get() == 1
    assert sweep_follow_ups.apply().get() == 0

    [message] = mail.outbox
    assert message.to == [owner.email]
    assert message.subject == "Follow-up due: Send the MOU draft"
    assert message.extra_headers["X-Expo-Follow-Up"] == str(due.pk)
    due.refresh_from_db()
    assert due.reminded_at is not None


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_slot_deadline_owner_is_reminded_once_when_due():
    owner = UserFactory(username="owner-b")
    slot = SpeakingSlotFactory(title="Smart care keynote")
    yesterday = timezone.now().date() - dt.timedelta(days=1)
    deadline = slot.deadlines.create(kind="slides", due_on=yesterday, owner=owner)
    slot.deadlines.create(kind="bio", due_on=yesterday, owner=owner, done_at=timezone.now())

    assert sweep_follow_ups.apply().get() == 1
    assert sweep_follow_ups.apply().get() == 0

    [message] = mail.outbox
    assert message.subject == "Due for Smart care keynote: Slides"
    assert message.extra_headers["X-Expo-Slot-Deadline"] == str(deadline.pk)


def test_message_headers_parse_as_one_mail_per_reminder():
    row = _due_row(state="sending")
    reminders.reminder_deliver(reminder_id=row.pk)

    parsed = email.message_from_bytes(mail.outbox[0].message().as_bytes())
    assert parsed["X-Expo-Reminder"] == str(row.pk)


def _change_after_batch_read(monkeypatch, change):
    """Run ``change`` between the batch read and the per-row lock, as a concurrent request would."""
    real_load = delivery._load

    def load_then_change(ids):
        rows = real_load(ids)
        change()
        return rows

    monkeypatch.setattr(delivery, "_load", load_then_change)


def test_deliver_does_not_send_a_reminder_moved_after_the_batch_was_read(monkeypatch):
    meeting = _meeting(starts_in=H + dt.timedelta(minutes=1))
    _attend(meeting, contact=ContactFactory())
    reminders.reminders_sync(meeting=meeting)
    row = Reminder.objects.get(meeting=meeting, offset_minutes=60)
    Reminder.objects.filter(pk=row.pk).update(state="sending", due_at=timezone.now())

    def move():
        meeting.starts_at += 3 * H
        meeting.ends_at += 3 * H
        meeting.save()
        reminders.reminders_sync(meeting=meeting)

    _change_after_batch_read(monkeypatch, move)

    assert reminders.reminders_deliver(reminder_ids=[row.pk]) == {"nothing": 1}
    row.refresh_from_db()
    assert (row.state, row.due_at) == ("pending", meeting.starts_at - H)
    assert mail.outbox == []


def test_deliver_does_not_send_a_reminder_of_a_meeting_cancelled_after_the_batch_was_read(monkeypatch):
    row = _due_row(state="sending")
    meeting = row.meeting

    def cancel():
        meeting.status = Meeting.Status.CANCELLED
        meeting.save()
        reminders.reminders_sync(meeting=meeting)

    _change_after_batch_read(monkeypatch, cancel)

    assert reminders.reminders_deliver(reminder_ids=[row.pk]) == {"nothing": 1}
    row.refresh_from_db()
    assert row.state == "cancelled"
    assert mail.outbox == []


def test_deliver_rereads_a_row_retried_after_the_batch_was_read(monkeypatch):
    row = _due_row(state="sending")
    _change_after_batch_read(
        monkeypatch, lambda: Reminder.objects.filter(pk=row.pk).update(attempts=2, last_error="timeout")
    )

    assert reminders.reminders_deliver(reminder_ids=[row.pk]) == {"sent": 1}
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == ("sent", 3, "")


def test_follow_up_falls_due_at_eight_in_the_morning_where_its_owner_is():
    seoul_owner = UserFactory(username="owner-seoul")
    UserPreference.objects.create(user=seoul_owner, home_time_zone="Asia/Seoul")
    ny_owner = UserFactory(username="owner-ny")
    UserPreference.objects.create(user=ny_owner, home_time_zone="America/New_York")
    in_seoul = FollowUpFactory(owner=seoul_owner, due_on=dt.date(2028, 3, 15))
    in_new_york = FollowUpFactory(owner=ny_owner, due_on=dt.date(2028, 3, 15))
    by_expo = FollowUpFactory(
        owner=UserFactory(), due_on=dt.date(2028, 3, 15), expo=ExpoFactory(time_zone="Asia/Seoul")
    )

    # 08:00 in Seoul on the 15th is 23:00 UTC on the 14th; 08:00 in New York is 12:00 UTC (EDT)
    assert reminders.follow_ups_due(now=dt.datetime(2028, 3, 14, 22, 59, tzinfo=dt.UTC)) == []
    assert reminders.follow_ups_due(now=dt.datetime(2028, 3, 14, 23, 0, tzinfo=dt.UTC)) == [in_seoul.pk, by_expo.pk]
    assert reminders.follow_ups_due(now=dt.datetime(2028, 3, 15, 12, 0, tzinfo=dt.UTC)) == [
        in_seoul.pk,
        in_new_york.pk,
        by_expo.pk,
    ]


def test_overdue_reminder_is_still_sent_if_the_meeting_has_not_started():
    """Everything was down when it fell due: late is better than never, until the start."""
    row = _due_row(
        meeting=_meeting(starts_in=dt.timedelta(minutes=5)), due_at=timezone.now() - 55 * dt.timedelta(minutes=1)
    )

    assert reminders.reminders_claim_due(limit=10) == [row.pk]
    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.SENT
    assert len(mail.outbox) == 1


def test_sweep_gives_claims_back_when_the_broker_refuses(monkeypatch):
    row = _due_row()

    def refuse(**kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(send_reminders, "apply_async", refuse)
    with pytest.raises(ConnectionRefusedError):
        sweep_reminders.run()

    row.refresh_from_db()
    assert (row.state, row.claimed_at) == ("pending", None)


def test_tasks_are_named_late_acknowledged_and_retry_a_bounded_number_of_times():
    for task, name in ((sweep_reminders, "meetings.sweep_reminders"), (send_reminders, "meetings.send_reminders")):
        assert task.name == name
        assert task.acks_late is True
        assert task.max_retries == 5
        assert task.retry_backoff == 2


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_meeting_services_keep_reminders_and_notices_in_step(django_capture_on_commit_callbacks):
    from meetings.services import meeting_cancel, meeting_create, meeting_reschedule

    expo = ExpoFactory()
    member = MemberFactory(delegation__expo=expo, preferred_language="zh-hant")
    contact = ContactFactory()
    starts_at = timezone.now().replace(microsecond=0) + 48 * H
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_create(
            actor=None,
            expo=expo,
            title="Waste-to-energy site visit",
            kind=Meeting.Kind.SITE_VISIT,
            starts_at=starts_at,
            ends_at=starts_at + H,
            attendees=[{"type": "member", "id": member.pk}, {"type": "contact", "id": contact.pk}],
            notify_contacts=True,
            confirm_outside_expo=True,
        )
    assert sorted(m.extra_headers["X-Expo-Kind"] for m in mail.outbox) == ["confirmation", "confirmation"]
    assert {m.extra_headers["Content-Language"] for m in mail.outbox} == {"en", "zh-hant"}

    with django_capture_on_commit_callbacks(execute=True):
        meeting_reschedule(
            meeting=meeting,
            actor=None,
            starts_at=starts_at + 2 * H,
            ends_at=starts_at + 3 * H,
            confirm_outside_expo=True,
        )
    due = sorted(Reminder.objects.filter(meeting=meeting, kind="reminder").values_list("due_at", flat=True))
    assert due == [starts_at + 2 * H - 24 * H] * 2 + [starts_at + H] * 2

    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, actor=None)
    kinds = [m.extra_headers["X-Expo-Kind"] for m in mail.outbox]
    assert sorted(kinds) == ["cancelled", "cancelled", "confirmation", "confirmation", "rescheduled", "rescheduled"]
    states = set(Reminder.objects.filter(meeting=meeting, kind="reminder").values_list("state", flat=True))
    assert states == {"cancelled"}


@override_settings(REMINDER_SWEEP_SECONDS=10)
def test_sweep_claims_one_interval_ahead_and_hands_over_with_a_short_eta(monkeypatch):
    meeting = _meeting(starts_in=H)
    now = timezone.now()
    due_now = _due_row(meeting)
    soon = _due_row(meeting, due_at=now + dt.timedelta(seconds=4, microseconds=250_000))
    later = _due_row(meeting, due_at=now + dt.timedelta(seconds=30))
    published = []
    monkeypatch.setattr(send_reminders, "apply_async", lambda kwargs, eta: published.append((kwargs, eta)))

    assert sweep_reminders.run() == 2

    assert published == [
        ({"reminder_ids": [due_now.pk]}, None),
        ({"reminder_ids": [soon.pk]}, soon.due_at.replace(microsecond=0) + dt.timedelta(seconds=1)),
    ]
    later.refresh_from_db()
    assert later.state == "pending"


def test_deliver_gives_back_a_row_run_long_before_its_moment():
    row = _due_row(state="sending", due_at=timezone.now() + dt.timedelta(seconds=9))

    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.NOTHING
    row.refresh_from_db()
    assert (row.state, row.claimed_at) == ("pending", None)
    assert mail.outbox == []


def test_deliver_waits_out_a_moment_just_ahead():
    row = _due_row(state="sending", due_at=timezone.now() + dt.timedelta(milliseconds=600))

    assert reminders.reminder_deliver(reminder_id=row.pk) == DeliveryOutcome.SENT
    row.refresh_from_db()
    assert row.sent_at >= row.due_at
