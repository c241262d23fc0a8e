"""The outbox: mail owed in the transaction of its change, sent after the commit, kept until sent."""

from __future__ import annotations

import datetime as dt
import smtplib
import threading

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.utils import timezone

from common import outbox
from common.models import OutboxMessage

pytestmark = pytest.mark.django_db


def message(to: str = "park@seoul.example") -> EmailMultiAlternatives:
    built = EmailMultiAlternatives("Your booth profile is live", "Plain text", to=[to], headers={"X-Kind": "t"})
    built.attach_alternative("<p>HTML</p>", "text/html")
    built.attach("agenda.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    built.attach("logo.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")
    return built


def test_a_committed_message_is_sent_after_the_commit_whole(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.enqueue(message(), kind="test")
        assert mail.outbox == []  # nothing leaves before the commit
    sent = mail.outbox[0]
    assert sent.subject == "Your booth profile is live" and sent.to == ["park@seoul.example"]
    assert sent.alternatives[0] == ("<p>HTML</p>", "text/html")
    assert [(a[0], a[2]) for a in sent.attachments] == [("agenda.ics", "text/calendar"), ("logo.png", "image/png")]
    assert sent.attachments[1][1] == b"\x89PNG\r\n\x1a\n\x00\xff"
    assert sent.extra_headers == {"X-Kind": "t", "X-Expo-Outbox": str(row.pk)}
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.enqueue(message(), kind="test")
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_a_failing_server_delays_with_doubling_waits_and_never_drops(monkeypatch, django_capture_on_commit_callbacks):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "try later")

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            row = outbox.enqueue(message(), kind="test")
        row.refresh_from_db()
        assert row.attempts == 1 and row.sent_at is None and "try later" in row.last_error
        waits = [row.next_attempt_at - timezone.now()]
        for _ in range(3):
            OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
            assert outbox.sweep() == 0
            row.refresh_from_db()
            waits.append(row.next_attempt_at - timezone.now())
        # Not due yet: a sweep leaves it alone.
        assert outbox.sweep() == 0
        row.refresh_from_db()
        assert row.attempts == 4
    assert [round(w.total_seconds() / 30) for w in waits] == [1, 2, 4, 8]
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert outbox.sweep() == 1
    assert len(mail.outbox) == 1


def test_a_message_failing_for_a_day_is_given_up_loudly(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    row = outbox.enqueue(message(), kind="test")  # inside the test's transaction: not sent yet
    OutboxMessage.objects.filter(pk=row.pk).update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    assert outbox.sweep() == 0
    row.refresh_from_db()
    assert row.failed_at is not None
    assert any(r.levelname == "ERROR" and "given up" in r.getMessage() for r in caplog.records)
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - dt.timedelta(hours=1))
    assert outbox.sweep() == 0  # given up: the row stays for the operator, no more attempts
    row.refresh_from_db()
    assert row.attempts == 1


def test_the_sweep_forgets_sent_mail_after_a_week():
    old = outbox.enqueue(message("old@example.org"), kind="test")
    recent = outbox.enqueue(message("recent@example.org"), kind="test")
    assert outbox.sweep() == 2
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - dt.timedelta(days=8))
    outbox.sweep()
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db(transaction=True)
def test_a_row_being_sent_by_another_process_is_not_sent_twice():
    row = OutboxMessage.objects.create(
        kind="test",
        subject="s",
        body="b",
        from_email="p@example.org",
        to=["a@example.org"],
        next_attempt_at=timezone.now(),
    )
    locked, release = threading.Event(), threading.Event()

    def other_sender() -> None:  # its own database connection, holding the row as a send does
        try:
            with transaction.atomic():
                list(OutboxMessage.objects.select_for_update().filter(pk=row.pk))
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_sender)
    thread.start()
    assert locked.wait(10)
    try:
        assert outbox.sweep() == 0  # skipped, not waited for and not sent
    finally:
        release.set()
        thread.join(10)
    assert mail.outbox == []
    assert outbox.sweep() == 1


def test_password_reset_mail_goes_through_the_outbox(client, django_user_model, django_capture_on_commit_callbacks):
    django_user_model.objects.create_user("lin", "lin@city.example", "a long passphrase here")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": "lin@city.example"})
    assert response.status_code == 302
    row = OutboxMessage.objects.get(kind="password_reset")
    assert row.to == ["lin@city.example"] and row.sent_at is not None
    assert "/accounts/reset/" in mail.outbox[0].body
