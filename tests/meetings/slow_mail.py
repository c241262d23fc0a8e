"""A file mail backend with a slow mail server: each message is written, then the "server"
takes a while to answer — the moment at which a killed worker has sent a mail it has not yet
recorded. Used by the chaos tests (EXPO_TEST_MAIL_SECONDS sets the delay)."""

from __future__ import annotations

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        delay = float(os.environ.get("EXPO_TEST_MAIL_SECONDS", "0.05"))
        sent = 0
        for message in email_messages:
            sent += super().send_messages([message])
            time.sleep(delay)
        return sent
