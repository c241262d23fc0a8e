from django.apps import AppConfig


class ExpoPortalConfig(AppConfig):
    name = "expo_portal"
    verbose_name = "Expo Portal"
    default_auto_field = "django.db.models.BigAutoField"
