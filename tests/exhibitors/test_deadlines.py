"""Profile-deadline e-mails: a week and a day before the deadline, exactly once each."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from exhibitors import deadlines
from exhibitors.models import BoothProfile, ProfileDeadlineNotice
from exhibitors.tasks import send_profile_deadline_notices
from expo_portal.celery import app as celery_app
from tests.factories import (
    BoothProfileFactory,
    ExhibitorFactory,
    ExhibitorMembershipFactory,
    PavilionFactory,
    UserFactory,
)
from tests.factories.leads import complete_profile, publish

pytestmark = pytest.mark.django_db


def translation_override_label(language: str, text: str) -> str:
    from django.utils.translation import gettext, override

    with override(language):
        return gettext(text)


SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
DEADLINE = dt.date(2027, 8, 20)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(days_before: int, hour: int = 10) -> dt.datetime:
    """``hour`` o'clock in Seoul, ``days_before`` days before the deadline."""
    day = DEADLINE - dt.timedelta(days=days_before)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


def member(exhibitor, username: str, **user_fields):
    user = UserFactory(username=username, **user_fields)
    ExhibitorMembershipFactory(exhibitor=exhibitor, user=user)
    return user


@pytest.fixture
def pavilion():
    return PavilionFactory(profile_deadline=DEADLINE)


@pytest.fixture
def cast(pavilion):
    """Five exhibitors: no profile, incomplete, complete draft, complete and submitted, and one nobody can read."""
    no_profile = ExhibitorFactory(pavilion=pavilion, name="No Profile Yet")
    member(no_profile, "np1")
    member(no_profile, "np2")
    member(no_profile, "np-gone", is_active=False)
    incomplete = ExhibitorFactory(pavilion=pavilion, name="Half Done")
    publish(BoothProfileFactory(exhibitor=incomplete, tagline=""))
    member(incomplete, "hd1")
    draft = ExhibitorFactory(pavilion=pavilion, name="Complete Draft")
    complete_profile(draft)
    member(draft, "cd1")
    done = ExhibitorFactory(pavilion=pavilion, name="All Done")
    complete_profile(done, status=BoothProfile.Status.SUBMITTED)
    member(done, "ad1")
    orphan = ExhibitorFactory(pavilion=pavilion, name="Nobody Home")
    return {"no_profile": no_profile, "incomplete": incomplete, "draft": draft, "done": done, "orphan": orphan}


def test_deadline_mails_go_out_exactly_once_at_seven_and_one_days(cast):
    sent_on: dict[int, list[tuple[str, ...]]] = {}
    for days_before in range(10, -2, -1):
        for hour in (9, 15):  # two runs a day: the second must send nothing
            with time_machine.travel(at(days_before, hour), tick=False):
                mail.outbox.clear()
                send_profile_deadline_notices()
                if mail.outbox:
                    sent_on.setdefault(days_before, []).extend(tuple(m.to) for m in mail.outbox)
    expected = sorted([("np1@example.org", "np2@example.org"), ("hd1@example.org",), ("cd1@example.org",)])
    assert sorted(sent_on) == [1, 7]
    assert sorted(sent_on[7]) == expected
    assert sorted(sent_on[1]) == expected
    assert ProfileDeadlineNotice.objects.count() == 6
    assert set(ProfileDeadlineNotice.objects.values_list("days_before", flat=True)) == {7, 1}


def test_deadline_mail_is_bilingual_and_lists_missing_items(cast):
    with time_machine.travel(at(7), tick=False):
        deadlines.profile_deadline_notices_send()
    message = next(m for m in mail.outbox if m.to == ["hd1@example.org"])
    assert message.subject == ("Booth profile due 2027-08-20: Half Done / 攤位簡介截止日 2027-08-20：Half Done")
    assert "due in 7 days, on 2027-08-20" in message.body
    assert "將於 7 天後（2027-08-20）截止" in message.body
    assert "Still missing:\n- Tagline" in message.body
    english, chinese = message.body.split("— — —")
    zh_website = translation_override_label("zh-hant", "Website")
    assert zh_website != "Website"
    assert "\n- Website\n" in english
    assert f"\n- {zh_website}\n" in chinese
    assert "\n- Website\n" not in chinese
    assert f"/exhibitors/{cast['incomplete'].pk}/profile/" in message.body


def test_deadline_day_before_says_tomorrow(cast):
    with time_machine.travel(at(1), tick=False):
        deadlines.profile_deadline_notices_send()
    message = next(m for m in mail.outbox if m.to == ["cd1@example.org"])
    assert "is due tomorrow, 2027-08-20." in message.body
    assert "submit it for review" in message.body


def test_deadline_uses_the_expos_local_date(cast):
    # 23:30 UTC on day -8 is already 08:30 on day -7 in Seoul.
    moment = dt.datetime.combine(DEADLINE - dt.timedelta(days=8), dt.time(23, 30), tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        reports = deadlines.profile_deadline_notices_send()
    assert {r.days_before for r in reports} == {7}


def test_deadline_missed_week_notice_catches_up_once(cast):
    with time_machine.travel(at(5), tick=False):
        first = deadlines.profile_deadline_notices_send()
    with time_machine.travel(at(4), tick=False):
        second = deadlines.profile_deadline_notices_send()
    assert [r.days_before for r in first] == [7, 7, 7]
    assert second == []


def test_deadline_send_failure_records_nothing_and_retries(cast):
    real_send = mail.backends.locmem.EmailBackend.send_messages

    def fail_for_half_done(self, messages):
        if any(m.to == ["hd1@example.org"] for m in messages):
            raise OSError("mail server down")
        return real_send(self, messages)

    broken = mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", fail_for_half_done)
    with time_machine.travel(at(7), tick=False):
        with broken:
            first = deadlines.profile_deadline_notices_send()
        assert sorted(r.recipients for r in first) == [("cd1@example.org",), ("np1@example.org", "np2@example.org")]
        assert ProfileDeadlineNotice.objects.filter(exhibitor=cast["incomplete"]).count() == 0
        retry = deadlines.profile_deadline_notices_send()
    assert [r.recipients for r in retry] == [("hd1@example.org",)]
    assert len(mail.outbox) == 3


def test_deadline_moved_deadline_sends_again(cast, pavilion):
    with time_machine.travel(at(7), tick=False):
        deadlines.profile_deadline_notices_send()
    pavilion.profile_deadline = DEADLINE + dt.timedelta(days=7)
    pavilion.save()
    mail.outbox.clear()
    with time_machine.travel(at(7) + dt.timedelta(days=7), tick=False):
        reports = deadlines.profile_deadline_notices_send()
    assert len(reports) == 3


def test_deadline_without_date_sends_nothing(cast, pavilion):
    pavilion.profile_deadline = None
    pavilion.save()
    with time_machine.travel(at(7), tick=False):
        assert deadlines.profile_deadline_notices_send() == []
    assert mail.outbox == []


def test_notice_due_windows():
    due = [deadlines.notice_due(deadline=DEADLINE, today=DEADLINE - dt.timedelta(days=n)) for n in range(9, -2, -1)]
    assert due == [None, None, 7, 7, 7, 7, 7, 7, 1, 1, None]


def test_deadline_task_is_registered_and_scheduled_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["exhibitors.send_profile_deadline_notices"]
    assert entry["task"] == "exhibitors.send_profile_deadline_notices"
    assert entry["task"] in celery_app.tasks
    # once a day, at 01:00 UTC (the morning in East Asia); each run works out its expo's local date
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({1}, {0})
    assert len(entry["schedule"].day_of_week) == 7
