"""Reminders through real ``celery worker`` / ``beat`` processes and a private Redis (proofs 3–5)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time

import pytest
from django.utils import timezone

from delegations.models import BusyTime
from meetings.models import Meeting, Reminder
from meetings.services import meeting_create, meeting_reschedule
from tests.factories import ContactFactory, ExpoFactory, MemberFactory
from tests.meetings.conftest import ROOT, database_url, make_due_reminders, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

S = dt.timedelta(seconds=1)


def _sent(ids: list[int]) -> int:
    return Reminder.objects.filter(id__in=ids, state=Reminder.State.SENT).count()


def test_worker_sends_each_due_reminder_once(celery_stack):
    stack = celery_stack()
    stack.start_worker()
    stack.start_beat()
    ids = make_due_reminders(30, first_due=timezone.now() + 4 * S, spread=3 * S)

    assert wait_until(lambda: _sent(ids) == len(ids), timeout=30), stack.log("w1")[-3000:]

    counts = stack.mail_counts()
    assert {i: counts[i] for i in ids} == dict.fromkeys(ids, 1)
    lateness = [(r.sent_at - r.due_at).total_seconds() for r in Reminder.objects.filter(id__in=ids)]
    assert max(lateness) < 10  # one sweep interval (1 s) plus the work, on a busy machine


def _book(expo, contact, starts_at: dt.datetime) -> Meeting:
    return meeting_create(
        actor=None,
        expo=expo,
        title="Smart bins pilot",
        kind=Meeting.Kind.BUSINESS,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        attendees=[{"type": "contact", "id": contact.pk}],
        notify_contacts=True,
        confirm_outside_expo=True,
    )


def _move(meeting: Meeting, starts_at: dt.datetime) -> None:
    meeting_reschedule(
        meeting=meeting,
        actor=None,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        confirm_outside_expo=True,
    )


def test_reschedule_while_pending_reminds_only_the_new_time(celery_stack):
    """Proof 3: one meeting moved later (its old moment passes silently), one moved earlier."""
    stack = celery_stack()
    stack.start_worker()
    stack.start_beat()
    expo = ExpoFactory(reminder_offsets=[1])  # one minute before the start
    now = timezone.now().replace(microsecond=0)
    later = _book(expo, ContactFactory(), now + dt.timedelta(minutes=1, seconds=12))
    earlier = _book(expo, ContactFactory(), now + dt.timedelta(minutes=3, seconds=12))
    old_start = {later.pk: later.starts_at, earlier.pk: earlier.starts_at}

    new_start = {later.pk: later.starts_at + 8 * S, earlier.pk: earlier.starts_at - dt.timedelta(minutes=2)}
    _move(later, new_start[later.pk])
    _move(earlier, new_start[earlier.pk])
    rows = {r.meeting_id: r for r in Reminder.objects.filter(kind=Reminder.Kind.REMINDER)}
    assert {pk: r.due_at for pk, r in rows.items()} == {
        pk: start - dt.timedelta(minutes=1) for pk, start in new_start.items()
    }
    ids = [r.pk for r in rows.values()]

    assert wait_until(lambda: _sent(ids) == 2, timeout=40), stack.log("w1")[-3000:]

    counts = stack.mail_counts()
    for meeting_id, row in rows.items():
        row.refresh_from_db()
        assert row.sent_at >= row.due_at  # never at the old moment
        states = sorted(Reminder.objects.filter(meeting_id=meeting_id).values_list("kind", "state"))
        assert states == [("confirmation", "sent"), ("reminder", "sent"), ("rescheduled", "sent")]
        assert [counts[r.pk] for r in Reminder.objects.filter(meeting_id=meeting_id)] == [1, 1, 1]
    body = stack.reminder_body(rows[earlier.pk].pk)
    seoul = expo.tz
    assert f"{new_start[earlier.pk].astimezone(seoul):%H:%M}–" in body
    assert f"{old_start[earlier.pk].astimezone(seoul):%H:%M}–" not in body


def test_two_beats_at_once_send_nothing_twice(celery_stack):
    """Proof 5: two beat schedulers sweep twice as often, and claims time out fast (rows are
    claimed again while their first send task still waits in the queue) — each mail goes once."""
    stack = celery_stack(REMINDER_SWEEP_SECONDS="0.5", REMINDER_CLAIM_TIMEOUT="2", REMINDER_BATCH_SIZE="10")
    stack.start_worker("w1", concurrency=2)
    stack.start_worker("w2", concurrency=1)
    stack.start_beat("beat-a")
    stack.start_beat("beat-b")
    ids = make_due_reminders(300, first_due=timezone.now() + 5 * S, spread=8 * S)

    assert wait_until(lambda: _sent(ids) == len(ids), timeout=60), stack.log("w1")[-3000:]

    counts = stack.mail_counts()
    assert sorted(counts) == ids
    assert set(counts.values()) == {1}
    for beat in ("beat-a", "beat-b"):
        assert stack.log(beat).count("Sending due task meetings.sweep_reminders") >= 10


BOOKING_SCRIPT = textwrap.dedent(
    """
    import datetime as dt, os, sys, time
    import django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")
    django.setup()
    from delegations.models import Expo
    from meetings.services import SchedulingConflict, meeting_create

    expo_id, member_id, start, go_at, title = sys.argv[1:6]
    starts_at = dt.datetime.fromisoformat(start)
    expo = Expo.objects.get(pk=int(expo_id))
    time.sleep(max(0.0, float(go_at) - time.time()))
    try:
        meeting = meeting_create(
            actor=None, expo=expo, title=title, kind="business", starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=1), attendees=[{"type": "member", "id": int(member_id)}],
            confirm_outside_expo=True, override_travel=True,
        )
    except SchedulingConflict as exc:
        print("conflict", exc.conflicts[0]["subject"]["type"], exc.conflicts[0]["subject"]["id"])
    else:
        print("created", meeting.pk)
    """
)


def test_two_processes_booking_the_same_person_at_once_one_wins():
    """Proof 4: two OS processes book one member into overlapping meetings at the same instant."""
    expo = ExpoFactory()
    member = MemberFactory(delegation__expo=expo)
    start = dt.datetime(2027, 9, 4, 10, 0, tzinfo=expo.tz)
    go_at = time.time() + 4
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}, "DATABASE_URL": database_url()}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                BOOKING_SCRIPT,
                str(expo.pk),
                str(member.pk),
                (start + offset).isoformat(),
                str(go_at),
                title,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for offset, title in (
            (dt.timedelta(0), "Ministry of Interior"),
            (dt.timedelta(minutes=30), "Casablanca Region"),
        )
    ]
    outputs = [p.communicate(timeout=60) for p in processes]
    assert all(out.strip() for out, _err in outputs), outputs  # a process that crashed says why
    results = sorted(out.strip().split("\n")[-1].split()[0] for out, _err in outputs)

    assert results == ["conflict", "created"], outputs
    [meeting] = Meeting.objects.all()
    assert f"conflict member {member.pk}" in "".join(out for out, _err in outputs)
    assert BusyTime.objects.filter(member=member).count() == 1
    assert meeting.attendees.get().member_id == member.pk
