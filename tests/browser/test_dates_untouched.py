"""Saving a form untouched changes nothing, in English and in Traditional Chinese.

Every page form that carries a date or a time — meeting, speaking slot (with its host deadlines
and their owners), follow-up — is opened in a real browser, saved without touching anything, and
the database must hold exactly what it held before. In Traditional Chinese a date rendered as
``2028/02/28`` would be rejected by ``<input type=date>``, shown empty and cleared on save.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.forms.models import model_to_dict

from meetings.models import FollowUp, Meeting, SpeakingSlot
from meetings.services import speaking_slot_create
from tests.conftest import SCREENSHOT_DIR, browser_login
from tests.factories import FollowUpFactory, UserFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _snapshot(meeting: Meeting, slot: SpeakingSlot, follow_up: FollowUp) -> dict:
    meeting.refresh_from_db()
    slot.refresh_from_db()
    follow_up.refresh_from_db()
    skip = {"updated_at", "created_at"}
    return {
        "meeting": {k: v for k, v in model_to_dict(meeting).items() if k not in skip},
        "attendees": sorted(
            (a.member_id or 0, a.contact_id or 0, a.exhibitor_id or 0, a.role) for a in meeting.attendees.all()
        ),
        "slot": {k: v for k, v in model_to_dict(slot).items() if k not in skip},
        "deadlines": sorted((d.kind, d.due_on, d.owner_id, d.done_at is not None) for d in slot.deadlines.all()),
        "follow_up": {k: v for k, v in model_to_dict(follow_up).items() if k not in skip},
    }


@pytest.fixture
def dated(office_user):
    scene = make_scene()
    owner = UserFactory(username="mei", office=True)
    meeting = book(
        scene,
        title="Smart bins with Busan",
        start=seoul(4, 10),
        end=seoul(4, 11),
        members=[scene.members[0]],
        contacts=[scene.contacts[0]],
        venue=scene.room_a,
        notify=False,
    )
    slot = speaking_slot_create(
        actor=None,
        expo=scene.expo,
        kind=SpeakingSlot.Kind.PANEL,
        title="Resilient cities panel",
        starts_at=seoul(5, 14),
        ends_at=seoul(5, 15),
        speakers=[scene.members[1]],
        deadlines=[
            {"kind": "bio", "due_on": dt.date(2027, 8, 1), "owner": owner.pk, "done": True},
            {"kind": "slides", "due_on": dt.date(2028, 2, 28), "owner": office_user.pk, "done": False},
        ],
    )
    follow_up = FollowUpFactory(
        title="Send the pilot quote", due_on=dt.date(2028, 2, 28), owner=owner, meeting=meeting, expo=scene.expo
    )
    return meeting, slot, follow_up


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_saving_untouched_forms_changes_nothing(page, live_server, dated, language):
    meeting, slot, follow_up = dated
    before = _snapshot(meeting, slot, follow_up)
    assert len(before["deadlines"]) == 2
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    browser_login(page, "office")

    pages = [
        (f"/meetings/{meeting.pk}/edit/", "#id_starts_at", "2027-09-04T10:00", f"**/meetings/{meeting.pk}/"),
        (f"/speeches/{slot.pk}/edit/", "#id_deadline_slides", "2028-02-28", f"**/speeches/{slot.pk}/"),
        (f"/follow-ups/{follow_up.pk}/edit/", "#id_due_on", "2028-02-28", "**/follow-ups/"),
    ]
    for path, probe, shown, after_save in pages:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        # The browser accepted the value: an input it rejected would read as "".
        assert page.locator(probe).input_value() == shown, path
        if path.startswith("/speeches/"):
            assert page.locator("#id_deadline_bio").input_value() == "2027-08-01"
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"untouched{path.replace('/', '-')}{language}.png"))
        page.locator("form button[type=submit].primary").click()
        page.wait_for_url(after_save)
        after = _snapshot(meeting, slot, follow_up)
        for key in before:
            assert after[key] == before[key], f"saving {path} untouched changed {key}"
