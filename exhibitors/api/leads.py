"""Booth leads over the API: ``/api/v1/leads/``.

- Exhibitor users: the leads of their own exhibitors (read and write); another exhibitor's
  lead answers 404.
- Office staff: every lead.
- API keys with ``exhibitors:read``: read-only, and only the leads whose visitors agreed to be
  shared with the office — a key feeds another system, and the consent flag is what lets a
  lead leave the pavilion. There is no ``exhibitors:write`` scope, so keys never write.

The office's contact book stays the office's: an exhibitor user learns at most that a visitor is
known to the office (``known_contact`` on a lead, ``{"known": true}`` from ``match/``), never
which contact it is. ``match/`` is throttled per signed-in user (``LEAD_MATCH_THROTTLE_RATE``,
default 30/min), so it cannot be used to walk the contact book.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from common.actors import actor_of
from common.openapi import optional_in_schema
from common.permissions import is_api_key_request
from common.rules import OFFICE
from exhibitors import selectors as exhibitor_selectors
from exhibitors.models import Lead
from exhibitors.selectors import exhibitors_for_user
from exhibitors.services import leads as lead_services

WRITABLE = [
    "full_name",
    "organization_name",
    "country",
    "email",
    "phone",
    "interest",
    "note",
    "shared_with_office",
]


# What only the office (staff and its API keys) reads of a lead: which contact it matched.
OFFICE_ONLY = ("contact", "contact_name")


def sees_contact_book(request: Request | None) -> bool:
    return request is not None and (is_api_key_request(request) or request.user.has_perm(OFFICE))


class LeadSerializer(serializers.ModelSerializer):
    exhibitor_name = serializers.CharField(source="exhibitor.name", read_only=True)
    contact_name = serializers.CharField(
        source="contact.full_name",
        read_only=True,
        default=None,
        help_text="Name of the matched contact; office staff and API keys only.",
    )
    known_contact = serializers.SerializerMethodField(help_text="The visitor is known to the office.")
    phone = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="E.164, or as dialled in the visitor's country (else the expo's); returned as E.164.",
    )
    country = serializers.CharField(required=False, allow_blank=True, max_length=2)

    class Meta:
        model = Lead
        fields = [
            "id",
            "exhibitor",
            "exhibitor_name",
            *WRITABLE,
            "known_contact",
            "contact",
            "contact_name",
            "created_at",
        ]
        read_only_fields = ["id", "contact", "created_at"]
        extra_kwargs = {
            "exhibitor": {"required": False},
            "contact": {"help_text": "Id of the matched contact; office staff and API keys only."},
        }

    def validate_country(self, value: str) -> str:
        return value.strip().upper()

    def get_known_contact(self, instance: Lead) -> bool:
        return instance.contact_id is not None

    def to_representation(self, instance: Lead) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["phone"] = instance.phone.as_e164 if instance.phone else ""
        data["country"] = instance.country.code if instance.country else ""
        if not sees_contact_book(self.context.get("request")):
            for name in OFFICE_ONLY:
                data.pop(name, None)
        return data


optional_in_schema("exhibitors.api.leads.LeadSerializer", OFFICE_ONLY, name="LeadSchemaExtension")


class LeadMatchThrottle(SimpleRateThrottle):
    """Per signed-in user: ``LEAD_MATCH_THROTTLE_RATE`` look-ups (default 30/min), then 429."""

    scope = "lead_match"

    def get_rate(self) -> str | None:
        return settings.LEAD_MATCH_THROTTLE_RATE

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        user = request.user
        if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
            return None  # API keys are refused by the endpoint and counted by their own throttle
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class LeadMatchSerializer(serializers.Serializer):
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    organization_name = serializers.CharField(required=False, allow_blank=True, max_length=300)
    email = serializers.EmailField(required=False, allow_blank=True)


class LeadViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = LeadSerializer
    api_scope = "exhibitors"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {
        "read": "exhibitors.list_leads",
        "write": "exhibitors.add_lead",
        "match": "exhibitors.add_lead",  # keys never search the contact book
    }
    object_rules: ClassVar[dict[str, str]] = {"read": "exhibitors.view_lead", "write": "exhibitors.change_lead"}
    filterset_fields = ["exhibitor", "shared_with_office"]

    def get_queryset(self):
        if is_api_key_request(self.request):
            return exhibitor_selectors.shared_leads()
        return exhibitor_selectors.leads_visible_to(self.request.user)

    def _service_call(self, fn, **kwargs: Any) -> Lead:
        try:
            return fn(actor=actor_of(self.request), **kwargs)
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            raise serializers.ValidationError(detail) from exc

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        exhibitor = data.pop("exhibitor", None)
        own = list(exhibitors_for_user(request.user))
        if exhibitor is None:
            if len(own) != 1:
                raise serializers.ValidationError({"exhibitor": ["Name the exhibitor this lead belongs to."]})
            exhibitor = own[0]
        elif exhibitor.pk not in {e.pk for e in own}:
            raise serializers.ValidationError({"exhibitor": ["No such exhibitor."]})
        lead = self._service_call(lead_services.lead_create, exhibitor=exhibitor, **data)
        lead = self.get_queryset().get(pk=lead.pk)
        return Response(self.get_serializer(lead).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lead = self.get_object()
        serializer = self.get_serializer(lead, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "exhibitor" in data and data.pop("exhibitor") != lead.exhibitor:
            raise serializers.ValidationError({"exhibitor": ["A lead cannot move to another exhibitor."]})
        self._service_call(lead_services.lead_update, lead=lead, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=lead.pk)).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lead = self.get_object()
        lead_services.lead_delete(lead=lead, actor=actor_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[
            OpenApiParameter("full_name", str),
            OpenApiParameter("organization_name", str),
            OpenApiParameter("email", str),
        ],
        responses=inline_serializer(
            "LeadMatch",
            {"known": serializers.BooleanField(help_text="The visitor is known to the office.")},
        ),
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="match",
        pagination_class=None,
        filter_backends=[],
        throttle_classes=[*api_settings.DEFAULT_THROTTLE_CLASSES, LeadMatchThrottle],
    )
    def match(self, request: Request) -> Response:
        """Whether a visitor is known to the office (which contact it is stays the office's).
        Throttled per user (429 with `Retry-After`)."""
        if is_api_key_request(request):
            raise PermissionDenied("API keys cannot use this endpoint.")
        serializer = LeadMatchSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        contact = exhibitor_selectors.lead_match_contact(**serializer.validated_data)
        return Response({"known": contact is not None})
