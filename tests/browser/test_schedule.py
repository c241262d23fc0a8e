"""Browser journey: office staff schedule a meeting, see a clash before saving, then reschedule."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.conftest import SCREENSHOT_DIR, browser_login
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


@pytest.fixture
def scene(office_user):
    scene = make_scene()
    book(
        scene,
        title="Already with Rabat",
        start=seoul(4, 10),
        end=seoul(4, 11),
        members=[scene.members[0]],
        venue=scene.room_a,
        notify=False,
    )
    return scene


def test_schedule_create_sees_clash_then_reschedules(page, scene):
    browser_login(page, "office")
    page.goto("/meetings/new/")
    page.fill("#id_title", "Smart bins with Busan")
    page.select_option("#id_kind", "business")
    page.fill("#id_starts_at", "2027-09-04T10:30")
    page.fill("#id_ends_at", "2027-09-04T11:30")
    page.select_option("#id_members", [str(scene.members[0].pk)])
    panel = page.locator("#clash-panel")
    expect(panel).to_contain_text("Already with Rabat")
    expect(panel).to_contain_text("Member 0")
    expect(panel).to_have_class("sched-live bad")
    shoot(page, "schedule-form-clash-1280")

    # move it after the other meeting, in another room: free, but too little travel time
    page.fill("#id_starts_at", "2027-09-04T11:10")
    page.fill("#id_ends_at", "2027-09-04T12:00")
    page.select_option("#id_venue", str(scene.room_b.pk))
    expect(panel).to_have_class("sched-live warn")
    expect(panel).to_contain_text("Already with Rabat")
    # and later still: no warning at all
    page.fill("#id_starts_at", "2027-09-04T11:30")
    page.fill("#id_ends_at", "2027-09-04T12:15")
    expect(panel).to_have_class("sched-live ok")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/meetings/*/")
    expect(page.locator("h1")).to_have_text("Smart bins with Busan")
    meeting = Meeting.objects.get(title="Smart bins with Busan")
    assert meeting.starts_at == seoul(4, 11, 30)

    # reschedule into the clash: the page says so and nothing changes
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.fill("#id_starts_at", "2027-09-04T10:15")
    page.fill("#id_ends_at", "2027-09-04T11:00")
    expect(panel).to_have_class("sched-live bad")
    page.click("button[type=submit].primary")
    expect(page.locator(".sched-problems.bad")).to_contain_text("Already with Rabat")
    meeting.refresh_from_db()
    assert meeting.starts_at == seoul(4, 11, 30)

    # reschedule to the next day
    page.fill("#id_starts_at", "2027-09-05T09:00")
    page.fill("#id_ends_at", "2027-09-05T10:00")
    expect(panel).to_have_class("sched-live ok")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    expect(page.locator(".sched-facts")).to_contain_text("09:00–10:00")
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.sequence) == (seoul(5, 9), 1)
    shoot(page, "schedule-detail-1280")

    page.goto("/meetings/")
    expect(page.locator(".sched-item")).to_have_count(2)
    shoot(page, "schedule-list-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "schedule-list-390")
    page.goto(f"/meetings/{meeting.pk}/edit/")
    expect(panel).to_have_class("sched-live ok")
    shoot(page, "schedule-form-390")
    page.goto(f"/schedule/member/{scene.members[0].pk}/")
    shoot(page, "schedule-member-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "schedule-member-1280")


def test_schedule_keyboard_reaches_clash_panel(page, scene):
    """The form is usable by keyboard: tabbing from the title reaches the time fields."""
    browser_login(page, "office")
    page.goto("/meetings/new/")
    page.focus("#id_title")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_kind"
    expect(page.locator("label[for=id_starts_at]")).to_be_visible()
    # long attendee lists can be filtered by typing
    page.fill("#id_contacts-filter", "guest 1")
    visible = page.eval_on_selector_all("#id_contacts option", "os => os.filter(o => !o.hidden).map(o => o.text)")
    assert [text.split(" — ")[0] for text in visible] == ["Guest 1"]
