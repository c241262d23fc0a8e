from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CommonConfig(AppConfig):
    default = True  # the app's own config; PortalAdminConfig below is Django's admin
    name = "common"
    verbose_name = "Expo Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for its side effect: registers the API-key scheme with the OpenAPI generator.
        from django.contrib.auth.signals import user_login_failed  # noqa: PLC0415 - with the receiver below

        from common.api_keys import schema  # noqa: F401, PLC0415 - registered once the app registry is ready
        from common.login_limit import count_login_failure  # noqa: PLC0415 - imports models: needs the app registry

        user_login_failed.connect(count_login_failure, dispatch_uid="common.count_login_failure")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the portal's site, which only the office may open (common/admin_site.py)."""

    default = False
    default_site = "common.admin_site.PortalAdminSite"
