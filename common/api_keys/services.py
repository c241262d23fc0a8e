"""Creating and revoking API keys."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from django.db import IntegrityError, transaction

from common.api_keys.fields import allowlist_field_names
from common.models import SCOPES, ApiKey

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def api_key_create(
    *,
    name: str,
    scopes: list[str],
    expiry_date: datetime | None = None,
    purpose: str = "",
    field_allowlist: list[str] | None = None,
    created_by: User | None = None,
) -> tuple[ApiKey, str]:
    """Create a key; returns the model and the raw key, which is never stored.

    Raises ``ValueError`` for an unknown scope or a name already used by an active key.
    """
    name = name.strip()
    if not name:
        raise ValueError("A key needs a name.")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValueError(f"Unknown or missing scopes {unknown}; choose from {', '.join(SCOPES)}.")
    known_fields = allowlist_field_names()
    unknown_fields = sorted(set(field_allowlist or []) - set(known_fields))
    if unknown_fields:
        raise ValueError(
            f"Unknown field(s) {', '.join(unknown_fields)} in the allow-list; choose from {', '.join(known_fields)}."
        )
    try:
        with transaction.atomic():
            key, raw = ApiKey.objects.create_key(
                name=name,
                scopes=sorted(set(scopes)),
                expiry_date=expiry_date,
                purpose=purpose,
                field_allowlist=field_allowlist or [],
                created_by=created_by,
            )
    except IntegrityError as exc:
        raise ValueError(f"An active API key is already named {name!r}.") from exc
    # The manager builds instances of its own model (ApiKey); the library annotates the abstract base.
    return cast(ApiKey, key), raw


def api_key_revoke(*, name: str) -> bool:
    """Revoke the active key of that name at once; False when there is none."""
    return ApiKey.objects.filter(name=name, revoked=False).update(revoked=True) > 0
