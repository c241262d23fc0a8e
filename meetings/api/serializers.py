from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import FollowUp, Meeting, MeetingAttendee, SpeakingSlot


class AttendeeSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    id = serializers.SerializerMethodField()

    class Meta:
        model = MeetingAttendee
        fields = ["type", "id", "role"]

    def get_type(self, obj: MeetingAttendee) -> str:
        if obj.member_id:
            return "member"
        return "contact" if obj.contact_id else "exhibitor"

    def get_id(self, obj: MeetingAttendee) -> int:
        return obj.member_id or obj.contact_id or obj.exhibitor_id  # type: ignore[return-value]


class MeetingSerializer(serializers.ModelSerializer):
    attendees = AttendeeSerializer(many=True, read_only=True)

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
            "sequence",
            "updated_at",
        ]


class SpeakingSlotSerializer(serializers.ModelSerializer):
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
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_speakers(self, obj: SpeakingSlot) -> list[int]:
        return [m.pk for m in obj.speakers.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_panelists(self, obj: SpeakingSlot) -> list[int]:
        return [c.pk for c in obj.panelists.all()]


class FollowUpSerializer(serializers.ModelSerializer):
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
