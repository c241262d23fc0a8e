"""Mail to an exhibitor's team, sent after the commit of the change it reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string

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
    recipients = sorted(set(recipients))
    if not recipients:
        return
    context = {**context, "site_url": settings.PORTAL_URL}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    messages = [(subject, body, None, [address]) for address in recipients]
    # robust: a mail server that fails after the commit is logged, never turned into an error page.
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False), robust=True)
