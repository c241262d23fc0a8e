"""Admin plumbing shared by the three apps: office-only access and a link to an object's history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db import IntegrityError, models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.rules import OFFICE

if TYPE_CHECKING:
    # What the mixins extend, for the type checker; at run time they are plain mixins.
    _AdminBase = admin.options.BaseModelAdmin[Any]
    _ModelAdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = _ModelAdminBase = object


def is_office_request(request: HttpRequest) -> bool:
    """The admin's one gate: the office rule (``common.office``) for an active account."""
    user = request.user
    return bool(user.is_active and user.has_perm(OFFICE))


class OfficeAdminMixin:
    """The portal's own admin pages: the office may do everything there (a page may narrow that)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_office_request(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_request(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_office_request(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_request(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_request(request)


class OfficeGatedAdminMixin(_ModelAdminBase):
    """Admin pages of Django and other libraries (accounts, sign-in lockouts, history): the office
    reads them; a change needs the office rule and what that admin itself allows, which — model
    permissions granting nothing here — leaves changes to superusers."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_office_request(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_request(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_office_request(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_request(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_request(request) and super().has_delete_permission(request, obj)


class HistoryLinkMixin(_AdminBase):
    """Adds a read-only "History" field linking to the trigger-recorded events of the object."""

    @admin.display(description=_("History"))
    def history_link(self, obj: Any) -> str:
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:pghistory_events_changelist")
        label = f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"
        return format_html('<a href="{}?obj={}">{}</a>', url, label, _("Every change to this item"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), "history_link"]


EXCLUSION_VIOLATION = "23P01"


def local_time(value: Any, tz: Any) -> str:
    """A stored UTC time in a given zone, with the zone named (the admin never shows bare UTC)."""
    if value is None:
        return "—"
    return f"{timezone.localtime(value, tz):%Y-%m-%d %H:%M} ({tz.key})"


class ClashRefusedMixin(_ModelAdminBase):
    """A double booking refused by the database at commit becomes a message, not an error page.

    Busy time is recomputed by database triggers when the admin's transaction commits
    (``common/db/busy_time.py``), so the exclusion constraints refuse a clash made here as on
    every other path; nothing is saved and the office is told why.
    """

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except IntegrityError as exc:
            if getattr(exc.__cause__, "pgcode", None) != EXCLUSION_VIOLATION:
                raise
            messages.error(
                request,
                _(
                    "Not saved: this would double-book a person or a place who is already busy then. "
                    "Check their schedule and choose another time."
                ),
            )
            return HttpResponseRedirect(request.get_full_path())


class PortalAdmin(ClashRefusedMixin, OfficeAdminMixin, admin.ModelAdmin):
    # A web address typed without a scheme is read as https (Django 6's default; 5.2 warns otherwise).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class TrackedAdmin(HistoryLinkMixin, PortalAdmin):
    pass


class ScheduledItemAdmin(PortalAdmin):
    """Meetings, speaking slots, booth duty and reminders are changed on the portal's pages only.

    Their services move reminders, bump the calendar sequence and notify people; the admin
    shows them read-only, in the expo's time, with a link to the page that edits them.
    """

    page_url_name = ""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def expo_tz(self, obj: Any) -> Any:
        raise NotImplementedError

    @admin.display(description=_("Starts (expo time)"), ordering="starts_at")
    def starts_local(self, obj: Any) -> str:
        return local_time(obj.starts_at, self.expo_tz(obj))

    @admin.display(description=_("Ends (expo time)"), ordering="ends_at")
    def ends_local(self, obj: Any) -> str:
        return local_time(obj.ends_at, self.expo_tz(obj))

    @admin.display(description=_("Edit"))
    def page_link(self, obj: Any) -> str:
        if obj is None or obj.pk is None or not self.page_url_name:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse(self.page_url_name, args=[obj.pk]), _("Edit on the portal page")
        )
