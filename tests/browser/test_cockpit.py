"""Browser journeys through the office's cockpit (Playwright + Debian chromium).

The ``page`` fixture fails a test on any console error, page error, failed request or 5xx.
The one expected failure — the 409 answer to a refused clash — is taken off that list by
``expect_conflict_console_entry`` after the test has checked it.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from delegations.models import Member
from meetings.models import Meeting, MeetingAttendee
from meetings.services import meeting_create
from tests.conftest import SCREENSHOT_DIR, browser_login
from tests.factories import MemberFactory
from tests.factories.cockpit import at, build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def expo_data(db):
    scenario = build_scenario(office_username="office")
    mover = MemberFactory(delegation=scenario.delegation, full_name="Aaron Agenda", role=Member.Role.OFFICIAL)
    room = scenario.venues["room_a"]
    # The scenario's 10:00 and 12:00 meetings in this room move to the partner's booth, so the room
    # is free for the morning meeting below (the database refuses a double-booked room) and moving
    # the lunch to Lin Mei needs no travel time after her 12:00 meeting.
    Meeting.objects.filter(pk__in=[scenario.meetings[3].pk, scenario.meetings[9].pk]).update(
        venue=None, location="Partner's booth"
    )
    first = meeting_create(
        actor=scenario.office,
        expo=scenario.expo,
        title="Morning with Rabat",
        kind="g2g",
        starts_at=at(1, 10),
        ends_at=at(1, 11),
        venue=room,
        attendees=[{"type": "member", "id": mover.pk, "role": "host"}],
        notify=False,
    )
    second = meeting_create(
        actor=scenario.office,
        expo=scenario.expo,
        title="Lunch with Cape Town",
        kind="business",
        starts_at=at(1, 13),
        ends_at=at(1, 13, 45),
        venue=room,
        attendees=[{"type": "member", "id": mover.pk, "role": "host"}],
        notify=False,
    )
    scenario.mover, scenario.first, scenario.second = mover, first, second
    return scenario


def shoot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"cockpit-{name}.png"), full_page=True)


def x_for(page, meeting_id: int, lane_id: int, when: dt.datetime) -> tuple[float, float]:
    """Screen coordinates of ``when`` on the mover's lane of that day."""
    box = page.evaluate(
        """([laneId, iso]) => {
            const lane = document.querySelector(`.lane[data-lane-type="member"][data-lane-id="${laneId}"]`);
            const track = lane.querySelector('.track');
            const day = lane.closest('.agenda-day');
            const r = track.getBoundingClientRect();
            const start = new Date(day.dataset.windowStart).getTime();
            const span = Number(day.dataset.span) * 60000;
            return {x: r.left + r.width * ((new Date(iso).getTime() - start) / span), y: r.top + r.height / 2};
        }""",
        [lane_id, when.isoformat()],
    )
    return box["x"], box["y"]


def drag_meeting(page, meeting_id: int, lane_id: int, to: dt.datetime) -> None:
    block = page.locator(f'.lane[data-lane-id="{lane_id}"][data-lane-type="member"] [data-meeting-id="{meeting_id}"]')
    block.scroll_into_view_if_needed()
    box = block.bounding_box()
    # Grab the block at its left edge, so the left edge lands on the target time.
    grab_x, grab_y = box["x"] + 2, box["y"] + box["height"] / 2
    target_x, target_y = x_for(page, meeting_id, lane_id, to)
    page.mouse.move(grab_x, grab_y)
    page.mouse.down()
    page.mouse.move(grab_x + 10, grab_y, steps=2)
    page.mouse.move(target_x + 2, target_y, steps=8)
    page.mouse.up()


def expect_conflict_console_entry(page) -> None:
    """Chromium logs the 409 answer as a console error; it is the answer this journey expects."""
    expected = [p for p in page.problems if "409" in p]
    assert expected, "the refused clash should have reached the server and been answered 409"
    for entry in expected:
        page.problems.remove(entry)


