"""When: meetings, speaking slots, booth duty, reminders and follow-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from delegations.models import Contact, Expo, Member, Organization, Venue
from exhibitors.models import Exhibitor

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Meeting(models.Model):
    # History rows (pghistory's event model, made at start-up, names this reverse relation).
    events: RelatedManager[Any]

    class Kind(models.TextChoices):
        G2G = "g2g", _("Government to government")
        BUSINESS = "business", _("Business")
        SITE_VISIT = "site_visit", _("Site visit")
        MOU_SIGNING = "mou_signing", _("MOU signing")
        PRESS = "press", _("Press")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    expo = models.ForeignKey(Expo, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings")
    location = models.CharField(_("place"), max_length=300, blank=True)
    language_a = models.CharField(_("language"), max_length=12, blank=True)
    language_b = models.CharField(_("interpreted into"), max_length=12, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text=_("Calendar revision, bumped on every change."))
    notify_contacts = models.BooleanField(
        _("e-mail the guests"),
        default=False,
        db_default=False,  # rows written by raw SQL (bulk loads, generated data) are not notified
        help_text=_("Whether the contacts (guests) get the invitation, change notices and reminders."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [models.Index(fields=["expo", "starts_at"], name="meeting_expo_start")]

    def __str__(self) -> str:
        return self.title


class MeetingAttendee(models.Model):
    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        HOST = "host", _("Host")
        INTERPRETER = "interpreter", _("Interpreter")
        NOTE_TAKER = "note_taker", _("Note taker")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="meeting_attendances"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="meeting_attendances"
    )
    exhibitor = models.ForeignKey(
        Exhibitor, null=True, blank=True, on_delete=models.CASCADE, related_name="meeting_attendances"
    )

    class Response(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        PROPOSED = "proposed", _("Proposed another time")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    # A guest's answer through their response link (members and exhibitors stay "pending").
    response = models.CharField(
        _("response"), max_length=20, choices=Response.choices, default=Response.PENDING, db_default=Response.PENDING
    )
    proposed_starts_at = models.DateTimeField(_("proposed start"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(response="proposed", proposed_starts_at__isnull=False)
                | (~Q(response="proposed") & Q(proposed_starts_at__isnull=True)),
                name="attendee_proposal_has_time",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False, contact__isnull=True, exhibitor__isnull=True)
                | Q(member__isnull=True, contact__isnull=False, exhibitor__isnull=True)
                | Q(member__isnull=True, contact__isnull=True, exhibitor__isnull=False),
                name="attendee_exactly_one_kind",
            ),
            models.UniqueConstraint(
                fields=["meeting", "member"], condition=Q(member__isnull=False), name="attendee_member_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "contact"], condition=Q(contact__isnull=False), name="attendee_contact_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "exhibitor"], condition=Q(exhibitor__isnull=False), name="attendee_exhibitor_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.member or self.contact or self.exhibitor)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class SpeakingSlot(models.Model):
    # History rows (pghistory's event model, made at start-up, names this reverse relation).
    events: RelatedManager[Any]

    class Kind(models.TextChoices):
        FORUM_TALK = "forum_talk", _("Forum talk")
        PANEL = "panel", _("Panel")
        PITCH = "pitch", _("Pitch")
        KEYNOTE = "keynote", _("Keynote")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    expo = models.ForeignKey(Expo, on_delete=models.CASCADE, related_name="speaking_slots")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    event_name = models.CharField(_("event (run by the host)"), max_length=300, blank=True)
    stage = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="speaking_slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    speakers = models.ManyToManyField(Member, related_name="speaking_slots", blank=True)
    panelists = models.ManyToManyField(Contact, related_name="panel_slots", blank=True)
    moderator = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderated_slots"
    )
    materials = models.TextField(_("materials"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class SlotDeadline(models.Model):
    """Something the host of an event needs from us by a date (bio, photo, slides …)."""

    class Kind(models.TextChoices):
        BIO = "bio", _("Biography")
        PHOTO = "photo", _("Photo")
        SLIDES = "slides", _("Slides")
        SPEECH = "speech", _("Speech text")
        TRANSLATION = "translation", _("Translation")
        OTHER = "other", _("Other")

    slot = models.ForeignKey(SpeakingSlot, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["slot", "kind"], name="slot_deadline_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.slot}"


class BoothShift(models.Model):
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="shifts")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="booth_shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.member} at {self.exhibitor}"


class Reminder(models.Model):
    """A reminder e-mail owed to one attendee; the database row is the source of truth."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Handed to a worker")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")
        CANCELLED = "cancelled", _("Cancelled")

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        CONFIRMATION = "confirmation", _("Invitation with calendar entry")
        RESCHEDULED = "rescheduled", _("Time changed")
        CANCELLED = "cancelled", _("Cancellation")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    attendee = models.ForeignKey(MeetingAttendee, on_delete=models.CASCADE, related_name="reminders")
    # Notices (confirmation, time changed, cancellation) are rows too, written in the same
    # transaction as the change they announce, so the sweep delivers them even if the broker
    # was unreachable when the change was committed.
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REMINDER)
    offset_minutes = models.PositiveIntegerField()
    due_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text=_("Back-off after a failed attempt."))
    previous_starts_at = models.DateTimeField(null=True, blank=True, help_text=_("For a time-changed notice."))
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "attendee", "offset_minutes"],
                condition=Q(kind="reminder"),
                name="reminder_once_per_offset",
            ),
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(state="pending"), name="reminder_pending_due"),
            models.Index(fields=["claimed_at"], condition=Q(state="sending"), name="reminder_sending_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} − {self.offset_minutes} min → {self.attendee}"


class FollowUp(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    expo = models.ForeignKey(Expo, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reminded_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="follow_up_status_due")]

    def __str__(self) -> str:
        return self.title


class CalendarFeedToken(models.Model):
    """A member's private calendar subscription: the token lives in the URL, only its hash here.

    Revoking stamps ``revoked_at``; regenerating revokes the old token and issues a new one.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="calendar_feed_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("starts with"), max_length=8)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(revoked_at__isnull=True), name="calendar_feed_one_live_token"
            ),
        ]

    def __str__(self) -> str:
        return f"calendar feed of {self.member} ({self.prefix}…)"


class ResponseLink(models.Model):
    """A guest's personal link to answer an invitation: the token lives in the URL, only its hash here.

    Each invitation, change notice or reminder mailed to a guest carries a fresh link; every live
    link of the attendee works until the meeting starts, the meeting is cancelled or the office
    revokes them.
    """

    attendee = models.ForeignKey(MeetingAttendee, on_delete=models.CASCADE, related_name="response_links")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("starts with"), max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"response link of {self.attendee} ({self.prefix}…)"


class GuestResponse(models.Model):
    """One answer given through a response link, or a proposal the office accepted: the meeting's log."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guest_responses")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_responses"
    )
    response = models.CharField(max_length=20, choices=MeetingAttendee.Response.choices)
    proposed_starts_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.contact}: {self.response} ({self.meeting})"
