"""Template helpers for booth profiles: media URLs of stored file names, category labels."""

from __future__ import annotations

from django import template
from django.core.files.storage import default_storage

from exhibitors.models import Exhibitor
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
