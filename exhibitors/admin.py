from django.contrib import admin

from common.admin_mixins import PortalAdmin, TrackedAdmin
from exhibitors.models import BoothProfile, Exhibitor, ExhibitorMembership, GalleryImage, Lead, Pavilion


@admin.register(Pavilion)
class PavilionAdmin(PortalAdmin):
    list_display = ["name", "expo", "profile_deadline", "is_public"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = ExhibitorMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Exhibitor)
class ExhibitorAdmin(PortalAdmin):
    list_display = ["name", "category", "booth_code", "pavilion"]
    list_filter = ["category", "pavilion"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    autocomplete_fields = ["organization"]


class GalleryInline(admin.TabularInline):
    model = GalleryImage
    extra = 0


@admin.register(BoothProfile)
class BoothProfileAdmin(TrackedAdmin):
    list_display = ["company_name", "exhibitor", "status", "version", "published_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["company_name", "tagline"]
    inlines = [GalleryInline]


@admin.register(Lead)
class LeadAdmin(PortalAdmin):
    list_display = ["full_name", "organization_name", "country", "exhibitor", "shared_with_office", "created_at"]
    list_filter = ["exhibitor", "shared_with_office", "country"]
    search_fields = ["full_name", "organization_name", "email"]
    autocomplete_fields = ["contact"]
    list_select_related = ["exhibitor"]