def test_staff_log_in_and_read_the_dashboard(page, expo_data):
    with time_machine.travel(at(1, 9, 30), tick=True):
        browser_login(page, "office")
        assert page.url.endswith("/")
        page.get_by_role("heading", name="Dashboard").wait_for()
        today = page.locator("section", has=page.get_by_role("heading", name="Today"))
        assert today.get_by_text("Morning with Rabat").count() == 1
        failed = page.locator("section", has=page.get_by_role("heading", name="Reminders that failed"))
        assert failed.locator(".badge").inner_text() == "3"
        unsubmitted = page.locator("section", has=page.get_by_role("heading", name="Exhibitor profiles not submitted"))
        assert unsubmitted.get_by_text("CleanCycle Systems 2027").count() == 1
        assert unsubmitted.get_by_text("CareLink IoT 2027").count() == 0
        shoot(page, "dashboard-during-expo-1280")
        page.set_viewport_size({"width": 390, "height": 844})
        shoot(page, "dashboard-during-expo-390")
        # One click from an item to its briefing pack.
        today.get_by_role("link", name="Briefing pack").first.click()
        page.get_by_role("heading", name="Briefing pack").wait_for()


def test_reschedule_by_dragging_and_see_a_refused_clash(page, expo_data):
    browser_login(page, "office")
    page.goto("/agenda/")
    mover, first, second = expo_data.mover, expo_data.first, expo_data.second
    shoot(page, "agenda-1280")

    # Onto the morning meeting: the server refuses (409); the block snaps back, the clash is shown in place.
    with page.expect_response(lambda r: r.url.endswith(f"/api/v1/meetings/{second.pk}/") and r.status == 409):
        drag_meeting(page, second.pk, mover.pk, at(1, 10, 15))
    lane = page.locator(f'.lane[data-lane-type="member"][data-lane-id="{mover.pk}"]')
    alert = page.locator("#day-2027-09-04 .lane-alert:not([hidden])")
    alert.locator("li").first.wait_for()
    assert alert.count() == 1
    assert page.locator(
        f"#day-2027-09-04 .lane[data-lane-type=member][data-lane-id='{mover.pk}'] + .lane-alert"
    ).is_visible()
    alert.get_by_role("listitem").filter(has_text="Morning with Rabat").first.wait_for()
    assert "Not moved" in alert.inner_text()
    assert page.locator("#agenda-status").inner_text().startswith("Not moved")
    block = lane.locator(f'[data-meeting-id="{second.pk}"]')
    assert block.text_content().strip().startswith("13:00–13:45")
    box = block.bounding_box()
    assert abs(box["x"] - x_for(page, second.pk, mover.pk, at(1, 13))[0]) < 2  # back at 13:00
    shoot(page, "agenda-conflict-1280")
    second.refresh_from_db()
    assert second.starts_at == at(1, 13)
    expect_conflict_console_entry(page)

    # To 15:00: saved, and the grid shows the new time.
    with page.expect_response(lambda r: r.url.endswith(f"/api/v1/meetings/{second.pk}/") and r.status == 200):
        drag_meeting(page, second.pk, mover.pk, at(1, 15))
    page.locator("#agenda-status").get_by_text("Moved").wait_for()
    lane.locator(f'[data-meeting-id="{second.pk}"]', has_text="15:00–15:45").wait_for()
    second.refresh_from_db()
    assert second.starts_at == at(1, 15)
    assert second.ends_at == at(1, 15, 45)
    first.refresh_from_db()
    assert first.starts_at == at(1, 10)


