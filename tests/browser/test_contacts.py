"""Browser journey through the contact book: search in native script, open, edit, import a CSV."""

from __future__ import annotations

import pytest

from delegations.models import Contact
from tests.conftest import SCREENSHOT_DIR, browser_login
from tests.factories import ContactFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "Full name,Native name,Organisation,E-mail,Country,Title\n"
    "Amina Benali,أمينة بنعلي,Rabat Smart City,amina@rabat.ma,MA,Head of Innovation\n"
    "Noa Levi,נועה לוי,Tel Aviv Innovation,noa@tlv.il,IL,Director\n"
)


def shoot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


@pytest.fixture
def book(db):
    office = UserFactory(username="office", office=True)
    sdf = OrganizationFactory(name="Seoul Digital Foundation", native_name="서울디지털재단", country="KR", kind="city")
    kim = ContactFactory(
        organization=sdf,
        honorific="Dr.",
        full_name="Kim Min-jun",
        native_name="김민준",
        title="Director",
        rank=1,
        email="minjun@sdf.or.kr",
        country="KR",
        preferred_language="ko",
        tags=["mou"],
    )
    park = ContactFactory(
        organization=sdf, full_name="Park Ji-woo", native_name="박지우", title="Manager", country="KR"
    )
    ContactFactory(
        organization=sdf, full_name="Park Jiwoo", title="Senior Manager", country="KR", email="park@sdf.or.kr"
    )
    ContactFactory(full_name="José Müller", country="DE", email="jose@example.de")
    return office, kim, park


def test_contact_book_journey(page, live_server, book, tmp_path):
    _office, kim, _park = book
    browser_login(page, "office")
    page.goto("/contacts/")
    page.get_by_role("link", name="Contacts", exact=True).first.wait_for()
    shoot(page, "contacts-list-1280")

    # Instant search in Hangul: the results update without pressing a button.
    page.fill("#id_q", "김민")
    page.wait_for_function("() => !document.querySelector('#contact-results').textContent.includes('Park Ji-woo')")
    assert page.locator("#contact-results").get_by_text("Kim Min-jun").is_visible()
    assert "q=%EA%B9%80%EB%AF%BC" in page.url

    page.locator("#contact-results").get_by_role("link", name="Kim Min-jun").click()
    page.wait_for_url(f"**/contacts/{kim.pk}/")
    assert page.locator("h1").inner_text().startswith("Dr. Kim Min-jun")
    shoot(page, "contact-detail-1280")

    page.get_by_role("link", name="Edit").click()
    assert page.locator("#id_organization").input_value() == "Seoul Digital Foundation (KR)"
    page.fill("#id_organization", "seoul dig")  # suggestions come from the organisations API
    page.wait_for_function(
        "() => [...document.querySelectorAll('#organization-options option')]"
        ".some(o => o.value === 'Seoul Digital Foundation (KR)')"
    )
    page.fill("#id_organization", "Seoul Digital Foundation (KR)")
    page.fill("#id_title", "Secretary-General")
    page.fill("#id_phone", "not a phone")
    page.get_by_role("button", name="Save").click()
    assert page.locator("#id_phone_error").is_visible()  # bad input: clear message, nothing saved
    page.fill("#id_phone", "+82 2 2133 1234")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/contacts/{kim.pk}/")
    assert page.get_by_text("Secretary-General").first.is_visible()
    assert page.locator("table.diff .after", has_text="Secretary-General").is_visible()  # readable history
    kim.refresh_from_db()
    assert (kim.title, str(kim.phone)) == ("Secretary-General", "+82221331234")

    # Import a small CSV through mapping and preview.
    path = tmp_path / "new-contacts.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    page.goto("/contacts/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/mapping/")
    assert page.locator("#id_column_0").input_value() == "full_name"
    assert page.locator("#id_column_2").input_value() == "organization"
    shoot(page, "contacts-import-mapping-1280")
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Ready: 2 new contacts").wait_for()
    assert page.get_by_text("أمينة بنعلي").is_visible()
    shoot(page, "contacts-import-preview-1280")
    page.get_by_role("button", name="Import now").click()
    page.get_by_text("Import finished.").wait_for()
    assert Contact.objects.filter(native_name="נועה לוי").exists()

    page.goto("/contacts/?q=levi")
    assert page.locator("#contact-results").get_by_text("Noa Levi").is_visible()
    assert page.locator("#contact-results").get_by_text("נועה לוי").is_visible()


