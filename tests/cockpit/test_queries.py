"""N+1 guards: every cockpit page runs the same number of queries with demo-sized data and ten times as much."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations.selectors import current_expo, member_list
from meetings.selectors import meeting_list
from tests.factories.cockpit import build_scenario


def page_urls(scenario) -> dict[str, str]:
    slug = scenario.expo.slug
    day = scenario.expo.starts_on.isoformat()
    return {
        "dashboard": f"{reverse('dashboard')}?expo={slug}",
        "delegation": f"{reverse('delegation-overview')}?expo={slug}&at={day}T10:15",
        "agenda": f"{reverse('agenda-grid')}?expo={slug}",
        "report": f"{reverse('outcome-report')}?expo={slug}",
        "report-csv": f"{reverse('outcome-report')}?expo={slug}&format=csv",
        "briefing-meeting": reverse("briefing-meeting", args=[scenario.meetings[3].pk]),
        "briefing-day": reverse("briefing-member-day", args=[scenario.head.pk, day]),
    }


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.django_db
def test_cockpit_pages_run_as_many_queries_at_ten_times_the_data(client):
    small = build_scenario(scale=1, year=2027, office_username="office-small")
    large = build_scenario(scale=10, year=2031, office_username="office-large", organization_offset=100)
    assert len(large.meetings) == 10 * len(small.meetings)
    assert len(large.contacts) == 10 * len(small.contacts)
    client.force_login(small.office)
    small_counts = {name: count_queries(client, url) for name, url in page_urls(small).items()}
    large_counts = {name: count_queries(client, url) for name, url in page_urls(large).items()}
    assert large_counts == small_counts
    # And the counts stay modest in absolute terms.
    assert max(small_counts.values()) <= 30, small_counts


@pytest.mark.django_db
def test_year_over_year_report_adds_a_fixed_number_of_queries(client):
    small = build_scenario(scale=1, year=2027, office_username="office-small")
    earlier = build_scenario(scale=1, year=2026, office_username="office-earlier", organization_offset=50)
    client.force_login(small.office)
    alone = count_queries(client, f"{reverse('outcome-report')}?expo={small.expo.slug}")
    compared = count_queries(client, f"{reverse('outcome-report')}?expo={small.expo.slug}&compare={earlier.expo.slug}")
    build_scenario(scale=3, year=2025, office_username="office-older", organization_offset=80)
    compared_bigger = count_queries(client, f"{reverse('outcome-report')}?expo=wsce-2025&compare={earlier.expo.slug}")
    assert compared == compared_bigger
    assert compared - alone <= 8


@pytest.mark.django_db
def test_cockpit_pages_on_the_demo_and_ten_times_as_much(client, django_user_model):
    call_command("load_demo", "--force", stdout=StringIO())
    expo = current_expo()
    client.force_login(django_user_model.objects.get(username="office"))
    meeting = meeting_list().filter(expo=expo).order_by("starts_at").first()
    head = member_list().filter(delegation__expo=expo, role="head").first()
    urls = {
        "dashboard": reverse("dashboard"),
        "delegation": f"{reverse('delegation-overview')}?at={expo.starts_on}T11:00",
        "agenda": reverse("agenda-grid"),
        "report": reverse("outcome-report"),
        "briefing-meeting": reverse("briefing-meeting", args=[meeting.pk]),
        "briefing-day": reverse("briefing-member-day", args=[head.pk, expo.starts_on.isoformat()]),
    }
    demo = {name: count_queries(client, url) for name, url in urls.items()}
    meetings_before = meeting_list().filter(expo=expo).count()
    call_command(
        "generate_data", "--organizations", "360", "--contacts", "720", "--meetings", str(9 * meetings_before),
        "--seed", "7", "--force", stdout=StringIO(),
    )  # fmt: skip
    assert meeting_list().filter(expo=expo).count() == 10 * meetings_before
    tenfold = {name: count_queries(client, url) for name, url in urls.items()}
    assert tenfold == demo
