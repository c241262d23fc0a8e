import zoneinfo
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.admin_mixins import PortalAdmin, TrackedAdmin, local_time
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
    """Itinerary items are edited here; the database writes their busy time and refuses a clash.

    Times are shown and entered in the expo's time zone (the latest expo's for a new item),
    and the form says which zone that is.
    """

    list_display = ["title", "kind", "starts_local", "ends_local", "delegation"]
    list_select_related = ["delegation__expo"]
    list_filter = ["kind", "delegation__expo"]
    search_fields = ["title", "reference", "origin", "destination"]
    filter_horizontal = ["members"]
    date_hierarchy = "starts_at"

    def _zone(self, object_id: str | None) -> zoneinfo.ZoneInfo:
        item = (
            ItineraryItem.objects.filter(pk=object_id).select_related("delegation__expo").first()
            if object_id is not None
            else None
        )
        expo = item.delegation.expo if item else Expo.objects.order_by("-starts_on").first()
        return expo.tz if expo else zoneinfo.ZoneInfo("UTC")

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        with timezone.override(self._zone(object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Rendered here, not later by the handler, so the form shows the expo's time too.
            if isinstance(response, TemplateResponse):
                response.render()
            return response

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        zone = timezone.get_current_timezone_name()
        for name in ("starts_at", "ends_at"):
            if name in form.base_fields:
                form.base_fields[name].help_text = _("In %(zone)s, the expo's local time.") % {"zone": zone}
        return form

    @admin.display(description=_("Starts (expo time)"), ordering="starts_at")
    def starts_local(self, obj: ItineraryItem) -> str:
        return local_time(obj.starts_at, obj.delegation.expo.tz)

    @admin.display(description=_("Ends (expo time)"), ordering="ends_at")
    def ends_local(self, obj: ItineraryItem) -> str:
        return local_time(obj.ends_at, obj.delegation.expo.tz)


@admin.register(Organization)
class OrganizationAdmin(TrackedAdmin):
    list_display = ["name", "native_name", "kind", "country", "city", "sector", "updated_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "native_name", "city", "sector"]


@admin.register(Contact)
class ContactAdmin(TrackedAdmin):
    list_display = ["full_name", "native_name", "title", "organization", "country", "email", "owner", "updated_at"]
    list_filter = ["country", "organization__kind", "consent", "never_email", "expos"]
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
