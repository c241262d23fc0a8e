"""generate_data: realistic multi-script data, fast, history kept, refuses on production settings."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from delegations.models import BusyTime, Contact, Organization
from meetings.models import Meeting, MeetingAttendee
from tests.factories import ExpoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_on():
    with override_settings(DEBUG=True):
        yield


def test_generate_data_refuses_when_debug_is_off():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--force"):
        call_command("generate_data", organizations=1, contacts=1)
    assert Contact.objects.count() == 0
    call_command("generate_data", organizations=2, force=True, stdout=io.StringIO())
    assert Organization.objects.count() == 2


def test_generate_data_creates_multi_script_contacts_with_history_and_meetings(debug_on):
    expo = ExpoFactory()
    out = io.StringIO()
    call_command("generate_data", organizations=50, contacts=600, meetings=30, seed=7, stdout=out)
    assert Organization.objects.count() == 50
    assert Contact.objects.count() == 600
    assert "contacts: 600 added" in out.getvalue()
    natives = "".join(Contact.objects.values_list("native_name", flat=True))
    for low, high, script in [
        (0xAC00, 0xD7A3, "Hangul"),
        (0x0600, 0x06FF, "Arabic"),
        (0x0590, 0x05FF, "Hebrew"),
        (0x4E00, 0x9FFF, "Chinese"),
    ]:
        assert any(low <= ord(ch) <= high for ch in natives), script
    assert Contact.objects.filter(full_name__regex=r"[éèçãøöüñłšř]").exists()
    assert Contact.objects.values("country").distinct().count() >= 8
    phones = [str(p) for p in Contact.objects.exclude(phone="").values_list("phone", flat=True)[:50]]
    assert phones and all(p.startswith("+") and p[1:].isdigit() for p in phones)
    # History is complete: one insert event per generated row.
    assert Contact.pgh_event_model.objects.filter(pgh_label="insert").count() == 600
    assert Organization.pgh_event_model.objects.filter(pgh_label="insert").count() == 50
    # Meetings in the first expo, attendees booked without a double booking.
    assert Meeting.objects.filter(expo=expo).count() == 30
    assert MeetingAttendee.objects.filter(meeting__expo=expo, contact__isnull=False).count() >= 30
    assert BusyTime.objects.filter(source="meeting").count() == MeetingAttendee.objects.count()


def test_generate_data_runs_twice_without_name_clashes(debug_on):
    call_command("generate_data", organizations=20, contacts=10, seed=1, stdout=io.StringIO())
    call_command("generate_data", organizations=20, contacts=10, seed=1, stdout=io.StringIO())
    assert Organization.objects.count() == 40
    assert Contact.objects.count() == 20


def test_generate_data_contacts_need_organisations(debug_on):
    with pytest.raises(CommandError, match="organisations"):
        call_command("generate_data", contacts=5)
