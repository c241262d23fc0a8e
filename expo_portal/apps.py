from django.apps import AppConfig


class ExpoPortalConfig(AppConfig):
    name = "expo_portal"
    verbose_name = "Expo Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from expo_portal.api_keys import schema  # noqa: F401 - registers the OpenAPI auth scheme
