"""Who may open the cockpit's pages: office staff only; everyone else is told so or sent to sign in."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from cockpit import urls as cockpit_urls
from tests.factories import DelegationFactory, MeetingAttendeeFactory, MeetingFactory, MemberFactory, UserFactory

OFFICE_ONLY = ["delegation-overview", "agenda-grid", "outcome-report", "briefing-meeting", "briefing-member-day"]


@pytest.fixture
def scenario(db):
    """A small expo: enough for every page to render, quick to build (the role matrix runs often)."""
    delegation = DelegationFactory()
    head = MemberFactory(delegation=delegation, role="head", full_name="Chen Wei-Ming")
    meeting = MeetingFactory(expo=delegation.expo, title="Meeting with Rabat")
    MeetingAttendeeFactory(meeting=meeting, member=head)
    office = UserFactory(username="office-lead", office=True)
    return SimpleNamespace(expo=delegation.expo, head=head, meetings=[meeting], office=office)


def page_urls(scenario) -> dict[str, str]:
    return {
        "dashboard": reverse("dashboard"),
        "delegation-overview": reverse("delegation-overview"),
        "agenda-grid": reverse("agenda-grid"),
        "outcome-report": reverse("outcome-report"),
        "briefing-meeting": reverse("briefing-meeting", args=[scenario.meetings[0].pk]),
        "briefing-member-day": reverse("briefing-member-day", args=[scenario.head.pk, "2027-09-04"]),
    }


def test_every_cockpit_page_is_in_the_access_matrix(scenario):
    # The contact dossier and the API-key pages have their own access tests (and the URL matrix).
    own_tests = {
        "service-worker",
        "contact-detail",
        "api-key-list",
        "api-key-create",
        "api-key-detail",
        "api-key-revoke",
    }
    named = {p.name for p in cockpit_urls.urlpatterns} - own_tests
    assert named == set(page_urls(scenario))


@pytest.mark.django_db
def test_cockpit_pages_send_anonymous_visitors_to_sign_in(client, scenario):
    for name, url in page_urls(scenario).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/"), name


@pytest.mark.django_db
def test_cockpit_pages_refuse_a_user_without_a_role(client, scenario, plain_user):
    client.force_login(plain_user)
    for name, url in page_urls(scenario).items():
        response = client.get(url)
        assert response.status_code == 403, name
        assert "No access yet" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["exhibitor_user_a", "exhibitor_user_b"])
def test_exhibitor_users_land_on_their_booth_and_cannot_open_the_cockpit(client, scenario, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("exhibitor-home")
    for name in OFFICE_ONLY:
        assert client.get(page_urls(scenario)[name]).status_code == 403, name


@pytest.mark.django_db
def test_api_key_does_not_open_cockpit_pages(client, scenario, key_client):
    api = key_client("meetings:read", "contacts:read")
    for name, url in page_urls(scenario).items():
        response = client.get(url, HTTP_AUTHORIZATION=f"Token {api.raw_key}")
        assert response.status_code == 302, name


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["office", "superuser"])
def test_office_staff_and_superusers_open_every_page(client, scenario, superuser, who):
    client.force_login(scenario.office if who == "office" else superuser)
    for name, url in page_urls(scenario).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.django_db
def test_unknown_briefing_objects_answer_404(office_client, scenario):
    assert office_client.get(reverse("briefing-meeting", args=[999_999])).status_code == 404
    assert office_client.get(reverse("briefing-member-day", args=[999_999, "2027-09-04"])).status_code == 404
    assert office_client.get(reverse("briefing-member-day", args=[scenario.head.pk, "2027-13-40"])).status_code == 404
    assert office_client.get(reverse("briefing-member-day", args=[scenario.head.pk, "not-a-day"])).status_code == 404


@pytest.mark.django_db
def test_pages_without_an_expo_say_what_to_do(client, office_user):
    client.force_login(office_user)
    for name in ("dashboard", "delegation-overview", "agenda-grid", "outcome-report"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "load_demo" in response.content.decode(), name
