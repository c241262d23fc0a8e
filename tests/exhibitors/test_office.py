"""The office's pavilion-wide view: profile status, completeness, leads per exhibitor, shared leads."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from exhibitors.models import BoothProfile
from exhibitors.services import profile_snapshot
from tests.factories import BoothProfileFactory, ExhibitorFactory, LeadFactory
from tests.factories.leads import complete_profile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _row(content: str, exhibitor_id: int) -> str:
    match = re.search(rf'<tr data-exhibitor="{exhibitor_id}">(.*?)</tr>', content, re.S)
    assert match, f"no row for exhibitor {exhibitor_id}"
    return match.group(1)


def test_pavilion_review_shows_status_completeness_and_lead_counts(client, office_user, exhibitor_a, exhibitor_b):
    complete_profile(exhibitor_a, status=BoothProfile.Status.SUBMITTED)
    BoothProfileFactory(exhibitor=exhibitor_b, tagline="", description="")
    LeadFactory.create_batch(3, exhibitor=exhibitor_a)
    LeadFactory(exhibitor=exhibitor_a, shared_with_office=True, full_name="Shared Person")
    LeadFactory(exhibitor=exhibitor_b, full_name="Unshared Person")
    not_started = ExhibitorFactory(pavilion=exhibitor_a.pavilion, name="Late Starter")
    client.force_login(office_user)

    response = client.get(reverse("pavilion-review"))

    assert response.status_code == 200
    content = response.content.decode()
    row_a = _row(content, exhibitor_a.pk)
    assert "Submitted for review" in row_a
    assert "100%" in row_a
    assert '<td class="num">4</td>' in row_a
    assert '<td class="num">1</td>' in row_a
    row_b = _row(content, exhibitor_b.pk)
    assert "Draft" in row_b
    assert "Missing:" in row_b
    assert '<td class="num">1</td>' in row_b
    assert '<td class="num">0</td>' in row_b
    assert "Not started" in _row(content, not_started.pk)
    assert "Shared Person" in content
    assert "Unshared Person" not in content
    assert f'href="{reverse("exhibitor-profile-review", args=[exhibitor_a.pk])}"' in content


def test_pavilion_review_marks_published_version_online_while_draft_is_edited(client, office_user, exhibitor_a):
    profile = complete_profile(exhibitor_a)
    profile.published = profile_snapshot(profile)
    profile.status = BoothProfile.Status.DRAFT
    profile.save()
    client.force_login(office_user)
    row = _row(client.get(reverse("pavilion-review")).content.decode(), exhibitor_a.pk)
    assert "an earlier version is online" in row


def test_pavilion_review_empty_states(client, office_user):
    client.force_login(office_user)
    content = client.get(reverse("pavilion-review")).content.decode()
    assert "No exhibitors yet" in content
    assert "No exhibitor has shared a lead yet" in content


def test_pavilion_review_unknown_pavilion_is_404(client, office_user):
    client.force_login(office_user)
    assert client.get(reverse("pavilion-review"), {"pavilion": "nowhere"}).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_pavilion_review_query_count_is_flat(client, office_user, exhibitor_a, django_assert_num_queries, count):
    for index in range(count):
        exhibitor = ExhibitorFactory(pavilion=exhibitor_a.pavilion)
        complete_profile(exhibitor)
        LeadFactory.create_batch(2, exhibitor=exhibitor, shared_with_office=bool(index % 2))
        LeadFactory(exhibitor=exhibitor, shared_with_office=True)
    client.force_login(office_user)
    client.get(reverse("pavilion-review"))
    with django_assert_num_queries(8):
        response = client.get(reverse("pavilion-review"))
    assert response.status_code == 200


def test_office_lead_export_of_shared_leads_only(client, office_user, exhibitor_a, exhibitor_b):
    LeadFactory(exhibitor=exhibitor_a, shared_with_office=True, full_name="Shared A")
    LeadFactory(exhibitor=exhibitor_b, shared_with_office=True, full_name="Shared B")
    LeadFactory(exhibitor=exhibitor_b, full_name="Private B")
    client.force_login(office_user)
    response = client.get(reverse("lead-export"), {"shared": "1"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="leads-pavilion-')
    assert "Shared A" in body
    assert "Shared B" in body
    assert "Private B" not in body


def test_pavilion_review_links_shared_lead_to_its_contact(client, office_user, exhibitor_a):
    from tests.factories import ContactFactory

    contact = ContactFactory(full_name="Known Person")
    LeadFactory(exhibitor=exhibitor_a, shared_with_office=True, contact=contact)
    client.force_login(office_user)
    content = client.get(reverse("pavilion-review")).content.decode()
    assert f'<a class="badge ok" href="{reverse("contact-detail", args=[contact.pk])}">Known Person</a>' in content
