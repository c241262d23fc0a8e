"""Browser journeys: a guest answers on a 390 px phone in Korean and English; the office drags a
meeting that e-mails its guests and is asked whether to tell them."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from meetings.models import MeetingAttendee, Reminder
from meetings.response_links import response_link_issue
from tests.conftest import browser_login
from tests.factories import ContactFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def invitation(office_user):
    scene = make_scene(members=1, contacts=0)
    guest = ContactFactory(
        full_name="Kim Min-jun", native_name="김민준", honorific="Mr", preferred_language="ko", title="Director"
    )
    guest.expos.add(scene.expo)
    meeting = book(
        scene,
        title="Smart waste pilot with Busan Metropolitan City",
        start=seoul(4, 10),
        end=seoul(4, 11),
        venue=scene.room_a,
        members=scene.members,
        contacts=[guest],
        notify_contacts=True,
        notify=False,
    )
    attendee = meeting.attendees.get(contact=guest)
    return scene, meeting, attendee, f"/respond/{response_link_issue(attendee=attendee)}/"


def test_guest_answers_on_a_phone_in_korean_then_english(page, invitation):
    _scene, _meeting, attendee, url = invitation
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("Smart waste pilot with Busan Metropolitan City")
    expect(page.locator("body")).to_contain_text("엑스포 현지 시각 (Asia/Seoul)")
    expect(page.locator("body")).to_contain_text("10:00–11:00")
    assert no_sideways_scroll(page)
    shoot(page, "respond-ko-390")

    page.get_by_label("다른 시간을 제안합니다").check()
    slots = page.locator('input[name="proposed_starts_at"]:not([value="other"])')
    assert slots.count() == 6
    slots.first.check()
    page.get_by_role("button", name="회신 보내기").click()
    expect(page.get_by_role("status")).to_contain_text("회신이 접수되었습니다")
    expect(page.locator("#current-answer")).to_contain_text("다른 시간 제안")
    attendee.refresh_from_db()
    assert attendee.response == "proposed"
    shoot(page, "respond-ko-390-answered")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Yes, I will attend").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator("#current-answer")).to_have_text("Accepted")
    assert no_sideways_scroll(page)
    shoot(page, "respond-en-390-answered")
    attendee.refresh_from_db()
    assert (attendee.response, attendee.proposed_starts_at) == ("accepted", None)


def test_dragging_a_meeting_that_mails_its_guests_asks_first(page, invitation):
    scene, meeting, attendee, _url = invitation
    browser_login(page, "office")
    page.goto(f"/agenda/?expo={scene.expo.slug}")
    member = scene.members[0]
    block = page.locator(f'.lane[data-lane-type="member"][data-lane-id="{member.pk}"] [data-meeting-id="{meeting.pk}"]')
    block.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("e-mails its guests. Tell them of the new time?")
    shoot(page, "agenda-guests-question-1280")

    # "Do not move" leaves everything as it was.
    dialog.get_by_role("button", name="Do not move").click()
    expect(page.locator("#agenda-status")).to_contain_text("nothing was changed")
    meeting.refresh_from_db()
    assert meeting.starts_at == seoul(4, 10)

    block.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    with page.expect_response(lambda r: r.url.endswith(f"/api/v1/meetings/{meeting.pk}/") and r.status == 200):
        page.get_by_role("dialog").get_by_role("button", name="Move, tell our members only").click()
    expect(page.locator("#agenda-status")).to_contain_text("the guests were not told")
    meeting.refresh_from_db()
    assert meeting.starts_at == seoul(4, 11)
    notices = Reminder.objects.filter(meeting=meeting, kind="rescheduled")
    assert list(notices.values_list("attendee__member_id", flat=True)) == [member.pk]
    assert MeetingAttendee.objects.get(pk=attendee.pk).response == "pending"
