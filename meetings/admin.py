from django.contrib import admin

from common.admin_mixins import PortalAdmin, TrackedAdmin
from meetings.models import BoothShift, FollowUp, Meeting, MeetingAttendee, Reminder, SlotDeadline, SpeakingSlot


class AttendeeInline(admin.TabularInline):
    model = MeetingAttendee
    extra = 0
    autocomplete_fields = ["member", "contact", "exhibitor"]


@admin.register(Meeting)
class MeetingAdmin(TrackedAdmin):
    list_display = ["title", "kind", "status", "starts_at", "ends_at", "venue", "expo"]
    list_filter = ["kind", "status", "expo"]
    search_fields = ["title", "agenda", "outcome", "location"]
    date_hierarchy = "starts_at"
    inlines = [AttendeeInline]
    list_select_related = ["venue", "expo"]


class DeadlineInline(admin.TabularInline):
    model = SlotDeadline
    extra = 0


@admin.register(SpeakingSlot)
class SpeakingSlotAdmin(TrackedAdmin):
    list_display = ["title", "kind", "status", "starts_at", "stage", "expo"]
    list_filter = ["kind", "status", "expo"]
    search_fields = ["title", "event_name"]
    filter_horizontal = ["speakers", "panelists"]
    inlines = [DeadlineInline]


@admin.register(BoothShift)
class BoothShiftAdmin(PortalAdmin):
    list_display = ["member", "exhibitor", "starts_at", "ends_at"]
    list_filter = ["exhibitor"]


@admin.register(Reminder)
class ReminderAdmin(PortalAdmin):
    list_display = ["meeting", "attendee", "offset_minutes", "due_at", "state", "attempts", "sent_at"]
    list_filter = ["state"]
    search_fields = ["meeting__title", "last_error"]
    list_select_related = ["meeting", "attendee"]
    readonly_fields = ["claimed_at", "sent_at", "last_error", "attempts"]


@admin.register(FollowUp)
class FollowUpAdmin(PortalAdmin):
    list_display = ["title", "status", "owner", "due_on", "organization", "contact"]
    list_filter = ["status", "expo"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["contact", "organization", "meeting"]
