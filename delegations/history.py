"""Change history of contacts and organisations in words: who, when, what changed (from pghistory events)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegations.models import Contact

SKIPPED = {"id", "created_at", "updated_at"}
LABELS = {
    "insert": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
}


def _shown(field: models.Field, value: Any, names: dict[tuple[str, Any], str]) -> str:
    if value in (None, "", []):
        return "—"
    if field.is_relation:
        return names.get((field.attname, value), f"#{value}")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def readable_history(events: Iterable[Any], model: type[models.Model]) -> list[dict[str, Any]]:
    """Newest first: ``{"at", "action", "who", "via", "changes": [{"field", "before", "after"}]}``.

    Each event is a full snapshot; changes are computed against the previous snapshot of the same
    object id (a merged contact carries the events of both records, each diffed on its own).
    """
    events = list(events)
    fields = [f for f in model._meta.concrete_fields if f.attname not in SKIPPED]
    user_ids = {
        e.pgh_context.metadata.get("user")
        for e in events
        if e.pgh_context_id and isinstance(e.pgh_context.metadata.get("user"), int)
    }
    users = {u.pk: u.get_username() for u in get_user_model().objects.filter(pk__in=user_ids)}
    # Names of the organisations / owners the snapshots point at, one query per relation.
    names: dict[tuple[str, Any], str] = {}
    for field in fields:
        related = field.related_model
        if field.is_relation and isinstance(related, type):
            ids = {getattr(e, field.attname) for e in events} - {None}
            for pk, obj in related._base_manager.in_bulk(ids).items():
                names[(field.attname, pk)] = str(obj)
    previous: dict[int, Any] = {}
    entries = []
    for event in events:
        metadata = event.pgh_context.metadata if event.pgh_context_id else {}
        before = previous.get(event.id)
        changes = []
        if event.pgh_label != "delete":
            for field in fields:
                new = getattr(event, field.attname)
                old = getattr(before, field.attname) if before is not None else None
                if before is None and new in (None, "", []):
                    continue
                if before is not None and old == new:
                    continue
                changes.append(
                    {
                        "field": capfirst(str(field.verbose_name)),
                        "before": _shown(field, old, names) if before is not None else "",
                        "after": _shown(field, new, names),
                    }
                )
        previous[event.id] = event
        user_id = metadata.get("user")
        who = users.get(user_id) if isinstance(user_id, int) else None
        via = metadata.get("api_key")
        action = str(LABELS.get(event.pgh_label, event.pgh_label))
        if metadata.get("action") == "contact.merge":
            action = _("merged into this contact") if event.pgh_label == "delete" else _("merged")
        if event.pgh_label == "update" and not changes:
            continue
        entries.append(
            {
                "at": event.pgh_created_at,
                "action": action,
                "who": who or (_("API key “%(name)s”") % {"name": via} if via else _("system")),
                "record_id": event.id,
                "changes": changes,
            }
        )
    entries.reverse()
    return entries


def contact_history(contact: Any) -> list[dict[str, Any]]:
    """The readable history of a contact, including what was merged into it."""
    return readable_history(contact.events.select_related("pgh_context").order_by("pgh_id"), Contact)
