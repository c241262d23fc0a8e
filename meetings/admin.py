"""The schedule in the admin: read-only, in the expo's time, linking to the pages that edit it.

Meetings, speaking slots, booth duty and reminders are changed through their services (pages and
API), which move reminders, bump calendar sequences and notify people; an admin save would skip
all of that. Follow-ups have no such side effects and stay editable here.
"""

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin_mixins import HistoryLinkMixin, PortalAdmin, ScheduledItemAdmin, local_time
from meetings.models import BoothShift, FollowUp, Meeting, MeetingAttendee, Reminder, SlotDeadline, SpeakingSlot


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class AttendeeInline(ReadOnlyInline):
    model = MeetingAttendee
    readonly_fields = (
        "member",
        "contact",
        "exhibitor",
        "role",
        "response",
        "proposed_starts_at",
    )
    fields = readonly_fields


@admin.register(Meeting)
class MeetingAdmin(HistoryLinkMixin, ScheduledItemAdmin):
    page_url_name = "meeting-edit"
    list_display = ["title", "kind", "status", "starts_local", "ends_local", "venue", "expo"]
    list_filter = ["kind", "status", "expo"]
    search_fields = ["title", "agenda", "outcome", "location"]
    date_hierarchy = "starts_at"
    inlines = [AttendeeInline]
    list_select_related = ["venue", "expo"]
    readonly_fields = (
        "page_link",
        "title",
        "kind",
        "status",
        "starts_local",
        "ends_local",
        "venue",
        "location",
        "expo",
        "notify_contacts",
    )
    fields = readonly_fields

    def expo_tz(self, obj: Meeting) -> Any:
        return obj.expo.tz


class DeadlineInline(ReadOnlyInline):
    model = SlotDeadline


@admin.register(SpeakingSlot)
class SpeakingSlotAdmin(HistoryLinkMixin, ScheduledItemAdmin):
    page_url_name = "speaking-slot-edit"
    list_display = ["title", "kind", "status", "starts_local", "stage", "expo"]
    list_filter = ["kind", "status", "expo"]
    search_fields = ["title", "event_name"]
    inlines = [DeadlineInline]
    list_select_related = ["stage", "expo"]
    readonly_fields = (
        "page_link",
        "title",
        "kind",
        "status",
        "starts_local",
        "ends_local",
        "stage",
        "expo",
        "moderator",
    )
    fields = readonly_fields

    def expo_tz(self, obj: SpeakingSlot) -> Any:
        return obj.expo.tz


@admin.register(BoothShift)
class BoothShiftAdmin(ScheduledItemAdmin):
    list_display = ["member", "exhibitor", "starts_local", "ends_local"]
    list_filter = ["exhibitor"]
    list_select_related = ["member", "exhibitor__pavilion__expo"]
    readonly_fields = (
        "member",
        "exhibitor",
        "starts_local",
        "ends_local",
    )
    fields = readonly_fields

    def expo_tz(self, obj: BoothShift) -> Any:
        return obj.exhibitor.pavilion.expo.tz


@admin.register(Reminder)
class ReminderAdmin(ScheduledItemAdmin):
    list_display = ["meeting", "attendee", "offset_minutes", "due_local", "state", "attempts", "sent_at"]
    list_filter = ["state"]
    search_fields = ["meeting__title", "last_error"]
    list_select_related = ["meeting__expo", "attendee"]

    def expo_tz(self, obj: Reminder) -> Any:
        return obj.meeting.expo.tz

    @admin.display(description=_("Due (expo time)"), ordering="due_at")
    def due_local(self, obj: Reminder) -> str:
        return local_time(obj.due_at, self.expo_tz(obj))


@admin.register(FollowUp)
class FollowUpAdmin(PortalAdmin):
    list_display = ["title", "status", "owner", "due_on", "organization", "contact"]
    list_filter = ["status", "expo"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["contact", "organization", "meeting"]
