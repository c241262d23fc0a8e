from __future__ import annotations

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from delegations.models import Contact, ContactTombstone, Delegation, Expo, Member, Organization


class ExpoSerializer(serializers.ModelSerializer):
    country = CountryField()

    class Meta:
        model = Expo
        fields = [
            "id",
            "name",
            "slug",
            "city",
            "country",
            "venue",
            "starts_on",
            "ends_on",
            "time_zone",
            "reminder_offsets",
            "default_travel_minutes",
            "updated_at",
        ]


class DelegationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Delegation
        fields = ["id", "expo", "name", "purpose", "created_at"]


class MemberSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(allow_blank=True, required=False)

    class Meta:
        model = Member
        fields = [
            "id",
            "delegation",
            "full_name",
            "native_name",
            "role",
            "title",
            "email",
            "phone",
            "home_time_zone",
            "languages",
            "preferred_language",
            "arrives_at",
            "departs_at",
            "updated_at",
        ]


class OrganizationSerializer(serializers.ModelSerializer):
    country = CountryField()

    class Meta:
        model = Organization
        fields = ["id", "name", "native_name", "kind", "country", "city", "sector", "website", "updated_at"]


class ContactSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True, default=None)
    country = CountryField(allow_blank=True, required=False)
    phone = serializers.CharField(allow_blank=True, required=False)

    class Meta:
        model = Contact
        fields = [
            "id",
            "honorific",
            "full_name",
            "native_name",
            "title",
            "rank",
            "organization",
            "organization_name",
            "country",
            "email",
            "phone",
            "languages",
            "preferred_language",
            "tags",
            "consent",
            "created_at",
            "updated_at",
        ]


class ContactTombstoneSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="contact_id")

    class Meta:
        model = ContactTombstone
        fields = ["id", "deleted_at", "merged_into_id"]