def test_reschedule_with_the_keyboard(page, expo_data):
    browser_login(page, "office")
    page.goto("/agenda/")
    mover, second = expo_data.mover, expo_data.second
    block = page.locator(f'.lane[data-lane-type="member"][data-lane-id="{mover.pk}"] [data-meeting-id="{second.pk}"]')
    block.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert "Press Enter to save" in page.locator("#agenda-status").inner_text()
    with page.expect_response(lambda r: r.url.endswith(f"/api/v1/meetings/{second.pk}/") and r.status == 200):
        page.keyboard.press("Enter")
    page.locator("#agenda-status").get_by_text("Moved").wait_for()
    second.refresh_from_db()
    assert second.starts_at == at(1, 14)

    # The reschedule form: Enter on an unmoved meeting opens it.
    block = page.locator(f'.lane[data-lane-type="member"][data-lane-id="{mover.pk}"] [data-meeting-id="{second.pk}"]')
    block.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    assert dialog.get_by_role("link", name="Briefing pack").get_attribute("href") == f"/briefing/meeting/{second.pk}/"
    assert dialog.get_by_role("link", name="Open the meeting").get_attribute("href") == f"/meetings/{second.pk}/"
    dialog.get_by_label("Day").select_option("2027-09-05")
    dialog.get_by_label("Starts at (expo time)").fill("09:30")
    with page.expect_response(lambda r: r.url.endswith(f"/api/v1/meetings/{second.pk}/") and r.status == 200):
        dialog.get_by_role("button", name="Save").click()
    page.locator("#agenda-status").get_by_text("Moved").wait_for()
    second.refresh_from_db()
    assert second.starts_at == at(2, 9, 30)
    assert Meeting.objects.get(pk=expo_data.first.pk).starts_at == at(1, 10)


