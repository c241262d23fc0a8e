"""Exhibitors and their booth profiles over the API.

``/api/v1/exhibitors/{id}/profile/`` — ``GET`` and ``PATCH`` by the exhibitor's own users and
the office (API keys with ``exhibitors:read`` may read). A ``PATCH`` names the version it edited
(``If-Match: "<version>"`` or a ``version`` field); a stale version answers 409 and changes
nothing. The response carries the new version in its body and in the ``ETag`` header.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, overload

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from common.actors import actor_of
from common.exceptions import PayloadTooLarge
from common.parsers import SafeJSONParser
from common.permissions import is_api_key_request
from exhibitors import selectors, services
from exhibitors.api import serializers
from exhibitors.images import MAX_UPLOAD_BYTES, ImageRejected, size_limit_message
from exhibitors.models import BoothProfile, Exhibitor

READ_ONLY_PROFILE_KEYS = set(serializers.BoothProfileSerializer.Meta.fields) - set(services.EDITABLE_FIELDS)
IF_MATCH = OpenApiParameter(
    "If-Match", location=OpenApiParameter.HEADER, required=False, description='The version you edited, e.g. "3".'
)
# Multipart framing around the file itself is small; anything larger than this cannot be a valid upload.
UPLOAD_ENVELOPE_BYTES = 64 * 1024


@overload
def _version_from(request: Request, *, required: Literal[True]) -> int: ...
@overload
def _version_from(request: Request, *, required: bool) -> int | None: ...
def _version_from(request: Request, *, required: bool) -> int | None:
    header = request.headers.get("If-Match", "").strip()
    raw: Any = None
    if header:
        raw = header.removeprefix("W/").strip('"')
    elif isinstance(request.data, dict) and "version" in request.data:
        raw = request.data.get("version")
        if isinstance(raw, list):
            raw = raw[0] if raw else None
    if raw in (None, ""):
        if required:
            raise exceptions.ValidationError(
                {"version": ["Send the version you edited, as the If-Match header or a version field."]}
            )
        return None
    try:
        return int(str(raw))
    except ValueError:
        raise exceptions.ValidationError({"version": ["The version must be a whole number."]}) from None


def _profile_response(request: Request, profile: BoothProfile, *, reload: bool = True) -> Response:
    if reload:  # after a write: serialise what is stored now
        profile = BoothProfile.objects.select_related("exhibitor").prefetch_related("gallery").get(pk=profile.pk)
    data = serializers.BoothProfileSerializer(profile, context={"request": request}).data
    response = Response(data)
    response["ETag"] = f'"{profile.version}"'
    return response


class ExhibitorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ExhibitorSerializer
    api_scope = "exhibitors"  # the key scope whose ":read" lets a writer see what it wrote
    # Exhibitor users see their own exhibitors only (the queryset), so another's answers 404.
    permission_rules: ClassVar[dict[str, str]] = {
        "read": "exhibitors.list_exhibitors",
        "profile": "exhibitors.list_exhibitors",
        "logo": "exhibitors.list_exhibitors",
        "submit": "exhibitors.list_exhibitors",
        "publish": "exhibitors.list_exhibitors",
        "send_back": "exhibitors.list_exhibitors",
    }
    object_rules: ClassVar[dict[str, str]] = {
        "read": "exhibitors.view_exhibitor",
        "write": "exhibitors.edit_profile",
        "publish": "exhibitors.review_profile",
        "send_back": "exhibitors.review_profile",
    }
    filterset_fields = ["category", "pavilion"]
    parser_classes = [SafeJSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if is_api_key_request(self.request):
            return selectors.exhibitor_list()
        return selectors.exhibitors_for_user(self.request.user)

    def _profile(self) -> BoothProfile:
        exhibitor: Exhibitor = self.get_object()
        profile = BoothProfile.objects.select_related("exhibitor").filter(exhibitor=exhibitor).first()
        if profile is None:
            if self.request.method in ("GET", "HEAD"):
                raise exceptions.NotFound("This exhibitor has no booth profile yet.")
            profile = services.profile_get_or_create(exhibitor=exhibitor)
        return profile

    @extend_schema(
        methods=["GET"],
        responses=serializers.BoothProfileSerializer,
        description="The working copy of the booth profile (with status, version and completeness).",
    )
    @extend_schema(
        methods=["PATCH"],
        request=serializers.BoothProfilePatchSerializer,
        parameters=[IF_MATCH],
        responses={
            200: serializers.BoothProfileSerializer,
            400: OpenApiResponse(description="Invalid field values, or no version sent."),
            409: OpenApiResponse(description="Stale version: someone saved in between; nothing changed."),
        },
    )
    @action(
        detail=True, methods=["get", "patch"], url_path="profile", serializer_class=serializers.BoothProfileSerializer
    )
    def profile(self, request: Request, pk: str | None = None) -> Response:
        if request.method == "GET":
            exhibitor = self.get_object()
            profile = get_object_or_404(
                BoothProfile.objects.select_related("exhibitor").prefetch_related(Prefetch("gallery")),
                exhibitor=exhibitor,
            )
            return _profile_response(request, profile, reload=False)
        profile = self._profile()
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object."]})
        version = _version_from(request, required=True)
        fields = {key: value for key, value in request.data.items() if key not in READ_ONLY_PROFILE_KEYS}
        fields.pop("version", None)
        services.profile_update(profile=profile, actor=actor_of(request), version=version, **fields)
        return _profile_response(request, profile)

    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": serializers.LogoUploadSerializer},
        parameters=[IF_MATCH],
        responses={
            200: serializers.BoothProfileSerializer,
            400: OpenApiResponse(description="Not a PNG, JPEG or WebP image (SVG is refused), or damaged."),
            409: OpenApiResponse(description="Stale version."),
            413: OpenApiResponse(description="Larger than 5 MB."),
        },
    )
    @extend_schema(
        methods=["DELETE"], parameters=[IF_MATCH], request=None, responses=serializers.BoothProfileSerializer
    )
    @action(
        detail=True,
        methods=["post", "delete"],
        url_path="profile/logo",
        serializer_class=serializers.BoothProfileSerializer,
    )
    def logo(self, request: Request, pk: str | None = None) -> Response:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isascii() and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + UPLOAD_ENVELOPE_BYTES:
            raise PayloadTooLarge(size_limit_message())  # refused before the body is read
        profile = self._profile()
        if request.method == "DELETE":
            services.profile_remove_logo(
                profile=profile, actor=actor_of(request), version=_version_from(request, required=False)
            )
            return _profile_response(request, profile)
        upload = request.FILES.get("logo") or request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"logo": ["Attach the image as the multipart field 'logo'."]})
        if upload.size > MAX_UPLOAD_BYTES:
            raise PayloadTooLarge(size_limit_message())
        try:
            services.profile_set_logo(
                profile=profile, actor=actor_of(request), upload=upload, version=_version_from(request, required=False)
            )
        except ImageRejected as rejected:
            if rejected.too_large:
                raise PayloadTooLarge(str(rejected)) from None
            raise exceptions.ValidationError({"logo": [str(rejected)]}) from None
        return _profile_response(request, profile)

    @extend_schema(
        request=serializers.VersionSerializer,
        parameters=[IF_MATCH],
        responses={
            200: serializers.BoothProfileSerializer,
            400: OpenApiResponse(description="Nothing to submit."),
            409: OpenApiResponse(description="Stale version."),
        },
        description="Hand the working copy to the office for review.",
    )
    @action(
        detail=True, methods=["post"], url_path="profile/submit", serializer_class=serializers.BoothProfileSerializer
    )
    def submit(self, request: Request, pk: str | None = None) -> Response:
        profile = self._profile()
        services.profile_submit(
            profile=profile, actor=actor_of(request), version=_version_from(request, required=False)
        )
        return _profile_response(request, profile)

    @extend_schema(
        request=serializers.ReviewDecisionSerializer,
        parameters=[IF_MATCH],
        responses={200: serializers.BoothProfileSerializer, 403: OpenApiResponse(description="Office only.")},
        description="Office only: publish the submitted working copy (the version reviewed).",
    )
    @action(
        detail=True, methods=["post"], url_path="profile/publish", serializer_class=serializers.BoothProfileSerializer
    )
    def publish(self, request: Request, pk: str | None = None) -> Response:
        profile = self._profile()
        services.profile_publish(
            profile=profile, actor=actor_of(request), version=_version_from(request, required=True)
        )
        return _profile_response(request, profile)

    @extend_schema(
        request=serializers.ReviewDecisionSerializer,
        parameters=[IF_MATCH],
        responses={200: serializers.BoothProfileSerializer, 403: OpenApiResponse(description="Office only.")},
        description="Office only: send the submitted profile back with a comment.",
    )
    @action(
        detail=True, methods=["post"], url_path="profile/send-back", serializer_class=serializers.BoothProfileSerializer
    )
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        profile = self._profile()
        comment = request.data.get("comment", "") if isinstance(request.data, dict) else ""
        services.profile_send_back(
            profile=profile,
            actor=actor_of(request),
            version=_version_from(request, required=True),
            comment=str(comment),
        )
        return _profile_response(request, profile)
