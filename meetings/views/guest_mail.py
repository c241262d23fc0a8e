"""Whether saving the meeting form would e-mail guests, and the question (with previews) the form asks.

Nothing goes to a guest unless the office says so: when a save would mail contacts (the
invitation, a new time, a cancellation), the form shows each guest's mail in their language and
asks "send it to N guests now?" before saving.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delegations.models import Contact, Expo
from meetings.models import Meeting, Reminder
from meetings.reminders.messages import Recipient, attendee_label, meeting_place, render_meeting_mail

INVITATION, RESCHEDULED, CANCELLED = Reminder.Kind.CONFIRMATION, Reminder.Kind.RESCHEDULED, Reminder.Kind.CANCELLED
PREVIEW_LIMIT = 12


@dataclass
class GuestMailQuestion:
    kind: str
    guests: list[Contact]
    previews: list[dict[str, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.guests)

    @property
    def headline(self) -> str:
        n = self.count
        if self.kind == CANCELLED:
            return ngettext(
                "Tell the %(n)d guest that the meeting is cancelled?",
                "Tell the %(n)d guests that the meeting is cancelled?",
                n,
            ) % {"n": n}
        if self.kind == RESCHEDULED:
            return ngettext(
                "Tell the %(n)d guest of the new time now?", "Tell the %(n)d guests of the new time now?", n
            ) % {"n": n}
        return ngettext("Send the invitation to %(n)d guest now?", "Send the invitation to %(n)d guests now?", n) % {
            "n": n
        }

    @property
    def send_label(self) -> str:
        return ngettext("Yes, save and e-mail %(n)d guest", "Yes, save and e-mail %(n)d guests", self.count) % {
            "n": self.count
        }

    @property
    def more(self) -> int:
        return max(self.count - len(self.previews), 0)


def mailable(contact: Contact) -> bool:
    return bool(contact.email) and not contact.never_email


def guest_mail_question(
    *, meeting: Meeting | None, expo: Expo, data: dict[str, Any], people: list[Any], contacts: list[Contact]
) -> GuestMailQuestion | None:
    """What the save would send to guests (``data``: the form's cleaned data), or None if nothing."""
    on = bool(data.get("notify_contacts"))
    if not on:
        return None
    chosen = [c for c in contacts if mailable(c)]
    kind = INVITATION
    if meeting is not None and meeting.notify_contacts:
        existing = {a.contact_id for a in meeting.attendees.all() if a.contact_id}
        becomes_cancelled = (
            data.get("status") == Meeting.Status.CANCELLED and meeting.status != Meeting.Status.CANCELLED
        )
        moved = data.get("starts_at") != meeting.starts_at or data.get("ends_at") != meeting.ends_at
        if becomes_cancelled:
            kind = CANCELLED
        elif data.get("status") == Meeting.Status.CANCELLED:
            return None  # still cancelled: nothing is sent
        elif moved:
            kind = RESCHEDULED
        else:
            chosen = [c for c in chosen if c.pk not in existing]  # only newcomers get the invitation
    elif data.get("status") == Meeting.Status.CANCELLED:
        return None
    if not chosen:
        return None
    question = GuestMailQuestion(kind=kind, guests=chosen)
    probe = Meeting(
        expo=expo,
        title=data.get("title") or "",
        kind=data.get("kind") or Meeting.Kind.BUSINESS,
        status=data.get("status") or Meeting.Status.PROPOSED,
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        venue=data.get("venue"),
        location=data.get("location") or "",
        language_a=data.get("language_a") or "",
        language_b=data.get("language_b") or "",
        agenda=data.get("agenda") or "",
    )
    previous: dt.datetime | None = meeting.starts_at if (meeting is not None and kind == RESCHEDULED) else None
    labels = [attendee_label(p) for p in people]
    link = "" if kind == CANCELLED else f"{settings.PORTAL_URL.rstrip('/')}/respond/…/ " + _("(a personal link)")
    for contact in chosen[:PREVIEW_LIMIT]:
        language_code = contact.preferred_language or (contact.languages[0] if contact.languages else "")
        recipient = Recipient(contact.email, contact.full_name, language_code, "")
        language, subject, body = render_meeting_mail(
            meeting=probe,
            kind=kind,
            recipient=recipient,
            place=meeting_place(probe),
            attendees=labels,
            previous_starts_at=previous,
            response_url=link,
        )
        question.previews.append(
            {"name": contact.full_name, "email": contact.email, "language": language, "subject": subject, "body": body}
        )
    return question