def test_contact_pages_at_phone_width(page, live_server, book):
    _office, kim, park = book
    twin = Contact.objects.get(full_name="Park Jiwoo")
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "office")
    for url, name in (
        ("/contacts/", "contacts-list-390"),
        (f"/contacts/{kim.pk}/", "contact-detail-390"),
        (f"/contacts/{kim.pk}/edit/", "contact-edit-390"),
        ("/organizations/", "organizations-390"),
        ("/contacts/duplicates/", "duplicates-390"),
        (f"/contacts/merge/{park.pk}/{twin.pk}/", "merge-390"),
        ("/contacts/import/", "import-upload-390"),
        ("/api-keys/", "api-keys-390"),
    ):
        page.goto(url)
        # Nothing wider than the screen: the page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        shoot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})
    for url, name in (
        ("/organizations/", "organizations-1280"),
        ("/contacts/duplicates/", "duplicates-1280"),
        (f"/contacts/merge/{park.pk}/{twin.pk}/", "merge-1280"),
        ("/api-keys/", "api-keys-1280"),
    ):
        page.goto(url)
        shoot(page, name)


def test_merge_duplicates_in_browser(page, live_server, book):
    _office, _kim, park = book
    twin = Contact.objects.get(full_name="Park Jiwoo")
    browser_login(page, "office")
    page.goto("/contacts/duplicates/")
    page.get_by_role("link", name="Compare and merge").first.click()
    page.locator("input[name=title][value=duplicate]").check()
    page.get_by_role("button", name="Merge").click()
    page.get_by_text("every meeting, lead, follow-up").wait_for()
    survivor = Contact.objects.get(pk__in=[park.pk, twin.pk])  # exactly one of the two is left
    assert (survivor.pk, survivor.title) == (park.pk, "Senior Manager")


def test_search_keyboard_only(page, live_server, book):
    browser_login(page, "office")
    page.goto("/contacts/")
    page.focus("#id_q")
    page.keyboard.type("jose muller")
    page.wait_for_function("() => !document.querySelector('#contact-results').textContent.includes('Kim Min-jun')")
    assert page.locator("#contact-results").get_by_text("José Müller").is_visible()


def test_merged_contact_link_and_actions_from_a_contact_page(page, live_server, book):
    from delegations.services import contact_merge
    from tests.factories.scheduling import book as book_meeting
    from tests.factories.scheduling import make_scene, seoul

    _office, kim, _park = book
    scene = make_scene(contacts=0)
    kim.expos.add(scene.expo)
    meeting = book_meeting(scene, title="MOU with Seoul", start=seoul(4, 10), end=seoul(4, 11), contacts=[kim])
    duplicate = ContactFactory(full_name="Kim Minjun", organization=kim.organization, country="KR")
    contact_merge(keep=kim, duplicate=duplicate, actor=None)

    browser_login(page, "office")
    page.goto(f"/contacts/{duplicate.pk}/")  # an old bookmark of the merged-away contact
    page.wait_for_url(f"**/contacts/{kim.pk}/")
    assert page.get_by_text("That contact was merged into this one.").is_visible()
    shoot(page, "contact-detail-merged-1280")

    page.get_by_role("link", name="MOU with Seoul").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    page.go_back()

    page.get_by_role("link", name="Schedule a meeting").first.click()
    page.wait_for_url("**/meetings/new/?contact=*")
    selected = page.eval_on_selector("#id_contacts", "el => [...el.selectedOptions].map(o => o.value)")
    assert selected == [str(kim.pk)]
    page.go_back()

    page.get_by_role("link", name="Add follow-up").first.click()
    page.wait_for_url("**/follow-ups/new/?contact=*")
    assert page.locator("#id_contact").input_value() == str(kim.pk)
    assert page.locator("#id_organization").input_value() == str(kim.organization_id)
