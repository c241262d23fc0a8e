from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.actors import actor_of
from common.api_keys.pulls import KeyWriteRecordMixin
from common.permissions import is_api_key_request
from meetings import selectors, services
from meetings.api import serializers
from meetings.api.filters import MeetingFilter, SpeakingSlotFilter
from meetings.calendars import meeting_ics
from meetings.models import Meeting
from meetings.services.common import FieldErrors, aware, time_zone_or_error
from meetings.services.meetings import AttendeeInput
from meetings.visibility import clashes_for_writer, hidden_meeting_fields

CONFLICT_RESPONSE = OpenApiResponse(
    description='Double booking: {"detail", "code": "conflict", "conflicts": [...]}; nothing was changed.'
)
TRAVEL_RESPONSE = OpenApiResponse(
    description='Invalid input ({"code": "invalid", "fields": {...}}) or a travel-buffer warning '
    '({"code": "travel_buffer", "warnings": [...]}: repeat with override_travel=true to save anyway).'
)


def _wall_clock(data: dict[str, Any], expo) -> None:
    """Times without an offset are read in ``time_zone`` (if given) or the expo's zone."""
    errors = FieldErrors()
    tz = time_zone_or_error(data.pop("time_zone", None), errors) or expo.tz
    errors.raise_if_any()
    for field in ("starts_at", "ends_at"):
        if data.get(field) is not None:
            data[field] = aware(data[field], tz)


def _flag(value: str | None, *, field: str, default: bool) -> bool:
    """A true/false query parameter; anything else is a 400 naming the parameter."""
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise DjangoValidationError({field: ["Use true or false."]})


def _attendee_dicts(rows: list[dict[str, Any]] | None) -> list[AttendeeInput] | None:
    if rows is None:
        return None
    return [{"type": row["type"], "id": row["id"], "role": row.get("role")} for row in rows]


class ClashNarrowingMixin(KeyWriteRecordMixin):
    """A key that may write the schedule but not read it learns no titles or names from clashes."""

    def refusal_for_writer(self, data: dict[str, Any]) -> dict[str, Any]:
        return clashes_for_writer(data)


