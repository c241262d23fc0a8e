"""The admin site: open to the office only (the rule ``common.office``), whatever model permissions
or staff flag an account has. Every model admin registered on it — the portal's and those of Django
and other libraries — asks the same rule."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from common.admin_mixins import OfficeAdminMixin, OfficeGatedAdminMixin, is_office_request


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return is_office_request(request)

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, OfficeAdminMixin | OfficeGatedAdminMixin):
            admin_class = type(admin_class.__name__, (OfficeGatedAdminMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
