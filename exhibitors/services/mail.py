"""Mail to an exhibitor's team, owed from the commit of the change it reports (the outbox)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from common import outbox
from exhibitors.models import Exhibitor

User = get_user_model()


# --- Mail -----------------------------------------------------------------------------------


def exhibitor_emails(exhibitor: Exhibitor) -> list[str]:
    return list(
        User.objects.filter(exhibitor_memberships__exhibitor=exhibitor, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def mail_after_commit(*, recipients: list[str], template: str, context: dict[str, Any]) -> None:
    """One message per recipient, written to the outbox in the caller's transaction: a
    rolled-back change sends nothing, and a mail server that fails only delays the message."""
    recipients = sorted(set(recipients))
    if not recipients:
        return
    context = {**context, "site_url": settings.PORTAL_URL}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    kind = template.rsplit("/", 1)[-1]
    for address in recipients:
        outbox.enqueue(EmailMessage(subject=subject, body=body, to=[address]), kind=kind)
