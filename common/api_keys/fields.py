"""Which resource fields an API key's allow-list may name.

The plumbing knows no resource: each app registers the fields its API resources carry when it
is ready, so the key checks here never import an app above them.
"""

from __future__ import annotations

_FIELDS: dict[str, tuple[str, ...]] = {}


def register_allowlist_fields(resource: str, fields: tuple[str, ...] | list[str]) -> None:
    """Declare the fields of one API resource (called from the owning app's ``ready()``)."""
    _FIELDS[resource] = tuple(fields)


def allowlist_field_names() -> tuple[str, ...]:
    """Every field name an allow-list may hold, in registration order, without repeats."""
    return tuple(dict.fromkeys(name for fields in _FIELDS.values() for name in fields))
