from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Expo Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for its side effect: registers the API-key scheme with the OpenAPI generator.
        from common.api_keys import schema  # noqa: F401, PLC0415 - registered once the app registry is ready
