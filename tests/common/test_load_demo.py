"""The demo scenario loads, matches the design brief, and a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from delegations.models import BusyTime, Contact, Expo, Organization
from exhibitors.models import Exhibitor
from meetings.models import FollowUp, Meeting, Reminder, SpeakingSlot

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT_APPS = ("common", "delegations", "exhibitors", "meetings", "cockpit", "auth")


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the project's models (minus timestamps), to compare two runs."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model._meta.model_name.endswith("event"):
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in {"updated_at", "created_at", "last_login", "password", "date_joined", "claimed_at"}
        ]
        state[model._meta.label] = sorted(model.objects.values_list(*fields), key=repr)
    return state


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True  # pytest-django turns DEBUG off; the command refuses without it


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_builds_the_scenario_and_prints_logins():
    output = load()
    logins = [line for line in output.splitlines() if line.startswith("login: ")]
    assert logins == [
        "login: office / expo-demo-2027 (office)",
        "login: carelink / expo-demo-2027 (exhibitor CareLink IoT)",
        "login: cleancycle / expo-demo-2027 (exhibitor CleanCycle Systems)",
        "login: musetech / expo-demo-2027 (exhibitor MuseTech Digital)",
    ]
    expo = Expo.objects.get()
    assert (expo.city, expo.time_zone, str(expo.starts_on), str(expo.ends_on)) == (
        "Seoul",
        "Asia/Seoul",
        "2027-09-04",
        "2027-09-06",
    )
    assert Organization.objects.count() == 40
    assert Contact.objects.count() == 80
    countries = set(Organization.objects.values_list("country", flat=True))
    assert {"MA", "ZA", "OM", "AU", "US", "KR", "DE", "GB", "IL"} <= countries
    assert Exhibitor.objects.count() == 3
    assert Meeting.objects.count() == 12
    assert Meeting.objects.filter(kind="site_visit", title__icontains="organisation").exists()
    assert set(SpeakingSlot.objects.values_list("kind", flat=True)) >= {"forum_talk", "panel"}
    assert FollowUp.objects.filter(title__icontains="MOU", due_on__month=3).exists()
    assert FollowUp.objects.filter(title__icontains="secretary-general").exists()
    # Scheduled through the services: everyone's busy time is recorded and reminders exist.
    assert BusyTime.objects.filter(source="meeting").count() > 12
    assert Reminder.objects.exists()
    assert all(c.email.endswith("@example.org") for c in Contact.objects.all())


def test_load_demo_twice_gives_the_same_data():
    load()
    first = snapshot()
    load()
    assert snapshot() == first


def test_load_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Expo.objects.exists()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert Expo.objects.count() == 1
