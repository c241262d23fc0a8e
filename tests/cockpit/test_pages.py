"""What the cockpit's pages show, with demo-like data."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from cockpit import report
from meetings.models import Meeting
from tests.factories import ContactFactory, FollowUpFactory, OrganizationFactory, UserFactory
from tests.factories.cockpit import at, build_scenario

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


# --- Dashboard ---------------------------------------------------------------------------------


def test_dashboard_shows_today_in_expo_time_and_what_needs_attention(office_client, scenario):
    FollowUpFactory(expo=scenario.expo, title="Overdue thank-you letters", due_on=dt.date(2027, 9, 1), status="open")
    FollowUpFactory(expo=scenario.expo, title="Done long ago", due_on=dt.date(2027, 9, 1), status="done")
    # 00:30 on day 2 in Seoul is still day 1 in UTC: "today" must follow the expo's clock.
    with time_machine.travel(at(2, 0, 30), tick=False):
        office_client.force_login(scenario.office)
        response = office_client.get(reverse("dashboard"))
    body = text(response)
    assert response.context["today"] == dt.date(2027, 9, 5)
    today_titles = [i.title for i in response.context["today_items"]]
    assert "Symposium: cities that share data" in today_titles
    assert all(
        i.starts_at.astimezone(scenario.expo.tz).date() == dt.date(2027, 9, 5) for i in response.context["today_items"]
    )
    assert "Cancelled call" not in today_titles
    assert [f.title for f in response.context["follow_ups"]] == [
        "Sign the MOU next spring",  # due 8 July, open
        "Invite the secretary-general to judge the award",  # due 7 August, in progress
        "Overdue thank-you letters",  # due 1 September, open
    ]
    assert response.context["follow_ups_overdue"] == 3
    assert "Done long ago" not in body
    assert [e.name for e in response.context["unsubmitted"]] == ["CleanCycle Systems 2027", "MuseTech Digital 2027"]
    assert response.context["failed_reminders_total"] == 3
    assert "SMTP 451: temporary failure" in body
    assert f'href="{reverse("briefing-meeting", args=[response.context["today_items"][0].id])}"' in body


def test_dashboard_counts_contacts_added_this_week_only(office_client, scenario):
    with time_machine.travel(timezone.now() + dt.timedelta(days=8), tick=False):
        office_client.force_login(scenario.office)
        ContactFactory(full_name="Fresh Card", organization=OrganizationFactory(name="Fresh Org", country="OM"))
        response = office_client.get(reverse("dashboard"))
    assert response.context["new_contacts_total"] == 1
    assert [c.full_name for c in response.context["new_contacts"]] == ["Fresh Card"]


def test_dashboard_links_fall_back_to_the_admin_when_a_page_is_missing(office_client, scenario):
    response = office_client.get(reverse("dashboard"))
    follow_up = next(iter(response.context["follow_ups"]), None)
    exhibitor = response.context["unsubmitted"][0]
    assert exhibitor.url  # a review page or the admin change page, never empty
    if follow_up is not None:
        assert follow_up.url


# --- Delegation --------------------------------------------------------------------------------


def test_delegation_lists_members_itinerary_and_who_is_where(office_client, scenario):
    response = office_client.get(reverse("delegation-overview"), {"at": "2027-09-06T15:00"})
    body = text(response)
    assert [m.full_name for m in response.context["members"]] == ["Chen Wei-Ming", "Lin Mei", "Park Ji-woo"]
    assert "+886912345678" in body
    assert "CI160 Taipei → Seoul" in body
    where = {row["member"].full_name: row for row in response.context["whereabouts"]}
    assert [i.title for i in where["Chen Wei-Ming"]["current"]] == ["Visit to the World Smart Cities Organisation"]
    assert where["Chen Wei-Ming"]["staying"].title == "Coex Intercontinental"
    assert where["Lin Mei"]["current"] == []
    assert response.context["at"] == at(3, 15)


def test_delegation_explains_a_bad_moment_and_still_answers(office_client, scenario):
    response = office_client.get(reverse("delegation-overview"), {"at": "next tuesday"})
    assert response.status_code == 200
    assert "Enter a date and time such as 2027-09-04 14:30." in text(response)
    response = office_client.get(reverse("delegation-overview"), {"at": "2027-02-31T10:00"})
    assert response.status_code == 200


def test_delegation_member_away_before_arrival(office_client, scenario):
    response = office_client.get(reverse("delegation-overview"), {"at": "2027-09-02T10:00"})
    where = {row["member"].full_name: row for row in response.context["whereabouts"]}
    assert where["Chen Wei-Ming"]["away"] is True
    assert where["Lin Mei"]["away"] is False  # no arrival recorded


# --- Agenda ------------------------------------------------------------------------------------


def test_agenda_has_a_lane_per_member_stage_booth_and_room_and_places_meetings(office_client, scenario):
    response = office_client.get(reverse("agenda-grid"))
    days = response.context["days"]
    assert [d.date for d in days] == [dt.date(2027, 9, 4), dt.date(2027, 9, 5), dt.date(2027, 9, 6)]
    lanes = [(lane.type, lane.label) for lane in days[0].lanes]
    assert lanes[:3] == [("member", "Chen Wei-Ming"), ("member", "Lin Mei"), ("member", "Park Ji-woo")]
    assert ("venue", "Forum Stage 2027") in lanes
    assert ("venue", "Booth C-101 2027") in lanes
    assert ("venue", "Meeting Room A 2027") in lanes
    first = scenario.meetings[0]  # day 1, 09:00–09:45, with the head of delegation
    head_lane = days[0].lanes[0]
    block = next(b for b in head_lane.blocks if b.item.id == first.pk)
    assert days[0].window_start == at(1, 8)
    assert round(block.left, 3) == round(60 / 720 * 100, 3)
    assert round(block.width, 3) == round(45 / 720 * 100, 3)
    body = text(response)
    assert f'data-meeting-id="{first.pk}"' in body
    assert "Cancelled call" not in body
    assert "X-CSRFToken" not in body  # the token travels in a hidden input, read by the script
    assert 'name="csrfmiddlewaretoken"' in body


def test_agenda_axis_shows_expo_and_home_time(office_client, scenario):
    response = office_client.get(reverse("agenda-grid"))
    tick = response.context["days"][0].ticks[0]
    assert (tick.local, tick.home) == ("08:00", "07:00")  # Seoul and Taipei
    assert response.context["home_tz"] == "Asia/Taipei"


def test_agenda_grid_meeting_data_lists_attendees_for_moves(office_client, scenario):
    response = office_client.get(reverse("agenda-grid"))
    data = response.context["meetings_json"][str(scenario.meetings[0].pk)]
    assert data["attendees"][0] == {"type": "member", "id": scenario.head.pk, "role": "host"}
    assert dt.datetime.fromisoformat(data["starts_at"]) == at(1, 9)


# --- Outcome report ----------------------------------------------------------------------------


def test_outcome_report_counts_what_was_met(office_client, scenario):
    response = office_client.get(reverse("outcome-report"))
    current = response.context["report"]
    assert len(current.meetings) == 12  # the cancelled one is left out
    assert len(current.contacts) == 47
    assert len(current.organizations) == 16
    assert current.contacts_by_country["KR"] == 4 + 2 + 3 + 4  # Seoul, Busan, LG, SK Telecom
    assert current.organizations_by_kind["government"] == 3
    assert sum(sum(c.values()) for c in current.meetings_by_day.values()) == 12
    assert [e.lead_count for e in current.exhibitors] == [3, 3, 0]
    assert [s.title for s in current.speeches_given] == ["Caring cities: IoT for an ageing society"]
    assert current.follow_ups_by_status == {"open": 2, "in_progress": 1, "done": 1, "dropped": 1}
    body = text(response)
    assert 'role="img"' in body
    assert '<title id="r-map-title">Contacts met by country (tile map)</title>' in body
    assert "Mei Lin" in body  # follow-up owner


def test_outcome_report_summary_in_both_languages(office_client, scenario):
    response = office_client.get(reverse("outcome-report"))
    summaries = {code: text for code, _name, text in response.context["summaries"]}
    assert summaries["en"].startswith("At World Smart City Expo 2027 in Seoul")
    assert "held 12 meetings and met 47 people from 16 organisations in 13 countries" in summaries["en"]
    assert "government agencies" in summaries["en"]
    assert "South Korea" in summaries["en"]
    assert "南韓" in summaries["zh-hant"]
    assert "Sign the MOU next spring" in summaries["en"]
    # Both texts name the same countries in the same order.
    assert summaries["en"].index("South Korea") < summaries["en"].index("United Kingdom")
    assert summaries["zh-hant"].index("南韓") < summaries["zh-hant"].index("英國")


def test_outcome_report_summary_for_an_empty_expo(db):
    expo = build_scenario(scale=1, year=2029, office_username="office-2029").expo
    Meeting.objects.filter(expo=expo).delete()
    current = report.build_report(expo)
    with translation.override("en"):
        assert "held 0 meetings" in report.summary(current)


def test_outcome_report_csv_export(office_client, scenario):
    FollowUpFactory(expo=scenario.expo, title='=HYPERLINK("http://evil")', status="open")
    response = office_client.get(reverse("outcome-report"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="outcome-wsce-2027.csv"'
    rows = list(csv.reader(io.StringIO(text(response))))
    assert rows[0] == ["section", "key", "label", "value", "extra"]
    assert ["figure", "meetings", "Meetings", "12", ""] in rows
    assert ["country", "MA", "Morocco", "2", "1"] in rows
    assert any(r[0] == "follow_up" and r[2] == '\'=HYPERLINK("http://evil")' for r in rows)
    assert any(r[0] == "summary" and r[1] == "zh-hant" for r in rows)


def test_outcome_report_year_over_year(office_client, scenario):
    earlier = build_scenario(scale=1, year=2026, office_username="office-2026", organization_offset=50)
    Meeting.objects.filter(pk__in=[m.pk for m in earlier.meetings[:4]]).delete()
    response = office_client.get(reverse("outcome-report"), {"expo": "wsce-2027", "compare": "wsce-2026"})
    rows = {row["key"]: row for row in response.context["earlier"]["rows"]}
    assert (rows["meetings"]["earlier"], rows["meetings"]["current"], rows["meetings"]["change"]) == (8, 12, 4)
    body = text(response)
    assert "World Smart City Expo 2027 compared with World Smart City Expo 2026" in body
    assert 'id="y-map-title"' in body
    # Comparing an expo with itself, or with an unknown one, shows the plain report.
    response = office_client.get(reverse("outcome-report"), {"expo": "wsce-2027", "compare": "wsce-2027"})
    assert response.context["earlier"] is None
    response = office_client.get(reverse("outcome-report"), {"compare": "no-such-expo"})
    assert response.context["earlier"] is None


def test_outcome_report_escapes_names_in_charts(office_client, scenario):
    organization = OrganizationFactory(name="<script>alert(1)</script>", country="MA", kind="company")
    contact = ContactFactory(organization=organization, full_name="Eve")
    contact.expos.add(scenario.expo)
    scenario.exhibitors[2].name = "<b>Bold</b>"
    scenario.exhibitors[2].save()
    body = text(office_client.get(reverse("outcome-report")))
    assert "<script>alert(1)</script>" not in body
    assert "<b>Bold</b>" not in body
    assert "&lt;b&gt;Bold&lt;/b&gt;" in body


# --- Briefing packs ----------------------------------------------------------------------------


def test_meeting_briefing_pack_has_both_sides_interpreter_travel_and_follow_ups(office_client, scenario):
    meeting = scenario.meetings[3]  # day 1, 10:00: staff and interpreter meet the Oman Ministry of Transport
    response = office_client.get(reverse("briefing-meeting", args=[meeting.pk]))
    brief = response.context["brief"]
    assert [p.name for p in brief["ours"]] == ["Lin Mei", "Park Ji-woo"]
    assert [p.name for p in brief["interpreters"]] == ["Park Ji-woo"]
    assert len(brief["theirs"]) == 1
    assert brief["travel"]["item"].id == scenario.meetings[0].pk  # the interpreter's 09:00 meeting
    assert brief["travel"]["gap"] == 15
    assert brief["travel"]["minutes"] == 0  # same room
    organization = brief["theirs"][0].organization
    assert [o.pk for o in brief["organizations"]] == [organization.pk]
    assert [f.organization_id for f in brief["open_follow_ups"]] == [organization.pk] * len(brief["open_follow_ups"])
    assert all(m.starts_at < meeting.starts_at for m in brief["past_meetings"])
    body = text(response)
    assert "Agree the next steps for a pilot project." in body
    assert "/static/js/cockpit/briefing.js" in body


def test_member_day_briefing_lists_the_day_in_order(office_client, scenario):
    response = office_client.get(reverse("briefing-member-day", args=[scenario.head.pk, "2027-09-04"]))
    titles = [e["item"].title for e in response.context["entries"]]
    assert titles[-1] == "Caring cities: IoT for an ageing society"
    starts = [e["item"].starts_at for e in response.context["entries"]]
    assert starts == sorted(starts)
    assert [s.title for s in response.context["stays"]] == ["Coex Intercontinental"]
    empty = office_client.get(reverse("briefing-member-day", args=[scenario.staff.pk, "2027-09-10"]))
    assert "Nothing is scheduled for this member on this day." in text(empty)


def test_briefing_pack_downloads_as_one_self_contained_file(office_client, scenario):
    response = office_client.get(reverse("briefing-meeting", args=[scenario.meetings[0].pk]), {"download": "1"})
    assert response["Content-Disposition"] == f'attachment; filename="briefing-meeting-{scenario.meetings[0].pk}.html"'
    body = text(response)
    assert "<style>" in body and ".brief h2" in body
    assert "<script" not in body
    assert 'rel="stylesheet"' not in body


def test_service_worker_is_served_from_the_root(client):
    response = client.get(reverse("service-worker"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    body = text(response)
    assert "/briefing/" in body
    assert "__STATIC_URL__" not in body


# --- Languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dashboard", "delegation-overview", "agenda-grid", "outcome-report"])
def test_pages_speak_traditional_chinese(office_client, scenario, name):
    office_client.cookies["django_language"] = "zh-hant"
    body = text(office_client.get(reverse(name)))
    assert '<html lang="zh-hant">' in body
    assert "儀表板" in body  # the navigation, from the catalogue


def test_choice_labels_follow_the_language(office_client, scenario):
    office_client.cookies["django_language"] = "zh-hant"
    assert "團長" in text(office_client.get(reverse("agenda-grid")))  # Head of delegation
    assert "已確認" in text(office_client.get(reverse("dashboard")))  # Confirmed
    office_client.cookies["django_language"] = "en"
    assert "Head of delegation" in text(office_client.get(reverse("agenda-grid")))


def test_home_time_is_the_viewers_own_when_they_travel_with_the_delegation(client, scenario):
    scenario.staff.home_time_zone = "Europe/Berlin"
    scenario.staff.save()
    client.force_login(scenario.office)  # the office user is the member Lin Mei
    assert client.get(reverse("agenda-grid")).context["home_tz"] == "Europe/Berlin"
    other = UserFactory(username="office-two", office=True)
    client.force_login(other)
    assert client.get(reverse("agenda-grid")).context["home_tz"] == "Asia/Taipei"  # most members' zone
