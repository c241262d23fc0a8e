"""Admin plumbing shared by the three apps: office-only access and a link to an object's history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.roles import user_is_office


class OfficeAdminMixin:
    """Admin pages are for office staff only, through the same role predicate as pages and API."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return user_is_office(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_is_office(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return user_is_office(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_is_office(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_is_office(request.user)


class HistoryLinkMixin:
    """Adds a read-only "History" field linking to the trigger-recorded events of the object."""

    @admin.display(description=_("History"))
    def history_link(self, obj: Any) -> str:
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:pghistory_events_changelist")
        label = f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"
        return format_html('<a href="{}?obj={}">{}</a>', url, label, _("Every change to this item"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), "history_link"]  # type: ignore[misc]


class PortalAdmin(OfficeAdminMixin, admin.ModelAdmin):
    pass


class TrackedAdmin(HistoryLinkMixin, PortalAdmin):
    pass
