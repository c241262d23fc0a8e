from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported for its side effect: ``tasks.hand_over_notices`` listens for committed notices.
        from meetings import tasks  # noqa: F401, PLC0415 - registered once the app registry is ready
