"""Values a page shows next to a row (its link, a count, a flag), attached to the row itself."""

from __future__ import annotations

from django.db.models import Model


def attach(obj: Model, **values: object) -> None:
    """Set ``values`` as attributes of ``obj`` for the template (plain attributes, never saved)."""
    obj.__dict__.update(values)
