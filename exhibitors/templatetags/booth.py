"""Template helpers for booth profiles: media URLs of stored file names, category labels."""

from __future__ import annotations

from django import template
from django.core.files.storage import default_storage
from django.utils.safestring import SafeString, mark_safe

from exhibitors.models import Exhibitor
from exhibitors.sanitize import sanitize_rich_text
from exhibitors.services import BOOTH_LANGUAGES

register = template.Library()
LANGUAGE_NAMES = dict(BOOTH_LANGUAGES)


@register.filter
def media_url(name: str | None) -> str:
    """The public URL of a stored file name (``""`` for none)."""
    return default_storage.url(name) if name else ""


@register.filter
def category_label(value: str | None) -> str:
    if value in Exhibitor.Category.values:
        return str(Exhibitor.Category(value).label)
    return value or ""


@register.filter
def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


@register.filter
def rich(html: str | None) -> SafeString:
    """Stored rich text, sanitised again as it is shown (defence in depth: snapshots may be old)."""
    return mark_safe(sanitize_rich_text(html or ""))  # noqa: S308 - nh3 output, allow-listed markup only


@register.filter
def web_url(value: str | None) -> str:
    """The address if it is http(s), else "" (never a javascript: or data: link)."""
    value = (value or "").strip()
    return value if value.lower().startswith(("https://", "http://")) else ""
