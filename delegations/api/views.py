from __future__ import annotations

from rest_framework import viewsets

from delegations import selectors
from delegations.api import serializers


class ExpoViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ExpoSerializer
    api_scope = "meetings"

    def get_queryset(self):
        return selectors.expo_list()


class DelegationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.DelegationSerializer
    api_scope = "meetings"
    filterset_fields = ["expo"]

    def get_queryset(self):
        return selectors.delegation_list()


class MemberViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.MemberSerializer
    api_scope = "meetings"
    filterset_fields = ["delegation", "role"]

    def get_queryset(self):
        return selectors.member_list()


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrganizationSerializer
    api_scope = "contacts"
    filterset_fields = ["country", "kind"]

    def get_queryset(self):
        return selectors.organization_list()


class ContactViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ContactSerializer
    api_scope = "contacts"
    filterset_fields = ["country", "organization"]

    def get_queryset(self):
        return selectors.contact_list()
