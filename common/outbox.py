"""The durable outbox: every e-mail that is not a scheduled reminder goes through it.

``enqueue(message, kind=…)`` writes the message as a row in the caller's transaction, so a
rolled-back change sends nothing and a committed one is owed until it is sent. Right after the
commit the web process tries to send it (so a working mail server delivers at once, as before);
whatever that attempt cannot send — the server refuses, hangs past ``EMAIL_TIMEOUT``, or the
process dies — the beat sweep (``OUTBOX_SWEEP_SECONDS``) sends later, with doubling waits.

Each row is locked (``FOR UPDATE SKIP LOCKED``) while it is being sent, so two senders never
send one row; a sender that dies mid-send releases its lock and the row is sent again — the
only case in which a message can arrive twice.

(Meeting reminders and notices, follow-up and deadline nudges keep their own rows, which are
sent in the transaction that marks them done: they are durable in the same way.)
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from common.models import OutboxMessage

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30.0
RETRY_CAP_SECONDS = 3600.0
GIVE_UP_AFTER = dt.timedelta(days=1)
KEEP_SENT = dt.timedelta(days=7)


def enqueue(message: EmailMessage, *, kind: str) -> OutboxMessage:
    """Owe ``message``; it is sent after the surrounding transaction commits."""
    alternatives = [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])]
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple | list) or len(attachment) != 3:
            raise TypeError("outbox attachments are (filename, content, mimetype) triples")
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else bytes(content)
        attachments.append([filename, base64.b64encode(raw).decode("ascii"), mimetype])
    row = OutboxMessage.objects.create(
        kind=kind,
        subject=str(message.subject),
        body=str(message.body),
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        headers=dict(message.extra_headers),
        alternatives=alternatives,
        attachments=attachments,
        next_attempt_at=timezone.now(),
    )
    row_id = row.pk
    transaction.on_commit(lambda: deliver(ids=[row_id]), robust=True)
    return row


def rebuild(row: OutboxMessage) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        # The row it came from: lets an operator trace a message, and a receiver drop a repeat.
        headers={**row.headers, "X-Expo-Outbox": str(row.pk)},
    )
    for content, mimetype in row.alternatives:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in row.attachments:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_CAP_SECONDS))


def deliver(*, ids: Iterable[int] | None = None, limit: int = 50) -> int:
    """Send owed rows (the given ones, or every row due), one locked row at a time; returns how
    many were sent. A failure is recorded on the row and stops this pass (the server is likely
    down for the others too); the next pass tries again."""
    sent = 0
    connection = None
    try:
        for _ in range(limit):
            with transaction.atomic():
                owed = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
                    sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=timezone.now()
                )
                if ids is not None:
                    owed = owed.filter(pk__in=list(ids))
                row = owed.order_by("next_attempt_at", "id").first()
                if row is None:
                    break
                if connection is None:
                    connection = get_connection(fail_silently=False)
                message = rebuild(row)
                message.connection = connection
                try:
                    message.send()
                except Exception as error:  # noqa: BLE001 - any failure of the mail server is recorded
                    _record_failure(row, error)
                    return sent
                row.sent_at = timezone.now()
                row.attempts += 1
                row.last_error = ""
                row.save(update_fields=["sent_at", "attempts", "last_error"])
                sent += 1
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a broken connection may fail as well
                logger.debug("closing the mail connection failed", exc_info=True)
    return sent


def _record_failure(row: OutboxMessage, error: Exception) -> None:
    now = timezone.now()
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    row.next_attempt_at = now + retry_delay(row.attempts)
    fields = ["attempts", "last_error", "next_attempt_at"]
    if now - row.created_at > GIVE_UP_AFTER:
        row.failed_at = now
        fields.append("failed_at")
        logger.error("e-mail %s (%s) given up after %s attempts: %s", row.pk, row.kind, row.attempts, row.last_error)
    else:
        logger.warning("e-mail %s (%s) not sent, attempt %s: %s", row.pk, row.kind, row.attempts, row.last_error)
    row.save(update_fields=fields)


def sweep() -> int:
    """What beat runs: send every row due, then forget rows sent more than a week ago."""
    sent = deliver()
    OutboxMessage.objects.filter(sent_at__lt=timezone.now() - KEEP_SENT).delete()
    return sent
