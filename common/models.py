"""Cross-cutting records: API keys with scopes, the log of what they pulled, and user preferences."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager

SCOPES = (
    "contacts:read",
    "contacts:write",
    "meetings:read",
    "meetings:write",
    "exhibitors:read",
)


class ApiKey(AbstractAPIKey):
    """A hashed, scoped, revocable key for an integration (the key itself is shown once)."""

    scopes = ArrayField(models.CharField(max_length=30), default=list)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    field_allowlist = ArrayField(
        models.CharField(max_length=50),
        default=list,
        blank=True,
        help_text=_("If set, only these fields ever leave the portal through this key."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[APIKeyManager] = APIKeyManager()

    class Meta(AbstractAPIKey.Meta):
        # The library's Meta declares plain strings; Django takes lazy (translated) text here.
        verbose_name = _("API key")  # type: ignore[assignment]
        verbose_name_plural = _("API keys")  # type: ignore[assignment]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(revoked=False), name="api_key_active_name_unique"
            )
        ]

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class ApiPullLog(models.Model):
    """One request made with an API key that read rows (a list or an export) or wrote one: who,
    when, which method and filter, how many rows."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="pulls")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    method = models.CharField(max_length=10, default="GET")
    path = models.CharField(max_length=300)
    filters = models.JSONField(default=dict)
    rows = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.key.name} {self.method} {self.path} ({self.rows} rows)"


class UserPreference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    home_time_zone = models.CharField(_("home time zone"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    reminder_offsets = ArrayField(
        models.PositiveIntegerField(), null=True, blank=True, help_text=_("Overrides the expo's reminder offsets.")
    )

    def __str__(self) -> str:
        return f"preferences of {self.user}"


class OutboxMessage(models.Model):
    """An e-mail the portal owes someone, written in the transaction of the change it reports.

    A row is sent (``sent_at``) or still owed: a mail server that fails or hangs delays it, the
    next attempt waits twice as long as the last, and nothing is ever dropped silently — a row
    that keeps failing for a day is marked ``failed_at`` and logged as an error. Sent rows are
    deleted after a week (they may carry one-time links such as password resets).
    """

    kind = models.CharField(max_length=50)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    from_email = models.CharField(max_length=320)
    to = ArrayField(models.CharField(max_length=320))
    cc = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    bcc = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    reply_to = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # [[content, mimetype], …] and [[filename, base64 content, mimetype], …]
    alternatives = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_owed_idx",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject} → {', '.join(self.to)}"


class RateCounter(models.Model):
    """One fixed-window request counter (throttles, failed-login limits) when no Redis is configured.

    Counted with one ``INSERT … ON CONFLICT DO UPDATE SET count = count + 1 RETURNING`` statement
    (``common.throttling.count_hit``), so concurrent requests never lose an increment.
    """

    key = models.CharField(max_length=200, primary_key=True)
    window_ends_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count} until {self.window_ends_at:%H:%M:%S}"
