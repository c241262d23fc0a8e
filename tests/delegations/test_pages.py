"""Contact book pages: who may open them, what they show, and that they stay within a few queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations.models import Contact, ContactTombstone, Organization
from tests.factories import (
    ContactFactory,
    ExpoFactory,
    FollowUpFactory,
    LeadFactory,
    MeetingAttendeeFactory,
    MeetingFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(db):
    org = OrganizationFactory(name="Seoul Digital Foundation", native_name="서울디지털재단", country="KR")
    return ContactFactory(
        organization=org,
        honorific="Dr.",
        full_name="Kim Min-jun",
        native_name="김민준",
        title="Director",
        rank=1,
        email="minjun@sdf.or.kr",
        country="KR",
        preferred_language="ko",
    )


def _pages(contact):
    org = contact.organization
    other = ContactFactory(organization=org, full_name="Kim Minjun")
    return [
        reverse("contact-list"),
        reverse("contact-create"),
        reverse("contact-detail", args=[contact.pk]),
        reverse("contact-update", args=[contact.pk]),
        reverse("contact-delete", args=[contact.pk]),
        reverse("contact-export-csv"),
        reverse("contact-export-vcf"),
        reverse("contact-duplicates"),
        reverse("contact-merge", args=[contact.pk, other.pk]),
        reverse("contact-import"),
        reverse("organization-list"),
        reverse("organization-create"),
        reverse("organization-detail", args=[org.pk]),
        reverse("organization-update", args=[org.pk]),
        reverse("organization-delete", args=[org.pk]),
        reverse("api-key-list"),
        reverse("api-key-create"),
    ]


def test_pages_anonymous_redirected_to_login(client, contact):
    for url in _pages(contact):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize("role", ["plain_user", "exhibitor_user_a", "exhibitor_user_b"])
def test_pages_forbidden_outside_office(client, contact, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in _pages(contact):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("contact-delete", args=[contact.pk])).status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()


@pytest.mark.parametrize("role", ["office_user", "superuser"])
def test_pages_open_for_office(client, contact, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in _pages(contact):
        assert client.get(url).status_code == 200, url


def test_pages_refuse_api_key(client, contact, key_client):
    api = key_client("contacts:read", "contacts:write")
    for url in _pages(contact):
        response = api.get(url)
        assert response.status_code == 302, url  # a key is not a browser session: sign in first


# --- Directory ----------------------------------------------------------------------------------


def test_contact_list_shows_protocol_fields(client, office_user, contact):
    client.force_login(office_user)
    html = client.get(reverse("contact-list")).content.decode()
    assert "Kim Min-jun" in html
    assert '<span class="native-name" dir="auto" lang="ko">김민준</span>' in html
    assert '<span class="honorific">Dr.</span>' in html
    assert "서울디지털재단" in html


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("김민준", True),
        ("kim min", True),
        ("KIM MINJUN", True),  # typo-tolerant (missing hyphen)
        ("Kim Mni-jun", True),  # transposed letters
        ("minjun@sdf", True),
        ("seoul digital", True),
        ("Fatima", False),
    ],
)
def test_contact_list_search(client, office_user, contact, term, expected):
    ContactFactory(full_name="Someone Else", email="else@example.org")
    client.force_login(office_user)
    response = client.get(reverse("contact-list"), {"q": term, "partial": "1"})
    assert response.status_code == 200
    assert ("Kim Min-jun" in response.content.decode()) is expected
    assert "<html" not in response.content.decode()  # the partial only


def test_contact_list_search_accents_ignored(client, office_user):
    ContactFactory(full_name="José Müller")
    client.force_login(office_user)
    html = client.get(reverse("contact-list"), {"q": "jose muller"}).content.decode()
    assert "José Müller" in html


def test_contact_list_filters(client, office_user):
    expo = ExpoFactory()
    gov = OrganizationFactory(kind=Organization.Kind.GOVERNMENT, country="OM", sector="mobility")
    company = OrganizationFactory(kind=Organization.Kind.COMPANY, country="DE")
    a = ContactFactory(organization=gov, full_name="Aisha Omani", country="OM", tags=["mou"], owner=office_user)
    a.expos.add(expo)
    ContactFactory(organization=company, full_name="Bernd German", country="DE")
    client.force_login(office_user)
    url = reverse("contact-list")
    for params in (
        {"country": "OM"},
        {"organization_kind": "government"},
        {"sector": "Mobility"},
        {"tag": "mou"},
        {"expo": expo.pk},
        {"owner": office_user.pk},
    ):
        html = client.get(url, params).content.decode()
        assert "Aisha Omani" in html and "Bernd German" not in html, params


def test_contact_list_bad_filter_says_so(client, office_user, contact):
    client.force_login(office_user)
    response = client.get(reverse("contact-list"), {"country": "XX"})
    assert response.status_code == 200
    assert "not valid" in response.content.decode()


def test_contact_list_keyset_pages_reach_every_row(client, office_user):
    org = OrganizationFactory()
    names = [f"Person {i:03d}" for i in range(120)]
    for name in names:
        ContactFactory(full_name=name, organization=org)
    client.force_login(office_user)
    seen: list[str] = []
    url = reverse("contact-list")
    while url:
        response = client.get(url)
        seen.extend(c.full_name for c in response.context["contacts"])
        next_url = response.context["next_url"]
        url = reverse("contact-list") + next_url if next_url else None
    assert seen == names


def test_contact_list_garbage_cursor_starts_over(client, office_user, contact):
    client.force_login(office_user)
    response = client.get(reverse("contact-list"), {"after": "%%%not-base64"})
    assert response.status_code == 200
    assert [c.pk for c in response.context["contacts"]] == [contact.pk]


def _list_queries(client, django_assert_max_num_queries, url, count):
    for _ in range(count):
        c = ContactFactory()
        c.tags = ["x"]
        c.save()
    with django_assert_max_num_queries(16) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["contact-list", "organization-list", "contact-duplicates"])
def test_list_pages_query_count_does_not_grow(client, office_user, django_assert_max_num_queries, url_name):
    client.force_login(office_user)
    url = reverse(url_name)
    one = _list_queries(client, django_assert_max_num_queries, url, 1)
    many = _list_queries(client, django_assert_max_num_queries, url, 5)
    assert one == many


def test_contact_search_query_count_does_not_grow(client, office_user, django_assert_max_num_queries):
    client.force_login(office_user)
    url = reverse("contact-list") + "?q=contact"
    one = _list_queries(client, django_assert_max_num_queries, url, 1)
    many = _list_queries(client, django_assert_max_num_queries, url, 5)
    assert one == many


def test_contact_detail_query_count_does_not_grow(client, office_user, contact, django_assert_max_num_queries):
    client.force_login(office_user)
    url = reverse("contact-detail", args=[contact.pk])

    added = []

    def add_links():
        # One hour apart: the same guest cannot be in two meetings at once (the database refuses it).
        start = timezone.now() + dt.timedelta(days=30, hours=len(added))
        added.append(start)
        meeting = MeetingFactory(starts_at=start, ends_at=start + dt.timedelta(minutes=45))
        MeetingAttendeeFactory(meeting=meeting, contact=contact)
        LeadFactory(contact=contact)
        FollowUpFactory(contact=contact)
        contact.title = f"{contact.title}+"
        contact.save()

    add_links()
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for _ in range(3):
        add_links()
    with django_assert_max_num_queries(30) as many:
        client.get(url)
    assert len(one) == len(many)


def test_contact_detail_gathers_meetings_leads_follow_ups_history(client, office_user, contact):
    meeting = MeetingFactory(title="MOU talks with SDF")
    MeetingAttendeeFactory(meeting=meeting, contact=contact)
    LeadFactory(contact=contact, interest="smart bins")
    FollowUpFactory(contact=contact, title="Send the MOU draft")
    client.force_login(office_user)
    client.post(
        reverse("contact-update", args=[contact.pk]),
        {"full_name": "Kim Min-jun", "title": "Secretary-General", "country": "KR"},
    )
    html = client.get(reverse("contact-detail", args=[contact.pk])).content.decode()
    assert "MOU talks with SDF" in html
    assert "smart bins" in html
    assert "Send the MOU draft" in html
    assert "Secretary-General" in html
    # The history names who changed what, before and after.
    assert '<td class="before">Director</td><td class="after">Secretary-General</td>' in html
    assert "office" in html


def test_contact_detail_unknown_is_404(client, office_user):
    client.force_login(office_user)
    assert client.get(reverse("contact-detail", args=[999999])).status_code == 404


# --- Create / edit / delete ---------------------------------------------------------------------


def test_contact_create_through_page(client, office_user):
    org = OrganizationFactory()
    client.force_login(office_user)
    response = client.post(
        reverse("contact-create"),
        {
            "honorific": "H.E.",
            "full_name": "Sipho Ndlovu",
            "native_name": "",
            "organization": f"{org.name} ({org.country.code})",
            "email": "sipho@example.gov.za",
            "phone": "+27 21 123 4567",
            "country": "ZA",
            "languages": ["en", "zu"],
            "tags": "award jury",
        },
    )
    contact = Contact.objects.get(full_name="Sipho Ndlovu")
    assert response.status_code == 302 and response["Location"] == reverse("contact-detail", args=[contact.pk])
    assert str(contact.phone) == "+27211234567"
    assert contact.languages == ["en", "zu"]


def test_contact_create_invalid_shows_errors_per_field_and_saves_nothing(client, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("contact-create"),
        {"full_name": "Bad Data", "email": "nope", "phone": "12", "country": "", "languages": "english!"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"email", "phone", "languages"}
    assert not Contact.objects.exists()


def test_contact_delete_needs_confirmation_then_leaves_tombstone(client, office_user, contact):
    client.force_login(office_user)
    page = client.get(reverse("contact-delete", args=[contact.pk]))
    assert "Yes, delete" in page.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()
    response = client.post(reverse("contact-delete", args=[contact.pk]))
    assert response["Location"] == reverse("contact-list")
    assert ContactTombstone.objects.filter(contact_id=contact.pk).exists()


def test_organization_delete_blocked_while_contacts_belong(client, office_user, contact):
    client.force_login(office_user)
    response = client.post(reverse("organization-delete", args=[contact.organization_id]), follow=True)
    assert "still belong" in response.content.decode()
    assert Organization.objects.filter(pk=contact.organization_id).exists()


def test_organization_create_and_edit(client, office_user):
    client.force_login(office_user)
    client.post(reverse("organization-create"), {"name": "Muscat Municipality", "kind": "city", "country": "OM"})
    org = Organization.objects.get(name="Muscat Municipality")
    response = client.post(
        reverse("organization-update", args=[org.pk]),
        {"name": "Muscat Municipality", "kind": "city", "country": "QQ"},
    )
    assert "country" in response.context["form"].errors
    org.refresh_from_db()
    assert org.country.code == "OM"


# --- Merge --------------------------------------------------------------------------------------


def test_merge_page_picks_values_and_keeps_links(client, office_user):
    org = OrganizationFactory()
    keep = ContactFactory(organization=org, full_name="Fatima Zahra", title="Adviser", email="fz@rabat.ma")
    duplicate = ContactFactory(organization=org, full_name="Fatima Zahra El Idrissi", title="Director", email="")
    lead = LeadFactory(contact=duplicate)
    client.force_login(office_user)
    page = client.get(reverse("contact-merge", args=[keep.pk, duplicate.pk]))
    assert "Fatima Zahra El Idrissi" in page.content.decode()
    response = client.post(
        reverse("contact-merge", args=[keep.pk, duplicate.pk]),
        {"full_name": "duplicate", "title": "duplicate", "email": "keep"},
    )
    assert response["Location"] == reverse("contact-detail", args=[keep.pk])
    keep.refresh_from_db()
    assert (keep.full_name, keep.title, keep.email) == ("Fatima Zahra El Idrissi", "Director", "fz@rabat.ma")
    lead.refresh_from_db()
    assert lead.contact_id == keep.pk
    assert ContactTombstone.objects.get(contact_id=duplicate.pk).merged_into_id == keep.pk


# --- Export -------------------------------------------------------------------------------------


def test_export_csv_follows_filter_with_bom_and_neutralised_cells(client, office_user):
    ContactFactory(full_name="=HYPERLINK(1)", native_name="김민준", country="KR")
    ContactFactory(full_name="Other Country", country="ZA")
    client.force_login(office_user)
    response = client.get(reverse("contact-export-csv"), {"country": "KR", "bom": "1"})
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "김민준" in text
    assert "Other Country" not in text


def test_export_vcard_follows_filter(client, office_user, contact):
    ContactFactory(full_name="Other Person", country="ZA")
    client.force_login(office_user)
    response = client.get(reverse("contact-export-vcf"), {"country": "KR"})
    body = b"".join(response.streaming_content).decode()
    assert body.count("BEGIN:VCARD") == 1
    assert "Kim Min-jun" in body


def test_contact_form_picks_organisation_by_name(client, office_user):
    rabat = OrganizationFactory(name="Smart City Office", country="MA")
    OrganizationFactory(name="Smart City Office", country="KR")
    unique = OrganizationFactory(name="Oman Vision 2040 Unit", country="OM")
    client.force_login(office_user)
    base = {"full_name": "Someone", "country": "MA"}
    response = client.post(reverse("contact-create"), {**base, "organization": "smart city office"})
    assert "add the country code" in " ".join(response.context["form"].errors["organization"])
    response = client.post(reverse("contact-create"), {**base, "organization": "Nowhere Agency"})
    assert "No organisation is called" in " ".join(response.context["form"].errors["organization"])
    client.post(reverse("contact-create"), {**base, "full_name": "A", "organization": "Smart City Office (MA)"})
    client.post(reverse("contact-create"), {**base, "full_name": "B", "organization": "oman vision 2040 unit"})
    assert Contact.objects.get(full_name="A").organization == rabat
    assert Contact.objects.get(full_name="B").organization == unique
    page = client.get(reverse("contact-update", args=[Contact.objects.get(full_name="A").pk]))
    assert 'value="Smart City Office (MA)"' in page.content.decode()


def test_organization_detail_query_count_does_not_grow(client, office_user, django_assert_max_num_queries):
    org = OrganizationFactory()
    ContactFactory(organization=org, owner=office_user)
    client.force_login(office_user)
    url = reverse("organization-detail", args=[org.pk])
    with django_assert_max_num_queries(15) as one:
        client.get(url)
    for _ in range(4):
        ContactFactory(organization=org, owner=office_user)
    org.sector = "mobility"
    org.save()
    with django_assert_max_num_queries(15) as many:
        client.get(url)
    assert len(one) == len(many)


def test_merged_contact_history_names_the_merge(client, office_user):
    org = OrganizationFactory()
    keep = ContactFactory(organization=org, full_name="Keep Me")
    duplicate = ContactFactory(organization=org, full_name="Keep Me Too")
    client.force_login(office_user)
    response = client.post(
        reverse("contact-merge", args=[keep.pk, duplicate.pk]), {"full_name": "keep", "email": "keep"}
    )
    assert response.status_code == 302
    html = client.get(reverse("contact-detail", args=[keep.pk])).content.decode()
    assert "merged into this contact" in html
    assert f"merged record #{duplicate.pk}" in html
