from __future__ import annotations

from rest_framework import viewsets

from expo_portal.permissions import is_api_key_request
from meetings import selectors
from meetings.api import serializers


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.MeetingSerializer
    api_scope = "meetings"
    exhibitor_access = True
    filterset_fields = ["expo", "kind", "status"]

    def get_queryset(self):
        user = None if is_api_key_request(self.request) else self.request.user
        return selectors.meetings_for_user(user)


class SpeakingSlotViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SpeakingSlotSerializer
    api_scope = "meetings"
    filterset_fields = ["expo", "kind", "status"]

    def get_queryset(self):
        return selectors.speaking_slot_list()


class FollowUpViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.FollowUpSerializer
    api_scope = "meetings"
    filterset_fields = ["expo", "status", "owner"]

    def get_queryset(self):
        return selectors.follow_up_list()
