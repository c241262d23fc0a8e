"""Profile-deadline e-mails: a week and a day before a pavilion's ``profile_deadline``.

Who is reminded: the active users (with an e-mail address) of every exhibitor whose booth
profile is missing, still incomplete (``exhibitors.completeness``), or a draft that was never
submitted nor published.

Exactly once: each e-mail leaves a ``ProfileDeadlineNotice`` row, unique per exhibitor,
deadline and notice (7 or 1 day before). The row is inserted in the same transaction that
sends the mail, so a second run (or a second worker running at the same moment, which waits
on the unique index) sends nothing, and a mail server failure leaves no row, so the next run
tries again. A run that missed the exact day still sends the week notice until two days before
the deadline and the day notice on the deadline day; moving the deadline starts afresh.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override as language_override

from exhibitors.completeness import profile_completeness
from exhibitors.models import (
    BoothProfile,
    Exhibitor,
    ExhibitorMembership,
    GalleryImage,
    Pavilion,
    ProfileDeadlineNotice,
)

logger = logging.getLogger(__name__)

# (days before the deadline the notice is due, the last day it may still go out as a catch-up)
NOTICES: tuple[tuple[int, int], ...] = ((7, 2), (1, 0))
MAIL_LANGUAGES = ("en", "zh-hant")


@dataclass(frozen=True)
class NoticeReport:
    pavilion_id: int
    exhibitor_id: int
    days_before: int
    recipients: tuple[str, ...]


def notice_due(*, deadline: dt.date, today: dt.date) -> int | None:
    """Which notice (7 or 1 days before) is due today, if any."""
    days_left = (deadline - today).days
    for days_before, last_day in NOTICES:
        if last_day <= days_left <= days_before:
            return days_before
    return None


def profile_needs_notice(profile: BoothProfile | None) -> tuple[bool, list[Any]]:
    """Whether the exhibitor still has work to do, and the missing items (labels) when incomplete."""
    if profile is None:
        return True, []
    completeness = profile_completeness(profile)
    never_submitted = profile.status == BoothProfile.Status.DRAFT and profile.published is None
    # Labels stay lazy: the e-mail renders them once per language.
    return (not completeness.is_complete or never_submitted), [item.label for item in completeness.missing]


def _exhibitors(pavilion: Pavilion) -> list[Exhibitor]:
    return list(
        Exhibitor.objects.filter(pavilion=pavilion)
        .select_related("profile__exhibitor", "pavilion__expo")
        .prefetch_related(
            Prefetch("profile__gallery", queryset=GalleryImage.objects.only("id", "profile_id")),
            Prefetch(
                "memberships",
                queryset=ExhibitorMembership.objects.select_related("user").filter(user__is_active=True),
            ),
        )
        .order_by("name")
    )


def _profile_url(exhibitor: Exhibitor) -> str:
    base = getattr(settings, "PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
    try:
        path = reverse("exhibitor-profile", args=[exhibitor.pk])
    except NoReverseMatch:
        path = reverse("exhibitor-home")
    return base + path


def _message(
    *, exhibitor: Exhibitor, deadline: dt.date, days_left: int, missing: list[Any], recipients: list[str]
) -> EmailMultiAlternatives:
    context = {
        "exhibitor": exhibitor,
        "pavilion": exhibitor.pavilion,
        "deadline": deadline,
        "days_left": days_left,
        "missing": missing,
        "status": exhibitor.profile.status if hasattr(exhibitor, "profile") else None,
        "url": _profile_url(exhibitor),
    }
    bodies, subjects = [], []
    for code in MAIL_LANGUAGES:
        with language_override(code):
            subjects.append(
                _("Booth profile due %(date)s: %(exhibitor)s")
                % {"date": deadline.isoformat(), "exhibitor": exhibitor.name}
            )
            bodies.append(render_to_string("exhibitors/office/profile_deadline_email.txt", context).strip())
    subject = subjects[0] if subjects[0] == subjects[1] else " / ".join(subjects)
    return EmailMultiAlternatives(
        subject=subject, body="\n\n— — —\n\n".join(bodies) + "\n", to=recipients, from_email=None
    )


def _send_one(*, exhibitor: Exhibitor, deadline: dt.date, days_before: int, days_left: int) -> NoticeReport | None:
    profile = exhibitor.profile if hasattr(exhibitor, "profile") else None
    needed, missing = profile_needs_notice(profile)
    if not needed:
        return None
    recipients = sorted({m.user.email.strip() for m in exhibitor.memberships.all() if m.user.email.strip()})
    if not recipients:
        logger.warning("profile deadline: exhibitor %s has nobody to e-mail", exhibitor.pk)
        return None
    message = _message(
        exhibitor=exhibitor, deadline=deadline, days_left=days_left, missing=missing, recipients=recipients
    )
    try:
        with transaction.atomic():
            ProfileDeadlineNotice.objects.create(
                exhibitor=exhibitor, deadline=deadline, days_before=days_before, recipients=recipients
            )
            # Sent inside the transaction: a failed send rolls the row back, so the next run retries.
            get_connection().send_messages([message])
    except IntegrityError:
        return None  # already sent by an earlier (or concurrent) run
    return NoticeReport(exhibitor.pavilion_id, exhibitor.pk, days_before, tuple(recipients))


def profile_deadline_notices_send(*, now: dt.datetime | None = None) -> list[NoticeReport]:
    """Send the deadline e-mails due today (each pavilion's "today" is its expo's local date).

    Side effects: inserts a ``ProfileDeadlineNotice`` and sends one e-mail per exhibitor that
    still has work to do, at most once per exhibitor, deadline and notice. A failed send is
    logged and left unrecorded (the next run retries it); the other exhibitors still get theirs.
    """
    now = now or timezone.now()
    sent: list[NoticeReport] = []
    pavilions = Pavilion.objects.filter(profile_deadline__isnull=False).select_related("expo")
    for pavilion in pavilions:
        deadline = pavilion.profile_deadline
        if deadline is None:  # excluded by the query; the check tells the type checker
            continue
        today = timezone.localtime(now, pavilion.expo.tz).date()
        days_before = notice_due(deadline=deadline, today=today)
        if days_before is None:
            continue
        done = set(
            ProfileDeadlineNotice.objects.filter(
                exhibitor__pavilion=pavilion, deadline=deadline, days_before=days_before
            ).values_list("exhibitor_id", flat=True)
        )
        for exhibitor in _exhibitors(pavilion):
            if exhibitor.pk in done:
                continue
            try:
                report = _send_one(
                    exhibitor=exhibitor,
                    deadline=deadline,
                    days_before=days_before,
                    days_left=(deadline - today).days,
                )
            except Exception:
                # One exhibitor's failed mail must not stop the others; nothing was recorded for it,
                # so the next run sends it again.
                logger.exception("profile deadline: e-mail to exhibitor %s failed", exhibitor.pk)
                continue
            if report is not None:
                sent.append(report)
    return sent
