"""Chaos: a killed worker and a lost broker delay reminders, never drop them (proofs 1 and 2).

Reminders fall due over seconds instead of days; everything else — sweep interval, claim lease,
back-off, mail timeout — is what the product ships.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from meetings.models import Reminder
from tests.meetings.conftest import make_due_reminders, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.chaos, pytest.mark.django_db(transaction=True)]

S = dt.timedelta(seconds=1)
CONCURRENCY = 2


def _sent(ids: list[int]) -> int:
    return Reminder.objects.filter(id__in=ids, state=Reminder.State.SENT).count()


def test_worker_killed_mid_run_loses_nothing_and_repeats_only_in_flight(celery_stack):
    """Proof 1: 1,000 meetings with reminders due over a minute; SIGKILL the worker mid-run."""
    ids = make_due_reminders(1000, first_due=timezone.now() + 8 * S, spread=60 * S)
    # A mail server taking 40 ms per message keeps rows in flight, so the kill lands mid-send.
    stack = celery_stack(
        shipped_defaults=True,
        EMAIL_BACKEND="tests.meetings.slow_mail.SlowFileBackend",
        EXPO_TEST_MAIL_SECONDS="0.04",
    )
    stack.start_worker("w1", concurrency=CONCURRENCY)
    stack.start_beat()

    def mid_run_and_mid_send() -> bool:
        return _sent(ids) >= 400 and Reminder.objects.filter(id__in=ids, state=Reminder.State.SENDING).exists()

    assert wait_until(mid_run_and_mid_send, timeout=90, interval=0.05), stack.log("w1")[-3000:]
    stack.kill("w1")  # SIGKILL to the whole process group: parent and pool children
    in_flight = set(Reminder.objects.filter(id__in=ids, state=Reminder.State.SENDING).values_list("id", flat=True))
    sent_at_kill = _sent(ids)
    assert sent_at_kill < len(ids), "the kill came too late to prove anything"
    time.sleep(2)
    stack.start_worker("w1-restarted", concurrency=CONCURRENCY)
    back_at = timezone.now()

    assert wait_until(lambda: _sent(ids) == len(ids), timeout=120), stack.log("w1-restarted")[-3000:]

    counts = stack.mail_counts()
    twice = {i for i, n in counts.items() if n > 1}
    print(  # shown with -s: the figures of the run
        f"sent before the kill {sent_at_kill}, claimed at the kill {len(in_flight)}, "
        f"mailed twice {len(twice)}, mails {sum(counts.values())} for {len(ids)} reminders"
    )
    assert sorted(counts) == ids  # every reminder went out
    assert twice <= in_flight  # repeats only among rows claimed when the worker died …
    assert len(twice) <= CONCURRENCY  # … and at most one per pool process (mid-send)
    assert max(counts.values()) <= 2
    # What the dead worker had claimed goes out within a minute of a worker being back.
    latest = max(Reminder.objects.filter(id__in=in_flight).values_list("sent_at", flat=True))
    assert latest - back_at < 60 * S, latest - back_at
    assert not Reminder.objects.filter(id__in=ids).exclude(state=Reminder.State.SENT).exists()


def test_redis_down_for_30_seconds_delays_but_sends_everything(celery_stack, redis_server):
    """Proof 2: the broker disappears (and loses every queued message) while reminders fall due.

    With kombu 5.7 a worker holding an unacknowledged message when Redis goes away exits
    ("Unrecoverable error" while restoring it); in production the process manager restarts it
    (docker-compose ``restart: unless-stopped``), which ``keep_alive`` does here.
    """
    ids = make_due_reminders(200, first_due=timezone.now() + 6 * S, spread=60 * S)
    stack = celery_stack(shipped_defaults=True)
    stack.start_worker("w1", concurrency=CONCURRENCY)
    stack.start_beat()
    assert wait_until(lambda: _sent(ids) >= 1, timeout=30), stack.log("w1")[-3000:]

    redis_server.stop()
    stopped = timezone.now()
    sent_before = _sent(ids)
    wait_until(lambda: stack.keep_alive("w1") or False, timeout=30)
    assert _sent(ids) - sent_before <= 2 * CONCURRENCY * 50  # at most what was already handed over
    redis_server.start()

    def all_sent() -> bool:
        stack.keep_alive("w1")
        return _sent(ids) == len(ids)

    assert wait_until(all_sent, timeout=90), stack.log("w1")[-3000:] + stack.log("beat")[-2000:]

    counts = stack.mail_counts()
    late_by = [(r.sent_at - r.due_at).total_seconds() for r in Reminder.objects.filter(id__in=ids)]
    print(f"worker restarts {stack.restarts}, lateness max {max(late_by):.1f} s, mails {sum(counts.values())}")
    assert sorted(counts) == ids
    assert set(counts.values()) == {1}
    late = Reminder.objects.filter(id__in=ids, due_at__gte=stopped)
    assert late.filter(due_at__lt=stopped + 30 * S).count() > 50  # many fell due while the broker was gone
    assert all(r.sent_at > stopped + 30 * S for r in late)


def test_rows_claimed_by_a_sweep_that_died_go_out_within_a_minute_of_a_worker(celery_stack):
    """A worker SIGKILLed mid-sweep leaves rows claimed (``sending``) whose send tasks were never
    queued. That state is set up here exactly, rather than hoping a kill lands inside a sweep that
    lasts milliseconds; then a worker starts with the shipped defaults."""
    ids = make_due_reminders(60, first_due=timezone.now() + 1 * S, spread=2 * S)
    time.sleep(3.5)
    died_at = timezone.now()
    Reminder.objects.filter(id__in=ids).update(state=Reminder.State.SENDING, claimed_at=died_at)
    stack = celery_stack(shipped_defaults=True)
    stack.start_worker("w1", concurrency=CONCURRENCY)
    stack.start_beat()
    back_at = timezone.now()

    assert wait_until(lambda: _sent(ids) == len(ids), timeout=120), stack.log("w1")[-3000:]
    counts = stack.mail_counts()
    latest = max(Reminder.objects.filter(id__in=ids).values_list("sent_at", flat=True))
    print(f"claimed by the dead sweep {len(ids)}, all sent {latest - back_at} after a worker was back")
    assert sorted(counts) == ids and set(counts.values()) == {1}  # nothing was in flight: no repeats
    assert latest - back_at < 60 * S


def test_two_beats_on_the_shipped_defaults_send_nothing_twice(celery_stack):
    """Two beat schedulers by mistake (two deploys, a stale container): every sweep runs twice."""
    stack = celery_stack(shipped_defaults=True)
    stack.start_worker("w1", concurrency=CONCURRENCY)
    stack.start_worker("w2", concurrency=1)
    stack.start_beat("beat-a")
    stack.start_beat("beat-b")
    ids = make_due_reminders(200, first_due=timezone.now() + 5 * S, spread=30 * S)

    assert wait_until(lambda: _sent(ids) == len(ids), timeout=120), stack.log("w1")[-3000:]
    counts = stack.mail_counts()
    assert sorted(counts) == ids
    assert set(counts.values()) == {1}
    for beat in ("beat-a", "beat-b"):
        assert stack.log(beat).count("Sending due task meetings.sweep_reminders") >= 3
    late_by = [(r.sent_at - r.due_at).total_seconds() for r in Reminder.objects.filter(id__in=ids)]
    print(f"two beats: {len(ids)} reminders once each, lateness max {max(late_by):.1f} s")
