from __future__ import annotations

from django.contrib.auth import get_user_model
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from delegations.models import Contact, Delegation, Expo, Member, Organization


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
    """An organisation as the API shows it (lists are rendered straight from the database rows)."""

    country = CountryField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "native_name",
            "kind",
            "country",
            "city",
            "sector",
            "website",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class OrganizationWriteSerializer(serializers.Serializer):
    """Input of POST/PUT/PATCH /organizations/; the service validates again (same rules as the pages)."""

    name = serializers.CharField(max_length=300)
    native_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Organization.Kind.choices)
    country = CountryField()
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sector = serializers.CharField(max_length=100, required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class ContactSerializer(serializers.Serializer):
    """A contact as the API shows it. A key's field allow-list removes every field outside it
    (``id`` always stays)."""

    id = serializers.IntegerField(read_only=True)
    honorific = serializers.CharField()
    full_name = serializers.CharField(help_text="Name in Latin script.")
    native_name = serializers.CharField(help_text="Name in its own script (Hangul, Arabic, Chinese …).")
    title = serializers.CharField(help_text="Position.")
    rank = serializers.IntegerField(allow_null=True, help_text="Protocol rank, 1 = most senior.")
    organization = serializers.IntegerField(allow_null=True, help_text="Organisation id.")
    organization_name = serializers.CharField(allow_null=True)
    organization_kind = serializers.ChoiceField(choices=Organization.Kind.choices, allow_null=True)
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, or empty.")
    email = serializers.EmailField(allow_blank=True)
    phone = serializers.CharField(help_text="E.164, e.g. +821012345678, or empty.")
    languages = serializers.ListField(child=serializers.CharField())
    preferred_language = serializers.CharField()
    never_email = serializers.BooleanField(
        help_text="Reached through their protocol office: the portal never e-mails this person."
    )
    tags = serializers.ListField(child=serializers.CharField())
    consent = serializers.ChoiceField(choices=[("", ""), *list(Contact.Consent.choices)])
    owner = serializers.IntegerField(allow_null=True, help_text="User id of the office member who owns it.")
    expos = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the expos met at.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(help_text="Database time of the last change (see incremental sync).")


class ContactWriteSerializer(serializers.Serializer):
    """Input of POST/PUT/PATCH /contacts/; the service validates again (same rules as the pages)."""

    honorific = serializers.CharField(max_length=50, required=False, allow_blank=True)
    full_name = serializers.CharField(max_length=200)
    native_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    rank = serializers.IntegerField(min_value=1, max_value=32767, required=False, allow_null=True)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="E.164 (+821012345678), or as dialled in the contact's country (02 1234 5678 with KR); "
        "without a country, in the country of an expo they were met at. Stored and returned as E.164.",
    )
    country = CountryField(required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=12), required=False)
    preferred_language = serializers.CharField(max_length=12, required=False, allow_blank=True)
    never_email = serializers.BooleanField(required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=50), required=False)
    consent = serializers.ChoiceField(choices=Contact.Consent.choices, required=False, allow_blank=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all(), required=False, allow_null=True)
    expos = serializers.PrimaryKeyRelatedField(queryset=Expo.objects.all(), many=True, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class ContactTombstoneSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id the contact had.")
    deleted_at = serializers.DateTimeField()
    merged_into_id = serializers.IntegerField(
        allow_null=True, help_text="When it was merged into another contact: that contact's id."
    )
