from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from common.api_keys.fields import register_allowlist_fields  # noqa: PLC0415 - registered once the app registry is ready
        from delegations.selectors import CONTACT_PUBLIC_FIELDS, ORGANIZATION_PUBLIC_FIELDS  # noqa: PLC0415 - registered once the app registry is ready

        # Imported here, not at module level: models and selectors need the app registry ready.
        register_allowlist_fields("contact", CONTACT_PUBLIC_FIELDS)
        register_allowlist_fields("organization", ORGANIZATION_PUBLIC_FIELDS)
