"""Booth staff log a lead on a phone in two taps; the office reviews the pavilion and prints the brochure."""

from __future__ import annotations

import re

import pytest

from exhibitors.models import Lead
from tests.conftest import SCREENSHOT_DIR, browser_login
from tests.factories import (
    ContactFactory,
    ExhibitorFactory,
    ExhibitorMembershipFactory,
    LeadFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.factories.leads import complete_profile, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def shoot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def booth(db):
    exhibitor = ExhibitorFactory(name="CleanCycle Systems", slug="cleancycle", category="waste_recycling")
    user = UserFactory(username="cleancycle")
    ExhibitorMembershipFactory(exhibitor=exhibitor, user=user, is_admin=True)
    berlin = OrganizationFactory(name="Berlin Senate Department", country="DE", kind="city")
    ContactFactory(full_name="Sofia Weber", organization=berlin, email="sofia.weber@berlin.example.de", country="DE")
    return exhibitor


def test_lead_logged_in_two_taps_on_a_phone(page, live_server, booth):
    page.set_viewport_size(PHONE)
    browser_login(page, "cleancycle")
    page.goto("/exhibitor/leads/")
    assert page.get_by_text("No leads yet").is_visible()
    shoot(page, "leads-empty-390")

    # Tap 1: open the capture form.
    page.get_by_role("link", name="+ Log a lead").click()
    page.wait_for_url("**/exhibitor/leads/new/")
    page.get_by_label("Name").fill("Sofia Weber")
    page.get_by_label("Organisation").fill("Berlin Senate Department")
    page.get_by_label("Country").select_option("DE")
    page.get_by_label("E-mail").fill("SOFIA.WEBER@berlin.example.de")
    page.get_by_label("Interest").fill("Smart bins for 200 schools")
    page.get_by_label("Note").fill("Wants a pilot quote by October")
    # The match shows before saving (read from /api/v1/leads/match/).
    page.get_by_text("This visitor is known to the office.").wait_for()
    assert no_horizontal_scroll(page)
    save = page.get_by_role("button", name="Save lead")
    box = save.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 300
    shoot(page, "leads-form-390")

    # Tap 2: save. Back on the list, with the lead and its match.
    save.click()
    page.wait_for_url("**/exhibitor/leads/?saved=*")
    lead = Lead.objects.get()
    card = page.locator(f"#lead-{lead.pk}")
    assert card.locator(".lead-name").inner_text() == "Sofia Weber"
    assert card.get_by_text("Known to the office").is_visible()
    assert page.get_by_text("Saved. Sofia Weber is known to the office.").is_visible()
    assert (lead.exhibitor, lead.country.code, lead.contact.email) == (
        booth,
        "DE",
        "sofia.weber@berlin.example.de",
    )
    assert no_horizontal_scroll(page)
    shoot(page, "leads-list-390")

    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "leads-list-1280")


def test_lead_form_shows_errors_without_losing_input(page, live_server, booth):
    page.set_viewport_size(PHONE)
    browser_login(page, "cleancycle")
    page.goto("/exhibitor/leads/new/")
    page.get_by_label("E-mail").fill("not-an-address")
    page.get_by_label("Note").fill("Met at the stand")
    page.get_by_role("button", name="Save lead").click()
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Note").input_value() == "Met at the stand"
    assert Lead.objects.count() == 0
    shoot(page, "leads-form-errors-390")


ARTIFACTS = SCREENSHOT_DIR.parent.parent / "test-artifacts"


def _visible_and_uncovered(page, selector: str) -> bool:
    """The element is inside the viewport and the topmost element at its centre (not under the save bar)."""
    return page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector);
            const box = el.getBoundingClientRect();
            if (box.top < 0 || box.bottom > window.innerHeight) return false;
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return hit === el || el.contains(hit);
        }""",
        selector,
    )


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_lead_form_errors_on_a_phone_are_beside_their_field_and_focus_goes_to_the_first(
    page, live_server, booth, language
):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.set_viewport_size(PHONE)
    browser_login(page, "cleancycle")
    page.goto("/exhibitor/leads/new/")
    page.fill("#id_full_name", "Park Ji-woo")
    page.select_option("#id_country", "ZA")
    page.fill("#id_phone", "010 1234 5678")  # a Korean mobile number, but the country says South Africa
    page.fill("#id_note", "Card from the Seoul delegation")
    page.locator(".lead-form-actions button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    # The first invalid field has the cursor — not Name, which is valid.
    assert page.evaluate("document.activeElement.id") == "id_phone"
    phone = page.locator("#id_phone")
    assert phone.get_attribute("aria-invalid") == "true"
    assert "id_phone_error" in (phone.get_attribute("aria-describedby") or "")
    # Its error is on screen next to it, and neither is hidden under the sticky save bar.
    error = page.locator("#id_phone_error")
    assert "+27" in error.inner_text()
    assert _visible_and_uncovered(page, "#id_phone_error")
    assert _visible_and_uncovered(page, "#id_phone")
    bar = page.locator(".lead-form-actions").bounding_box()
    box = phone.bounding_box()
    assert bar is not None and box is not None and box["y"] + box["height"] <= bar["y"]
    # What was typed is still there; nothing was saved.
    assert page.locator("#id_note").input_value() == "Card from the Seoul delegation"
    assert Lead.objects.count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"lead-form-errors-390-{language}.png"))

    # Fixed with the right country, the same card saves.
    page.select_option("#id_country", "KR")
    page.locator(".lead-form-actions button[type=submit]").click()
    page.wait_for_url("**/exhibitor/leads/?saved=*")
    assert Lead.objects.get().phone.as_e164 == "+821012345678"


def test_office_reviews_pavilion_and_opens_brochure(page, live_server, booth):
    UserFactory(username="office", office=True)
    publish(complete_profile(booth, company_name="CleanCycle Systems", tagline="Sorting waste where it falls", logo=""))
    other = ExhibitorFactory(pavilion=booth.pavilion, name="MuseTech Digital", category="museum_culture")
    LeadFactory(exhibitor=booth, full_name="Thabo Nkosi", shared_with_office=True, email="thabo@example.za")
    LeadFactory(exhibitor=booth, full_name="Private Visitor")
    LeadFactory(exhibitor=other, full_name="Musetech Visitor")
    browser_login(page, "office")
    page.goto("/office/pavilion/")
    assert page.get_by_role("rowheader", name="Thabo Nkosi").is_visible()
    assert page.get_by_text("Private Visitor").count() == 0
    shoot(page, "pavilion-review-1280")
    page.set_viewport_size(PHONE)
    shoot(page, "pavilion-review-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Printable brochure").click()
    page.wait_for_url("**/office/pavilion/brochure/")
    assert page.get_by_role("heading", name="CleanCycle Systems").is_visible()
    assert page.locator(".brochure-entry").count() == 1
    shoot(page, "brochure-1280")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    shoot(page, "brochure-print")
    # Printed: A4 pages, the cover and then one page per published exhibitor.
    pdf = page.pdf(prefer_css_page_size=True)
    (SCREENSHOT_DIR / "brochure.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2
    sizes = {(round(float(w)), round(float(h))) for w, h in re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert sizes == {(595, 842)}  # A4 in points
