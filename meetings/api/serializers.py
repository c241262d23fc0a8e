from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.openapi import optional_in_schema
from delegations.models import Contact, Expo, Venue
from meetings.models import FollowUp, Meeting, MeetingAttendee, SlotDeadline, SpeakingSlot
from meetings.visibility import OFFICE_NOTES, hidden_meeting_fields, without_hidden


class AttendeeSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    id = serializers.SerializerMethodField()

    class Meta:
        model = MeetingAttendee
        fields = ["type", "id", "role", "response", "proposed_starts_at", "responded_at"]
        extra_kwargs = {
            "response": {"help_text": "A guest's answer through their response link (members: pending)."},
            "proposed_starts_at": {"help_text": "The start the guest proposed, when response is proposed."},
        }

    def get_type(self, obj: MeetingAttendee) -> str:
        if obj.member_id:
            return "member"
        return "contact" if obj.contact_id else "exhibitor"

    def get_id(self, obj: MeetingAttendee) -> int:
        attendee_id = obj.member_id or obj.contact_id or obj.exhibitor_id
        if attendee_id is None:  # excluded by a check constraint of the table
            raise ValueError("an attendee is a member, a contact or an exhibitor")
        return attendee_id


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as the API shows it; ``objectives`` and ``outcome`` are the office's own notes and
    are left out for everyone else (``meetings.visibility``)."""

    attendees = AttendeeSerializer(many=True, read_only=True)
    objectives = serializers.CharField(
        read_only=True, help_text="The office's aims for the meeting; office staff and API keys only."
    )
    outcome = serializers.CharField(
        read_only=True, help_text="The office's notes on what came of it; office staff and API keys only."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "expo",
            "title",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "venue",
            "location",
            "language_a",
            "language_b",
            "attendees",
            "objectives",
            "agenda",
            "outcome",
            "notify_contacts",
            "sequence",
            "updated_at",
        ]
        extra_kwargs = {
            "notify_contacts": {
                "help_text": "Whether the contact attendees (guests) get the invitation, change notices and "
                "reminders. Members always get theirs."
            }
        }

    def to_representation(self, instance: Meeting) -> dict[str, Any]:
        request = self.context.get("request")
        hidden = hidden_meeting_fields(getattr(request, "user", None))
        return without_hidden(super().to_representation(instance), hidden)


optional_in_schema("meetings.api.serializers.MeetingSerializer", OFFICE_NOTES, name="MeetingSchemaExtension")


class SlotDeadlineSerializer(serializers.ModelSerializer):
    done = serializers.SerializerMethodField()

    class Meta:
        model = SlotDeadline
        fields = ["kind", "due_on", "owner", "done", "done_at"]

    def get_done(self, obj: SlotDeadline) -> bool:
        return obj.done_at is not None


class SpeakingSlotSerializer(serializers.ModelSerializer):
    deadlines = SlotDeadlineSerializer(many=True, read_only=True)
    speakers = serializers.SerializerMethodField()
    panelists = serializers.SerializerMethodField()

    class Meta:
        model = SpeakingSlot
        fields = [
            "id",
            "expo",
            "kind",
            "title",
            "event_name",
            "stage",
            "starts_at",
            "ends_at",
            "speakers",
            "panelists",
            "moderator",
            "materials",
            "status",
            "deadlines",
            "sequence",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_speakers(self, obj: SpeakingSlot) -> list[int]:
        return [m.pk for m in obj.speakers.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_panelists(self, obj: SpeakingSlot) -> list[int]:
        return [c.pk for c in obj.panelists.all()]


class FollowUpSerializer(serializers.ModelSerializer):
    """Read and write shape of a follow-up (writes go through the follow-up services)."""

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "expo",
            "meeting",
            "contact",
            "organization",
            "title",
            "description",
            "owner",
            "due_on",
            "status",
            "completed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["completed_at", "created_at", "updated_at"]


# --- Writes -----------------------------------------------------------------------------------


class WallClockDateTimeField(serializers.DateTimeField):
    """Keeps a time without offset naive, so the view can read it in the right zone.

    A time with an offset is taken as given; one without is wall-clock time in ``time_zone``
    (when given) or the expo's zone — never the server's.
    """

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        return value


class AttendeeInputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["member", "contact", "exhibitor"])
    id = serializers.IntegerField(min_value=1)
    role = serializers.ChoiceField(choices=MeetingAttendee.Role.choices, default=MeetingAttendee.Role.PARTICIPANT)


class MeetingWriteSerializer(serializers.Serializer):
    """Input of POST/PATCH /api/v1/meetings/ (answers use ``MeetingSerializer``)."""

    expo = serializers.PrimaryKeyRelatedField(queryset=Expo.objects.all())
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    status = serializers.ChoiceField(choices=Meeting.Status.choices, required=False)
    starts_at = WallClockDateTimeField()
    ends_at = WallClockDateTimeField()
    time_zone = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("IANA zone for times given without an offset (default: the expo's)."),
    )
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all(), required=False, allow_null=True)
    location = serializers.CharField(max_length=300, required=False, allow_blank=True)
    language_a = serializers.CharField(max_length=12, required=False, allow_blank=True)
    language_b = serializers.CharField(max_length=12, required=False, allow_blank=True)
    attendees = AttendeeInputSerializer(many=True, required=False)
    objectives = serializers.CharField(required=False, allow_blank=True)
    agenda = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.CharField(required=False, allow_blank=True)
    notify_contacts = serializers.BooleanField(
        required=False,
        help_text=_(
            "E-mail the contact attendees (invitation, change notices, reminders); default false. "
            "Switching it on sends them the invitation."
        ),
    )
    tell_contacts = serializers.BooleanField(
        required=False,
        default=True,
        help_text=_(
            "For this change only: whether guests of a meeting with notify_contacts hear of it (false: members only)."
        ),
    )
    confirm_outside_expo = serializers.BooleanField(
        required=False, default=False, help_text=_("Confirms a meeting outside the expo's days.")
    )
    override_travel = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Saves although someone lacks the travel buffer between venues (otherwise 400 travel_buffer)."),
    )


class MeetingCheckSerializer(serializers.Serializer):
    """Input of POST /api/v1/meetings/check/: what would clash if this were saved."""

    meeting = serializers.IntegerField(required=False, allow_null=True, help_text=_("The meeting being edited."))
    expo = serializers.PrimaryKeyRelatedField(queryset=Expo.objects.all(), required=False)
    starts_at = WallClockDateTimeField()
    ends_at = WallClockDateTimeField()
    time_zone = serializers.CharField(required=False, allow_blank=True)
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all(), required=False, allow_null=True)
    attendees = AttendeeInputSerializer(many=True, required=False)
    status = serializers.ChoiceField(choices=Meeting.Status.choices, required=False)


class ConflictSubjectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["member", "contact", "venue"])
    id = serializers.IntegerField()
    name = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["meeting", "speaking_slot", "booth_shift", "itinerary"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    subject = ConflictSubjectSerializer()


class TravelWarningSerializer(ConflictSerializer):
    direction = serializers.ChoiceField(choices=["before", "after"])
    gap_minutes = serializers.IntegerField()
    needed_minutes = serializers.IntegerField()


class MeetingCheckResultSerializer(serializers.Serializer):
    conflicts = ConflictSerializer(many=True)
    warnings = TravelWarningSerializer(many=True)
    outside_expo_days = serializers.BooleanField()
    # Describes the response of the check endpoint (OpenAPI) and never validates input, so its
    # "errors" field may shadow the serializer's own ``errors``.
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]


class DeadlineInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SlotDeadline.Kind.choices)
    due_on = serializers.DateField()
    owner = serializers.IntegerField(required=False, allow_null=True)
    done = serializers.BooleanField(required=False, default=False)


class SpeakingSlotWriteSerializer(serializers.Serializer):
    """Input of POST/PATCH /api/v1/speaking-slots/."""

    expo = serializers.PrimaryKeyRelatedField(queryset=Expo.objects.all())
    kind = serializers.ChoiceField(choices=SpeakingSlot.Kind.choices)
    title = serializers.CharField(max_length=300)
    event_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    stage = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all(), required=False, allow_null=True)
    starts_at = WallClockDateTimeField()
    ends_at = WallClockDateTimeField()
    time_zone = serializers.CharField(required=False, allow_blank=True)
    speakers = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    panelists = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    moderator = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.all(), required=False, allow_null=True)
    materials = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=SpeakingSlot.Status.choices, required=False)
    deadlines = DeadlineInputSerializer(many=True, required=False)
    confirm_outside_expo = serializers.BooleanField(required=False, default=False)
    override_travel = serializers.BooleanField(required=False, default=False)