def test_open_the_outcome_report_and_switch_the_language(page, expo_data):
    build_scenario(year=2026, office_username="office-2026", organization_offset=50)
    browser_login(page, "office")
    page.goto("/report/?expo=wsce-2027")
    page.get_by_role("heading", name="Outcome report: World Smart City Expo 2027").wait_for()
    summary = page.locator(".summary-text[lang=en]").inner_text()
    assert "government agencies" in summary
    assert page.locator("svg.tile-map title").first.text_content() == "Contacts met by country (tile map)"
    assert page.locator('svg.tile-map g.tile.has-value[data-country="MA"]').count() == 1
    shoot(page, "report-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "report-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Compare with").select_option("wsce-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="World Smart City Expo 2027 compared with World Smart City Expo 2026").wait_for()
    shoot(page, "report-yoy-1280")

    page.wait_for_load_state("networkidle")
    with page.expect_navigation():
        page.get_by_label("Language").select_option("zh-hant")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "zh-hant"
    page.get_by_role("heading", name="成果報告: World Smart City Expo 2027").wait_for()
    assert "南韓" in page.locator(".summary-text[lang=zh-hant]").inner_text()
    assert "政府機關" in page.locator(".summary-text[lang=zh-hant]").inner_text()
    shoot(page, "report-zh-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "report-zh-390")


def test_error_answers_are_explained_and_change_nothing(page, expo_data):
    browser_login(page, "office")
    page.goto("/agenda/")
    mover, second = expo_data.mover, expo_data.second
    url = f"**/api/v1/meetings/{second.pk}/"
    page.route(
        url,
        lambda route: route.fulfill(
            status=400,
            content_type="application/json",
            body='{"detail": "Check the highlighted fields.", "code": "invalid", "fields": {"ends_at": ["Too late."]}}',
        ),
    )
    drag_meeting(page, second.pk, mover.pk, at(1, 16))
    status = page.locator("#agenda-status")
    status.get_by_text("Check the highlighted fields. ends_at: Too late.").wait_for()
    page.unroute(url)
    page.route(url, lambda route: route.abort())
    drag_meeting(page, second.pk, mover.pk, at(1, 17))
    status.get_by_text("The server could not be reached; nothing was changed.").wait_for()
    lane = page.locator(f'.lane[data-lane-type="member"][data-lane-id="{mover.pk}"]')
    assert lane.locator(f'[data-meeting-id="{second.pk}"]').text_content().strip().startswith("13:00")
    second.refresh_from_db()
    assert second.starts_at == at(1, 13)
    expected = [p for p in page.problems if "400" in p or "request failed" in p or "ERR_FAILED" in p]
    assert len(expected) == 3, page.problems
    for entry in expected:
        page.problems.remove(entry)


def test_move_a_meeting_to_another_room_and_member(page, expo_data):
    browser_login(page, "office")
    page.goto("/agenda/")
    second = expo_data.second
    room_a, room_b = expo_data.venues["room_a"], expo_data.venues["room_b"]
    block = page.locator(f'.lane[data-lane-type="venue"][data-lane-id="{room_a.pk}"] [data-meeting-id="{second.pk}"]')
    assert block.count() == 1
    block.scroll_into_view_if_needed()
    box = block.bounding_box()
    target = page.locator(f'#day-2027-09-04 .lane[data-lane-type="venue"][data-lane-id="{room_b.pk}"] .track')
    target = target.bounding_box()
    page.mouse.move(box["x"] + 4, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 4, box["y"] + box["height"] / 2 + 10, steps=2)
    page.mouse.move(box["x"] + 4, target["y"] + target["height"] / 2, steps=6)
    with page.expect_response(lambda r: r.url.endswith(f"/api/v1/meetings/{second.pk}/") and r.status == 200):
        page.mouse.up()
    page.locator("#agenda-status").get_by_text("Moved").wait_for()
    page.locator("#agenda-days:not([aria-busy])").wait_for()  # the grid is redrawn
    second.refresh_from_db()
    assert second.venue_id == room_b.pk
    assert second.starts_at == at(1, 13)

    # From Aaron's lane to Lin Mei's: she takes his place among the attendees.
    mover, staff = expo_data.mover, expo_data.staff
    block = page.locator(f'.lane[data-lane-type="member"][data-lane-id="{mover.pk}"] [data-meeting-id="{second.pk}"]')
    block.scroll_into_view_if_needed()
    box = block.bounding_box()
    target = page.locator(f'#day-2027-09-04 .lane[data-lane-type="member"][data-lane-id="{staff.pk}"] .track')
    target = target.bounding_box()
    page.mouse.move(box["x"] + 4, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 4, box["y"] + box["height"] / 2 + 10, steps=2)
    page.mouse.move(box["x"] + 4, target["y"] + target["height"] / 2, steps=6)
    with page.expect_response(lambda r: r.url.endswith(f"/api/v1/meetings/{second.pk}/") and r.status == 200):
        page.mouse.up()
    page.locator("#agenda-status").get_by_text("Moved").wait_for()
    members = set(MeetingAttendee.objects.filter(meeting=second, member__isnull=False).values_list("member", flat=True))
    assert members == {staff.pk}


def test_briefing_pack_opens_offline_once_read(page, expo_data):
    browser_login(page, "office")
    url = f"/briefing/meeting/{expo_data.meetings[3].pk}/"
    page.goto(url)
    page.locator("[data-offline-note]").wait_for()  # the service worker is installed
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()  # now controlled by the worker, which keeps a copy
    page.wait_for_load_state("networkidle")
    page.wait_for_function("async (u) => !!(await caches.match(u))", arg=url)
    page.context.set_offline(True)
    page.reload()
    page.get_by_role("heading", name="Briefing pack").wait_for()
    assert "Agree the next steps for a pilot project." in page.content()
    page.context.set_offline(False)
    page.goto("/accounts/login/")
    page.wait_for_function("async (u) => !(await caches.match(u))", arg=url)


def test_screenshots_of_every_cockpit_page(page, expo_data):
    browser_login(page, "office")
    pages = {
        "delegation": "/delegation/?at=2027-09-04T10:30",
        "agenda": "/agenda/",
        "briefing-meeting": f"/briefing/meeting/{expo_data.meetings[3].pk}/",
        "briefing-day": f"/briefing/member/{expo_data.head.pk}/2027-09-04/",
        "dashboard": "/",
    }
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for name, url in pages.items():
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert page.locator("main h1").count() == 1, name
            shoot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto("/report/?expo=wsce-2027")
    page.emulate_media(media="print")
    shoot(page, "report-print")
    assert page.locator(".site-header").is_hidden()
