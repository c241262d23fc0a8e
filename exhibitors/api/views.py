from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from exhibitors import selectors
from exhibitors.api import serializers
from exhibitors.models import BoothProfile
from expo_portal.permissions import is_api_key_request


class ExhibitorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ExhibitorSerializer
    api_scope = "exhibitors"
    exhibitor_access = True
    filterset_fields = ["category", "pavilion"]

    def get_queryset(self):
        if is_api_key_request(self.request):
            return selectors.exhibitor_list()
        return selectors.exhibitors_for_user(self.request.user)

    @extend_schema(responses=serializers.BoothProfileSerializer)
    @action(detail=True, methods=["get"], url_path="profile")
    def profile(self, request: Request, pk: str | None = None) -> Response:
        exhibitor = self.get_object()
        profile = get_object_or_404(BoothProfile, exhibitor=exhibitor)
        return Response(serializers.BoothProfileSerializer(profile, context={"request": request}).data)
