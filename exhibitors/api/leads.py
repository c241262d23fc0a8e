"""Booth leads over the API: ``/api/v1/leads/``.

- Exhibitor users: the leads of their own exhibitors (read and write); another exhibitor's
  lead answers 404.
- Office staff: every lead.
- API keys with ``exhibitors:read``: read-only, and only the leads whose visitors agreed to be
  shared with the office — a key feeds another system, and the consent flag is what lets a
  lead leave the pavilion. There is no ``exhibitors:write`` scope, so keys never write.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from common.actors import actor_of
from common.permissions import is_api_key_request
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


class LeadSerializer(serializers.ModelSerializer):
    exhibitor_name = serializers.CharField(source="exhibitor.name", read_only=True)
    contact_name = serializers.CharField(source="contact.full_name", read_only=True, default=None)
    phone = serializers.CharField(required=False, allow_blank=True)
    country = serializers.CharField(required=False, allow_blank=True, max_length=2)

    class Meta:
        model = Lead
        fields = ["id", "exhibitor", "exhibitor_name", *WRITABLE, "contact", "contact_name", "created_at"]
        read_only_fields = ["id", "contact", "created_at"]
        extra_kwargs = {"exhibitor": {"required": False}}

    def validate_country(self, value: str) -> str:
        return value.strip().upper()

    def to_representation(self, instance: Lead) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["phone"] = instance.phone.as_e164 if instance.phone else ""
        data["country"] = instance.country.code if instance.country else ""
        return data


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
            {
                "match": inline_serializer(
                    "LeadMatchContact",
                    {
                        "id": serializers.IntegerField(),
                        "full_name": serializers.CharField(),
                        "organization_name": serializers.CharField(),
                    },
                    allow_null=True,
                )
            },
        ),
    )
    @action(detail=False, methods=["get"], url_path="match", pagination_class=None, filter_backends=[])
    def match(self, request: Request) -> Response:
        """The known contact a visitor would be matched to (name and organisation only)."""
        serializer = LeadMatchSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        contact = exhibitor_selectors.lead_match_contact(**serializer.validated_data)
        if contact is None:
            return Response({"match": None})
        return Response(
            {
                "match": {
                    "id": contact.pk,
                    "full_name": contact.full_name,
                    "organization_name": contact.organization.name if contact.organization else "",
                }
            }
        )
