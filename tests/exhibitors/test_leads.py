"""Booth leads: capture, contact matching, sharing, edit/delete, CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from delegations.models import Contact
from exhibitors.models import Lead
from exhibitors.services import leads as lead_services
from tests.factories import ContactFactory, LeadFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made per test; the real (slow) hasher is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Matching ----------------------------------------------------------------------------------


def test_lead_create_matches_contact_by_email_case_insensitive(exhibitor_a, exhibitor_user_a):
    contact = ContactFactory(email="Amina.Haddad@rabat.example.ma")
    lead = lead_services.lead_create(
        actor=exhibitor_user_a, exhibitor=exhibitor_a, full_name="A. Haddad", email="amina.haddad@RABAT.example.ma"
    )
    assert lead.contact == contact
    assert lead.captured_by == exhibitor_user_a


def test_lead_create_matches_same_name_at_same_organisation(exhibitor_a, exhibitor_user_a):
    organisation = OrganizationFactory(name="Cape Town Smart City Office", country="ZA")
    contact = ContactFactory(full_name="Thabo Nkosi", organization=organisation, email="thabo@capetown.example")
    lead = lead_services.lead_create(
        actor=exhibitor_user_a,
        exhibitor=exhibitor_a,
        full_name="thabo nkosi",
        organization_name="cape town smart city office",
    )
    assert lead.contact == contact


def test_lead_create_same_name_at_other_organisation_is_no_match(exhibitor_a, exhibitor_user_a):
    ContactFactory(full_name="Thabo Nkosi", organization=OrganizationFactory(name="Durban Port Authority"))
    lead = lead_services.lead_create(
        actor=exhibitor_user_a, exhibitor=exhibitor_a, full_name="Thabo Nkosi", organization_name="Other Org"
    )
    assert lead.contact is None
    assert Contact.objects.count() == 1


def test_lead_create_unshared_never_creates_contact(exhibitor_a, exhibitor_user_a):
    lead_services.lead_create(
        actor=exhibitor_user_a, exhibitor=exhibitor_a, full_name="New Person", email="new@example.org"
    )
    assert Contact.objects.count() == 0


def test_lead_create_shared_with_email_creates_booth_contact(exhibitor_a, exhibitor_user_a):
    lead = lead_services.lead_create(
        actor=exhibitor_user_a,
        exhibitor=exhibitor_a,
        full_name="Layla Al Said",
        organization_name="Muscat Municipality",
        country="OM",
        email="layla@muscat.example.om",
        shared_with_office=True,
    )
    contact = Contact.objects.get()
    assert lead.contact == contact
    assert (contact.full_name, contact.email, contact.country.code) == (
        "Layla Al Said",
        "layla@muscat.example.om",
        "OM",
    )
    assert contact.consent == Contact.Consent.BOOTH
    assert contact.tags == ["booth-lead"]
    assert list(contact.expos.all()) == [exhibitor_a.pavilion.expo]
    assert contact.organization is None
    assert "Muscat Municipality" in contact.notes


def test_lead_create_shared_uses_existing_organisation_of_that_name(exhibitor_a, exhibitor_user_a):
    organisation = OrganizationFactory(name="Muscat Municipality", country="OM")
    lead = lead_services.lead_create(
        actor=exhibitor_user_a,
        exhibitor=exhibitor_a,
        full_name="Layla Al Said",
        organization_name="MUSCAT MUNICIPALITY",
        email="layla@muscat.example.om",
        shared_with_office=True,
    )
    assert lead.contact.organization == organisation


def test_lead_create_shared_without_email_creates_no_contact(exhibitor_a, exhibitor_user_a):
    lead = lead_services.lead_create(
        actor=exhibitor_user_a, exhibitor=exhibitor_a, full_name="Walk In", shared_with_office=True
    )
    assert lead.contact is None
    assert Contact.objects.count() == 0


def test_lead_share_later_creates_contact_and_unshare_keeps_it(exhibitor_a, exhibitor_user_a):
    lead = lead_services.lead_create(
        actor=exhibitor_user_a, exhibitor=exhibitor_a, full_name="Later Share", email="later@example.org"
    )
    assert lead.contact is None
    lead = lead_services.lead_share(lead=lead, actor=exhibitor_user_a)
    assert lead.shared_with_office is True
    assert lead.contact.email == "later@example.org"
    lead = lead_services.lead_share(lead=lead, actor=exhibitor_user_a, shared=False)
    assert lead.shared_with_office is False
    assert Contact.objects.filter(email="later@example.org").count() == 1


def test_lead_update_rematches_when_email_changes(exhibitor_a, exhibitor_user_a):
    contact = ContactFactory(email="known@example.org")
    lead = lead_services.lead_create(
        actor=exhibitor_user_a, exhibitor=exhibitor_a, full_name="Someone", email="typo@example.org"
    )
    assert lead.contact is None
    lead = lead_services.lead_update(lead=lead, actor=exhibitor_user_a, email="known@example.org")
    assert lead.contact == contact


def test_lead_create_invalid_input_writes_nothing(exhibitor_a, exhibitor_user_a):
    with pytest.raises(ValidationError) as raised:
        lead_services.lead_create(
            actor=exhibitor_user_a,
            exhibitor=exhibitor_a,
            full_name="  ",
            email="not-an-address",
            country="XX",
            shared_with_office=True,
        )
    assert set(raised.value.message_dict) == {"full_name", "email", "country"}
    assert Lead.objects.count() == 0
    assert Contact.objects.count() == 0


def test_lead_delete_keeps_contact(exhibitor_a, exhibitor_user_a):
    contact = ContactFactory(email="keep@example.org")
    lead = lead_services.lead_create(
        actor=exhibitor_user_a, exhibitor=exhibitor_a, full_name="Keep", email="keep@example.org"
    )
    lead_services.lead_delete(lead=lead, actor=exhibitor_user_a)
    assert Lead.objects.count() == 0
    assert Contact.objects.filter(pk=contact.pk).exists()


# --- Pages -------------------------------------------------------------------------------------


def test_lead_capture_page_saves_and_shows_match(client, exhibitor_a, exhibitor_user_a):
    ContactFactory(full_name="Sofia Weber", email="sofia@berlin.example.de")
    client.force_login(exhibitor_user_a)
    response = client.post(
        reverse("lead-create"),
        {
            "exhibitor": exhibitor_a.pk,
            "full_name": "Sofia Weber",
            "organization_name": "Berlin Senate",
            "country": "DE",
            "email": "SOFIA@berlin.example.de",
            "interest": "Smart bins",
            "note": "Wants a demo",
        },
        follow=True,
    )
    assert response.status_code == 200
    lead = Lead.objects.get()
    assert (lead.exhibitor, lead.full_name, lead.interest, lead.shared_with_office) == (
        exhibitor_a,
        "Sofia Weber",
        "Smart bins",
        False,
    )
    content = response.content.decode()
    assert "Saved. Sofia Weber is known to the office." in content
    assert "Known to the office" in content
    assert f'id="lead-{lead.pk}"' in content


def test_lead_capture_page_bad_input_shows_errors_and_saves_nothing(client, exhibitor_a, exhibitor_user_a):
    client.force_login(exhibitor_user_a)
    response = client.post(reverse("lead-create"), {"exhibitor": exhibitor_a.pk, "full_name": "", "email": "x@"})
    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode()
    assert Lead.objects.count() == 0


def test_lead_capture_page_refuses_other_exhibitor(client, exhibitor_a, exhibitor_b, exhibitor_user_a):
    client.force_login(exhibitor_user_a)
    response = client.post(reverse("lead-create"), {"exhibitor": exhibitor_b.pk, "full_name": "Sneaky"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Lead.objects.count() == 0


def test_lead_edit_page_updates(client, exhibitor_a, exhibitor_user_a):
    lead = LeadFactory(exhibitor=exhibitor_a, full_name="Old Name")
    client.force_login(exhibitor_user_a)
    response = client.post(
        reverse("lead-edit", args=[lead.pk]),
        {"full_name": "New Name", "organization_name": "Org", "shared_with_office": "on"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.full_name, lead.shared_with_office) == ("New Name", True)


def test_lead_delete_page_asks_then_deletes(client, exhibitor_a, exhibitor_user_a):
    lead = LeadFactory(exhibitor=exhibitor_a, full_name="To Delete")
    client.force_login(exhibitor_user_a)
    confirm = client.get(reverse("lead-delete", args=[lead.pk]))
    assert confirm.status_code == 200
    assert "Delete this lead?" in confirm.content.decode()
    assert Lead.objects.filter(pk=lead.pk).exists()
    response = client.post(reverse("lead-delete", args=[lead.pk]))
    assert response.status_code == 302
    assert not Lead.objects.filter(pk=lead.pk).exists()


def test_lead_list_empty_state_says_what_to_do(client, exhibitor_a, exhibitor_user_a):
    client.force_login(exhibitor_user_a)
    response = client.get(reverse("lead-list"))
    assert response.status_code == 200
    assert "No leads yet" in response.content.decode()


def test_lead_list_shows_only_own_leads(client, exhibitor_a, exhibitor_b, exhibitor_user_a):
    LeadFactory(exhibitor=exhibitor_a, full_name="Visitor Of A")
    LeadFactory(exhibitor=exhibitor_b, full_name="Visitor Of B")
    client.force_login(exhibitor_user_a)
    content = client.get(reverse("lead-list")).content.decode()
    assert "Visitor Of A" in content
    assert "Visitor Of B" not in content


@pytest.mark.parametrize("count", [1, 3])
def test_lead_list_page_query_count_is_flat(client, exhibitor_a, exhibitor_user_a, django_assert_num_queries, count):
    for _ in range(count):
        LeadFactory(exhibitor=exhibitor_a, contact=ContactFactory())
    client.force_login(exhibitor_user_a)
    client.get(reverse("lead-list"))  # warm the session
    # (the session, the user, the rule check: office group and exhibitor membership, the leads, ...)
    with django_assert_num_queries(7):
        response = client.get(reverse("lead-list"))
    assert response.status_code == 200


# --- CSV ---------------------------------------------------------------------------------------


def test_safe_cell_neutralises_formulas():
    assert lead_services.safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert lead_services.safe_cell("+1+1") == "'+1+1"
    assert lead_services.safe_cell("-2") == "'-2"
    assert lead_services.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert lead_services.safe_cell("\t=1") == "'\t=1"
    assert lead_services.safe_cell("  =1") == "'  =1"
    assert lead_services.safe_cell("Ahmed") == "Ahmed"
    assert lead_services.safe_cell("王小明") == "王小明"


def test_lead_export_csv_is_utf8_bom_and_escaped(client, exhibitor_a, exhibitor_b, exhibitor_user_a):
    LeadFactory(
        exhibitor=exhibitor_a,
        full_name="=cmd|' /C calc'!A0",
        organization_name="臺北市政府",
        note='@SUM(1+1)*cmd|"',
        email="ok@example.org",
    )
    LeadFactory(exhibitor=exhibitor_b, full_name="Other Exhibitor Lead")
    client.force_login(exhibitor_user_a)
    response = client.get(reverse("lead-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="leads-care-tech-')
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 2
    header, row = rows
    assert header[:3] == ["Logged at", "Exhibitor", "Name"]
    assert row[1:6] == ["Care Tech", "'=cmd|' /C calc'!A0", "臺北市政府", "ZA", "ok@example.org"]
    assert row[8] == "'@SUM(1+1)*cmd|\""


def test_lead_list_shows_times_in_the_expos_time_zone(client, exhibitor_a, exhibitor_user_a):
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2027, 9, 4, 1, 30, tzinfo=dt.UTC), tick=False):
        LeadFactory(exhibitor=exhibitor_a)
    client.force_login(exhibitor_user_a)
    content = client.get(reverse("lead-list")).content.decode()
    assert 'datetime="2027-09-04T10:30:00+09:00"' in content


def test_lead_capture_for_user_of_two_exhibitors_offers_a_choice(client, exhibitor_a, exhibitor_b, exhibitor_user_a):
    from tests.factories import ExhibitorMembershipFactory

    ExhibitorMembershipFactory(exhibitor=exhibitor_b, user=exhibitor_user_a)
    client.force_login(exhibitor_user_a)
    form = client.get(reverse("lead-create")).content.decode()
    assert f'<option value="{exhibitor_b.pk}"' in form
    assert f'<option value="{exhibitor_a.pk}"' in form
    response = client.post(reverse("lead-create"), {"exhibitor": exhibitor_b.pk, "full_name": "For B"})
    assert response.status_code == 302
    assert Lead.objects.get().exhibitor == exhibitor_b
    # The next form starts on the exhibitor used last.
    again = client.get(reverse("lead-create")).content.decode()
    assert f'<option value="{exhibitor_b.pk}" selected>' in again


def test_lead_list_office_sees_every_exhibitor(client, office_user, exhibitor_a, exhibitor_b):
    LeadFactory(exhibitor=exhibitor_a, full_name="Visitor Of A")
    LeadFactory(exhibitor=exhibitor_b, full_name="Visitor Of B")
    client.force_login(office_user)
    content = client.get(reverse("lead-list")).content.decode()
    assert "Visitor Of A" in content
    assert "Visitor Of B" in content
    only_b = client.get(reverse("lead-list"), {"exhibitor": exhibitor_b.pk}).content.decode()
    assert "Visitor Of A" not in only_b
