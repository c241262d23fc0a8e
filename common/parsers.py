"""The one JSON parser of the API: bounded nesting, no NUL and no lone surrogates in any string.

PostgreSQL refuses NUL in text and jsonb, and UTF-8 cannot encode a lone surrogate: both used to
reach the database and end as a server error. A deeply nested body used to raise ``RecursionError``.
They are all refused here, once, as a 400 ``parse_error``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def bad_text(value: str) -> bool:
    """True when ``value`` holds a NUL or a lone surrogate (text no database column can store)."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_json_value(data: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise ``ParseError`` if ``data`` nests deeper than ``max_depth`` or holds unstorable text."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if bad_text(value):
                raise ParseError("Text may not contain NUL characters or lone surrogates.")
        elif isinstance(value, dict | list):
            if depth > max_depth:
                raise ParseError(f"JSON nested deeper than {max_depth} levels.")
            items = list(value.items()) if isinstance(value, dict) else [(None, item) for item in value]
            for key, item in items:
                if key is not None:
                    stack.append((key, depth))
                stack.append((item, depth + 1))


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError as exc:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        check_json_value(data)
        return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
