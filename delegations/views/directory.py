"""What the directories share: keyset pages, ranked search, query strings without a key."""

from __future__ import annotations

import base64
import json
from typing import Any

from django.db.models import F, FloatField, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest

PAGE_SIZE = 50
SEARCH_LIMIT = 100


# --- Keyset pages for the directories -----------------------------------------------------------


def _encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


def _decode_cursor(raw: str) -> list[Any] | None:
    try:
        padded = raw + "=" * (-len(raw) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if not (
        isinstance(values, list) and len(values) == 2 and isinstance(values[0], str) and isinstance(values[1], int)
    ):
        return None
    return values


def keyset_page(qs: QuerySet, request: HttpRequest, name_field: str) -> tuple[list[Any], str | None]:
    """One page ordered by (name, id) after the ``after`` cursor, and the cursor of the next page."""
    qs = qs.order_by(name_field, "id")
    cursor = _decode_cursor(request.GET.get("after", ""))
    if cursor:
        name, pk = cursor
        qs = qs.filter(Q(**{f"{name_field}__gt": name}) | Q(**{name_field: name, "id__gt": pk}))
    rows = list(qs[: PAGE_SIZE + 1])
    next_cursor = None
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        last = rows[-1]
        next_cursor = _encode_cursor([getattr(last, name_field), last.pk])
    return rows, next_cursor


def query_without(request: HttpRequest, *drop: str) -> dict[str, str]:
    return {k: v for k, v in request.GET.dict().items() if k not in drop and v}


def ranked(qs: QuerySet, term: str, *columns: str) -> QuerySet:
    """Best match first: the highest trigram word similarity over the given columns."""
    plain = Func(Value(term), function="portal_unaccent", output_field=TextField())
    scores = [
        Func(
            plain,
            Func(F(c), function="portal_unaccent", output_field=TextField()),
            function="word_similarity",
            output_field=FloatField(),
        )
        for c in columns
    ]
    rank = Coalesce(Greatest(*scores), Value(0.0)) if len(scores) > 1 else Coalesce(scores[0], Value(0.0))
    return qs.annotate(match_score=rank).order_by("-match_score", "id")
