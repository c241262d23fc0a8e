"""Proof 6: a transaction that creates a meeting and then fails publishes no task and leaves no rows."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.app.task import Task
from django.db import transaction
from django.utils import timezone

from meetings.models import Meeting, MeetingAttendee, Reminder
from meetings.services import meeting_create
from tests.factories import ContactFactory, ExpoFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, dict]]:
    """Every task handed to the broker from this process (name, kwargs); nothing really sent."""
    calls: list[tuple[str, dict]] = []

    def record(self, args=None, kwargs=None, **options):
        calls.append((self.name, kwargs or {}))

    monkeypatch.setattr(Task, "apply_async", record)
    return calls


def _create(expo, contact, member):
    starts_at = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    return meeting_create(
        actor=None,
        expo=expo,
        title="MOU signing with the city office",
        kind=Meeting.Kind.MOU_SIGNING,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        attendees=[{"type": "contact", "id": contact.pk}, {"type": "member", "id": member.pk}],
        notify_contacts=True,
        confirm_outside_expo=True,
    )


def test_failed_transaction_publishes_nothing_and_leaves_no_rows(published):
    expo = ExpoFactory()
    contact, member = ContactFactory(), MemberFactory(delegation__expo=expo)

    with pytest.raises(RuntimeError), transaction.atomic():
        meeting = _create(expo, contact, member)
        assert Reminder.objects.filter(meeting=meeting).count() == 6  # 2 × (24 h, 1 h) + 2 confirmations
        raise RuntimeError("a later step of the same request failed")

    assert published == []
    assert not Meeting.objects.exists()
    assert not MeetingAttendee.objects.exists()
    assert not Reminder.objects.exists()


def test_committed_transaction_publishes_one_send_task_for_its_notices(published):
    expo = ExpoFactory()
    contact, member = ContactFactory(), MemberFactory(delegation__expo=expo)

    with transaction.atomic():
        meeting = _create(expo, contact, member)
        assert published == []  # nothing leaves before the commit

    confirmations = list(
        Reminder.objects.filter(meeting=meeting, kind=Reminder.Kind.CONFIRMATION)
        .order_by("id")
        .values_list("id", flat=True)
    )
    assert published == [("meetings.send_reminders", {"reminder_ids": confirmations})]
    assert Reminder.objects.filter(meeting=meeting, kind=Reminder.Kind.REMINDER, state="pending").count() == 4
