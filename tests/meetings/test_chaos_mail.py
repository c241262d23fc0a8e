"""Chaos: a mail server that hangs delays reminders and outbox mail, never loses or doubles them.

A small SMTP server on a spare port first accepts connections and never answers (a hung relay),
then starts answering. The worker runs with the product's shipped settings (EMAIL_TIMEOUT,
back-off, claim lease, sweep interval).
"""

from __future__ import annotations

import collections
import datetime as dt
import re
import socket
import threading

import pytest
from django.utils import timezone

from common.models import OutboxMessage
from meetings.models import Reminder
from tests.meetings.conftest import REMINDER_HEADER, make_due_reminders, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.chaos, pytest.mark.django_db(transaction=True)]

S = dt.timedelta(seconds=1)
OUTBOX_HEADER = re.compile(rb"^X-Expo-Outbox: (\d+)\r?$", re.MULTILINE)


class FlakySmtpServer:
    """Hangs every connection while ``hanging`` is set; otherwise speaks just enough SMTP."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.hanging = threading.Event()
        self.hanging.set()
        self.hung_connections = 0
        self.messages: list[bytes] = []
        self._held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.listener.accept()
            except OSError:
                return
            if self.hanging.is_set():
                self.hung_connections += 1
                self._held.append(conn)  # never answered, never closed while hanging
                continue
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 flaky ready\r\n")
            for line in lines:
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250 flaky\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go on\r\n")
                    body = b""
                    for data_line in lines:
                        if data_line == b".\r\n":
                            break
                        body += data_line
                    self.messages.append(body)
                    conn.sendall(b"250 queued\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:  # MAIL, RCPT, RSET, NOOP
                    conn.sendall(b"250 ok\r\n")

    def stop(self) -> None:
        self.listener.close()
        for conn in self._held:
            conn.close()


def test_a_hanging_mail_server_delays_reminders_and_loses_none(celery_stack):
    server = FlakySmtpServer()
    ids = make_due_reminders(12, first_due=timezone.now() + 4 * S, spread=4 * S)
    # Mail the outbox owes (a review notice, a password reset), committed just before.
    owed = [
        OutboxMessage.objects.create(
            kind=kind,
            subject=f"{kind} mail",
            body="…",
            from_email="portal@example.org",
            to=[f"{kind}@example.org"],
            next_attempt_at=timezone.now(),
        ).pk
        for kind in ("profile_published", "password_reset", "team_invitation")
    ]
    stack = celery_stack(shipped_defaults=True, EMAIL_BACKEND="", EMAIL_URL=f"smtp://127.0.0.1:{server.port}")
    try:
        stack.start_worker("w1", concurrency=2)
        stack.start_beat()
        # The relay hangs for 25 s: longer than the shipped mail timeout, so sends give up.
        assert wait_until(lambda: server.hung_connections >= 1, timeout=40), stack.log("w1")[-3000:]
        wait_until(lambda: False, timeout=25)
        assert server.messages == []
        assert not Reminder.objects.filter(id__in=ids, state=Reminder.State.SENT).exists()
        server.hanging.clear()
        recovered = timezone.now()

        def all_sent() -> bool:
            return Reminder.objects.filter(id__in=ids, state=Reminder.State.SENT).count() == len(ids)

        def outbox_sent() -> bool:
            return OutboxMessage.objects.filter(pk__in=owed, sent_at__isnull=False).count() == len(owed)

        assert wait_until(all_sent, timeout=120), stack.log("w1")[-3000:]
        assert wait_until(outbox_sent, timeout=120), stack.log("w1")[-3000:]
        outbox_counts = collections.Counter(int(m) for body in server.messages for m in OUTBOX_HEADER.findall(body))
        assert sorted(outbox_counts) == owed and set(outbox_counts.values()) == {1}
        counts = collections.Counter(int(m) for body in server.messages for m in REMINDER_HEADER.findall(body))
        rows = list(Reminder.objects.filter(id__in=ids))
        print(
            f"hung connections {server.hung_connections}, mails {len(server.messages)}, "
            f"latest {max(r.sent_at for r in rows) - recovered} after the relay recovered; outbox mail "
            f"latest {max(OutboxMessage.objects.filter(pk__in=owed).values_list('sent_at', flat=True)) - recovered}"
        )
        assert sorted(counts) == ids and set(counts.values()) == {1}
        assert all(r.attempts <= 2 for r in rows)  # the batch was put back, not tried row by row
        assert max(r.sent_at for r in rows) - recovered < 90 * S
    finally:
        server.stop()