@extend_schema_view(
    create=extend_schema(
        request=serializers.MeetingWriteSerializer,
        responses={201: serializers.MeetingSerializer, 400: TRAVEL_RESPONSE, 409: CONFLICT_RESPONSE},
    ),
    partial_update=extend_schema(
        request=serializers.MeetingWriteSerializer,
        responses={200: serializers.MeetingSerializer, 400: TRAVEL_RESPONSE, 409: CONFLICT_RESPONSE},
        description="Change any of the fields; time, venue, status and attendee changes re-check clashes.",
    ),
    update=extend_schema(
        request=serializers.MeetingWriteSerializer,
        responses={200: serializers.MeetingSerializer, 400: TRAVEL_RESPONSE, 409: CONFLICT_RESPONSE},
    ),
    destroy=extend_schema(
        parameters=[
            OpenApiParameter(
                "tell_contacts",
                OpenApiTypes.BOOL,
                description="false: a meeting with notify_contacts is cancelled without telling its guests.",
            )
        ],
        responses={200: serializers.MeetingSerializer},
        description="Cancels the meeting (it stays, with status cancelled, so calendars remove it); "
        "its busy time is freed and reminders stop. Guests are told only with notify_contacts "
        "(and not with ?tell_contacts=false).",
    ),
)
class MeetingViewSet(ClashNarrowingMixin, viewsets.ModelViewSet):
    """Meetings. Exhibitor users read the meetings their exhibitor attends (without the office's
    `objectives` and `outcome`); the office writes. A key with `meetings:write` but not
    `meetings:read` is answered with the meeting's `id` only, and its clashes (409, check) name
    no titles or people."""

    serializer_class = serializers.MeetingSerializer
    # Exhibitor users read the meetings their exhibitor takes part in (the queryset narrows to them).
    api_scope = "meetings"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {
        "read": "meetings.list_meetings",
        "write": "meetings.change_schedule",
        "check": "meetings.change_schedule",
    }
    object_rules: ClassVar[dict[str, str]] = {"read": "meetings.view_meeting"}
    filterset_class = MeetingFilter

    def get_queryset(self):
        user = None if is_api_key_request(self.request) else self.request.user
        return selectors.meetings_for_user(user)

    def answer_for_writer(self, data: dict[str, Any]) -> dict[str, Any]:
        if self.action == "check":
            return clashes_for_writer(data)
        return super().answer_for_writer(data)

    def _answer(self, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.meeting_list().get(pk=meeting.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = serializers.MeetingWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        _wall_clock(data, data["expo"])
        data["attendees"] = _attendee_dicts(data.get("attendees")) or []
        data.pop("tell_contacts", None)  # a new meeting's guests hear from it only with notify_contacts
        meeting = services.meeting_create(actor=actor_of(request), **data)
        return self._answer(meeting, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        partial = kwargs.get("partial", False)
        incoming = serializers.MeetingWriteSerializer(data=request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        expo = data.pop("expo", meeting.expo)
        if expo.pk != meeting.expo_id:
            raise DjangoValidationError({"expo": ["A meeting cannot move to another expo."]})
        _wall_clock(data, meeting.expo)
        attendees = _attendee_dicts(data.pop("attendees", None))
        meeting = services.meeting_update(meeting=meeting, actor=actor_of(request), attendees=attendees, **data)
        return self._answer(meeting)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        tell_contacts = _flag(request.query_params.get("tell_contacts"), field="tell_contacts", default=True)
        meeting = services.meeting_cancel(
            meeting=self.get_object(), actor=actor_of(request), tell_contacts=tell_contacts
        )
        return self._answer(meeting)

    @extend_schema(request=serializers.MeetingCheckSerializer, responses=serializers.MeetingCheckResultSerializer)
    @action(detail=False, methods=["post"], url_path="check")
    def check(self, request: Request) -> Response:
        """What saving this would clash with (409-style conflicts) and travel warnings; saves nothing."""
        incoming = serializers.MeetingCheckSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        meeting_id = data.pop("meeting", None)
        meeting = None
        if meeting_id is not None:
            meeting = self.get_queryset().filter(pk=meeting_id).select_related("expo").first()
            if meeting is None:
                raise DjangoValidationError({"meeting": ["There is no such meeting."]})
        expo = data.get("expo") or (meeting.expo if meeting else None)
        if expo is None:
            raise DjangoValidationError({"expo": ["Give the expo (or the meeting being edited)."]})
        _wall_clock(data, expo)
        result = selectors.meeting_check(
            expo=expo,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data.get("venue"),
            attendees=_attendee_dicts(data.get("attendees")) or [],
            meeting_id=meeting_id,
            status=data.get("status") or (meeting.status if meeting else Meeting.Status.PROPOSED),
        )
        return Response(result)


class IcsRenderer(renderers.BaseRenderer):
    """Lets clients ask for text/calendar; error bodies are still JSON."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


class MeetingIcsView(APIView):
    """GET /api/v1/meetings/{id}.ics — the meeting as an iCalendar file (the office's objectives
    only for office staff and API keys)."""

    api_scope = "meetings"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {"get": "meetings.list_meetings"}
    object_rules: ClassVar[dict[str, str]] = {"get": "meetings.view_meeting"}
    renderer_classes = [renderers.JSONRenderer, IcsRenderer]

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        user = None if is_api_key_request(request) else request.user
        meeting = selectors.meetings_for_user(user).filter(pk=pk).first()
        if meeting is None:
            raise NotFound()
        self.check_object_permissions(request, meeting)
        body = meeting_ics(meeting=meeting, hidden=hidden_meeting_fields(request.user))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        return response


@extend_schema_view(
    create=extend_schema(
        request=serializers.SpeakingSlotWriteSerializer,
        responses={201: serializers.SpeakingSlotSerializer, 400: TRAVEL_RESPONSE, 409: CONFLICT_RESPONSE},
    ),
    partial_update=extend_schema(
        request=serializers.SpeakingSlotWriteSerializer,
        responses={200: serializers.SpeakingSlotSerializer, 400: TRAVEL_RESPONSE, 409: CONFLICT_RESPONSE},
    ),
    update=extend_schema(
        request=serializers.SpeakingSlotWriteSerializer,
        responses={200: serializers.SpeakingSlotSerializer, 400: TRAVEL_RESPONSE, 409: CONFLICT_RESPONSE},
    ),
    destroy=extend_schema(
        responses={200: serializers.SpeakingSlotSerializer},
        description="Cancels the slot (kept, status cancelled); its busy time is freed.",
    ),
)
class SpeakingSlotViewSet(ClashNarrowingMixin, viewsets.ModelViewSet):
    """Speaking slots at the host's events: speakers, panelists, moderator, the host's deadlines."""

    serializer_class = serializers.SpeakingSlotSerializer
    api_scope = "meetings"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {"read": "meetings.view_schedule", "write": "meetings.change_schedule"}
    filterset_class = SpeakingSlotFilter

    def get_queryset(self):
        return selectors.speaking_slot_list()

    def _answer(self, slot, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.speaking_slot_list().get(pk=slot.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = serializers.SpeakingSlotWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        _wall_clock(data, data["expo"])
        slot = services.speaking_slot_create(actor=actor_of(request), **data)
        return self._answer(slot, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        slot = self.get_object()
        incoming = serializers.SpeakingSlotWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        expo = data.pop("expo", slot.expo)
        if expo.pk != slot.expo_id:
            raise DjangoValidationError({"expo": ["A slot cannot move to another expo."]})
        _wall_clock(data, slot.expo)
        slot = services.speaking_slot_update(slot=slot, actor=actor_of(request), **data)
        return self._answer(slot)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        slot = services.speaking_slot_cancel(slot=self.get_object(), actor=actor_of(request))
        return self._answer(slot)


class FollowUpViewSet(KeyWriteRecordMixin, viewsets.ModelViewSet):
    """Follow-ups from meetings and contacts, with owner, due date and status."""

    serializer_class = serializers.FollowUpSerializer
    api_scope = "meetings"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {"read": "meetings.view_schedule", "write": "meetings.change_schedule"}
    filterset_fields = ["expo", "status", "owner", "meeting", "contact"]

    def get_queryset(self):
        return selectors.follow_up_list()

    def perform_create(self, serializer) -> None:
        serializer.instance = services.follow_up_create(actor=actor_of(self.request), **serializer.validated_data)

    def perform_update(self, serializer) -> None:
        serializer.instance = services.follow_up_update(
            follow_up=serializer.instance, actor=actor_of(self.request), **serializer.validated_data
        )

    def perform_destroy(self, instance) -> None:
        services.follow_up_delete(follow_up=instance, actor=actor_of(self.request))
