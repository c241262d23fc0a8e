from django.contrib import admin
from rest_framework_api_key.admin import APIKeyModelAdmin

from common.admin_mixins import OfficeAdminMixin, PortalAdmin
from common.models import ApiKey, ApiPullLog, OutboxMessage, UserPreference


@admin.register(ApiKey)
class ApiKeyAdmin(OfficeAdminMixin, APIKeyModelAdmin):
    # The library's admin lists are inferred as fixed-length tuples; ours extend them.
    list_display = [*APIKeyModelAdmin.list_display, "scopes", "purpose", "last_used_at"]  # type: ignore[assignment]
    search_fields = ["name", "purpose"]  # type: ignore[assignment]


@admin.register(ApiPullLog)
class ApiPullLogAdmin(PortalAdmin):
    list_display = ["at", "key", "method", "path", "rows", "duration_ms"]
    list_filter = ["key", "method"]
    readonly_fields = ["key", "at", "method", "path", "filters", "rows", "duration_ms"]

    def has_add_permission(self, request, *args):
        return False


@admin.register(UserPreference)
class UserPreferenceAdmin(PortalAdmin):
    list_display = ["user", "home_time_zone", "language"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(PortalAdmin):
    """What the portal still owes (or gave up on): read-only; the sweep does the sending."""

    list_display = ["id", "kind", "subject", "created_at", "attempts", "next_attempt_at", "sent_at", "failed_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), ("failed_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject"]
    exclude = ["body", "alternatives", "attachments"]  # one-time links stay out of the admin
    readonly_fields = [
        "kind",
        "subject",
        "from_email",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "headers",
        "created_at",
        "next_attempt_at",
        "attempts",
        "last_error",
        "sent_at",
        "failed_at",
    ]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
