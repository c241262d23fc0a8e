"""Two staff saving clashing meetings at the same moment: exactly one wins (real transactions)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from delegations.models import BusyTime
from meetings.models import Meeting
from meetings.services import SchedulingConflict
from tests.conftest import subprocess_database_url
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db(transaction=True)


def _run_in_threads(*targets):
    results: dict[int, object] = {}

    def wrap(index, target):
        try:
            results[index] = target()
        except Exception as exc:  # noqa: BLE001 — the test inspects what each side got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return [results.get(i) for i in range(len(targets))]


def test_meeting_create_simultaneous_clash_exactly_one_wins():
    scene = make_scene()
    person = scene.members[0]
    barrier = threading.Barrier(2)

    def attempt(title, start, end):
        def run():
            barrier.wait(10)
            return book(scene, title=title, start=start, end=end, members=[person])

        return run

    outcomes = _run_in_threads(
        attempt("First", seoul(4, 10), seoul(4, 11)), attempt("Second", seoul(4, 10, 30), seoul(4, 11, 30))
    )
    wins = [o for o in outcomes if isinstance(o, Meeting)]
    losses = [o for o in outcomes if isinstance(o, SchedulingConflict)]
    assert (len(wins), len(losses)) == (1, 1), outcomes
    assert losses[0].conflicts[0]["id"] == wins[0].pk
    assert list(Meeting.objects.values_list("title", flat=True)) == [wins[0].title]
    assert BusyTime.objects.filter(member=person).count() == 1


def test_meeting_create_waits_for_open_transaction_then_loses():
    """The second save starts while the first is still uncommitted: Python cannot see the
    first one's rows, so only PostgreSQL's exclusion constraint can refuse it."""
    scene = make_scene()
    person = scene.members[0]
    first_written = threading.Event()

    def first():
        with transaction.atomic():
            meeting = book(scene, title="First", start=seoul(4, 10), end=seoul(4, 11), members=[person])
            first_written.set()
            threading.Event().wait(0.5)  # hold the transaction open while the second tries
        return meeting

    def second():
        assert first_written.wait(10)
        return book(scene, title="Second", start=seoul(4, 10, 30), end=seoul(4, 11, 30), members=[person])

    won, lost = _run_in_threads(first, second)
    assert isinstance(won, Meeting), won
    assert isinstance(lost, SchedulingConflict), lost
    assert lost.conflicts[0]["title"] == "First"
    assert list(Meeting.objects.values_list("title", flat=True)) == ["First"]


BOOKING_SCRIPT = """
import datetime as dt, os, sys, time, zoneinfo
import django
django.setup()
from delegations.models import Expo
from meetings.services import SchedulingConflict, meeting_create
expo = Expo.objects.get(pk=int(sys.argv[1]))
seoul = zoneinfo.ZoneInfo("Asia/Seoul")
start = dt.datetime(2027, 9, 4, 10, int(sys.argv[3]), tzinfo=seoul)
time.sleep(max(0.0, float(sys.argv[4]) - time.time()))
try:
    meeting = meeting_create(actor=None, expo=expo, title=sys.argv[5], kind="business", starts_at=start,
                             ends_at=start + dt.timedelta(hours=1), notify=False,
                             attendees=[{"type": "member", "id": int(sys.argv[2])}])
    print("won", meeting.pk)
except SchedulingConflict as clash:
    print("lost", clash.conflicts[0]["id"])
"""


def _database_url() -> str:
    return subprocess_database_url()


def test_meeting_create_two_processes_exactly_one_wins(tmp_path):
    import os
    import subprocess
    import sys
    import time

    scene = make_scene()
    person = scene.members[0]
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "expo_portal.settings"}
    go = time.time() + 4  # both processes are up by then and book at the same instant
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", BOOKING_SCRIPT, str(scene.expo.pk), str(person.pk), minute, str(go), title],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for minute, title in (("0", "Process A"), ("30", "Process B"))
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    lines = sorted(out.strip().splitlines()[-1] for out, _err in outputs)
    assert [line.split()[0] for line in lines] == ["lost", "won"], outputs
    winner = Meeting.objects.get()
    assert lines == [f"lost {winner.pk}", f"won {winner.pk}"]
    assert BusyTime.objects.filter(member=person).count() == 1
