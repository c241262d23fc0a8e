"""Finding Low: lead notes are bounded on every path (page, API, service, database)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from exhibitors.models import LEAD_NOTE_MAX_LENGTH, Lead
from exhibitors.services import leads as lead_services
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

TOO_LONG = "n" * (LEAD_NOTE_MAX_LENGTH + 1)


def test_low_lead_note_at_the_bound_is_saved(exhibitor_a, exhibitor_user_a):
    lead = lead_services.lead_create(
        actor=exhibitor_user_a, exhibitor=exhibitor_a, full_name="Ana", note="n" * LEAD_NOTE_MAX_LENGTH
    )
    assert len(Lead.objects.get(pk=lead.pk).note) == LEAD_NOTE_MAX_LENGTH


def test_low_lead_note_over_the_bound_is_refused_by_the_service(exhibitor_a, exhibitor_user_a):
    with pytest.raises(ValidationError) as caught:
        lead_services.lead_create(actor=exhibitor_user_a, exhibitor=exhibitor_a, full_name="Ana", note=TOO_LONG)
    assert "note" in caught.value.message_dict
    assert not Lead.objects.exists()


def test_low_lead_note_over_the_bound_is_refused_by_the_page(client, exhibitor_a, exhibitor_user_a):
    client.force_login(exhibitor_user_a)
    response = client.post(reverse("lead-create"), {"exhibitor": exhibitor_a.pk, "full_name": "Ana", "note": TOO_LONG})
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    assert not Lead.objects.exists()


def test_low_lead_note_of_9_mb_is_refused_by_the_api(exhibitor_a, exhibitor_user_a):
    api = APIClient()
    api.force_authenticate(exhibitor_user_a)
    response = api.post(
        "/api/v1/leads/", {"exhibitor": exhibitor_a.pk, "full_name": "Ana", "note": "n" * 9_000_000}, format="json"
    )
    assert response.status_code == 400
    assert "note" in response.json()["fields"]
    assert not Lead.objects.exists()


def test_low_lead_note_over_the_bound_is_refused_by_the_database(exhibitor_a):
    lead = LeadFactory(exhibitor=exhibitor_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Lead.objects.filter(pk=lead.pk).update(note=TOO_LONG)
