from django.contrib import admin

from common.admin_mixins import PortalAdmin, TrackedAdmin
from delegations.models import (
    BusyTime,
    Contact,
    ContactTombstone,
    Delegation,
    Expo,
    ItineraryItem,
    Member,
    Organization,
    TravelTime,
    Venue,
)


class VenueInline(admin.TabularInline):
    model = Venue
    extra = 0


@admin.register(Expo)
class ExpoAdmin(PortalAdmin):
    list_display = ["name", "city", "country", "starts_on", "ends_on", "time_zone"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [VenueInline]


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = ["full_name", "role", "title", "email", "user"]
    autocomplete_fields = ["user"]


@admin.register(Delegation)
class DelegationAdmin(PortalAdmin):
    list_display = ["name", "expo"]
    list_filter = ["expo"]
    search_fields = ["name"]
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(PortalAdmin):
    list_display = ["full_name", "native_name", "role", "delegation", "email", "arrives_at", "departs_at"]
    list_filter = ["role", "delegation__expo"]
    search_fields = ["full_name", "native_name", "email"]
    autocomplete_fields = ["user"]


@admin.register(Venue)
class VenueAdmin(PortalAdmin):
    list_display = ["name", "kind", "expo", "bookable"]
    list_filter = ["kind", "expo"]
    search_fields = ["name", "address"]


@admin.register(TravelTime)
class TravelTimeAdmin(PortalAdmin):
    list_display = ["origin", "destination", "minutes"]
    autocomplete_fields = ["origin", "destination"]


@admin.register(ItineraryItem)
class ItineraryItemAdmin(PortalAdmin):
    list_display = ["title", "kind", "starts_at", "ends_at", "delegation"]
    list_filter = ["kind", "delegation__expo"]
    search_fields = ["title", "reference", "origin", "destination"]
    filter_horizontal = ["members"]
    date_hierarchy = "starts_at"


@admin.register(Organization)
class OrganizationAdmin(TrackedAdmin):
    list_display = ["name", "native_name", "kind", "country", "city", "sector", "updated_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "native_name", "city", "sector"]


@admin.register(Contact)
class ContactAdmin(TrackedAdmin):
    list_display = ["full_name", "native_name", "title", "organization", "country", "email", "owner", "updated_at"]
    list_filter = ["country", "organization__kind", "consent", "expos"]
    search_fields = ["full_name", "native_name", "email", "organization__name"]
    autocomplete_fields = ["organization", "owner"]
    filter_horizontal = ["expos"]
    list_select_related = ["organization", "owner"]


@admin.register(ContactTombstone)
class ContactTombstoneAdmin(PortalAdmin):
    list_display = ["contact_id", "deleted_at", "merged_into_id"]
    readonly_fields = ["contact_id", "deleted_at", "merged_into_id"]

    def has_add_permission(self, request, *args):
        return False


@admin.register(BusyTime)
class BusyTimeAdmin(PortalAdmin):
    list_display = ["label", "source", "member", "contact", "venue", "during"]
    list_filter = ["source"]
    list_select_related = ["member", "contact", "venue"]

    def has_add_permission(self, request, *args):
        return False  # written by the scheduling services only
