from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exhibitors.completeness import profile_completeness
from exhibitors.models import BoothProfile, Exhibitor
from exhibitors.services import BOOTH_LANGUAGES, profile_has_unpublished_changes


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


class SolutionSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    line = serializers.CharField(max_length=200, allow_blank=True, required=False)


class PatentSerializer(serializers.Serializer):
    jurisdiction = serializers.CharField(max_length=40, allow_blank=True, required=False)
    number = serializers.CharField(max_length=60)
    title = serializers.CharField(max_length=200, allow_blank=True, required=False)


class GalleryItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    image = serializers.CharField(help_text="URL of the re-encoded image.")
    thumbnail = serializers.CharField(help_text="URL of its thumbnail.")
    caption = serializers.CharField()


class CompletenessSerializer(serializers.Serializer):
    percent = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.CharField())


def _url(request: Any, name: str) -> str | None:
    if not name:
        return None
    url = default_storage.url(name)
    return request.build_absolute_uri(url) if request else url


class BoothProfileSerializer(serializers.ModelSerializer):
    """The working copy of a booth profile (what its exhibitor edits), with review state."""

    category = serializers.CharField(source="exhibitor.category", read_only=True)
    solutions = SolutionSerializer(many=True, read_only=True)
    patents = PatentSerializer(many=True, read_only=True)
    logo = serializers.SerializerMethodField()
    logo_thumbnail = serializers.SerializerMethodField()
    gallery = serializers.SerializerMethodField()
    completeness = serializers.SerializerMethodField()
    has_unpublished_changes = serializers.SerializerMethodField()

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
            "logo_thumbnail",
            "gallery",
            "version",
            "review_comment",
            "submitted_at",
            "published_at",
            "has_unpublished_changes",
            "completeness",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo(self, obj: BoothProfile) -> str | None:
        return _url(self.context.get("request"), obj.logo.name)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo_thumbnail(self, obj: BoothProfile) -> str | None:
        return _url(self.context.get("request"), obj.logo_thumbnail.name)

    @extend_schema_field(GalleryItemSerializer(many=True))
    def get_gallery(self, obj: BoothProfile) -> list[dict[str, Any]]:
        request = self.context.get("request")
        return [
            {
                "id": item.pk,
                "image": _url(request, item.image.name),
                "thumbnail": _url(request, item.thumbnail.name),
                "caption": item.caption,
            }
            for item in obj.gallery.all()
        ]

    @extend_schema_field(CompletenessSerializer)
    def get_completeness(self, obj: BoothProfile) -> dict[str, Any]:
        result = profile_completeness(obj)
        return {"percent": result.percent, "missing": result.missing_keys}

    def get_has_unpublished_changes(self, obj: BoothProfile) -> bool:
        return profile_has_unpublished_changes(obj)


class BoothProfilePatchSerializer(serializers.Serializer):
    """What a PATCH may send (every field optional). The services validate and sanitise."""

    version = serializers.IntegerField(
        required=False, help_text="The version you edited; or send it as the If-Match header. Required one way."
    )
    company_name = serializers.CharField(required=False, max_length=200)
    tagline = serializers.CharField(required=False, allow_blank=True, max_length=200)
    category = serializers.ChoiceField(required=False, choices=Exhibitor.Category.choices)
    description = serializers.CharField(
        required=False, allow_blank=True, help_text="HTML; reduced to paragraphs, lists, links, bold and italic."
    )
    solutions = SolutionSerializer(many=True, required=False)
    patents = PatentSerializer(many=True, required=False)
    website = serializers.URLField(required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=BOOTH_LANGUAGES), required=False)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact_email = serializers.EmailField(required=False, allow_blank=True)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class LogoUploadSerializer(serializers.Serializer):
    logo = serializers.FileField(help_text="PNG, JPEG or WebP, at most 5 MB (413 above).")
    version = serializers.IntegerField(required=False)


class ReviewDecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True)
