"""Two staff saving clashing meetings at the same moment: exactly one wins (real transactions)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from delegations.models import BusyTime
from meetings.models import Meeting
from meetings.services import SchedulingConflict
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
