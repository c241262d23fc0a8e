from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "cockpit"
    verbose_name = "Cockpit"
    default_auto_field = "django.db.models.BigAutoField"
