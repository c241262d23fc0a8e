"""A readable comparison of a profile's working copy with its published copy (for reviewers)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from exhibitors.models import Exhibitor
from exhibitors.sanitize import rich_text_to_plain
from exhibitors.services import BOOTH_LANGUAGES

LABELS: dict[str, Promise] = {
    "company_name": _("Company name"),
    "tagline": _("Tagline"),
    "category": _("Category"),
    "description": _("Description"),
    "solutions": _("Solutions"),
    "patents": _("Patents"),
    "website": _("Website"),
    "languages": _("Languages at the booth"),
    "contact_name": _("Contact person"),
    "contact_email": _("Contact e-mail"),
    "logo": _("Logo"),
    "gallery": _("Gallery"),
}
LANGUAGE_NAMES = dict(BOOTH_LANGUAGES)


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: Promise
    changed: bool
    before: Any
    after: Any
    inline: SafeString  # word-level diff with <del>/<ins>, escaped


def word_diff(before: str, after: str) -> SafeString:
    """``before`` → ``after`` as escaped HTML marking removed words <del> and added words <ins>."""
    a, b = before.split(), after.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece is escaped above


def _as_lines(key: str, value: Any) -> list[str]:
    if key == "solutions":
        return [f"{row.get('name', '')} — {row.get('line', '')}".strip(" —") for row in value or []]
    if key == "patents":
        return [
            " · ".join(part for part in (row.get("jurisdiction"), row.get("number"), row.get("title")) if part)
            for row in value or []
        ]
    if key == "languages":
        return [str(LANGUAGE_NAMES.get(code, code)) for code in value or []]
    if key == "gallery":
        return [f"{row.get('caption') or row.get('image', '')}" for row in value or []]
    return []


def line_diff(before: list[str], after: list[str]) -> SafeString:
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    kept = [line for line in after if line in before]
    items = [f"<li><del>{escape(line)}</del></li>" for line in removed]
    items += [f"<li><ins>{escape(line)}</ins></li>" for line in added]
    items += [f"<li>{escape(line)}</li>" for line in kept]
    return mark_safe(f"<ul class='diff-lines'>{''.join(items)}</ul>" if items else "")  # noqa: S308


def _text(key: str, value: Any) -> str:
    if key == "description":
        return rich_text_to_plain(value or "")
    if key == "category":
        return str(Exhibitor.Category(value).label) if value in Exhibitor.Category.values else (value or "")
    return str(value or "")


def profile_diff(published: dict[str, Any] | None, current: dict[str, Any]) -> list[FieldChange]:
    """One row per field, published (``{}`` when never published) against the working copy."""
    published = published or {}
    rows = []
    for key, label in LABELS.items():
        before, after = published.get(key), current.get(key)
        changed = (before or None) != (after or None)
        if key in {"solutions", "patents", "languages", "gallery"}:
            inline = line_diff(_as_lines(key, before), _as_lines(key, after))
        elif key == "logo":
            inline = mark_safe("")  # shown as images by the template
        else:
            text_after = _text(key, after)
            inline = word_diff(_text(key, before), text_after) if changed else escape(text_after)
        rows.append(FieldChange(key=key, label=label, changed=changed, before=before, after=after, inline=inline))
    return rows
