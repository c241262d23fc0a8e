"""An exhibitor completes and submits the booth profile; the office reviews and publishes it;
the public pavilion page shows it — at desktop (1280 px) and phone (390 px) widths."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from PIL import Image, ImageDraw

from exhibitors.models import BoothProfile
from tests.conftest import SCREENSHOT_DIR, browser_login
from tests.factories import ExhibitorFactory, ExhibitorMembershipFactory, UserFactory
from tests.factories.profiles import media_root  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]

PHONE = {"width": 390, "height": 844}


def _serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The live server serves uploaded files too (as `make run` does with DEBUG on).
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", _serve_media),
    path("", include("expo_portal.urls")),
]


@pytest.fixture
def serve_media(settings):
    settings.ROOT_URLCONF = __name__


def shoot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


WIDEST = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
  .slice(0, 5)
  .map(el => `${el.tagName}.${el.className}#${el.id} ${Math.round(el.getBoundingClientRect().right)}`)"""


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def logo_png(tmp_path):
    img = Image.new("RGBA", (400, 400), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((40, 40, 360, 360), fill=(16, 122, 87, 255))
    draw.rectangle((150, 110, 250, 290), fill=(255, 255, 255, 255))
    draw.rectangle((110, 150, 290, 250), fill=(255, 255, 255, 255))
    target = tmp_path / "carelink-logo.png"
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    target.write_bytes(buffer.getvalue())
    return target


@pytest.fixture
def booth(db):
    exhibitor = ExhibitorFactory(name="CareLink IoT", slug="carelink", category="smart_care", booth_code="A-12")
    exhibitor.pavilion.name = "Smart City Pavilion"
    exhibitor.pavilion.tagline = "Partners of the city's smart-city office"
    exhibitor.pavilion.save()
    user = UserFactory(username="carelink", first_name="Mei", last_name="Lin")
    ExhibitorMembershipFactory(exhibitor=exhibitor, user=user, is_admin=True)
    UserFactory(username="office", office=True)
    return exhibitor


def sign_out(page) -> None:
    page.locator("form.logout button").click()
    page.wait_for_load_state("networkidle")


def test_exhibitor_edits_submits_office_publishes_public_sees(page, live_server, booth, serve_media, tmp_path):
    # --- The exhibitor signs in and lands on the booth profile -----------------------------------
    browser_login(page, "carelink")
    assert page.url.endswith(f"/exhibitors/{booth.pk}/profile/")
    assert page.get_by_role("heading", name="CareLink IoT").is_visible()
    assert page.get_by_text("Profile 20% complete").is_visible()

    page.get_by_label("Company name").fill("CareLink IoT Co., Ltd.")
    page.get_by_label("Tagline").fill("Sensors that let older people live at home longer")
    editor = page.locator(".rich-editor")
    editor.click()
    page.keyboard.type("CareLink connects homes, clinics and families. ")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type("One hub")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type(
        " gathers fall detection, bed sensors and medication reminders and alerts carers within seconds, "
        "in twelve cities across Asia and Europe today."
    )
    page.keyboard.press("Enter")
    page.get_by_role("button", name="• List").click()
    page.keyboard.type("Fall detection")
    page.keyboard.press("Enter")
    page.keyboard.type("Remote vital signs")

    solutions = page.locator('fieldset[data-rows="solution"]')
    solutions.locator('input[name="solution-name"]').first.fill("CareHub")
    solutions.locator('input[name="solution-line"]').first.fill("One gateway for every sensor at home")
    solutions.get_by_role("button", name="Add a solution").click()
    solutions.locator('input[name="solution-name"]').nth(1).fill("FallGuard")
    solutions.locator('input[name="solution-line"]').nth(1).fill("Radar fall detection without cameras")
    patents = page.locator('fieldset[data-rows="patent"]')
    patents.locator('input[name="patent-jurisdiction"]').first.fill("TW")
    patents.locator('input[name="patent-number"]').first.fill("I712345")
    patents.locator('input[name="patent-title"]').first.fill("Contactless bed-exit sensor")

    page.get_by_label("Website").fill("https://carelink.example.com")
    page.get_by_label("English").check()
    page.get_by_label("中文（繁體）").check()
    page.get_by_label("Contact person").fill("Mei Lin")
    page.get_by_label("Contact e-mail").fill("mei.lin@carelink.example.com")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Saved. Submit the profile for review").is_visible()

    profile = BoothProfile.objects.get(exhibitor=booth)
    assert profile.description.startswith("<p>CareLink connects homes, clinics and families. <strong>One hub</strong>")
    assert "<ul><li>Fall detection</li><li>Remote vital signs</li></ul>" in profile.description
    assert [row["name"] for row in profile.solutions] == ["CareHub", "FallGuard"]

    # --- Logo upload ------------------------------------------------------------------------------
    page.locator("#id_logo").set_input_files(str(logo_png(tmp_path)))
    page.get_by_role("button", name="Upload logo").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("The new logo is saved.").is_visible()
    logo = page.locator("img.logo-preview")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    shoot(page, "profile-edit-1280")

    page.set_viewport_size(PHONE)
    page.reload()
    shoot(page, "profile-edit-390")
    assert no_horizontal_scroll(page), page.evaluate(WIDEST)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Waiting for review").first.is_visible()
    sign_out(page)

    # --- The office reviews and publishes -------------------------------------------------------
    browser_login(page, "office")
    page.goto(f"/exhibitors/{booth.pk}/profile/review/")
    assert page.get_by_role("heading", name="First version (nothing published yet)").is_visible()
    assert page.locator("table.diff ins", has_text="Sensors that let older people").count() == 1
    shoot(page, "profile-review-1280")
    page.set_viewport_size(PHONE)
    shoot(page, "profile-review-390")
    assert no_horizontal_scroll(page), page.evaluate(WIDEST)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Published. The exhibitor's team was told by e-mail.").is_visible()
    page.goto(f"/exhibitors/{booth.pk}/profile/history/")
    assert page.get_by_role("cell", name="Published").first.is_visible()
    shoot(page, "profile-history-1280")
    sign_out(page)

    # --- Anyone sees it on the pavilion ---------------------------------------------------------------
    page.goto("/pavilion/")
    card = page.locator(".exhibitor-card", has_text="CareLink IoT Co., Ltd.")
    assert card.is_visible()
    assert card.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    shoot(page, "pavilion-1280")
    card.get_by_role("link").click()
    page.wait_for_url("**/pavilion/carelink/")
    assert page.get_by_role("heading", name="CareLink IoT Co., Ltd.").is_visible()
    assert page.get_by_text("Radar fall detection without cameras").is_visible()
    assert page.locator('meta[property="og:title"]').get_attribute("content") == "CareLink IoT Co., Ltd."
    shoot(page, "pavilion-exhibitor-1280")
    page.set_viewport_size(PHONE)
    page.reload()
    shoot(page, "pavilion-exhibitor-390")
    assert no_horizontal_scroll(page), page.evaluate(WIDEST)
    page.goto("/pavilion/")
    shoot(page, "pavilion-390")
    assert no_horizontal_scroll(page), page.evaluate(WIDEST)

    # Traditional Chinese, switched with the language menu.
    page.select_option("#lang-select", "zh-hant")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "zh-hant"
    assert page.get_by_role("link", name="CareLink IoT Co., Ltd.").is_visible()  # names stay as written
    shoot(page, "pavilion-zh-hant-390")
    assert no_horizontal_scroll(page), page.evaluate(WIDEST)


def test_stale_save_in_two_tabs_shows_conflict(page, live_server, booth, serve_media):
    browser_login(page, "carelink")
    second = page.context.new_page()
    second.goto(f"/exhibitors/{booth.pk}/profile/")
    page.get_by_label("Tagline").fill("Saved first, in tab one")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("networkidle")
    second.get_by_label("Tagline").fill("Typed in tab two")
    second.get_by_role("button", name="Save draft").click()
    second.wait_for_load_state("networkidle")
    assert second.get_by_role("heading", name="Your changes are not saved yet").is_visible()
    assert second.get_by_role("cell", name="Saved first, in tab one").is_visible()
    assert second.get_by_role("cell", name="Typed in tab two").is_visible()
    assert second.get_by_label("Tagline").input_value() == "Typed in tab two"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    second.screenshot(path=str(SCREENSHOT_DIR / "profile-conflict-1280.png"), full_page=False)
    assert BoothProfile.objects.get(exhibitor=booth).tagline == "Saved first, in tab one"


def test_admin_invites_colleague_who_sets_password_and_lands_on_profile(page, live_server, booth, serve_media):
    import re

    from django.core import mail

    browser_login(page, "carelink")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    page.wait_for_url(f"**/exhibitors/{booth.pk}/team/")
    page.get_by_label("E-mail").fill("jun.chen@carelink.example.com")
    page.get_by_label("Name").fill("Jun Chen")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Invitation sent to jun.chen@carelink.example.com").is_visible()
    assert page.get_by_text("Invited, not signed in yet").is_visible()
    shoot(page, "team-1280")
    page.set_viewport_size(PHONE)
    shoot(page, "team-390")
    assert no_horizontal_scroll(page), page.evaluate(WIDEST)
    sign_out(page)

    link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("booth-window-river-42")
    page.get_by_label("New password again").fill("booth-window-river-42")
    shoot(page, "invitation-390")
    page.get_by_role("button", name="Set the password").click()
    page.wait_for_url(f"**/exhibitors/{booth.pk}/profile/")
    assert page.get_by_text("Welcome! Your password is set.").is_visible()


def test_oversized_and_svg_logo_are_refused_before_upload(page, live_server, booth, serve_media):
    browser_login(page, "carelink")
    uploads: list[str] = []
    page.on("request", lambda request: uploads.append(request.url) if request.method == "POST" else None)
    page.locator("#id_logo").set_input_files(
        {"name": "huge.png", "mimeType": "image/png", "buffer": b"\0" * (6 * 1024 * 1024)}
    )
    assert page.get_by_role("alert").filter(has_text="larger than 5 MB").is_visible()
    page.get_by_role("button", name="Upload logo").click()
    page.locator("#id_logo").set_input_files(
        {"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": b"<svg xmlns='http://www.w3.org/2000/svg'/>"}
    )
    assert page.get_by_role("alert").filter(has_text="SVG images are not accepted").is_visible()
    page.get_by_role("button", name="Upload logo").click()
    assert uploads == []
    assert not BoothProfile.objects.get(exhibitor=booth).logo
