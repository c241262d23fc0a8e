from __future__ import annotations

from rest_framework import serializers

from exhibitors.models import BoothProfile, Exhibitor


class ExhibitorSerializer(serializers.ModelSerializer):
    pavilion_name = serializers.CharField(source="pavilion.name", read_only=True)
    profile_status = serializers.CharField(source="profile.status", read_only=True, default=None)

    class Meta:
        model = Exhibitor
        fields = [
            "id",
            "name",
            "slug",
            "category",
            "booth_code",
            "pavilion",
            "pavilion_name",
            "organization",
            "profile_status",
        ]


class BoothProfileSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="exhibitor.category", read_only=True)
    logo = serializers.SerializerMethodField()

    class Meta:
        model = BoothProfile
        fields = [
            "exhibitor",
            "status",
            "company_name",
            "tagline",
            "category",
            "description",
            "solutions",
            "patents",
            "website",
            "languages",
            "contact_name",
            "contact_email",
            "logo",
            "version",
            "review_comment",
            "published_at",
            "updated_at",
        ]
        read_only_fields = ["exhibitor", "status", "version", "published_at", "updated_at", "review_comment"]

    def get_logo(self, obj: BoothProfile) -> str | None:
        if not obj.logo:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(obj.logo.url) if request else obj.logo.url
